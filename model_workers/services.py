"""Services of the model_workers app: the only writers of the ledger, the visit plan, events,
visits, care orders and benefit checks. Admin, API, commands and tests all call these.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from model_workers import conf, dates
from model_workers.choices import (
    EVENT_VISIT,
    HONOURS_WITH_BENEFITS,
    Benefit,
    CareOrderStatus,
    EventKind,
    Honour,
    LivingSituation,
    Mobility,
    Occasion,
    PaidBy,
    VisitKind,
    VisitStatus,
)
from model_workers.models import (
    BENEFIT_FIELDS,
    BenefitCheck,
    CareOrder,
    CareService,
    ModelWorker,
    Visit,
    Visitor,
    WorkerEvent,
    today,
)
from unions.choices import OrganizationLevel
from unions.models import UnionOrganization
from unions.validators import mask_id_number, normalize_id_number, normalize_phone

# GB/T 2260 province codes of the municipalities directly under the central government: their
# federation (天津市总工会) is the city level although it ranks as a province.
MUNICIPALITY_PROVINCES = {"11", "12", "31", "50"}

# --- Organisations ------------------------------------------------------------------------------


def city_organization_of(organization: UnionOrganization) -> UnionOrganization:
    """The city-level union above (or at) an organisation: the nearest municipal federation, or
    the federation of a municipality such as 天津; the organisation itself when there is none."""
    chain = sorted(organization.ancestors().select_related("region"), key=lambda o: -o.depth)
    for candidate in chain:
        if candidate.level == OrganizationLevel.MUNICIPAL:
            return candidate
        if (
            candidate.level == OrganizationLevel.PROVINCIAL
            and candidate.region_id
            and candidate.region_id[:2] in MUNICIPALITY_PROVINCES
        ):
            return candidate
    return organization


# --- The ledger ---------------------------------------------------------------------------------


@transaction.atomic
def worker_save(*, worker: ModelWorker, by=None) -> ModelWorker:
    """Create or update a ledger entry, then bring its visit plans up to date."""
    worker.id_number = normalize_id_number(worker.id_number)
    worker.id_number_masked = mask_id_number(worker.id_number)
    worker.phone = normalize_phone(worker.phone)
    if worker.pk is None and worker.created_by_id is None:
        worker.created_by = _user_or_none(by)
    previous_owner = (
        ModelWorker.objects.filter(pk=worker.pk).values_list("owner_id", flat=True).first() if worker.pk else None
    )
    worker.full_clean()
    worker.save()
    if previous_owner and previous_owner != worker.owner_id:
        # A transfer of responsibility takes the whole record along: the new organisation sees
        # the visits, events, orders and checks; the old one no longer does.
        for model in (Visit, WorkerEvent, CareOrder, BenefitCheck):
            model.objects.filter(worker=worker).update(owner_id=worker.owner_id)
        Visit.objects.filter(worker=worker, assigned_to_id=previous_owner).update(assigned_to_id=worker.owner_id)
    plan_refresh(worker=worker)
    return worker


# --- The visit plan -------------------------------------------------------------------------------


@dataclass
class PlanResult:
    created: int = 0
    updated: int = 0
    cancelled: int = 0
    unchanged: int = 0

    def __iadd__(self, other: PlanResult) -> PlanResult:
        self.created += other.created
        self.updated += other.updated
        self.cancelled += other.cancelled
        self.unchanged += other.unchanged
        return self


# The planner sets these from rows it has just read; the database checks the foreign keys and the
# constraints, so validating them in Python would cost queries per visit.
TRUSTED_FIELDS = ["worker", "owner", "assigned_to", "event", "created_by"]
PLAN_FIELDS = ["kind", "owner_id", "assigned_to_id", "occasion_date", "window_start", "window_end", "requires_leader"]


def _desired_visits(worker: ModelWorker, year: int, city_of) -> dict[str, dict]:
    """The calendar visits a worker should have in plan year `year`: occasion → fields."""
    desired: dict[str, dict] = {}
    if worker.birth_date.year > year:
        return desired
    for occasion, day in dates.festival_dates(year).items():
        start, end = dates.window(day, conf.get("FESTIVAL_WINDOW"))
        desired[occasion] = {
            "kind": VisitKind.FESTIVAL, "owner_id": worker.owner_id, "assigned_to_id": worker.owner_id,
            "occasion_date": day,
            "window_start": start, "window_end": end, "requires_leader": False,
        }
    birthday = dates.birthday_in(worker.birth_date, year, lunar=worker.birthday_lunar)
    leader = (
        worker.honour == Honour.NATIONAL_MODEL
        and dates.age_turned_in(worker.birth_date, year, lunar=worker.birthday_lunar) >= conf.get("LEADER_VISIT_AGE")
    )
    start, end = dates.window(birthday, conf.get("LEADER_BIRTHDAY_WINDOW" if leader else "BIRTHDAY_WINDOW"))
    desired[Occasion.BIRTHDAY] = {
        "kind": VisitKind.BIRTHDAY, "owner_id": worker.owner_id,
        "assigned_to_id": city_of(worker.owner).pk if leader else worker.owner_id,
        "occasion_date": birthday, "window_start": start, "window_end": end, "requires_leader": leader,
    }
    return desired


def _city_cache():
    cache: dict[int, UnionOrganization] = {}

    def city_of(organization: UnionOrganization) -> UnionOrganization:
        if organization.pk not in cache:
            cache[organization.pk] = city_organization_of(organization)
        return cache[organization.pk]

    return city_of


def _plan_worker_year(
    worker: ModelWorker, year: int, existing: dict[str, Visit], city_of, to_create: list, to_update: list,
) -> PlanResult:
    """Compare a worker's desired calendar visits with the stored ones; queue what must change."""
    result = PlanResult()
    if worker.date_of_death:
        return result  # plans of the dead are ended by _end_plans, never recreated
    for occasion, fields in _desired_visits(worker, year, city_of).items():
        visit = existing.get(occasion)
        if visit is None:
            visit = Visit(worker=worker, year=year, occasion=occasion, **fields)
            visit.full_clean(exclude=TRUSTED_FIELDS, validate_unique=False, validate_constraints=False)
            to_create.append(visit)
            result.created += 1
        elif visit.status != VisitStatus.PLANNED:
            result.unchanged += 1  # done or cancelled visits are history: never rewritten
        elif any(getattr(visit, name) != value for name, value in fields.items()):
            for name, value in fields.items():
                setattr(visit, name, value)
            visit.full_clean(exclude=TRUSTED_FIELDS, validate_unique=False, validate_constraints=False)
            to_update.append(visit)
            result.updated += 1
        else:
            result.unchanged += 1
    return result


def _end_plans(worker: ModelWorker) -> int:
    """A death ends every visit still planned for the worker."""
    if not worker.date_of_death:
        return 0
    return Visit.objects.filter(worker=worker, status=VisitStatus.PLANNED).update(
        status=VisitStatus.CANCELLED, cancel_reason=_("The model worker has died."),
    )


@transaction.atomic
def plan_visits(*, year: int, workers=None) -> PlanResult:
    """Build or bring up to date the calendar visits of plan year `year` (idempotent).

    Festivals and birthdays are created once per worker and occasion; planned visits follow
    ledger changes (birth date, lunar flag, honour, organisation); done and cancelled visits are
    left as they are; a death cancels what is still planned.
    """
    dates.check_year(year)
    workers = ModelWorker.objects.all() if workers is None else workers
    existing: dict[int, dict[str, Visit]] = defaultdict(dict)
    for visit in Visit.objects.filter(year=year, event__isnull=True, worker__in=workers.values("pk")):
        existing[visit.worker_id][visit.occasion] = visit
    city_of = _city_cache()
    result = PlanResult()
    to_create: list[Visit] = []
    to_update: list[Visit] = []
    for worker in workers.select_related("owner").iterator(chunk_size=2000):
        result.cancelled += _end_plans(worker)
        result += _plan_worker_year(worker, year, existing[worker.pk], city_of, to_create, to_update)
    Visit.objects.bulk_create(to_create, batch_size=1000)
    now = timezone.now()
    for visit in to_update:
        visit.updated_at = now
    Visit.objects.bulk_update(to_update, [name.removesuffix("_id") for name in PLAN_FIELDS] + ["updated_at"],
                              batch_size=1000)
    return result


def plan_refresh(*, worker: ModelWorker) -> PlanResult:
    """Keep a worker's plans current after a ledger change: every plan year from this one on that
    has been planned for anyone."""
    years = (
        Visit.objects.filter(year__gte=today().year, event__isnull=True)
        .order_by().values_list("year", flat=True).distinct()
    )
    result = PlanResult()
    result.cancelled += _end_plans(worker)
    for year in sorted(years):
        result += plan_visits(year=year, workers=ModelWorker.objects.filter(pk=worker.pk))
    return result


# --- Events ---------------------------------------------------------------------------------------


@transaction.atomic
def event_record(
    *, worker: ModelWorker, kind: EventKind | str, occurred_on: date, description: str = "",
    hospital: str = "", by=None,
) -> WorkerEvent:
    """Record a hospital admission, sudden hardship or disaster, and plan the prompt visit it
    calls for: due within EVENT_VISIT_DAYS[kind] days of recording."""
    if worker.date_of_death:
        raise ValidationError({"worker": _("The model worker has died.")})
    event = WorkerEvent(
        owner=worker.owner, worker=worker, kind=kind, occurred_on=occurred_on, description=description,
        hospital=hospital, created_by=_user_or_none(by),
    )
    event.full_clean()
    event.save()
    if kind == EventKind.HOSPITAL_ADMISSION and not worker.in_hospital:
        worker.in_hospital = True
        worker.save(update_fields=["in_hospital", "updated_at"])
    visit_kind, occasion = EVENT_VISIT[EventKind(kind)]
    days = conf.get("EVENT_VISIT_DAYS")[str(kind)]
    visit = Visit(
        owner=worker.owner, assigned_to=worker.owner, worker=worker, year=occurred_on.year, kind=visit_kind,
        occasion=occasion,
        event=event, occasion_date=occurred_on, window_start=occurred_on,
        window_end=max(occurred_on, today()) + timedelta(days=days), created_by=_user_or_none(by),
    )
    visit.full_clean()
    visit.save()
    return event


@transaction.atomic
def hospital_discharge(*, event: WorkerEvent, discharged_on: date, by=None) -> WorkerEvent:
    if event.kind != EventKind.HOSPITAL_ADMISSION:
        raise ValidationError(_("Only a hospital admission has a discharge."))
    if event.discharged_on:
        raise ValidationError(_("The discharge is already recorded."))
    if discharged_on < event.occurred_on or discharged_on > today():
        raise ValidationError({"discharged_on": _("The discharge must lie between the admission and today.")})
    event.discharged_on = discharged_on
    event.save(update_fields=["discharged_on", "updated_at"])
    still_in = WorkerEvent.objects.filter(
        worker_id=event.worker_id, kind=EventKind.HOSPITAL_ADMISSION, discharged_on__isnull=True,
    ).exists()
    ModelWorker.objects.filter(pk=event.worker_id).update(in_hospital=still_in)
    return event


# --- Visits ---------------------------------------------------------------------------------------


@dataclass
class VisitorData:
    name: str
    title: str = ""
    is_leader: bool = False
    user: object = None


@transaction.atomic
def visit_record(
    *, visit: Visit, done_on: date, visitors: list[VisitorData], gift_value: Decimal = Decimal("0"),
    cash_amount: Decimal = Decimal("0"), notes: str = "", needs_found: str = "",
    follow_up: list[CareService] = (), by=None,
) -> Visit:
    """Record a planned visit as done, with who went, what was given and what was found; each
    follow-up service becomes an open care order."""
    visit = Visit.objects.select_for_update(of=("self",)).select_related("worker", "event").get(pk=visit.pk)
    if visit.status != VisitStatus.PLANNED:
        raise ValidationError(_("Only a planned visit can be recorded; this one is %(status)s.")
                              % {"status": visit.get_status_display()})
    errors = {}
    visitors = [v for v in visitors if v.name.strip()]
    if not visitors:
        errors["visitors"] = _("Name at least one visitor.")
    elif visit.requires_leader and not any(v.is_leader for v in visitors):
        errors["visitors"] = _("This visit must be made by a city-union leader: mark the leader among the visitors.")
    if done_on > today():
        errors["done_on"] = _("A visit cannot be recorded as done in the future.")
    elif visit.event_id and done_on < visit.event.occurred_on:
        errors["done_on"] = _("The visit cannot be before the event it answers.")
    elif visit.worker.date_of_death and done_on > visit.worker.date_of_death:
        errors["done_on"] = _("The visit cannot be after the model worker's death.")
    if gift_value < 0 or cash_amount < 0:
        errors["gift_value"] = _("Amounts cannot be negative.")
    if errors:
        raise ValidationError(errors)
    visit.status = VisitStatus.DONE
    visit.done_on = done_on
    visit.gift_value, visit.cash_amount = gift_value, cash_amount
    visit.notes, visit.needs_found = notes, needs_found
    visit.full_clean()
    visit.save(update_fields=["status", "done_on", "gift_value", "cash_amount", "notes", "needs_found", "updated_at"])
    Visitor.objects.bulk_create(
        Visitor(visit=visit, name=v.name.strip(), title=v.title.strip(), is_leader=v.is_leader, user=v.user)
        for v in visitors
    )
    for service in follow_up:
        care_order_create(
            worker=visit.worker, service=service, scheduled_on=max(done_on, today()), visit=visit,
            notes=needs_found, by=by,
        )
    return visit


@transaction.atomic
def visit_cancel(*, visit: Visit, reason: str, by=None) -> Visit:
    if visit.status != VisitStatus.PLANNED:
        raise ValidationError(_("Only a planned visit can be cancelled."))
    if not reason.strip():
        raise ValidationError({"cancel_reason": _("Give the reason for cancelling.")})
    visit.status = VisitStatus.CANCELLED
    visit.cancel_reason = reason.strip()
    visit.save(update_fields=["status", "cancel_reason", "updated_at"])
    return visit


# --- Care orders ----------------------------------------------------------------------------------


def care_order_check(*, worker: ModelWorker, service: CareService, visit: Visit | None) -> None:
    """Raise if the order cannot be placed (also called by forms before they save)."""
    if worker.date_of_death:
        raise ValidationError({"worker": _("The model worker has died.")})
    if not service.active:
        raise ValidationError({"service": _("This service is no longer offered.")})
    if visit is not None and visit.worker_id != worker.pk:
        raise ValidationError({"visit": _("The visit is not of this model worker.")})


@transaction.atomic
def care_order_create(
    *, worker: ModelWorker, service: CareService, scheduled_on: date, provider: str = "",
    cost: Decimal = Decimal("0"), paid_by: PaidBy | str = PaidBy.BOUGHT, visit: Visit | None = None,
    notes: str = "", by=None,
) -> CareOrder:
    care_order_check(worker=worker, service=service, visit=visit)
    order = CareOrder(
        owner=worker.owner, worker=worker, service=service, scheduled_on=scheduled_on, provider=provider,
        cost=cost, paid_by=paid_by, visit=visit, notes=notes, created_by=_user_or_none(by),
    )
    order.full_clean()
    order.save()
    return order


@transaction.atomic
def care_order_update(*, order: CareOrder, by=None) -> CareOrder:
    """Save changed arrangements (provider, date, cost, payer, notes) of an open order."""
    if order.status != CareOrderStatus.OPEN:
        raise ValidationError(_("Only an open order can be changed."))
    care_order_check(worker=order.worker, service=order.service, visit=order.visit)
    order.full_clean()
    order.save(update_fields=["service", "visit", "provider", "scheduled_on", "cost", "paid_by", "notes", "updated_at"])
    return order


@transaction.atomic
def care_order_deliver(*, order: CareOrder, delivered_on: date, cost: Decimal | None = None, by=None) -> CareOrder:
    if order.status != CareOrderStatus.OPEN:
        raise ValidationError(_("Only an open order can be delivered."))
    if delivered_on > today():
        raise ValidationError({"delivered_on": _("The delivery cannot be in the future.")})
    order.status = CareOrderStatus.DELIVERED
    order.delivered_on = delivered_on
    fields = ["status", "delivered_on", "updated_at"]
    if cost is not None:
        order.cost = cost
        fields.append("cost")
    order.full_clean()
    order.save(update_fields=fields)
    return order


@transaction.atomic
def care_order_cancel(*, order: CareOrder, by=None) -> CareOrder:
    if order.status != CareOrderStatus.OPEN:
        raise ValidationError(_("Only an open order can be cancelled."))
    order.status = CareOrderStatus.CANCELLED
    order.save(update_fields=["status", "updated_at"])
    return order


# --- Benefit checks -------------------------------------------------------------------------------


def benefits_expected(worker: ModelWorker) -> dict[str, bool]:
    """What the ledger says a model worker should receive.

    - honour allowance and higher medical reimbursement: national and provincial honours, and
      municipal model workers granted "enjoys model-worker benefits";
    - long-term care insurance: anyone who cannot live independently;
    - nursing-home subsidy: low-income model workers living in a nursing home.
    """
    entitled = worker.honour in HONOURS_WITH_BENEFITS or worker.enjoys_benefits
    return {
        Benefit.HONOUR_ALLOWANCE: entitled,
        Benefit.HIGHER_MEDICAL: entitled,
        Benefit.CARE_INSURANCE: worker.mobility != Mobility.INDEPENDENT,
        Benefit.NURSING_SUBSIDY: worker.low_income and worker.living_situation == LivingSituation.NURSING_HOME,
    }


@transaction.atomic
def benefit_check_prepare(*, worker: ModelWorker, year: int, by=None) -> tuple[BenefitCheck, bool]:
    """The year's check for a worker, its expectations taken from the ledger while unchecked."""
    check = BenefitCheck.objects.filter(worker=worker, year=year).first()
    created = check is None
    if created:
        check = BenefitCheck(owner=worker.owner, worker=worker, year=year, created_by=_user_or_none(by))
    elif check.checked_on:
        return check, False
    for benefit, expected in benefits_expected(worker).items():
        setattr(check, BENEFIT_FIELDS[benefit][0], expected)
    check.full_clean(validate_unique=False)
    check.save()
    return check, created


def benefit_checks_prepare(*, year: int, workers) -> int:
    """Prepare the year's checks for living workers; returns how many were new."""
    return sum(
        benefit_check_prepare(worker=worker, year=year)[1]
        for worker in workers.filter(date_of_death__isnull=True).select_related("owner")
    )


def benefit_check_validate(*, check: BenefitCheck, found: dict[str, bool | None], checked_on: date) -> None:
    errors = {}
    for benefit, (expected_field, found_field) in BENEFIT_FIELDS.items():
        value = found.get(benefit, found.get(found_field))
        if value is None and getattr(check, expected_field):
            errors[found_field] = _("This benefit is expected: say whether it was found.")
    if checked_on > today():
        errors["checked_on"] = _("The check cannot be in the future.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def benefit_check_record(
    *, check: BenefitCheck, found: dict[str, bool | None], checked_on: date, notes: str = "", by=None,
) -> BenefitCheck:
    """Record what was found. Every expected benefit needs an answer (paid or not)."""
    benefit_check_validate(check=check, found=found, checked_on=checked_on)
    for benefit, (_expected, found_field) in BENEFIT_FIELDS.items():
        setattr(check, found_field, found.get(benefit, found.get(found_field)))
    check.checked_on = checked_on
    check.checked_by = _user_or_none(by)
    check.notes = notes
    check.full_clean(validate_unique=False)
    check.save()
    return check


# --- Reminders ------------------------------------------------------------------------------------


def visits_to_remind(on: date):
    """Planned visits whose window is open and not yet reminded, or that became overdue since."""
    from django.db.models import F, Q

    return (
        Visit.objects.planned()
        .filter(window_start__lte=on, worker__date_of_death__isnull=True)
        .filter(Q(last_reminded_on__isnull=True) | Q(window_end__lt=on, last_reminded_on__lte=F("window_end")))
    )


@transaction.atomic
def remind_visits(*, on: date | None = None) -> dict[str, int]:
    """E-mail each contact person the visits due and overdue for the workers in their care.

    A visit is reminded when its window opens and once more when it becomes overdue.
    Returns counts: e-mails sent, visits reminded, visits with no contact e-mail.
    """
    on = on or today()
    visits = list(
        visits_to_remind(on).select_related("worker", "worker__contact_person", "owner").order_by("window_end", "pk")
    )
    by_contact: dict[object, list[Visit]] = defaultdict(list)
    skipped = 0
    for visit in visits:
        contact = visit.worker.contact_person
        if contact is None or not contact.email or not contact.is_active:
            skipped += 1
            continue
        by_contact[contact].append(visit)
    reminded = [visit.pk for group in by_contact.values() for visit in group]
    Visit.objects.filter(pk__in=reminded).update(last_reminded_on=on)
    messages = []
    with translation.override(settings.LANGUAGE_CODE):
        for contact, group in by_contact.items():
            context = {
                # Chinese order: family name first, no space (周建华).
                "contact": contact, "contact_name": f"{contact.last_name}{contact.first_name}" or contact.username,
                "on": on,
                "due": [v for v in group if v.window_end >= on],
                "overdue": [v for v in group if v.window_end < on],
                "base_url": getattr(settings, "PORTAL_BASE_URL", ""),
            }
            subject = _("Model-worker visits due: %(count)d") % {"count": len(group)}
            body = render_to_string("model_workers/email/visit_reminder.txt", context)
            messages.append((subject, body, contact.email))

    def send():
        for subject, body, address in messages:
            send_mail(subject, body, None, [address])

    transaction.on_commit(send)
    return {"emails": len(messages), "visits": len(reminded), "skipped": skipped}


def _user_or_none(by):
    """Partner keys act too, but only staff users are stored as authors."""
    if by is None or hasattr(by, "api_key") or not getattr(by, "is_authenticated", False):
        return None
    return by

