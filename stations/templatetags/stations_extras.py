"""Template filters of the station pages."""

from django import template
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
