"""Template filters of the station pages."""

import datetime as dt

from django import template
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

register = template.Library()


@register.filter
def distance(metres) -> str:
    """850 → "850 m"; 12345 → "12.3 km" (translated units)."""
    if metres is None:
        return ""
    metres = float(metres)
    if metres < 1000:
        return _("%(n)d m") % {"n": round(metres)}
    if metres < 100_000:
        return _("%(n).1f km") % {"n": metres / 1000}
    return _("%(n)d km") % {"n": round(metres / 1000)}


@register.filter
def stars(count) -> str:
    return "★" * int(count or 0)


@register.filter
def weekday_date(day: dt.date) -> str:
    """A date with its weekday, in the active language: "12月9日 星期三" / "Wednesday, December 9"."""
    return _("%(weekday)s, %(day)s") % {"weekday": date_format(day, "l"), "day": date_format(day, "MONTH_DAY_FORMAT")}


@register.filter
def occurrence(start: dt.datetime, event) -> str:
    """When one occurrence of `event` starting at `start` takes place, in the active language:
    "12月9日 星期三 18:00–20:00" / "Wednesday, December 9, 18:00–20:00". An event ending on a
    later day names that day too."""
    if not start:
        return ""
    start = timezone.localtime(start)
    end = timezone.localtime(start + (event.ends_at - event.starts_at))
    parts = {"day": weekday_date(start), "start": f"{start:%H:%M}", "end": f"{end:%H:%M}"}
    if end.date() == start.date():
        return _("%(day)s, %(start)s–%(end)s") % parts
    return _("%(day)s, %(start)s – %(end_day)s, %(end)s") % {
        **parts, "end_day": date_format(end, "MONTH_DAY_FORMAT")}


@register.filter
def weekly_hours(slots) -> list[tuple[str, str]]:
    """The rows of a station's opening-hours table, Monday first: consecutive days with the same
    hours share a row ("Monday – Friday", "08:30–12:00, 14:30–17:30"), a day without a slot reads
    "Closed", and hours the same all week read "Every day"."""
    from stations.models import OpeningSlot

    day_names = dict(OpeningSlot._meta.get_field("weekday").flatchoices)
    separator = pgettext("between opening hours of one day", ", ")
    hours_by_day = {day: [] for day in range(7)}
    for slot in sorted(slots, key=lambda slot: (slot.weekday, slot.opens)):
        hours_by_day[slot.weekday].append(f"{slot.opens:%H:%M}–{slot.closes:%H:%M}")
    groups: list[list] = []  # [first day, last day, hours]
    for day in range(7):
        hours = separator.join(hours_by_day[day]) or _("Closed")
        if groups and groups[-1][2] == hours:
            groups[-1][1] = day
        else:
            groups.append([day, day, hours])
    if len(groups) == 1:
        return [(_("Every day"), groups[0][2])]
    return [
        (str(day_names[first]) if first == last
         else _("%(first)s – %(last)s") % {"first": day_names[first], "last": day_names[last]}, hours)
        for first, last, hours in groups
    ]
