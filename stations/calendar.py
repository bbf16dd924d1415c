"""iCalendar (RFC 5545) feeds of station events: one per station and one for all stations."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar
from icalendar import Event as VEvent

from stations.choices import Recurrence


def events_calendar(events, name: str) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", "-//Union Service Stations Portal//stations//ZH")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", "Asia/Shanghai")
    base = settings.PORTAL_BASE_URL.rstrip("/")
    host = base.split("://", 1)[-1].split("/", 1)[0]
    for event in events:
        item = VEvent()
        item.add("uid", f"station-event-{event.pk}@{host}")
        item.add("summary", event.title)
        item.add("dtstart", event.starts_at.astimezone(dt.UTC))
        item.add("dtend", event.ends_at.astimezone(dt.UTC))
        item.add("dtstamp", (event.updated_at or timezone.now()).astimezone(dt.UTC))
        item.add("location", f"{event.station.name}，{event.station.address}")
        item.add("geo", (round(event.station.lat_wgs84, 6), round(event.station.lng_wgs84, 6)))
        item.add("url", f"{base}{event.get_absolute_url()}")
        if event.description:
            item.add("description", event.description)
        if event.recurrence == Recurrence.WEEKLY:
            rule = {"freq": "weekly"}
            if event.repeat_until:
                end_local = dt.datetime.combine(event.repeat_until, dt.time(23, 59, 59),
                                                tzinfo=timezone.get_default_timezone())
                rule["until"] = end_local.astimezone(dt.UTC)
            item.add("rrule", rule)
        calendar.add_component(item)
    return calendar.to_ical()
