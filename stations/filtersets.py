"""FilterSets of the stations app, shared by the public finder and the API.

`near=LAT,LNG` (WGS-84) orders by true distance and annotates `distance_m`; it is applied last,
after every other filter, so "nearest open post stations with Wi-Fi" is exact. How many nearest
rows are computed follows the page asked for (`page` × `page_size`, plus one to know whether a
next page exists, at most 1,000); a nearest list's `count` is the rows ranked so far.
"""

from __future__ import annotations

import functools

import django_filters
from django import forms
from django.db import connection
from django.db.models import Avg, BooleanField
from django.forms.utils import ErrorDict
from django.utils.translation import gettext_lazy as _
from django_filters.constants import EMPTY_VALUES
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from stations.choices import StationKind
from stations.models import Event, Facility, ServiceItem, Station, StationSQL
from unions.filtersets import IntegerFilter, RegionCodeFilter

MAX_NEAR_ROWS = 1000


class LatLngField(forms.CharField):
    """"31.196,107.511" → (31.196, 107.511), latitude first, WGS-84."""

    default_error_messages = {"invalid": _("Give latitude and longitude as LAT,LNG, e.g. 31.196,107.511.")}

    def to_python(self, value):
        value = super().to_python(value)
        if not value:
            return None
        try:
            lat, lng = (float(part) for part in value.split(","))
        except ValueError as error:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid") from error
        if not (-90 <= lat <= 90 and -180 <= lng <= 180) or lat != lat or lng != lng:
            raise forms.ValidationError(_("Latitude must be within ±90 and longitude within ±180."), code="range")
        return lat, lng


@extend_schema_field(OpenApiTypes.STR)
class LatLngFilter(django_filters.Filter):
    field_class = LatLngField


@extend_schema_field(OpenApiTypes.STR)
class CodeChoiceFilter(django_filters.ModelChoiceFilter):
    """A catalogue entry given by its code (`?service=legal_aid`)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("to_field_name", "code")
        super().__init__(*args, **kwargs)


@extend_schema_field(OpenApiTypes.BOOL)
class StrictBooleanFilter(django_filters.TypedChoiceFilter):
    """`true`/`false` (or 1/0); anything else is a 400 rather than silently ignored."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("choices", [("true", _("Yes")), ("false", _("No")), ("1", _("Yes")), ("0", _("No"))])
        kwargs.setdefault("coerce", lambda value: value in ("true", "1"))
        super().__init__(*args, **kwargs)

    def filter(self, qs, value):
        if value in ("", None):
            return qs
        return super().filter(qs, value)


def page_limit(request) -> int:
    """Rows the nearest search must rank so the requested page is exact."""
    if request is None:
        return 20
    try:
        page = max(1, int(request.GET.get("page", 1)))
        size = max(1, min(100, int(request.GET.get("page_size", 20))))
    except (TypeError, ValueError):
        page, size = 1, 20
    return min(MAX_NEAR_ROWS, page * size)


class StationFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(method="apply_condition", label=_("Name or address"), max_length=64)
    kind = django_filters.ChoiceFilter(choices=StationKind.choices, method="apply_condition", label=_("Kind"))
    service = CodeChoiceFilter(queryset=ServiceItem.objects.all(), method="apply_condition", label=_("Service"))
    facility = CodeChoiceFilter(queryset=Facility.objects.all(), method="apply_condition", label=_("Facility"))
    region = RegionCodeFilter(method="apply_condition", label=_("Region code (with everything inside it)"))
    open_now = StrictBooleanFilter(method="apply_condition", label=_("Open now"))
    is_24h = StrictBooleanFilter(method="apply_condition", label=_("Open 24 hours"))
    near = LatLngFilter(method="filter_near", label=_("Nearest to LAT,LNG (WGS-84)"))

    class Meta:
        model = Station
        fields = ["q", "kind", "service", "facility", "region", "open_now", "is_24h", "near"]

    def get_form_class(self):
        return self.form_class()

    @classmethod
    def form_class(cls) -> type[forms.Form]:
        """The form that validates the filters. django-filter builds a new class, with new fields,
        for every filterset; these fields depend on no request, and the finder is the portal's
        hottest path, so the class is built once (each form still copies its fields)."""
        return _form_class(cls)

    @classmethod
    def clean(cls, data) -> tuple[dict, ErrorDict | None]:
        """`data`'s filters cleaned as the form cleans them, and the form's errors if any is bad.
        The fields clean the values without a form instance, which would copy every field first
        (a millisecond of the nearest list); only bad input builds the form, for its errors."""
        cleaned = {}
        for name, field in cls.form_class().base_fields.items():
            try:
                cleaned[name] = field.clean(field.widget.value_from_datadict(data, {}, name))
            except forms.ValidationError:
                form = cls.form_class()(data)
                form.is_valid()
                return {}, form.errors
        return cleaned, None

    def apply_condition(self, queryset, name, value):
        condition = station_condition(name, value)
        return queryset if condition is None else queryset.filter(condition)

    def filter_near(self, queryset, name, value):
        lat, lng = value
        # One row more than the page needs, so a next page is known to exist (the API's `next`).
        return queryset.near(lat, lng, limit=page_limit(self.request) + 1)

    @staticmethod
    def conditions(cleaned_data: dict) -> list[StationSQL]:
        """The conditions of every filter given but `near`, from a valid `form_class()` form: what
        the filterset applies, for a caller that ranks the stations itself (the API's nearest list,
        `stations.nearest.nearest_page`) and so needs no filterset of its own."""
        conditions = (station_condition(name, value) for name, value in cleaned_data.items()
                      if name != "near" and value not in EMPTY_VALUES)
        return [condition for condition in conditions if condition is not None]

    @staticmethod
    def centre_of(queryset) -> tuple[float, float] | None:
        """The mean WGS-84 position of the stations: where a chosen county's nearest list starts."""
        centre = queryset.aggregate(lat=Avg("lat_wgs84"), lng=Avg("lng_wgs84"))
        return (centre["lat"], centre["lng"]) if centre["lat"] is not None else None


def station_condition(name: str, value) -> StationSQL | None:
    """The condition of the finder's filter `name` for its cleaned, non-empty `value`: SQL on the
    station row, which the ORM applies to a queryset and the nearest list puts in its statement
    as it is (`stations.nearest.nearest_page`)."""
    match name:
        case "q":  # as the ORM's `icontains` on name or address; blank searches nothing
            if not value.strip():
                return None
            pattern = f"%{connection.ops.prep_for_like_query(value.strip())}%"
            return _condition("(UPPER({station}.name::text) LIKE UPPER(%s) "
                              "OR UPPER({station}.address::text) LIKE UPPER(%s))", pattern, pattern)
        case "kind":
            return _condition("{station}.kind = %s", value)
        case "is_24h":
            return _condition("{station}.is_24h = %s", value)
        case "region":  # the region and everything inside it
            return _condition("{station}.region_id::text LIKE %s",
                              f"{connection.ops.prep_for_like_query(value.code_prefix)}%")
        # On the station row's mirrors (see `stations.models.SEARCH_MIRRORS`): the nearest walk
        # tests each station it passes without a subquery.
        case "service":
            return _condition("%s = ANY({station}.service_ids)", value.pk)
        case "facility":
            return _condition("%s = ANY({station}.facility_ids)", value.pk)
        case "open_now":
            condition = Station.objects.open_now_condition()
            return condition if value else _condition(f"NOT {condition.template}", *condition.params)
    raise ValueError(f"no station filter {name!r}")


def _condition(template: str, *params) -> StationSQL:
    return StationSQL(template, list(params), BooleanField())


@functools.cache
def _form_class(filterset_class: type[django_filters.FilterSet]) -> type[forms.Form]:
    return django_filters.FilterSet.get_form_class(filterset_class())


class EventFilterSet(django_filters.FilterSet):
    station = IntegerFilter(field_name="station_id", label=_("Station id"))
    region = RegionCodeFilter(method="filter_region", label=_("Region code (with everything inside it)"))
    service = CodeChoiceFilter(queryset=ServiceItem.objects.all(), field_name="service", label=_("Service"))

    class Meta:
        model = Event
        fields = ["station", "region", "service"]

    def filter_region(self, queryset, name, region):
        return queryset.filter(station__region__code__startswith=region.code_prefix)
