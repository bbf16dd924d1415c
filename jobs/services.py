"""Services of the jobs app: the only writers of employers' verification, the posting workflow,
job seekers and intentions, matches and their follow-up, and training outcomes.

Views, admin actions, API views, commands and tests all call these.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from datetime import date
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from jobs.choices import (
    EnrolmentStatus,
    MatchStatus,
    PostingStatus,
    SeekerSource,
    VerificationResult,
)
from jobs.matching import STRONG_SCORE, run_matching
from jobs.models import (
    Employer,
    Enrolment,
    JobIntention,
    JobPosting,
    JobSeeker,
    Match,
    PostingReview,
    VerificationVisit,
)
from jobs.search import document_expression
from unions.choices import OrganizationLevel, Role
from unions.models import Enterprise, Membership, Region, UnionOrganization
from unions.validators import normalize_credit_code, normalize_phone

logger = logging.getLogger(__name__)

# --- Employers ---------------------------------------------------------------------------------


@transaction.atomic
def employer_create(
    *,
    owner: UnionOrganization,
    name: str,
    credit_code: str,
    contact_name: str,
    contact_phone: str,
    region: Region | None = None,
    industry: str = "",
    address: str = "",
    by=None,
) -> Employer:
    """An employer from its credit code: reuses the enterprise when the code is known."""
    code = normalize_credit_code(credit_code)
    enterprise = Enterprise.objects.filter(credit_code=code).first()
    if enterprise is None:
        enterprise = Enterprise(
            owner=owner,
            name=name,
            credit_code=code,
            region=region,
            industry=industry,
            address=address,
            created_by=by,
        )
        enterprise.full_clean()
        enterprise.save()
    elif Employer.objects.filter(enterprise=enterprise).exists():
        raise ValidationError({"credit_code": _("This enterprise is already registered as an employer.")})
    employer = Employer(
        owner=owner,
        enterprise=enterprise,
        contact_name=contact_name,
        contact_phone=normalize_phone(contact_phone),
        created_by=by,
    )
    employer.full_clean()
    employer.save()
    return employer


@transaction.atomic
def employer_update_contact(*, employer: Employer, contact_name: str, contact_phone: str) -> Employer:
    employer.contact_name, employer.contact_phone = contact_name, normalize_phone(contact_phone)
    employer.full_clean()
    employer.save(update_fields=["contact_name", "contact_phone", "updated_at"])
    return employer


@transaction.atomic
def verification_record(
    *,
    employer: Employer,
    visited_on: date,
    working_conditions: str,
    pay_findings: str,
    result: VerificationResult | str,
    by=None,
) -> VerificationVisit:
    """Record a check (监督核查). Its result becomes the employer's standing; an employer that is
    no longer verified has its published postings withdrawn."""
    visit = VerificationVisit(
        owner=employer.owner,
        employer=employer,
        visited_on=visited_on,
        inspector=by,
        working_conditions=working_conditions,
        pay_findings=pay_findings,
        result=result,
        created_by=by,
    )
    visit.full_clean()
    visit.save()
    latest = employer.visits.order_by("-visited_on", "-id").first()
    employer.verification, employer.verified_on = latest.result, latest.visited_on
    employer.save(update_fields=["verification", "verified_on", "updated_at"])
    if employer.verification != VerificationResult.VERIFIED:
        comment = _("Withdrawn: the employer's verification result is now “%(result)s”.") % {
            "result": employer.get_verification_display()
        }
        for posting in employer.postings.filter(status=PostingStatus.PUBLISHED):
            _transition(posting=posting, to=PostingStatus.WITHDRAWN, by=by, comment=comment)
    return visit


# --- Postings ------------------------------------------------------------------------------------

POSTING_FIELDS = {
    "title",
    "occupation",
    "description",
    "headcount",
    "pay_min",
    "pay_max",
    "pay_unit",
    "employment_form",
    "age_min",
    "age_max",
    "education",
    "experience_years",
    "skills",
    "certificates",
    "benefits",
    "hours",
    "region",
    "address",
    "latitude",
    "longitude",
    "priority_groups",
    "contact_name",
    "contact_phone",
    "valid_from",
    "valid_through",
}

TRANSITIONS = {
    PostingStatus.DRAFT: {PostingStatus.IN_REVIEW, PostingStatus.PUBLISHED, PostingStatus.WITHDRAWN},
    PostingStatus.IN_REVIEW: {PostingStatus.PUBLISHED, PostingStatus.DRAFT, PostingStatus.WITHDRAWN},
    PostingStatus.PUBLISHED: {PostingStatus.FILLED, PostingStatus.EXPIRED, PostingStatus.WITHDRAWN},
    PostingStatus.FILLED: set(),
    PostingStatus.EXPIRED: {PostingStatus.IN_REVIEW},
    PostingStatus.WITHDRAWN: {PostingStatus.DRAFT},
}


def _save_posting(posting: JobPosting, update_fields: list[str] | None = None) -> None:
    if "contact_phone" in (update_fields or ["contact_phone"]):
        posting.contact_phone = normalize_phone(posting.contact_phone)
    posting.full_clean(exclude=["search_vector"])
    posting.search_vector = document_expression(*posting.search_texts())
    if update_fields is None:
        posting.save()
    else:
        posting.save(update_fields=[*update_fields, "search_vector", "updated_at"])
    posting.refresh_from_db(fields=["search_vector", "version"])


@transaction.atomic
def posting_create(
    *, owner: UnionOrganization, employer: Employer, by=None, submit: bool = False, **fields
) -> JobPosting:
    """A new posting, as a draft (or straight into review with `submit=True`)."""
    unknown = set(fields) - POSTING_FIELDS - {"stations"}
    if unknown:
        raise TypeError(f"Unknown posting fields: {sorted(unknown)}")
    stations = fields.pop("stations", None)
    posting = JobPosting(owner=owner, employer=employer, created_by=by, **fields)
    _save_posting(posting)
    if stations is not None:
        posting.stations.set(stations)
    if submit:
        _transition(posting=posting, to=PostingStatus.IN_REVIEW, by=by)
    return posting


@transaction.atomic
def posting_update(*, posting: JobPosting, by=None, **fields) -> JobPosting:
    unknown = set(fields) - POSTING_FIELDS - {"employer", "stations"}
    if unknown:
        raise TypeError(f"Unknown posting fields: {sorted(unknown)}")
    stations = fields.pop("stations", None)
    if posting.status in (PostingStatus.FILLED, PostingStatus.EXPIRED, PostingStatus.WITHDRAWN):
        raise ValidationError(_("A closed posting cannot be edited; reopen it first."))
    for name, value in fields.items():
        setattr(posting, name, value)
    if posting.status == PostingStatus.PUBLISHED and "employer" in fields and not posting.employer.may_publish:
        raise ValidationError({"employer": _("Only verified employers can have published postings.")})
    _save_posting(posting, update_fields=list(fields))
    if stations is not None:
        posting.stations.set(stations)
    return posting


def _transition(*, posting: JobPosting, to: PostingStatus, by=None, comment: str = "") -> JobPosting:
    # Lock the row: two reviewers pressing "publish" at once must not both pass the check.
    locked = JobPosting.objects.select_for_update().select_related("employer").get(pk=posting.pk)
    if to not in TRANSITIONS[PostingStatus(locked.status)]:
        raise ValidationError(
            _("A posting that is %(from)s cannot become %(to)s.")
            % {"from": locked.get_status_display(), "to": PostingStatus(to).label}
        )
    if to == PostingStatus.PUBLISHED:
        if not locked.employer.may_publish:
            raise ValidationError(
                {"employer": _("Only verified, non-blacklisted employers can have published postings.")}
            )
        if locked.valid_through < timezone.localdate():
            raise ValidationError({"valid_through": _("This posting's validity has already ended.")})
    PostingReview.objects.create(posting=locked, from_status=locked.status, to_status=to, comment=comment, by=by)
    locked.status = to
    fields = ["status", "updated_at"]
    if comment:
        locked.reviewer_comment = comment
        fields.append("reviewer_comment")
    if to == PostingStatus.PUBLISHED:
        locked.published_at = timezone.now()
        fields.append("published_at")
    locked.save(update_fields=fields)
    if to in (PostingStatus.FILLED, PostingStatus.EXPIRED, PostingStatus.WITHDRAWN):
        # Suggestions for a closed posting are moot; matches staff already work on stay.
        Match.objects.filter(posting=locked, status=MatchStatus.SUGGESTED).update(
            status=MatchStatus.DISMISSED, status_changed_at=timezone.now()
        )
    for name in ("status", "reviewer_comment", "published_at", "version"):
        setattr(posting, name, getattr(locked, name))
    posting.refresh_from_db(fields=["version"])
    return posting


@transaction.atomic
def posting_submit(*, posting: JobPosting, by=None) -> JobPosting:
    return _transition(posting=posting, to=PostingStatus.IN_REVIEW, by=by)


@transaction.atomic
def posting_publish(*, posting: JobPosting, by=None, comment: str = "") -> JobPosting:
    """Publish after review; then match it against the seekers' intentions at once."""
    _transition(posting=posting, to=PostingStatus.PUBLISHED, by=by, comment=comment)
    matches_refresh(posting_id=posting.pk)
    return posting


@transaction.atomic
def posting_reject(*, posting: JobPosting, by=None, comment: str) -> JobPosting:
    """Send a posting in review back to its author as a draft, saying why."""
    if not (comment or "").strip():
        raise ValidationError({"comment": _("Say what has to change.")})
    if posting.status != PostingStatus.IN_REVIEW:
        raise ValidationError(_("Only a posting in review can be sent back."))
    return _transition(posting=posting, to=PostingStatus.DRAFT, by=by, comment=comment)


@transaction.atomic
def posting_fill(*, posting: JobPosting, by=None, comment: str = "") -> JobPosting:
    return _transition(posting=posting, to=PostingStatus.FILLED, by=by, comment=comment)


@transaction.atomic
def posting_withdraw(*, posting: JobPosting, by=None, comment: str = "") -> JobPosting:
    return _transition(posting=posting, to=PostingStatus.WITHDRAWN, by=by, comment=comment)


@transaction.atomic
def posting_expire(*, posting: JobPosting, by=None) -> JobPosting:
    return _transition(posting=posting, to=PostingStatus.EXPIRED, by=by, comment=_("Validity ended."))


def postings_expire_due(*, today: date | None = None) -> int:
    """Expire every published posting past its valid-through date; returns how many."""
    today = today or timezone.localdate()
    count = 0
    for posting in JobPosting.objects.past_validity(today).only("pk", "status"):
        with transaction.atomic():
            posting_expire(posting=posting)
        count += 1
    return count


# --- Job seekers and intentions -------------------------------------------------------------------

_SERVING_LEVELS = [OrganizationLevel.COUNTY, OrganizationLevel.MUNICIPAL, OrganizationLevel.PROVINCIAL]


def responsible_organization(region: Region) -> UnionOrganization | None:
    """The union federation nearest to a region: its county's, else its city's, else its province's."""
    chain, current = [], region
    while current is not None:
        chain.append(current.code)
        current = current.parent
    candidates = {
        org.region_id: org
        for org in UnionOrganization.objects.filter(region_id__in=chain, level__in=_SERVING_LEVELS).order_by("-path")
    }
    for code in chain:
        if code in candidates:
            return candidates[code]
    return None


@transaction.atomic
def seeker_register(
    *,
    name: str,
    phone: str,
    age_band: str,
    consent: bool,
    region: Region,
    occupations: list[str],
    priority_group: str = "",
    education: int = 0,
    employment_forms: list[str] | None = None,
    min_monthly_pay: Decimal | None = None,
    availability: str = "now",
    skills: str = "",
    interested_in: JobPosting | None = None,
    source: SeekerSource | str = SeekerSource.ONLINE,
    owner: UnionOrganization | None = None,
    by=None,
) -> JobIntention:
    """Register a job seeker with an intention (求职意向), then match it at once.

    The union that follows the seeker up: the given one (staff at a station), else the one that
    owns the posting the seeker is interested in, else the federation nearest to the region.
    """
    if not consent:
        raise ValidationError({"consent": _("We can only keep your details with your consent.")})
    if owner is None:
        owner = interested_in.owner if interested_in is not None else responsible_organization(region)
    if owner is None:
        raise ValidationError({"region": _("No union organisation serves this region in the portal yet.")})
    seeker = JobSeeker(
        owner=owner,
        name=name.strip(),
        phone=normalize_phone(phone),
        age_band=age_band,
        priority_group=priority_group,
        education=education,
        source=source,
        consent_at=timezone.now(),
        created_by=by,
    )
    intention = JobIntention(
        owner=owner,
        occupations=list(occupations),
        employment_forms=list(employment_forms or []),
        region=region,
        min_monthly_pay=min_monthly_pay,
        availability=availability,
        skills=skills,
        interested_in=interested_in,
        created_by=by,
    )
    errors = {}
    for record, exclude in ((seeker, []), (intention, ["seeker"])):
        try:
            record.full_clean(exclude=exclude)
        except ValidationError as error:
            errors.update(error.message_dict)
    if errors:
        raise ValidationError(errors)
    seeker.save()
    intention.seeker = seeker
    intention.save()
    matches_refresh(intention_ids=[intention.pk])
    return intention


@transaction.atomic
def intention_close(*, intention: JobIntention) -> JobIntention:
    intention.active = False
    intention.save(update_fields=["active", "updated_at"])
    Match.objects.filter(intention=intention, status=MatchStatus.SUGGESTED).update(
        status=MatchStatus.DISMISSED, status_changed_at=timezone.now()
    )
    return intention


# --- Matches ---------------------------------------------------------------------------------------

REFRESH_BATCH = 250

MATCH_TRANSITIONS = {
    MatchStatus.SUGGESTED: {MatchStatus.CONTACTED, MatchStatus.DISMISSED},
    MatchStatus.CONTACTED: {MatchStatus.INTERVIEWED, MatchStatus.NOT_HIRED, MatchStatus.DISMISSED},
    MatchStatus.INTERVIEWED: {MatchStatus.HIRED, MatchStatus.NOT_HIRED},
    MatchStatus.HIRED: set(),
    MatchStatus.NOT_HIRED: set(),
    MatchStatus.DISMISSED: {MatchStatus.SUGGESTED},
}


@transaction.atomic
def matches_refresh(*, intention_ids: list[int] | None = None, posting_id: int | None = None) -> list[int]:
    """Score in SQL and upsert; staff hear of new strong matches after commit. Returns ids written."""
    if intention_ids is None and posting_id is None:
        # The full refresh goes 250 intentions a statement, so that each fits the statement timeout.
        rows = []
        ids = list(JobIntention.objects.active().order_by("pk").values_list("pk", flat=True))
        for start in range(0, len(ids), REFRESH_BATCH):
            rows += run_matching(intention_ids=ids[start : start + REFRESH_BATCH])
    else:
        rows = run_matching(intention_ids=intention_ids, posting_id=posting_id)
    strong_new = [match_id for match_id, inserted, score in rows if inserted and score >= STRONG_SCORE]
    if strong_new:
        transaction.on_commit(lambda: match_notify(match_ids=strong_new))
    return [row[0] for row in rows]


def _responsible_staff_emails(owner_ids) -> dict[int, list[str]]:
    roles = [Role.EMPLOYMENT_OFFICER, Role.ADMINISTRATOR]
    emails = defaultdict(set)
    for owner_id, email in (
        Membership.objects.filter(organization_id__in=owner_ids, role__in=roles, user__is_active=True)
        .exclude(user__email="")
        .values_list("organization_id", "user__email")
    ):
        emails[owner_id].add(email)
    return {owner_id: sorted(addresses) for owner_id, addresses in emails.items()}


def match_notify(*, match_ids: list[int]) -> int:
    """E-mail each organisation's employment officers about their new strong matches. Returns mails sent."""
    matches = list(
        Match.objects.filter(pk__in=match_ids, notified_at__isnull=True)
        .select_related("intention__seeker", "posting__employer__enterprise")
        .order_by("owner_id", "-score")
    )
    by_owner = defaultdict(list)
    for match in matches:
        by_owner[match.owner_id].append(match)
    recipients = _responsible_staff_emails(by_owner.keys())
    sent = 0
    base = settings.PORTAL_BASE_URL.rstrip("/")
    for owner_id, owner_matches in by_owner.items():
        if not recipients.get(owner_id):
            continue
        lines = [
            _("%(seeker)s ↔ %(title)s at %(employer)s: score %(score)s (%(why)s)")
            % {
                "seeker": match.intention.seeker.name,
                "title": match.posting.title,
                "employer": match.posting.employer.enterprise.name,
                "score": match.score,
                "why": "；".join(text for met, text in match.explanation() if met),
            }
            + f"\n  {base}/admin/jobs/match/{match.pk}/change/"
            for match in owner_matches
        ]
        send_mail(
            subject=_("%(count)s new strong job match(es) to follow up") % {"count": len(owner_matches)},
            message="\n".join(lines),
            from_email=None,
            recipient_list=recipients[owner_id],
        )
        Match.objects.filter(pk__in=[m.pk for m in owner_matches]).update(notified_at=timezone.now())
        sent += 1
    return sent


@transaction.atomic
def match_advance(*, match: Match, to: MatchStatus | str, by=None, note: str = "") -> Match:
    """Move a match along the follow-up queue (对接): contacted → interviewed → hired / not hired."""
    locked = Match.objects.select_for_update().get(pk=match.pk)
    if to not in MATCH_TRANSITIONS[MatchStatus(locked.status)]:
        raise ValidationError(
            _("A match that is %(from)s cannot become %(to)s.")
            % {"from": locked.get_status_display(), "to": MatchStatus(to).label}
        )
    locked.status, locked.status_changed_at = to, timezone.now()
    fields = ["status", "status_changed_at", "updated_at"]
    if note:
        stamp = timezone.localtime().strftime("%Y-%m-%d %H:%M")
        locked.notes = (locked.notes + "\n" if locked.notes else "") + f"{stamp} {note}"
        fields.append("notes")
    locked.save(update_fields=fields)
    locked.refresh_from_db(fields=["version"])
    return locked


# --- Order-based training ---------------------------------------------------------------------------


@transaction.atomic
def enrolment_add(*, training_class, seeker: JobSeeker) -> Enrolment:
    if training_class.enrolments.exclude(status=EnrolmentStatus.DROPPED).count() >= training_class.seats:
        raise ValidationError(_("This class is full."))
    enrolment = Enrolment(training_class=training_class, seeker=seeker)
    enrolment.full_clean()
    enrolment.save()
    return enrolment


@transaction.atomic
def enrolment_complete(*, enrolment: Enrolment, on: date | None = None) -> Enrolment:
    if enrolment.status == EnrolmentStatus.DROPPED:
        raise ValidationError(_("A trainee who dropped out cannot complete the class."))
    enrolment.status, enrolment.completed_on = EnrolmentStatus.COMPLETED, on or timezone.localdate()
    enrolment.save(update_fields=["status", "completed_on"])
    return enrolment


@transaction.atomic
def enrolment_place(*, enrolment: Enrolment, employer: Employer | None = None, on: date | None = None) -> Enrolment:
    """Record that a trainee got a job (the course's outcome), by default with the ordering employer."""
    if enrolment.status != EnrolmentStatus.COMPLETED:
        raise ValidationError(_("Only a trainee who completed the class can be placed."))
    enrolment.placed_on = on or timezone.localdate()
    enrolment.placed_with = employer or enrolment.training_class.course.employer
    enrolment.save(update_fields=["placed_on", "placed_with"])
    return enrolment
