"""FilterSets of mediation, used by the API's case and referral lists.

Bad values (an unknown status, a non-numeric mediator) fail form validation, which the API
answers with a 400 naming the parameter.
"""

import django_filters
from django.utils.translation import gettext_lazy as _

from mediation.choices import CaseStatus, DisputeType, IntakeChannel, ReferralTarget
from mediation.models import Case, Referral
from unions.filtersets import BooleanFilter, IntegerFilter


class CaseFilterSet(django_filters.FilterSet):
    status = django_filters.MultipleChoiceFilter(choices=CaseStatus.choices, label=_("status"))
    dispute_type = django_filters.ChoiceFilter(choices=DisputeType.choices, label=_("dispute type"))
    channel = django_filters.ChoiceFilter(choices=IntakeChannel.choices, label=_("intake channel"))
    station = django_filters.CharFilter(field_name="station_place", lookup_expr="icontains",
                                        label=_("handling station"), max_length=64)
    handling_station = IntegerFilter(field_name="handling_station",
                                                   label=_("labour-relations station (id)"))
    mediator = IntegerFilter(field_name="mediators", label=_("mediator (team member id)"))
    received_after = django_filters.DateFilter(field_name="received_on", lookup_expr="gte",
                                               label=_("received on or after"))
    received_before = django_filters.DateFilter(field_name="received_on", lookup_expr="lte",
                                                label=_("received on or before"))
    overdue = BooleanFilter(method="filter_overdue", label=_("past the 15-day deadline"))
    near_deadline = BooleanFilter(method="filter_near", label=_("near the deadline"))
    number = django_filters.CharFilter(field_name="number", lookup_expr="istartswith", label=_("case number"),
                                       max_length=32)

    class Meta:
        model = Case
        fields = ["status", "dispute_type", "channel", "station", "handling_station", "mediator", "received_after",
                  "received_before", "overdue", "near_deadline", "number"]

    def filter_overdue(self, queryset, name, value):
        overdue = Case.objects.overdue().values("pk")
        return queryset.filter(pk__in=overdue) if value else queryset.exclude(pk__in=overdue)

    def filter_near(self, queryset, name, value):
        near = Case.objects.near_deadline().values("pk")
        return queryset.filter(pk__in=near) if value else queryset.exclude(pk__in=near)


class ReferralFilterSet(django_filters.FilterSet):
    target = django_filters.ChoiceFilter(choices=ReferralTarget.choices, label=_("referred to"))
    case = django_filters.CharFilter(field_name="case__number", label=_("case number"), max_length=32)
    without_reference = BooleanFilter(field_name="reference_number", lookup_expr="exact",
                                      method="filter_without_reference",
                                      label=_("still without the body's reference number"))

    class Meta:
        model = Referral
        fields = ["target", "case", "without_reference"]

    def filter_without_reference(self, queryset, name, value):
        return queryset.filter(reference_number="") if value else queryset.exclude(reference_number="")
