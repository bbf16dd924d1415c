"""The elderly model-worker ledger and what the unions do for each model worker: the five
must-visits (planned from the calendar and from events), care-service orders and yearly benefit
checks.

Everything is owned by the responsible organisation (district, bureau or group union) and scoped
with `visible_to(user)`. ID numbers never enter the audit history: a masked copy does.
"""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from model_workers import dates
from model_workers.choices import (
    Benefit,
    CareKind,
    CareOrderStatus,
    EventKind,
    Gender,
    Honour,
    LivingSituation,
    Mobility,
    Occasion,
    PaidBy,
    VisitKind,
    VisitState,
    VisitStatus,
)
from unions.audit import audited
from unions.models import OwnedModel, OwnedQuerySet, UnionOrganization, organization_paths_of
from unions.validators import validate_id_number, validate_phone

MONEY = {"max_digits": 10, "decimal_places": 2, "default": 0, "validators": [MinValueValidator(0)]}


def today() -> date:
    return timezone.localdate()


# --- The ledger ---------------------------------------------------------------------------------


class ModelWorkerQuerySet(OwnedQuerySet):
    def alive(self) -> ModelWorkerQuerySet:
        return self.filter(date_of_death__isnull=True)

    def aged_at_least(self, years: int, on: date | None = None) -> ModelWorkerQuerySet:
        return self.filter(birth_date__lte=dates.years_ago(on or today(), years))

    def living_alone(self) -> ModelWorkerQuerySet:
        return self.filter(living_situation=LivingSituation.ALONE)

    def in_hospital(self) -> ModelWorkerQuerySet:
        return self.filter(in_hospital=True)


@audited(exclude=["id_number"])
class ModelWorker(OwnedModel):
    """A model worker on the ledger, in the care of the owner organisation and one contact person.

    `owner` is the responsible organisation. Health and family fields are shown only to staff of
    that organisation itself, not to the organisations above it.
    """

    HEALTH_AND_FAMILY_FIELDS = ["family_contacts", "health_conditions", "mobility", "needs"]

    name = models.CharField(pgettext_lazy("person", "name"), max_length=64)
    gender = models.CharField(_("gender"), max_length=8, choices=Gender.choices)
    birth_date = models.DateField(_("birth date"))
    birthday_lunar = models.BooleanField(
        _("birthday kept by the lunar calendar"), default=False,
        help_text=_("The lunar birthday is derived from the birth date."),
    )
    id_number = models.CharField(
        _("ID number"), max_length=18, unique=True, validators=[validate_id_number],
    )
    id_number_masked = models.CharField(_("ID number (masked)"), max_length=18, editable=False)
    honour = models.CharField(_("honour"), max_length=24, choices=Honour.choices)
    honour_year = models.PositiveSmallIntegerField(
        _("year of the honour"), null=True, blank=True,
        validators=[MinValueValidator(1950), MaxValueValidator(2100)],
    )
    enjoys_benefits = models.BooleanField(_("enjoys model-worker benefits"), default=False)
    contact_person = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("contact person"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="model_workers_in_care",
        help_text=_("The one union staff member who looks after this model worker."),
    )
    address = models.CharField(_("address"), max_length=255, blank=True)
    phone = models.CharField(_("phone"), max_length=32, blank=True, validators=[validate_phone])
    family_contacts = models.TextField(
        _("family contacts"), blank=True, help_text=_("One per line: name, relation, phone."),
    )
    living_situation = models.CharField(
        _("living situation"), max_length=16, choices=LivingSituation.choices, default=LivingSituation.WITH_SPOUSE,
    )
    health_conditions = models.TextField(_("health conditions"), blank=True)
    mobility = models.CharField(_("mobility"), max_length=16, choices=Mobility.choices, default=Mobility.INDEPENDENT)
    in_hospital = models.BooleanField(
        _("currently in hospital"), default=False, editable=False,
        help_text=_("Set by recording a hospital admission and cleared by the discharge."),
    )
    long_term_care_insurance = models.BooleanField(_("long-term care insurance"), default=False)
    low_income = models.BooleanField(_("low income"), default=False)
    needs = models.TextField(_("needs"), blank=True)
    date_of_death = models.DateField(
        _("date of death"), null=True, blank=True, help_text=_("Ends every visit planned after it."),
    )

    objects = ModelWorkerQuerySet.as_manager()

    class Meta:
        verbose_name = _("model worker")
        verbose_name_plural = _("model workers")
        ordering = ["birth_date", "name"]
        permissions = [("reveal_modelworker", _("Can reveal ID numbers and phones of model workers"))]
        constraints = [
            models.CheckConstraint(
                condition=Q(id_number__regex=r"^[0-9]{17}[0-9X]$"),
                name="%(app_label)s_%(class)s_id_number_format",
            ),
            models.CheckConstraint(
                condition=Q(date_of_death__isnull=True) | Q(date_of_death__gte=models.F("birth_date")),
                name="%(app_label)s_%(class)s_death_after_birth",
            ),
        ]
        indexes = [models.Index(fields=["owner", "birth_date"], name="model_worker_owner_birth")]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("admin:model_workers_modelworker_change", args=[self.pk])

    def clean(self) -> None:
        errors = {}
        now = today()
        if self.birth_date and self.birth_date > now:
            errors["birth_date"] = _("The birth date is in the future.")
        if self.date_of_death:
            if self.date_of_death > now:
                errors["date_of_death"] = _("The date of death is in the future.")
            elif self.birth_date and self.date_of_death < self.birth_date:
                errors["date_of_death"] = _("The date of death is before the birth date.")
        if self.honour_year and self.birth_date and self.honour_year < self.birth_date.year:
            errors["honour_year"] = _("The honour cannot predate the birth.")
        if errors:
            raise ValidationError(errors)

    @property
    def age(self) -> int:
        return dates.age_on(self.birth_date, self.date_of_death or today())

    @property
    def is_alive(self) -> bool:
        return self.date_of_death is None

    @property
    def lunar_birthday_label(self) -> str:
        born = dates.lunar_birth(self.birth_date)
        leap = "闰" if born.is_leap_month else ""
        return f"{leap}{born.month}月{born.day}日"

    def shows_private_fields_to(self, user) -> bool:
        """Health and family details: staff of the owner organisation itself (or superusers)."""
        if getattr(user, "is_superuser", False):
            return True
        return self.owner.path in organization_paths_of(user)


# --- Events and the five must-visits -------------------------------------------------------------


@audited()
class WorkerEvent(OwnedModel):
    """Something that calls for a prompt visit: a hospital admission, a sudden hardship, a disaster."""

    worker = models.ForeignKey(
        ModelWorker, verbose_name=_("model worker"), on_delete=models.CASCADE, related_name="life_events",
    )
    kind = models.CharField(_("kind"), max_length=24, choices=EventKind.choices)
    occurred_on = models.DateField(_("occurred on"))
    description = models.TextField(_("description"), blank=True)
    hospital = models.CharField(_("hospital"), max_length=128, blank=True)
    discharged_on = models.DateField(_("discharged on"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = pgettext_lazy("model worker", "event")
        verbose_name_plural = pgettext_lazy("model worker", "events")
        ordering = ["-occurred_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(discharged_on__isnull=True) | Q(discharged_on__gte=models.F("occurred_on")),
                name="%(app_label)s_%(class)s_discharge_after_admission",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.worker} · {self.get_kind_display()} · {self.occurred_on}"

    def clean(self) -> None:
        if self.occurred_on and self.occurred_on > today():
            raise ValidationError({"occurred_on": _("The event cannot be in the future.")})


class VisitQuerySet(OwnedQuerySet):
    def planned(self) -> VisitQuerySet:
        return self.filter(status=VisitStatus.PLANNED)

    def open_on(self, day: date) -> VisitQuerySet:
        """Planned visits whose window is open on `day`."""
        return self.planned().filter(window_start__lte=day, window_end__gte=day)

    def due_within(self, start: date, end: date) -> VisitQuerySet:
        """Planned visits whose window overlaps [start, end] and has not closed before start."""
        return self.planned().filter(window_start__lte=end, window_end__gte=start)

    def overdue(self, on: date | None = None) -> VisitQuerySet:
        return self.planned().filter(window_end__lt=on or today())

    def upcoming(self, on: date | None = None) -> VisitQuerySet:
        return self.planned().filter(window_start__gt=on or today())

    def in_state(self, state: str, on: date | None = None) -> VisitQuerySet:
        on = on or today()
        if state == VisitState.DUE:
            return self.open_on(on)
        if state == VisitState.OVERDUE:
            return self.overdue(on)
        if state == VisitState.UPCOMING:
            return self.upcoming(on)
        return self.filter(status=state)


@audited()
class Visit(OwnedModel):
    """One of the five must-visits to a model worker, planned with a window.

    Calendar visits (festivals, birthdays) are unique per worker, plan year and occasion, so the
    planner can run again and again; event visits hang off their event. The owner is the worker's
    organisation (so the district sees every visit of its model workers); `assigned_to` is the one
    that must make it: the same, or the city union for a leader's birthday visit.
    """

    worker = models.ForeignKey(
        ModelWorker, verbose_name=_("model worker"), on_delete=models.CASCADE, related_name="visits",
    )
    year = models.PositiveSmallIntegerField(_("plan year"))
    kind = models.CharField(_("kind"), max_length=16, choices=VisitKind.choices)
    occasion = models.CharField(_("occasion"), max_length=24, choices=Occasion.choices)
    event = models.OneToOneField(
        WorkerEvent, verbose_name=pgettext_lazy("model worker", "event"), null=True, blank=True,
        on_delete=models.CASCADE, related_name="visit",
    )
    occasion_date = models.DateField(_("date of the occasion"))
    window_start = models.DateField(_("window opens"))
    window_end = models.DateField(_("due by"))
    assigned_to = models.ForeignKey(
        UnionOrganization, verbose_name=_("assigned to"), on_delete=models.PROTECT, related_name="+",
        help_text=_("The organisation that must make the visit: the responsible one, or the city union for a "
                    "leader's visit."),
    )
    requires_leader = models.BooleanField(
        _("a leader must visit"), default=False,
        help_text=_("A city-union leader's home visit before a 90+ national model worker's birthday."),
    )
    status = models.CharField(_("status"), max_length=16, choices=VisitStatus.choices, default=VisitStatus.PLANNED)
    done_on = models.DateField(_("done on"), null=True, blank=True)
    gift_value = models.DecimalField(_("gift value (yuan)"), **MONEY)
    cash_amount = models.DecimalField(_("cash (yuan)"), **MONEY)
    notes = models.TextField(pgettext_lazy("model worker", "notes"), blank=True)
    needs_found = models.TextField(_("needs found"), blank=True)
    cancel_reason = models.CharField(_("reason for cancelling"), max_length=255, blank=True)
    last_reminded_on = models.DateField(_("last reminded on"), null=True, blank=True, editable=False)

    objects = VisitQuerySet.as_manager()

    class Meta:
        verbose_name = _("visit")
        verbose_name_plural = _("visits")
        ordering = ["window_end", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["worker", "year", "occasion"], condition=Q(event__isnull=True),
                name="%(app_label)s_%(class)s_one_per_occasion",
            ),
            models.CheckConstraint(
                condition=Q(window_start__lte=models.F("window_end")), name="%(app_label)s_%(class)s_window_order",
            ),
            models.CheckConstraint(
                condition=Q(status=VisitStatus.DONE, done_on__isnull=False)
                | (~Q(status=VisitStatus.DONE) & Q(done_on__isnull=True)),
                name="%(app_label)s_%(class)s_done_has_date",
            ),
            models.CheckConstraint(
                condition=Q(gift_value__gte=0, cash_amount__gte=0), name="%(app_label)s_%(class)s_amounts_positive",
            ),
            models.CheckConstraint(
                condition=Q(event__isnull=True)
                | Q(kind__in=[VisitKind.ILLNESS, VisitKind.HARDSHIP, VisitKind.DISASTER]),
                name="%(app_label)s_%(class)s_event_kind",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "window_end"], name="model_visit_status_due"),
            models.Index(fields=["year", "kind"], name="model_visit_year_kind"),
        ]

    def __str__(self) -> str:
        return f"{self.worker} · {self.get_occasion_display()} {self.year}"

    def get_absolute_url(self) -> str:
        return reverse("admin:model_workers_visit_change", args=[self.pk])

    def clean(self) -> None:
        if self.done_on and self.done_on > today():
            raise ValidationError({"done_on": _("A visit cannot be recorded as done in the future.")})

    def state(self, on: date | None = None) -> str:
        on = on or today()
        if self.status != VisitStatus.PLANNED:
            return self.status
        if self.window_end < on:
            return VisitState.OVERDUE
        if self.window_start > on:
            return VisitState.UPCOMING
        return VisitState.DUE

    def get_state_display(self) -> str:
        return VisitState(self.state()).label


@audited()
class Visitor(models.Model):
    """Who made a visit; a leader's visit needs at least one with the leader flag."""

    visit = models.ForeignKey(Visit, verbose_name=_("visit"), on_delete=models.CASCADE, related_name="visitors")
    name = models.CharField(pgettext_lazy("person", "name"), max_length=64)
    title = models.CharField(_("title"), max_length=64, blank=True)
    is_leader = models.BooleanField(_("union leader"), default=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("staff user"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )

    class Meta:
        verbose_name = _("visitor")
        verbose_name_plural = pgettext_lazy("model worker", "visitors")
        ordering = ["-is_leader", "pk"]

    def __str__(self) -> str:
        return f"{self.name}（{self.title}）" if self.title else self.name


# --- Care services ---------------------------------------------------------------------------------


@audited()
class CareService(models.Model):
    """The catalogue of home services the unions arrange (reference data, the same everywhere)."""

    kind = models.CharField(_("kind"), max_length=24, choices=CareKind.choices, unique=True)
    description = models.TextField(_("description"), blank=True)
    active = models.BooleanField(_("offered"), default=True)

    class Meta:
        verbose_name = _("care service")
        verbose_name_plural = _("care services")
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.get_kind_display()


class CareOrderQuerySet(OwnedQuerySet):
    def open(self) -> CareOrderQuerySet:
        return self.filter(status=CareOrderStatus.OPEN)


@audited()
class CareOrder(OwnedModel):
    """A care service arranged for a model worker, often as the follow-up of a visit."""

    worker = models.ForeignKey(
        ModelWorker, verbose_name=_("model worker"), on_delete=models.CASCADE, related_name="care_orders",
    )
    service = models.ForeignKey(CareService, verbose_name=_("service"), on_delete=models.PROTECT, related_name="orders")
    visit = models.ForeignKey(
        Visit, verbose_name=_("follow-up of visit"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="care_orders",
    )
    provider = models.CharField(_("provider"), max_length=128, blank=True)
    scheduled_on = models.DateField(_("scheduled on"))
    cost = models.DecimalField(_("cost (yuan)"), **MONEY)
    paid_by = models.CharField(_("paid by"), max_length=16, choices=PaidBy.choices, default=PaidBy.BOUGHT)
    status = models.CharField(
        _("status"), max_length=16, choices=CareOrderStatus.choices, default=CareOrderStatus.OPEN, editable=False,
    )
    delivered_on = models.DateField(_("delivered on"), null=True, blank=True, editable=False)
    notes = models.TextField(pgettext_lazy("model worker", "notes"), blank=True)

    objects = CareOrderQuerySet.as_manager()

    class Meta:
        verbose_name = _("care order")
        verbose_name_plural = _("care orders")
        ordering = ["-scheduled_on", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(cost__gte=0), name="%(app_label)s_%(class)s_cost_positive"),
            models.CheckConstraint(
                condition=Q(status=CareOrderStatus.DELIVERED, delivered_on__isnull=False)
                | (~Q(status=CareOrderStatus.DELIVERED) & Q(delivered_on__isnull=True)),
                name="%(app_label)s_%(class)s_delivered_has_date",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.worker} · {self.service} · {self.scheduled_on}"

    @property
    def delivered(self) -> bool:
        return self.status == CareOrderStatus.DELIVERED


# --- Benefit checks ----------------------------------------------------------------------------------


BENEFIT_FIELDS = {benefit: (f"{benefit.value}_expected", f"{benefit.value}_found") for benefit in Benefit}


def _exception_condition() -> Q:
    condition = Q()
    for expected, found in BENEFIT_FIELDS.values():
        condition |= Q(**{expected: True, found: False})
    return condition


class BenefitCheckQuerySet(OwnedQuerySet):
    def with_exceptions(self) -> BenefitCheckQuerySet:
        """Checks where a benefit the model worker should have was found missing."""
        return self.filter(_exception_condition())

    def unchecked(self) -> BenefitCheckQuerySet:
        return self.filter(checked_on__isnull=True)


@audited()
class BenefitCheck(OwnedModel):
    """Per year and model worker: each benefit expected (from the ledger) against what was found.

    `*_found` is empty until checked; an exception is a benefit expected and found missing.
    """

    worker = models.ForeignKey(
        ModelWorker, verbose_name=_("model worker"), on_delete=models.CASCADE, related_name="benefit_checks",
    )
    year = models.PositiveSmallIntegerField(_("year"))
    honour_allowance_expected = models.BooleanField(_("honour allowance expected"), default=False, editable=False)
    honour_allowance_found = models.BooleanField(_("honour allowance paid"), null=True, blank=True)
    higher_medical_expected = models.BooleanField(
        _("higher medical reimbursement expected"), default=False, editable=False,
    )
    higher_medical_found = models.BooleanField(_("higher medical reimbursement applied"), null=True, blank=True)
    care_insurance_expected = models.BooleanField(_("long-term care insurance expected"), default=False, editable=False)
    care_insurance_found = models.BooleanField(_("long-term care insurance in place"), null=True, blank=True)
    nursing_subsidy_expected = models.BooleanField(_("nursing-home subsidy expected"), default=False, editable=False)
    nursing_subsidy_found = models.BooleanField(_("nursing-home subsidy paid"), null=True, blank=True)
    checked_on = models.DateField(_("checked on"), null=True, blank=True, editable=False)
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("checked by"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+", editable=False,
    )
    notes = models.TextField(pgettext_lazy("model worker", "notes"), blank=True)

    objects = BenefitCheckQuerySet.as_manager()

    class Meta:
        verbose_name = _("benefit check")
        verbose_name_plural = _("benefit checks")
        ordering = ["-year", "worker__name"]
        constraints = [
            models.UniqueConstraint(fields=["worker", "year"], name="%(app_label)s_%(class)s_one_per_year"),
        ]

    def __str__(self) -> str:
        return f"{self.worker} · {self.year}"

    @property
    def exceptions(self) -> list[str]:
        """Labels of the benefits expected and found missing."""
        return [
            str(benefit.label) for benefit, (expected, found) in BENEFIT_FIELDS.items()
            if getattr(self, expected) and getattr(self, found) is False
        ]
