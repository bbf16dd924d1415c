"""Template filters of the station pages."""

import datetime as dt

from django import template
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

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
def occurrence(start: dt.datetime, event) -> str:
    """When one occurrence of `event` starting at `start` takes place, in the active language:
    "12月9日 星期三 18:00–20:00" / "Wednesday, December 9, 18:00–20:00". An event ending on a
    later day names that day too."""
    if not start:
        return ""
    start = timezone.localtime(start)
    end = timezone.localtime(start + (event.ends_at - event.starts_at))
    parts = {"weekday": date_format(start, "l"), "day": date_format(start, "MONTH_DAY_FORMAT"),
             "start": f"{start:%H:%M}", "end": f"{end:%H:%M}"}
    if end.date() == start.date():
        return _("%(weekday)s, %(day)s, %(start)s–%(end)s") % parts
    return _("%(weekday)s, %(day)s, %(start)s – %(end_day)s, %(end)s") % {
        **parts, "end_day": date_format(end, "MONTH_DAY_FORMAT")}
