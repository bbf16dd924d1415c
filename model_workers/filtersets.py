"""FilterSets of the model_workers app, used by the staff API (the app has no public pages).

Bad values (an unknown kind, a year out of range) fail validation and come out as a 400 naming
the parameter.
"""

import django_filters
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from model_workers.choices import Honour, LivingSituation, Occasion, VisitKind, VisitState
from model_workers.models import BenefitCheck, CareOrder, ModelWorker, Visit
from unions.filtersets import BooleanFilter, IntegerFilter
from unions.models import UnionOrganization


class ModelWorkerFilterSet(django_filters.FilterSet):
    age = django_filters.ChoiceFilter(
        choices=[("80", _("80 and over")), ("90", _("90 and over"))], method="filter_age", label=_("age"),
    )
    living_situation = django_filters.ChoiceFilter(choices=LivingSituation.choices, label=_("living situation"))
    living_alone = BooleanFilter(method="filter_alone", label=_("living alone"))
    in_hospital = BooleanFilter(label=_("currently in hospital"))
    honour = django_filters.ChoiceFilter(choices=Honour.choices, label=_("honour"))
    alive = BooleanFilter(field_name="date_of_death", lookup_expr="isnull", label=_("alive"))
    owner = django_filters.ModelChoiceFilter(
        queryset=UnionOrganization.objects.all(), method="filter_owner", label=_("organisation, with those below it"),
    )
    q = django_filters.CharFilter(
        field_name="name", lookup_expr="contains", max_length=64, label=pgettext_lazy("person", "name"),
    )

    class Meta:
        model = ModelWorker
        fields = ["age", "living_situation", "living_alone", "in_hospital", "honour", "alive", "owner", "q"]

    def filter_age(self, queryset, name, value):
        return queryset.alive().aged_at_least(int(value))

    def filter_alone(self, queryset, name, value):
        return queryset.living_alone() if value else queryset.exclude(living_situation=LivingSituation.ALONE)

    def filter_owner(self, queryset, name, organization):
        return queryset.filter(owner__path__startswith=organization.path)


class VisitFilterSet(django_filters.FilterSet):
    year = IntegerFilter(min_value=1901, max_value=2099, label=_("plan year"))
    kind = django_filters.ChoiceFilter(choices=VisitKind.choices, label=_("kind"))
    occasion = django_filters.ChoiceFilter(choices=Occasion.choices, label=_("occasion"))
    status = django_filters.ChoiceFilter(choices=VisitState.choices, method="filter_status", label=_("state"))
    requires_leader = BooleanFilter(label=_("a leader must visit"))
    worker = IntegerFilter(field_name="worker_id", label=_("model worker"))
    assigned_to = IntegerFilter(field_name="assigned_to_id", label=_("assigned to"))

    class Meta:
        model = Visit
        fields = ["year", "kind", "occasion", "status", "requires_leader", "worker", "assigned_to"]

    def filter_status(self, queryset, name, value):
        return queryset.in_state(value)


class CareOrderFilterSet(django_filters.FilterSet):
    class Meta:
        model = CareOrder
        fields = {"status": ["exact"], "paid_by": ["exact"], "worker": ["exact"], "service__kind": ["exact"]}


class BenefitCheckFilterSet(django_filters.FilterSet):
    year = IntegerFilter(min_value=1901, max_value=2099, label=_("year"))
    exceptions = BooleanFilter(method="filter_exceptions", label=_("with exceptions"))
    worker = IntegerFilter(field_name="worker_id", label=_("model worker"))

    class Meta:
        model = BenefitCheck
        fields = ["year", "exceptions", "worker"]

    def filter_exceptions(self, queryset, name, value):
        exceptions = queryset.with_exceptions()
        return exceptions if value else queryset.exclude(pk__in=exceptions.values("pk"))
