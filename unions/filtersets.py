"""FilterSets for regions and organisations, shared by the API and the admin's pickers.

Region filters take GB/T 2260 codes; an unknown code fails form validation, which the API
reports as a 400 naming the parameter.
"""

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from unions.choices import OrganizationLevel, RegionLevel
from unions.models import Region, UnionOrganization


@extend_schema_field(OpenApiTypes.BOOL)
class BooleanFilter(django_filters.TypedChoiceFilter):
    """`true` or `false`; anything else is a 400 naming the parameter, not silently ignored.

    django-filter's own BooleanFilter treats `?active=maybe` as no filter at all, so a typo
    returns every row. Empty filters nothing, like every other filter.
    """

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("choices", [("true", _("Yes")), ("false", _("No"))])
        kwargs.setdefault("coerce", lambda value: value == "true")
        super().__init__(*args, **kwargs)

    def filter(self, qs, value):
        if value in ("", None):
            return qs
        return super().filter(qs, value)


@extend_schema_field(OpenApiTypes.INT)
class IntegerFilter(django_filters.NumberFilter):
    """A whole number (an id, a year): `?worker=1.5` is a 400, not a filter on 1.5."""

    field_class = forms.IntegerField


@extend_schema_field(OpenApiTypes.STR)
class RegionCodeFilter(django_filters.ModelChoiceFilter):
    """A region given by its code, e.g. `140000`."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("queryset", Region.objects.all())
        kwargs.setdefault("to_field_name", "code")
        kwargs.setdefault("null_label", None)
        super().__init__(*args, **kwargs)


class RegionFilterSet(django_filters.FilterSet):
    level = django_filters.ChoiceFilter(choices=RegionLevel.choices, label=_("level"))
    parent = RegionCodeFilter(label=_("parent region code"))
    within = RegionCodeFilter(method="filter_within", label=_("within region (code): all its descendants"))
    q = django_filters.CharFilter(method="search", label=_("name or code"), max_length=64)

    class Meta:
        model = Region
        fields = ["level", "parent", "within", "q"]

    def filter_within(self, queryset, name, region):
        return queryset.within(region)

    def search(self, queryset, name, value):
        value = value.strip()
        if value.isdigit():
            return queryset.filter(code__startswith=value)
        return queryset.filter(name__contains=value)


class OrganizationFilterSet(django_filters.FilterSet):
    level = django_filters.ChoiceFilter(choices=OrganizationLevel.choices, label=_("level"))
    parent = django_filters.ModelChoiceFilter(
        queryset=UnionOrganization.objects.all(), label=_("parent organisation")
    )
    region = RegionCodeFilter(method="filter_region", label=_("region code, with descendants"))
    q = django_filters.CharFilter(method="search", label=_("name"), max_length=64)

    class Meta:
        model = UnionOrganization
        fields = ["level", "parent", "region", "q"]

    def filter_region(self, queryset, name, region):
        return queryset.filter(region__code__startswith=region.code_prefix)

    def search(self, queryset, name, value):
        return queryset.filter(name__contains=value.strip())
