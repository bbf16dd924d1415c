"""The only writers of mediation state: opening cases, moving them through the workflow, sessions,
documents, agreements and payments, referrals, risks and deadline reminders.

Every function is keyword-only and atomic; admin actions, API actions, public views, commands
and tests all call these. A transition the workflow does not allow raises `ValidationError`
naming the `status` field.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import F, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from mediation.choices import (
    TRANSITIONS,
    CaseStatus,
    FulfilmentStatus,
    IntakeChannel,
    PartyRole,
    RespondentRole,
    RiskStatus,
)
from mediation.models import (
    MEDIATION_PERIOD_DAYS,
    Agreement,
    Case,
    CaseCounter,
    Claim,
    DeadlineExtension,
    Document,
    Instalment,
    Party,
    Referral,
    Respondent,
    Risk,
    Session,
    Team,
    TeamMember,
    hash_lookup_code,
)
from unions.models import UnionOrganization

# Crockford's base-32 alphabet: no I, L, O, U to misread on a phone screen.
CODE_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
CODE_LENGTH = 10  # 50 bits; with the lookup throttle, unguessable


@dataclass
class PartyData:
    name: str
    id_number: str = ""
    phone: str = ""
    relation: str = ""


def _by(user):
    return user if getattr(user, "pk", None) and not getattr(user, "api_key", None) else None


# --- Numbering ---------------------------------------------------------------------------------


def numbering_scope(owner: UnionOrganization) -> str:
    """The owner's region code (or the nearest ancestor's); the organisation id where none has one."""
    organization = owner
    while organization is not None:
        if organization.region_id:
            return organization.region_id
        organization = organization.parent
    return f"ORG{owner.pk}"


def next_case_number(*, owner: UnionOrganization, year: int) -> str:
    """"140521-2026-0007": scope, year, sequence. Must run inside the opening's transaction."""
    scope = numbering_scope(owner)
    # Create the counter row if missing without racing: a concurrent insert is ignored.
    CaseCounter.objects.bulk_create([CaseCounter(scope=scope, year=year, last=0)], ignore_conflicts=True)
    counter = CaseCounter.objects.select_for_update().get(scope=scope, year=year)
    counter.last += 1
    counter.save(update_fields=["last"])
    return f"{scope}-{year}-{counter.last:04d}"


# --- Opening -----------------------------------------------------------------------------------


def _save_new(obj, by=None):
    if getattr(obj, "created_by_id", None) is None and _by(by) is not None:
        obj.created_by = _by(by)
    obj.full_clean()
    obj.save()
    return obj


def _add_party(case: Case, role: str, data: PartyData, by) -> Party:
    party = Party(owner=case.owner, case=case, role=role, name=data.name, relation=data.relation,
                  id_number=data.id_number, phone=data.phone)
    return _save_new(party, by)


@transaction.atomic
def case_open(
    *,
    owner: UnionOrganization,
    channel: str,
    dispute_type: str,
    facts: str,
    applicants: list[PartyData],
    worker: PartyData | None = None,
    respondents: list[tuple] = (),
    claims: list[tuple[str, Decimal]] = (),
    station_place: str = "",
    handling_station=None,
    received_on: date | None = None,
    channel_reference: str = "",
    risk: Risk | None = None,
    by=None,
) -> Case:
    """Open a case with its parties, respondents (enterprise, role) and claims (item, amount)."""
    if not applicants:
        raise ValidationError({"applicants": _("A case needs at least one applicant.")})
    received_on = received_on or timezone.localdate()
    case = Case(
        owner=owner, channel=channel, dispute_type=dispute_type, facts=facts, station_place=station_place,
        handling_station=handling_station, received_on=received_on, channel_reference=channel_reference, risk=risk,
        number=next_case_number(owner=owner, year=received_on.year),
    )
    _save_new(case, by)
    for applicant in applicants:
        _add_party(case, PartyRole.APPLICANT, applicant, by)
    if worker is not None:
        _add_party(case, PartyRole.WORKER, worker, by)
    for enterprise, role in respondents:
        _save_new(Respondent(owner=owner, case=case, enterprise=enterprise, role=role), by)
    for item, amount in claims:
        _save_new(Claim(owner=owner, case=case, item=item, amount=Decimal(amount)), by)
    return case


def new_lookup_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def format_lookup_code(code: str) -> str:
    return f"{code[:5]}-{code[5:]}"


def default_intake_organization() -> UnionOrganization:
    """Where online applications land when the applicant names no union: the top of the tree."""
    organization = UnionOrganization.objects.filter(parent__isnull=True).order_by("pk").first()
    if organization is None:
        raise ValidationError(_("No union organisation exists to receive applications."))
    return organization


@transaction.atomic
def case_apply_online(
    *,
    applicant_name: str,
    applicant_phone: str,
    dispute_type: str,
    facts: str,
    consent: bool,
    organization: UnionOrganization | None = None,
) -> tuple[Case, str]:
    """A worker's own application from the public site. Returns the case and its lookup code,
    which is shown once and stored only as a keyed hash."""
    if not consent:
        raise ValidationError({"consent": _("Please agree to the use of your data for mediation.")})
    case = case_open(
        owner=organization or default_intake_organization(), channel=IntakeChannel.ONLINE,
        dispute_type=dispute_type, facts=facts,
        applicants=[PartyData(name=applicant_name.strip(), phone=applicant_phone)],
    )
    code = new_lookup_code()
    case.lookup_code_hash = hash_lookup_code(case.number, code)
    case.consent_at = timezone.now()
    case.save(update_fields=["lookup_code_hash", "consent_at", "updated_at"])
    return case, format_lookup_code(code)


def case_find_by_code(*, number: str, code: str) -> Case | None:
    """The case with that number if the code matches; None otherwise, whichever part was wrong."""
    case = Case.objects.filter(number=(number or "").strip().upper()).first()
    if case is None or not case.lookup_code_matches(code or ""):
        return None
    return case


@transaction.atomic
def case_transfer(*, case: Case, owner: UnionOrganization, handling_station=None, station_place: str = "",
                  by=None) -> Case:
    """Hand a case to another organisation (an online application to the right station)."""
    case = _locked(case)
    case.owner = owner
    case.handling_station = handling_station
    if station_place or handling_station is not None:
        case.station_place = station_place
    case.full_clean()
    case.save(update_fields=["owner", "handling_station", "station_place", "updated_at"])
    for related in (case.parties, case.respondents, case.claims, case.sessions, case.documents,
                    case.extensions, case.referrals):
        related.update(owner=owner)
    Agreement.objects.filter(case=case).update(owner=owner)
    Instalment.objects.filter(agreement__case=case).update(owner=owner)
    return case


# --- Workflow ----------------------------------------------------------------------------------


def _locked(case: Case) -> Case:
    return Case.objects.select_for_update().get(pk=case.pk)


def _move(case: Case, to: str) -> Case:
    if to not in TRANSITIONS[CaseStatus(case.status)]:
        message = _("A case that is “%(current)s” cannot become “%(target)s”.") % {
            "current": case.get_status_display(), "target": CaseStatus(to).label,
        }
        raise ValidationError({"status": ValidationError(message, code="invalid_transition")})
    case.status = to
    return case


def _deadline(case: Case) -> date:
    extra = case.extensions.aggregate(days=Sum("days"))["days"] or 0
    return case.accepted_on + timedelta(days=MEDIATION_PERIOD_DAYS + extra)


@transaction.atomic
def case_accept(*, case: Case, accepted_on: date | None = None, by=None) -> Case:
    """Accept the case: the 15-day mediation period starts."""
    case = _move(_locked(case), CaseStatus.ACCEPTED)
    case.accepted_on = accepted_on or timezone.localdate()
    if case.accepted_on < case.received_on:
        raise ValidationError({"accepted_on": _("A case cannot be accepted before it was received.")})
    case.deadline = _deadline(case)
    case.full_clean()
    case.save(update_fields=["status", "accepted_on", "deadline", "updated_at"])
    return case


@transaction.atomic
def case_decline(*, case: Case, reason: str, by=None) -> Case:
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Give the reason for declining.")})
    case = _move(_locked(case), CaseStatus.DECLINED)
    case.decline_reason = reason.strip()
    case.closed_at = timezone.now()
    case.save(update_fields=["status", "decline_reason", "closed_at", "updated_at"])
    return case


@transaction.atomic
def case_assign(*, case: Case, team: Team, mediators: list[TeamMember], by=None) -> Case:
    """Assign the team and its mediators; an accepted case goes into mediation. Reassigning a case
    in mediation keeps its state."""
    case = _locked(case)
    if not mediators:
        raise ValidationError({"mediators": _("Choose at least one mediator.")})
    if team.owner_id != case.owner_id and not case.owner.path.startswith(team.owner.path):
        raise ValidationError({"team": _("The team must belong to the case's organisation or one above it.")})
    strangers = [member for member in mediators if member.team_id != team.pk or not member.is_mediator]
    if strangers:
        raise ValidationError({"mediators": _("Every mediator must be a mediator of the chosen team.")})
    if case.status != CaseStatus.IN_MEDIATION:
        _move(case, CaseStatus.IN_MEDIATION)
    case.team = team
    case.save(update_fields=["status", "team", "updated_at"])
    case.mediators.set(mediators)
    return case


@transaction.atomic
def case_extend_deadline(*, case: Case, days: int, reason: str, agreed_on: date | None = None,
                         by=None) -> DeadlineExtension:
    """Record an extension the parties agreed to; the deadline moves by that many days."""
    case = _locked(case)
    if case.status not in (CaseStatus.ACCEPTED, CaseStatus.IN_MEDIATION):
        raise ValidationError({"status": _("Only a case in its mediation period can be extended.")})
    extension = _save_new(DeadlineExtension(owner=case.owner, case=case, days=days, reason=reason,
                                            agreed_on=agreed_on or timezone.localdate()), by)
    case.deadline = _deadline(case)
    case.reminded_on = None
    case.save(update_fields=["deadline", "reminded_on", "updated_at"])
    return extension


@transaction.atomic
def case_record_agreement(
    *, case: Case, signed_on: date, total_amount: Decimal, terms: str,
    instalments: list[tuple[date, Decimal]] = (), by=None,
) -> Agreement:
    """The parties agreed: record the amount and its payment schedule (one payment on the signing
    day when no schedule is given). The schedule must add up to the total."""
    case = _move(_locked(case), CaseStatus.AGREEMENT)
    total_amount = Decimal(total_amount)
    schedule = [(due, Decimal(amount)) for due, amount in instalments] or [(signed_on, total_amount)]
    if total_amount > 0 and sum(amount for _due, amount in schedule) != total_amount:
        raise ValidationError({"instalments": _("The payment schedule must add up to the agreed total.")})
    agreement = _save_new(Agreement(owner=case.owner, case=case, signed_on=signed_on,
                                    total_amount=total_amount, terms=terms), by)
    if total_amount > 0:
        for due_on, amount in schedule:
            _save_new(Instalment(owner=case.owner, agreement=agreement, due_on=due_on, amount=amount), by)
    else:
        agreement.fulfilment = FulfilmentStatus.PAID
        agreement.save(update_fields=["fulfilment", "updated_at"])
    case.outcome_note = terms
    case.save(update_fields=["status", "outcome_note", "updated_at"])
    return agreement


def _finish(case: Case, to: str, note: str) -> Case:
    case = _move(_locked(case), to)
    case.outcome_note = (note or "").strip()
    case.save(update_fields=["status", "outcome_note", "updated_at"])
    return case


@transaction.atomic
def case_record_no_agreement(*, case: Case, note: str, by=None) -> Case:
    if not (note or "").strip():
        raise ValidationError({"note": _("Say why no agreement was reached.")})
    return _finish(case, CaseStatus.NO_AGREEMENT, note)


@transaction.atomic
def case_withdraw(*, case: Case, note: str = "", by=None) -> Case:
    return _finish(case, CaseStatus.WITHDRAWN, note)


@transaction.atomic
def case_refer(*, case: Case, target: str, institution: str, reference_number: str = "",
               reason: str = "", referred_on: date | None = None, by=None) -> Referral:
    """Pass the case to arbitration or a court (no agreement, the period ran out, or a default)."""
    case = _move(_locked(case), CaseStatus.REFERRED)
    referral = _save_new(Referral(owner=case.owner, case=case, target=target, institution=institution,
                                  reference_number=reference_number, reason=reason,
                                  referred_on=referred_on or timezone.localdate()), by)
    case.save(update_fields=["status", "updated_at"])
    return referral


@transaction.atomic
def referral_set_reference(*, referral: Referral, reference_number: str, by=None) -> Referral:
    """The arbitration committee or court answers with its own case number."""
    referral.reference_number = reference_number.strip()
    referral.full_clean()
    referral.save(update_fields=["reference_number", "updated_at"])
    return referral


@transaction.atomic
def case_close(*, case: Case, note: str = "", by=None) -> Case:
    case = _move(_locked(case), CaseStatus.CLOSED)
    if note:
        case.outcome_note = f"{case.outcome_note}\n{note}".strip()
    case.closed_at = timezone.now()
    case.save(update_fields=["status", "outcome_note", "closed_at", "updated_at"])
    return case


# --- Sessions and documents --------------------------------------------------------------------


@transaction.atomic
def session_record(*, case: Case, held_at, place: str, participants: str, notes: str = "", by=None) -> Session:
    case = _locked(case)
    if case.status not in (CaseStatus.ACCEPTED, CaseStatus.IN_MEDIATION, CaseStatus.AGREEMENT,
                           CaseStatus.NO_AGREEMENT):
        raise ValidationError({"status": _("Sessions are recorded for accepted cases only.")})
    return _save_new(Session(owner=case.owner, case=case, held_at=held_at, place=place,
                             participants=participants, notes=notes), by)


@transaction.atomic
def document_attach(*, case: Case, title: str, file, session: Session | None = None, by=None) -> Document:
    if session is not None and session.case_id != case.pk:
        raise ValidationError({"session": _("That session belongs to another case.")})
    return _save_new(Document(owner=case.owner, case=case, session=session, title=title, file=file), by)


# --- Agreement fulfilment ----------------------------------------------------------------------


def _refresh_fulfilment(agreement: Agreement) -> Agreement:
    totals = agreement.instalments.aggregate(paid=Sum("paid_amount"), due=Sum("amount"))
    paid, due = totals["paid"] or 0, totals["due"] or 0
    if agreement.fulfilment != FulfilmentStatus.DEFAULTED:
        if due and paid >= due:
            agreement.fulfilment = FulfilmentStatus.PAID
        elif paid > 0:
            agreement.fulfilment = FulfilmentStatus.PARTLY_PAID
        else:
            agreement.fulfilment = FulfilmentStatus.PENDING
    agreement.save(update_fields=["fulfilment", "updated_at"])
    return agreement


@transaction.atomic
def instalment_record_payment(*, instalment: Instalment, amount: Decimal, paid_on: date | None = None,
                              by=None) -> Instalment:
    """Record money received against one instalment (added to what was already paid)."""
    instalment = Instalment.objects.select_for_update().get(pk=instalment.pk)
    amount = Decimal(amount)
    if amount <= 0:
        raise ValidationError({"amount": _("The amount paid must be more than zero.")})
    if instalment.paid_amount + amount > instalment.amount:
        raise ValidationError({"amount": _("This is more than is still owed on the instalment.")})
    Instalment.objects.filter(pk=instalment.pk).update(
        paid_amount=F("paid_amount") + amount, paid_on=paid_on or timezone.localdate(),
        updated_at=timezone.now(),
    )
    instalment.refresh_from_db()
    _refresh_fulfilment(instalment.agreement)
    return instalment


@transaction.atomic
def agreement_mark_defaulted(*, agreement: Agreement, target: str, institution: str, reason: str = "",
                             by=None) -> Referral:
    """The employer did not pay as agreed: mark the default and refer the case on."""
    agreement = Agreement.objects.select_for_update().get(pk=agreement.pk)
    if agreement.fulfilment == FulfilmentStatus.PAID:
        raise ValidationError({"fulfilment": _("This agreement has been paid in full.")})
    agreement.fulfilment = FulfilmentStatus.DEFAULTED
    agreement.save(update_fields=["fulfilment", "updated_at"])
    return case_refer(case=agreement.case, target=target, institution=institution, reason=reason, by=by)


# --- Early warning -----------------------------------------------------------------------------


@transaction.atomic
def risk_record(*, owner: UnionOrganization, enterprise, kind: str, level: str, source: str,
                description: str, reported_on: date | None = None, by=None) -> Risk:
    return _save_new(Risk(owner=owner, enterprise=enterprise, kind=kind, level=level, source=source,
                          description=description, reported_on=reported_on or timezone.localdate()), by)


@transaction.atomic
def risk_follow_up(*, risk: Risk, note: str, resolved: bool = False, by=None) -> Risk:
    risk = Risk.objects.select_for_update().get(pk=risk.pk)
    if risk.status == RiskStatus.RESOLVED:
        raise ValidationError({"status": _("This risk is already resolved.")})
    stamp = timezone.localdate().isoformat()
    risk.follow_up = f"{risk.follow_up}\n{stamp} {note.strip()}".strip()
    risk.status = RiskStatus.RESOLVED if resolved else RiskStatus.FOLLOWING
    risk.resolved_on = timezone.localdate() if resolved else None
    risk.save(update_fields=["follow_up", "status", "resolved_on", "updated_at"])
    return risk


@transaction.atomic
def case_open_from_risk(*, risk: Risk, dispute_type: str, facts: str, applicants: list[PartyData],
                        worker: PartyData | None = None, claims=(), station_place: str = "", by=None) -> Case:
    """A risk turned into a dispute: open a case against the risk's enterprise, linked to the risk."""
    case = case_open(
        owner=risk.owner, channel=IntakeChannel.EARLY_WARNING, dispute_type=dispute_type, facts=facts,
        applicants=applicants, worker=worker, respondents=[(risk.enterprise, RespondentRole.EMPLOYER)],
        claims=claims, station_place=station_place, risk=risk, by=by,
    )
    if risk.status == RiskStatus.OPEN:
        Risk.objects.filter(pk=risk.pk).update(status=RiskStatus.FOLLOWING, updated_at=timezone.now())
    return case


# --- Deadline reminders ------------------------------------------------------------------------


def deadline_reminders_send(*, today: date | None = None) -> int:
    """E-mail each mediator the cases near or past their deadline, once a day. Returns e-mails sent."""
    today = today or timezone.localdate()
    cases = list(
        Case.objects.needing_reminder(today)
        .exclude(reminded_on=today)
        .prefetch_related("mediators__user")
        .order_by("deadline")
    )
    by_address: dict[str, list[Case]] = {}
    for case in cases:
        for mediator in case.mediators.all():
            if mediator.active and mediator.reminder_address:
                by_address.setdefault(mediator.reminder_address, []).append(case)
    sent = 0
    for address, own_cases in by_address.items():
        lines = []
        for case in own_cases:
            left = case.days_left(today)
            if left < 0:
                state = _("overdue by %(days)d days") % {"days": -left}
            else:
                state = _("%(days)d days left") % {"days": left}
            lines.append(f"{case.number}  {case.get_dispute_type_display()}  {case.deadline:%Y-%m-%d}  {state}")
        send_mail(
            subject=_("Mediation cases near or past their 15-day deadline: %(count)d") % {"count": len(own_cases)},
            message="\n".join(
                [_("These cases need a decision: agreement, an agreed extension or a referral."), "", *lines]
            ),
            from_email=None, recipient_list=[address],
        )
        sent += 1
    Case.objects.filter(pk__in=[case.pk for case in cases]).update(reminded_on=today)
    return sent
