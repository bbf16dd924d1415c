"""Services of the stations app: the only writers of stations, events, sign-ups, feedback and
evaluations. Views, admin actions, API views, importers, demo data and tests all call these.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from stations.choices import EVALUATION_CHECKLIST, EvaluationOutcome, FeedbackStatus, StationStatus
from stations.models import (
    Evaluation,
    Event,
    EventSignup,
    Facility,
    Feedback,
    Station,
    StationFacility,
    StatusChange,
    SubsidyRate,
    local_now,
)

# Allowed lifecycle steps: from → the statuses it may move to.
TRANSITIONS = {
    StationStatus.PLANNED: {StationStatus.OPEN, StationStatus.DELISTED},
    StationStatus.OPEN: {StationStatus.SUSPENDED, StationStatus.DELISTED},
    StationStatus.SUSPENDED: {StationStatus.OPEN, StationStatus.DELISTED},
    StationStatus.DELISTED: set(),
}

STATION_FIELDS = {
    "name", "kind", "parent", "region", "address", "host_enterprise", "area_m2", "seats", "beds",
    "contact_phone", "description", "lat", "lng", "coordinate_system", "is_24h", "operation_mode",
    "last_verified_on", "has_platform", "has_team", "has_rules", "has_resources", "has_standards", "has_results",
}


def _set_facilities(station: Station, facilities: Iterable[Facility | str]) -> None:
    wanted = []
    for item in facilities:
        wanted.append(item if isinstance(item, Facility) else Facility.objects.get(code=item))
    StationFacility.objects.filter(station=station).exclude(facility__in=wanted).delete()
    existing = set(StationFacility.objects.filter(station=station).values_list("facility_id", flat=True))
    StationFacility.objects.bulk_create(
        [StationFacility(station=station, facility=f) for f in wanted if f.pk not in existing]
    )


@transaction.atomic
def station_create(*, owner, created_by=None, facilities: Iterable[Facility | str] | None = None,
                   status: str = StationStatus.PLANNED, **fields) -> Station:
    """Register a station. It starts planned, or open when `status="open"` (an existing station)."""
    unknown = set(fields) - STATION_FIELDS
    if unknown:
        raise TypeError(f"unknown station fields: {sorted(unknown)}")
    station = Station(owner=owner, created_by=created_by, **fields)
    station.full_clean(exclude=["lat_wgs84", "lng_wgs84"])
    station.set_wgs84()
    if status != StationStatus.PLANNED:
        station.status = status
        station.status_changed_on = local_now().date()
    station.save()
    if facilities is not None:
        _set_facilities(station, facilities)
    return station


@transaction.atomic
def station_update(*, station: Station, facilities: Iterable[Facility | str] | None = None, **fields) -> Station:
    unknown = set(fields) - STATION_FIELDS
    if unknown:
        raise TypeError(f"unknown station fields: {sorted(unknown)}")
    for name, value in fields.items():
        setattr(station, name, value)
    station.full_clean(exclude=["lat_wgs84", "lng_wgs84"])
    station.set_wgs84()
    station.save()
    if facilities is not None:
        _set_facilities(station, facilities)
    return station


@transaction.atomic
def _station_transition(*, station: Station, to: str, reason: str, on: dt.date | None, by) -> Station:
    station = Station.objects.select_for_update().get(pk=station.pk)
    if not reason or not reason.strip():
        raise ValidationError({"reason": _("Give a reason for this step.")})
    if to not in TRANSITIONS[station.status]:
        raise ValidationError(
            {"status": _("A station that is %(current)s cannot become %(new)s.")
             % {"current": station.get_status_display(), "new": StationStatus(to).label}}
        )
    on = on or local_now().date()
    StatusChange.objects.create(
        station=station, from_status=station.status, to_status=to, on=on, reason=reason.strip(),
        by=by if getattr(by, "is_authenticated", False) and not hasattr(by, "api_key") else None,
    )
    station.status, station.status_changed_on, station.status_reason = to, on, reason.strip()
    station.save(update_fields=["status", "status_changed_on", "status_reason", "updated_at"])
    return station


def station_open(*, station: Station, reason: str, on: dt.date | None = None, by=None) -> Station:
    return _station_transition(station=station, to=StationStatus.OPEN, reason=reason, on=on, by=by)


def station_suspend(*, station: Station, reason: str, on: dt.date | None = None, by=None) -> Station:
    return _station_transition(station=station, to=StationStatus.SUSPENDED, reason=reason, on=on, by=by)


def station_delist(*, station: Station, reason: str, on: dt.date | None = None, by=None) -> Station:
    return _station_transition(station=station, to=StationStatus.DELISTED, reason=reason, on=on, by=by)


# --- Events ---------------------------------------------------------------------------------------


@transaction.atomic
def event_create(*, station: Station, created_by=None, **fields) -> Event:
    event = Event(station=station, owner_id=station.owner_id, created_by=created_by, **fields)
    event.full_clean()
    event.save()
    return event


class SignupError(ValidationError):
    pass


@transaction.atomic
def event_signup(*, event: Event, occurrence: dt.date, name: str, phone: str, consent: bool) -> EventSignup:
    """Sign a worker up for one occurrence. Never past capacity: the event row is locked while
    counting, so concurrent sign-ups queue and the last ones are refused."""
    event = Event.objects.select_for_update().select_related("station").get(pk=event.pk)
    if not consent:
        raise SignupError({"consent": _("Please agree that we keep your name and phone for this event.")})
    if event.capacity is None:
        raise SignupError({"event": _("This event needs no sign-up: just come.")})
    if not event.is_published or event.station.status != StationStatus.OPEN:
        raise SignupError({"event": _("This event is not open for sign-up.")})
    if not event.is_occurrence(occurrence):
        raise SignupError({"occurrence": _("The event does not take place on that date.")})
    if occurrence < local_now().date():
        raise SignupError({"occurrence": _("That date has passed.")})
    taken = EventSignup.objects.filter(event=event, occurrence=occurrence).count()
    if taken >= event.capacity:
        raise SignupError({"occurrence": _("Sorry, this date is fully booked.")})
    signup = EventSignup(event=event, occurrence=occurrence, name=name.strip(), phone=phone.strip(), consent=True)
    signup.full_clean(exclude=["event"], validate_unique=False, validate_constraints=False)
    try:
        with transaction.atomic():
            signup.save()
    except IntegrityError as error:
        raise SignupError({"phone": _("This phone number is already signed up for that date.")}) from error
    return signup


@transaction.atomic
def signup_record_attendance(*, signup: EventSignup, attended: bool) -> EventSignup:
    signup.attended = attended
    signup.save(update_fields=["attended"])
    return signup


def places_left(event: Event, occurrence: dt.date) -> int | None:
    if event.capacity is None:
        return None
    return max(0, event.capacity - event.signups.filter(occurrence=occurrence).count())


# --- Feedback -------------------------------------------------------------------------------------


@transaction.atomic
def feedback_submit(*, station: Station, rating: int, category: str, text: str, contact: str = "") -> Feedback:
    feedback = Feedback(
        station=station, owner_id=station.owner_id, rating=rating, category=category,
        text=(text or "").strip(), contact=(contact or "").strip(),
    )
    feedback.full_clean()
    feedback.save()
    return feedback


FEEDBACK_STEPS = {
    FeedbackStatus.RECEIVED: {FeedbackStatus.IN_PROGRESS, FeedbackStatus.RESOLVED},
    FeedbackStatus.IN_PROGRESS: {FeedbackStatus.RESOLVED},
    FeedbackStatus.RESOLVED: set(),
}


@transaction.atomic
def feedback_answer(*, feedback: Feedback, status: str, reply: str = "", by=None) -> Feedback:
    """Move feedback on (received → in progress → resolved); resolving needs a public reply."""
    feedback = Feedback.objects.select_for_update().get(pk=feedback.pk)
    if status not in FEEDBACK_STEPS[feedback.status]:
        raise ValidationError({"status": _("Feedback that is %(current)s cannot become %(new)s.")
                               % {"current": feedback.get_status_display(), "new": FeedbackStatus(status).label}})
    reply = (reply or "").strip()
    if status == FeedbackStatus.RESOLVED and not reply:
        raise ValidationError({"reply": _("Write the public reply before resolving.")})
    fields = ["status", "updated_at"]
    feedback.status = status
    if reply:
        feedback.reply, feedback.replied_at = reply, timezone.now()
        fields += ["reply", "replied_at"]
    feedback.save(update_fields=fields)
    return feedback


# --- Evaluations ----------------------------------------------------------------------------------

STAR_THRESHOLDS = [(Decimal(90), 5), (Decimal(80), 4), (Decimal(70), 3), (Decimal(60), 2)]


def weighted_score(scores: dict) -> Decimal:
    """Weighted mean of the checklist scores (each 0–100), to 2 places."""
    errors = {}
    total_weight, total = 0, Decimal(0)
    for code, label, weight in EVALUATION_CHECKLIST:
        value = scores.get(code)
        try:
            value = Decimal(str(value))
        except (ArithmeticError, ValueError, TypeError):
            errors[code] = _("Give a score from 0 to 100 for “%(item)s”.") % {"item": label}
            continue
        if not (0 <= value <= 100):
            errors[code] = _("Give a score from 0 to 100 for “%(item)s”.") % {"item": label}
            continue
        total += value * weight
        total_weight += weight
    unknown = set(scores) - {code for code, _label, _weight in EVALUATION_CHECKLIST}
    if unknown:
        errors["scores"] = _("Unknown checklist item(s): %(items)s.") % {"items": ", ".join(sorted(unknown))}
    if errors:
        raise ValidationError(errors)
    return (total / total_weight).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def stars_for(score: Decimal) -> int:
    for threshold, stars in STAR_THRESHOLDS:
        if score >= threshold:
            return stars
    return 1


@transaction.atomic
def evaluation_record(
    *, station: Station, visited_on: dt.date, inspectors: str, scores: dict, outcome: str | None = None,
    rectify_by: dt.date | None = None, comments: str = "", photo=None, by=None,
) -> Evaluation:
    """Record an inspection: score → stars → subsidy by grade → plaque, rectification or de-listing.

    Without an explicit outcome: 3 stars and up earn the plaque, 2 stars a rectification order
    (90 days unless a deadline is given), 1 star de-listing.
    """
    station = Station.objects.select_for_update().get(pk=station.pk)
    if not inspectors or not inspectors.strip():
        raise ValidationError({"inspectors": _("Name the inspectors.")})
    score = weighted_score(scores)
    stars = stars_for(score)
    if outcome is None:
        outcome = EvaluationOutcome.PLAQUE if stars >= 3 else EvaluationOutcome.RECTIFY if stars == 2 \
            else EvaluationOutcome.DELIST
    if outcome == EvaluationOutcome.RECTIFY and rectify_by is None:
        rectify_by = visited_on + dt.timedelta(days=90)
    if outcome != EvaluationOutcome.RECTIFY:
        rectify_by = None
    rate = SubsidyRate.objects.filter(kind=station.kind, stars=stars).first()
    earns = outcome == EvaluationOutcome.PLAQUE and rate is not None
    evaluation = Evaluation(
        station=station, owner_id=station.owner_id, created_by=by if getattr(by, "pk", None) and not
        hasattr(by, "api_key") else None,
        visited_on=visited_on, inspectors=inspectors.strip(), scores=scores, total_score=score, stars=stars,
        construction_subsidy=rate.construction_yuan if earns else Decimal("0.00"),
        operations_subsidy=rate.operations_yuan if earns else Decimal("0.00"),
        outcome=outcome, rectify_by=rectify_by, comments=comments,
    )
    if photo:
        evaluation.photo = photo
    evaluation.full_clean()
    evaluation.save()
    station.current_stars = stars
    station.last_verified_on = max(visited_on, station.last_verified_on or visited_on)
    station.save(update_fields=["current_stars", "last_verified_on", "updated_at"])
    if outcome == EvaluationOutcome.DELIST and station.status != StationStatus.DELISTED:
        station_delist(station=station, reason=str(_("De-listed after evaluation")), on=visited_on, by=by)
    return evaluation
