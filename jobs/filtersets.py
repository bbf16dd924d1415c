"""FilterSets of the jobs app, shared by the public pages and the API.

Every posting filter is written so that an index serves it: the keyword through the bigram GIN
index (`JobPosting.objects.keyword`), the region as a code prefix on (status, region), the pay as
one range per unit on (status, pay_unit, pay_max), priority groups through the array GIN index.
"""

from decimal import Decimal

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from jobs.choices import MONTHLY_FACTOR, EmploymentForm, MatchStatus, Occupation, PostingStatus, PriorityGroup
from jobs.models import JobFair, JobIntention, JobPosting, Match, TrainingCourse
from jobs.search import MAX_KEYWORD_LENGTH
from stations.models import Station
from unions.filtersets import BooleanFilter, IntegerFilter, RegionCodeFilter


class PostingFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(
        method="filter_keyword",
        label=_("Keyword"),
        max_length=MAX_KEYWORD_LENGTH,
        help_text=_("Words in the title, employer, skills or description, e.g. 骑手 or 电工."),
    )
    region = RegionCodeFilter(method="filter_region", label=_("Region"))
    occupation = django_filters.ChoiceFilter(choices=Occupation.choices, label=_("Category"))
    employment_form = django_filters.ChoiceFilter(choices=EmploymentForm.choices, label=_("Employment form"))
    priority_group = django_filters.ChoiceFilter(
        choices=PriorityGroup.choices,
        method="filter_priority_group",
        label=_("Priority group"),
    )
    min_pay = django_filters.NumberFilter(
        method="filter_min_pay",
        label=_("Pay per month at least (yuan)"),
        min_value=Decimal(0),
        max_value=Decimal(10**6),
    )
    station = django_filters.ModelChoiceFilter(
        queryset=Station.objects.all(),
        field_name="stations",
        label=_("Shown at station"),
    )
    status = django_filters.ChoiceFilter(choices=PostingStatus.choices, label=_("Status"))
    employer = django_filters.CharFilter(
        field_name="employer__enterprise__credit_code", label=_("Employer credit code")
    )

    class Meta:
        model = JobPosting
        fields = [
            "q",
            "region",
            "occupation",
            "employment_form",
            "priority_group",
            "min_pay",
            "station",
            "status",
            "employer",
        ]

    def filter_keyword(self, queryset, name, value):
        return queryset.keyword(value)

    def filter_region(self, queryset, name, region):
        return queryset.filter(region__code__startswith=region.code_prefix)

    def filter_priority_group(self, queryset, name, value):
        return queryset.filter(priority_groups__contains=[value])

    def filter_min_pay(self, queryset, name, value):
        # "At least X a month": the top of the range, converted per unit; piece rates never qualify.
        condition = Q()
        for unit, factor in MONTHLY_FACTOR.items():
            condition |= Q(pay_unit=unit, pay_max__gte=(value / Decimal(factor)).quantize(Decimal("0.01")))
        return queryset.filter(condition)


class FairFilterSet(django_filters.FilterSet):
    upcoming = BooleanFilter(method="filter_upcoming", label=_("Upcoming only"))
    region = RegionCodeFilter(method="filter_region", label=_("Region"))
    target_group = django_filters.ChoiceFilter(
        choices=PriorityGroup.choices,
        method="filter_target_group",
        label=_("Target group"),
    )

    class Meta:
        model = JobFair
        fields = ["upcoming", "region", "target_group"]

    def filter_upcoming(self, queryset, name, value):
        from django.utils import timezone

        return queryset.filter(ends_at__gte=timezone.now()) if value else queryset

    def filter_region(self, queryset, name, region):
        return queryset.filter(region__code__startswith=region.code_prefix)

    def filter_target_group(self, queryset, name, value):
        return queryset.filter(target_groups__contains=[value])


class TrainingFilterSet(django_filters.FilterSet):
    occupation = django_filters.ChoiceFilter(choices=Occupation.choices, label=_("Category"))

    class Meta:
        model = TrainingCourse
        fields = ["occupation"]


class IntentionFilterSet(django_filters.FilterSet):
    occupation = django_filters.ChoiceFilter(
        choices=Occupation.choices,
        method="filter_occupation",
        label=_("Wanted category"),
    )
    region = RegionCodeFilter(method="filter_region", label=_("Region"))
    priority_group = django_filters.ChoiceFilter(
        choices=PriorityGroup.choices,
        field_name="seeker__priority_group",
        label=_("Priority group"),
    )
    active = BooleanFilter(label=_("Active"))

    class Meta:
        model = JobIntention
        fields = ["occupation", "region", "priority_group", "active"]

    def filter_occupation(self, queryset, name, value):
        return queryset.filter(occupations__contains=[value])

    def filter_region(self, queryset, name, region):
        return queryset.filter(region__code__startswith=region.code_prefix)


class MatchFilterSet(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(choices=MatchStatus.choices, label=_("Follow-up step"))
    min_score = django_filters.NumberFilter(
        field_name="score", lookup_expr="gte", label=_("Score at least"), min_value=0, max_value=100
    )
    posting = IntegerFilter(field_name="posting_id", label=_("Posting"))
    intention = IntegerFilter(field_name="intention_id", label=_("Intention"))

    class Meta:
        model = Match
        fields = ["status", "min_score", "posting", "intention"]
