"""Models of the mediation app: labour-dispute cases, their parties, claims, sessions, documents,
agreements and referrals; the teams and mediators who handle them; the early-warning register.

Every record belongs to an organisation (`OwnedModel`) and is audited. A case's children carry
the case's owner, so one `visible_to(user)` scopes them all. Raw ID numbers and phones of parties
never enter the history tables: a masked copy is tracked instead.

A case is handled at a labour-relations station or point (`handling_station`, from the stations
app); `station_place` keeps the place as text too, for a case taken in elsewhere (a home visit,
an online application not yet routed).
"""

from __future__ import annotations

import hashlib
import hmac
import os
from datetime import date, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import FileSystemStorage
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q, Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from mediation.choices import (
    OPEN_STATES,
    RUNNING_STATES,
    CaseStatus,
    DisputeType,
    FulfilmentStatus,
    IntakeChannel,
    MemberKind,
    PartyRole,
    ReferralTarget,
    RespondentRole,
    RiskKind,
    RiskLevel,
    RiskSource,
    RiskStatus,
    TeamKind,
)
from unions.audit import audited
from unions.models import OwnedModel, OwnedQuerySet
from unions.validators import mask_id_number, mask_phone, validate_id_number, validate_phone

MEDIATION_PERIOD_DAYS = 15  # Labour Dispute Mediation and Arbitration Law, art. 14
NEAR_DEADLINE_DAYS = getattr(settings, "MEDIATION_NEAR_DEADLINE_DAYS", 3)
MONEY = {"max_digits": 14, "decimal_places": 2}


class PrivateStorage(FileSystemStorage):
    """Case documents, under MEDIA_ROOT/private/mediation and never under a public URL: they are
    served only by `mediation.views.document_download`, which checks the case's scope."""

    @property
    def base_location(self):
        return os.path.join(settings.MEDIA_ROOT, "private", "mediation")

    @property
    def location(self):
        return os.path.abspath(self.base_location)

    def url(self, name):
        raise ValueError("Case documents have no public URL; use Document.get_absolute_url().")

    def deconstruct(self):
        return ("mediation.models.PrivateStorage", (), {})


private_storage = PrivateStorage()


def hash_lookup_code(number: str, code: str) -> str:
    """Keyed hash of a case's lookup code; the number salts it, the secret key keys it."""
    message = f"{number}:{code.strip().upper().replace('-', '')}".encode()
    return hmac.new(settings.SECRET_KEY.encode(), message, hashlib.sha256).hexdigest()


# --- Teams and mediators -------------------------------------------------------------------------


@audited()
class Team(OwnedModel):
    """A team at a labour-relations station: mediation, legal publicity, bargaining guidance …"""

    name = models.CharField(_("name"), max_length=128)
    kind = models.CharField(_("kind"), max_length=32, choices=TeamKind.choices)
    station_place = models.CharField(_("station"), max_length=128, blank=True,
                                     help_text=_("The labour-relations station the team works at."))
    description = models.TextField(_("description"), blank=True)

    class Meta:
        verbose_name = _("team")
        verbose_name_plural = _("teams")
        ordering = ["owner", "name"]
        constraints = [
            models.UniqueConstraint(fields=["owner", "name"], name="mediation_team_unique_name"),
        ]

    def __str__(self) -> str:
        return self.name


class TeamMemberQuerySet(OwnedQuerySet):
    def mediators(self) -> TeamMemberQuerySet:
        return self.filter(is_mediator=True, active=True)

    def with_load(self) -> TeamMemberQuerySet:
        """Annotate each member's open cases (`open_cases`) in one query."""
        return self.annotate(
            open_cases=models.Count("cases", filter=Q(cases__status__in=OPEN_STATES), distinct=True)
        )


@audited()
class TeamMember(OwnedModel):
    """A staff member or volunteer in a team, with qualifications; mediators take cases."""

    team = models.ForeignKey(Team, verbose_name=_("team"), on_delete=models.CASCADE, related_name="members")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("staff user"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="mediation_memberships",
    )
    name = models.CharField(pgettext_lazy("person", "name"), max_length=64)
    kind = models.CharField(_("kind"), max_length=16, choices=MemberKind.choices, default=MemberKind.STAFF)
    qualifications = models.CharField(_("qualifications"), max_length=255, blank=True)
    email = models.EmailField(_("e-mail"), blank=True, help_text=_("Deadline reminders go here."))
    is_mediator = models.BooleanField(_("mediator"), default=False)
    active = models.BooleanField(_("active"), default=True)

    objects = TeamMemberQuerySet.as_manager()

    class Meta:
        verbose_name = _("team member")
        verbose_name_plural = _("team members")
        ordering = ["team", "name"]
        constraints = [
            models.UniqueConstraint(fields=["team", "name"], name="mediation_teammember_unique_name"),
        ]

    def __str__(self) -> str:
        return f"{self.name}（{self.team}）"

    @property
    def reminder_address(self) -> str:
        return self.email or (self.user.email if self.user_id else "")


# --- Early warning -----------------------------------------------------------------------------


@audited()
class Risk(OwnedModel):
    """An enterprise risk in the early-warning register (风险隐患), followed up until resolved."""

    enterprise = models.ForeignKey("unions.Enterprise", verbose_name=_("enterprise"), on_delete=models.PROTECT,
                                   related_name="mediation_risks")
    kind = models.CharField(_("kind"), max_length=32, choices=RiskKind.choices)
    level = models.CharField(_("level"), max_length=16, choices=RiskLevel.choices, default=RiskLevel.MEDIUM)
    source = models.CharField(_("source"), max_length=16, choices=RiskSource.choices, default=RiskSource.VISIT)
    description = models.TextField(_("description"))
    reported_on = models.DateField(_("reported on"), default=timezone.localdate)
    status = models.CharField(_("status"), max_length=16, choices=RiskStatus.choices, default=RiskStatus.OPEN,
                              editable=False)
    follow_up = models.TextField(_("follow-up"), blank=True)
    resolved_on = models.DateField(_("resolved on"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("risk")
        verbose_name_plural = _("risks")
        ordering = ["-reported_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.enterprise} · {self.get_kind_display()}"


# --- Cases -------------------------------------------------------------------------------------


class CaseCounter(models.Model):
    """The last sequence number used per numbering scope (region code) and year.

    Openings lock the row (SELECT … FOR UPDATE), so two staff opening cases at the same moment
    get consecutive numbers, never the same one.
    """

    scope = models.CharField(_("scope"), max_length=16)
    year = models.PositiveSmallIntegerField(_("year"))
    last = models.PositiveIntegerField(_("last number"), default=0)

    class Meta:
        verbose_name = _("case number counter")
        verbose_name_plural = _("case number counters")
        constraints = [
            models.UniqueConstraint(fields=["scope", "year"], name="mediation_casecounter_unique_scope_year"),
        ]

    def __str__(self) -> str:
        return f"{self.scope}-{self.year}: {self.last}"


class CaseQuerySet(OwnedQuerySet):
    def open(self) -> CaseQuerySet:
        return self.filter(status__in=OPEN_STATES)

    def running(self) -> CaseQuerySet:
        """Cases whose 15-day mediation period is running."""
        return self.filter(status__in=RUNNING_STATES, deadline__isnull=False)

    def overdue(self, today: date | None = None) -> CaseQuerySet:
        return self.running().filter(deadline__lt=today or timezone.localdate())

    def near_deadline(self, today: date | None = None, days: int = NEAR_DEADLINE_DAYS) -> CaseQuerySet:
        today = today or timezone.localdate()
        return self.running().filter(deadline__gte=today, deadline__lte=today + timedelta(days=days))

    def needing_reminder(self, today: date | None = None) -> CaseQuerySet:
        today = today or timezone.localdate()
        return self.running().filter(deadline__lte=today + timedelta(days=NEAR_DEADLINE_DAYS))


@audited()
class Case(OwnedModel):
    """A labour-dispute mediation case, from intake to agreement or referral.

    Status, dates and the deadline are set only by `mediation.services`.
    """

    number = models.CharField(_("case number"), max_length=32, unique=True, editable=False)
    handling_station = models.ForeignKey(
        "stations.Station", verbose_name=_("labour-relations station"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="mediation_cases",
        limit_choices_to={"kind__in": ["labour_station", "labour_point"]},
    )
    station_place = models.CharField(_("handling station"), max_length=128, blank=True,
                                     help_text=_("The labour-relations station handling the case."))
    channel = models.CharField(_("intake channel"), max_length=16, choices=IntakeChannel.choices)
    channel_reference = models.CharField(_("referring body's reference"), max_length=64, blank=True)
    received_on = models.DateField(_("received on"), default=timezone.localdate)
    dispute_type = models.CharField(_("dispute type"), max_length=32, choices=DisputeType.choices)
    facts = models.TextField(_("facts"))
    risk = models.ForeignKey(Risk, verbose_name=_("early-warning risk"), null=True, blank=True,
                             on_delete=models.SET_NULL, related_name="cases")

    status = models.CharField(_("status"), max_length=16, choices=CaseStatus.choices,
                              default=CaseStatus.RECEIVED, editable=False, db_index=True)
    accepted_on = models.DateField(_("accepted on"), null=True, blank=True, editable=False)
    deadline = models.DateField(_("mediation deadline"), null=True, blank=True, editable=False, db_index=True)
    decline_reason = models.TextField(_("reason for declining"), blank=True, editable=False)
    team = models.ForeignKey(Team, verbose_name=_("team"), null=True, blank=True, on_delete=models.PROTECT,
                             related_name="cases", editable=False)
    mediators = models.ManyToManyField(TeamMember, verbose_name=_("mediators"), blank=True, related_name="cases")
    outcome_note = models.TextField(_("outcome"), blank=True, editable=False)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True, editable=False)
    reminded_on = models.DateField(_("last reminded on"), null=True, blank=True, editable=False)

    consent_at = models.DateTimeField(_("consent given at"), null=True, blank=True, editable=False)
    lookup_code_hash = models.CharField(_("lookup code (hash)"), max_length=64, blank=True, editable=False)

    objects = CaseQuerySet.as_manager()

    class Meta:
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        ordering = ["-received_on", "-pk"]
        permissions = [("transition_case", _("Can move cases through the workflow"))]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status__in=RUNNING_STATES) | Q(accepted_on__isnull=False, deadline__isnull=False),
                name="mediation_case_running_has_deadline",
            ),
            models.CheckConstraint(
                condition=~Q(status=CaseStatus.DECLINED) | ~Q(decline_reason=""),
                name="mediation_case_declined_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return self.number

    def get_absolute_url(self) -> str:
        return reverse("admin:mediation_case_change", args=[self.pk])

    def clean(self) -> None:
        station = self.handling_station
        if station is not None and self.owner_id:
            if station.kind not in ("labour_station", "labour_point"):
                raise ValidationError({"handling_station": _("Choose a labour-relations station or point.")})
            owner_path, station_path = self.owner.path, station.owner.path
            if not (station_path.startswith(owner_path) or owner_path.startswith(station_path)):
                message = _("The station must belong to the case's organisation, or one above or below it.")
                raise ValidationError({"handling_station": message})
            if not self.station_place:
                self.station_place = station.name

    def days_left(self, today: date | None = None) -> int | None:
        if self.status not in RUNNING_STATES or self.deadline is None:
            return None
        return (self.deadline - (today or timezone.localdate())).days

    def deadline_state(self, today: date | None = None) -> str:
        """"overdue", "near" or "" (not running, or comfortably inside the period)."""
        left = self.days_left(today)
        if left is None:
            return ""
        if left < 0:
            return "overdue"
        return "near" if left <= NEAR_DEADLINE_DAYS else ""

    @cached_property
    def claimed_total(self):
        return self.claims.aggregate(total=Sum("amount"))["total"] or 0

    def lookup_code_matches(self, code: str) -> bool:
        return bool(self.lookup_code_hash) and hmac.compare_digest(
            self.lookup_code_hash, hash_lookup_code(self.number, code)
        )


@audited(exclude=["id_number", "phone"])
class Party(OwnedModel):
    """An applicant (the worker or a family member) or the worker concerned.

    The raw ID number and phone are excluded from history; their masked copies are tracked.
    """

    case = models.ForeignKey(Case, verbose_name=_("case"), on_delete=models.CASCADE, related_name="parties")
    role = models.CharField(_("role"), max_length=16, choices=PartyRole.choices)
    name = models.CharField(pgettext_lazy("person", "name"), max_length=64)
    relation = models.CharField(_("relation to the worker"), max_length=32, blank=True,
                                help_text=_("For a family member applying, e.g. father."))
    id_number = models.CharField(_("ID number"), max_length=18, blank=True, validators=[validate_id_number])
    id_number_masked = models.CharField(_("ID number (masked)"), max_length=18, blank=True, editable=False)
    phone = models.CharField(_("phone"), max_length=32, blank=True, validators=[validate_phone])
    phone_masked = models.CharField(_("phone (masked)"), max_length=32, blank=True, editable=False)

    class Meta:
        verbose_name = _("party")
        verbose_name_plural = _("parties")
        ordering = ["case", "role", "pk"]
        permissions = [("reveal_party", _("Can reveal ID numbers and phones of parties"))]

    def __str__(self) -> str:
        return f"{self.get_role_display()} {self.name}"

    def clean(self) -> None:
        from unions.validators import normalize_id_number, normalize_phone

        self.id_number = normalize_id_number(self.id_number)
        self.phone = normalize_phone(self.phone)
        self.id_number_masked = mask_id_number(self.id_number)
        self.phone_masked = mask_phone(self.phone)


@audited()
class Respondent(OwnedModel):
    """An enterprise the claim is against: the employer, and the dispatch agency where there is one."""

    case = models.ForeignKey(Case, verbose_name=_("case"), on_delete=models.CASCADE, related_name="respondents")
    enterprise = models.ForeignKey("unions.Enterprise", verbose_name=_("enterprise"), on_delete=models.PROTECT,
                                   related_name="mediation_cases")
    role = models.CharField(_("role"), max_length=16, choices=RespondentRole.choices,
                            default=RespondentRole.EMPLOYER)

    class Meta:
        verbose_name = _("respondent")
        verbose_name_plural = _("respondents")
        ordering = ["case", "role", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["case", "enterprise"], name="mediation_respondent_unique_enterprise"),
        ]

    def __str__(self) -> str:
        return f"{self.get_role_display()} {self.enterprise}"


@audited()
class Claim(OwnedModel):
    """One itemised claim, in yuan."""

    case = models.ForeignKey(Case, verbose_name=_("case"), on_delete=models.CASCADE, related_name="claims")
    item = models.CharField(_("item"), max_length=128)
    amount = models.DecimalField(_("amount (yuan)"), **MONEY, validators=[MinValueValidator(0)])

    class Meta:
        verbose_name = _("claim")
        verbose_name_plural = _("claims")
        ordering = ["case", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gte=0), name="mediation_claim_amount_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.item} ¥{self.amount}"


@audited()
class DeadlineExtension(OwnedModel):
    """An extension of the 15-day period the parties agreed to."""

    case = models.ForeignKey(Case, verbose_name=_("case"), on_delete=models.CASCADE, related_name="extensions")
    days = models.PositiveSmallIntegerField(_("days"), validators=[MinValueValidator(1), MaxValueValidator(30)])
    agreed_on = models.DateField(_("agreed on"), default=timezone.localdate)
    reason = models.CharField(_("reason"), max_length=255)

    class Meta:
        verbose_name = _("deadline extension")
        verbose_name_plural = _("deadline extensions")
        ordering = ["case", "agreed_on", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(days__gte=1, days__lte=30), name="mediation_extension_days_range"),
        ]

    def __str__(self) -> str:
        return f"+{self.days}"


@audited()
class Session(OwnedModel):
    """A mediation session: when, where, who took part, what happened."""

    case = models.ForeignKey(Case, verbose_name=_("case"), on_delete=models.CASCADE, related_name="sessions")
    held_at = models.DateTimeField(_("held at"))
    place = models.CharField(_("place"), max_length=128)
    participants = models.TextField(_("participants"))
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        verbose_name = pgettext_lazy("mediation", "session")
        verbose_name_plural = pgettext_lazy("mediation", "sessions")
        ordering = ["case", "held_at"]

    def __str__(self) -> str:
        return f"{self.case} · {timezone.localtime(self.held_at):%Y-%m-%d %H:%M}"


def document_path(instance: Document, filename: str) -> str:
    return f"{instance.case_id}/{filename}"


@audited()
class Document(OwnedModel):
    """A file attached to a case (the signed agreement, a session record), never publicly served."""

    case = models.ForeignKey(Case, verbose_name=_("case"), on_delete=models.CASCADE, related_name="documents")
    session = models.ForeignKey(Session, verbose_name=_("session"), null=True, blank=True,
                                on_delete=models.SET_NULL, related_name="documents")
    title = models.CharField(pgettext_lazy("document", "title"), max_length=128)
    file = models.FileField(_("file"), storage=private_storage, upload_to=document_path, max_length=255)

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        ordering = ["case", "pk"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("mediation:document", args=[self.pk])


@audited()
class Agreement(OwnedModel):
    """The mediation agreement: what is paid, on what schedule, and whether it was honoured."""

    case = models.OneToOneField(Case, verbose_name=_("case"), on_delete=models.CASCADE, related_name="agreement")
    signed_on = models.DateField(_("signed on"))
    total_amount = models.DecimalField(_("total amount (yuan)"), **MONEY)
    terms = models.TextField(_("terms"))
    fulfilment = models.CharField(_("fulfilment"), max_length=16, choices=FulfilmentStatus.choices,
                                  default=FulfilmentStatus.PENDING, editable=False)

    class Meta:
        verbose_name = _("agreement")
        verbose_name_plural = _("agreements")
        constraints = [
            models.CheckConstraint(condition=Q(total_amount__gte=0), name="mediation_agreement_amount_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.case} ¥{self.total_amount}"

    @property
    def paid_amount(self):
        return sum((instalment.paid_amount for instalment in self.instalments.all()), 0)


@audited()
class Instalment(OwnedModel):
    """One payment in an agreement's schedule."""

    agreement = models.ForeignKey(Agreement, verbose_name=_("agreement"), on_delete=models.CASCADE,
                                  related_name="instalments")
    due_on = models.DateField(_("due on"))
    amount = models.DecimalField(_("amount (yuan)"), **MONEY, validators=[MinValueValidator(0)])
    paid_amount = models.DecimalField(_("paid (yuan)"), **MONEY, default=0, editable=False)
    paid_on = models.DateField(_("paid on"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("instalment")
        verbose_name_plural = _("instalments")
        ordering = ["agreement", "due_on", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="mediation_instalment_amount_positive"),
            models.CheckConstraint(condition=Q(paid_amount__gte=0) & Q(paid_amount__lte=models.F("amount")),
                                   name="mediation_instalment_paid_within_amount"),
        ]

    def __str__(self) -> str:
        return f"{self.due_on} ¥{self.amount}"


@audited()
class Referral(OwnedModel):
    """A case passed on to labour arbitration or a court, with that body's reference number."""

    case = models.ForeignKey(Case, verbose_name=_("case"), on_delete=models.CASCADE, related_name="referrals")
    target = models.CharField(_("referred to"), max_length=16, choices=ReferralTarget.choices)
    institution = models.CharField(_("institution"), max_length=128)
    reference_number = models.CharField(_("reference number"), max_length=64, blank=True)
    referred_on = models.DateField(_("referred on"), default=timezone.localdate)
    reason = models.TextField(_("reason"), blank=True)

    class Meta:
        verbose_name = _("referral")
        verbose_name_plural = _("referrals")
        ordering = ["-referred_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.case} → {self.institution}"

    def clean(self) -> None:
        if self.referred_on and self.referred_on > timezone.localdate():
            raise ValidationError({"referred_on": _("A referral cannot be dated in the future.")})
