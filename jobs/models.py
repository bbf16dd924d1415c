"""Models of the jobs app (招聘加油站): employers' hiring side, postings, bulletins, fairs,
job seekers with their intentions, matches, order-based training, and API idempotency.

Employers are the foundation's `unions.Enterprise`; `Employer` adds what hiring needs (contact,
verification state) and `VerificationVisit` keeps each check (监督核查). State changes go
through `jobs.services`.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Count, Q, Sum
from django.db.models.functions import Left
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from jobs.choices import (
    AgeBand,
    Availability,
    Benefit,
    Education,
    EmploymentForm,
    EnrolmentStatus,
    MatchStatus,
    Occupation,
    PayUnit,
    PostingStatus,
    PriorityGroup,
    SeekerSource,
    VerificationResult,
)
from jobs.search import TsQueryLiteral, keyword_query
from unions.audit import audited
from unions.choices import RegionLevel
from unions.models import Enterprise, OwnedModel, OwnedQuerySet, Region
from unions.validators import validate_phone


def _choice_array(choices, verbose_name, **kwargs):
    return ArrayField(
        models.CharField(max_length=32, choices=choices),
        verbose_name=verbose_name,
        default=list,
        blank=True,
        **kwargs,
    )


# --- Employers ---------------------------------------------------------------------------------


class EmployerQuerySet(OwnedQuerySet):
    def may_publish(self) -> EmployerQuerySet:
        return self.filter(verification=VerificationResult.VERIFIED)


@audited()
class Employer(OwnedModel):
    """The hiring side of an enterprise: who to call, and what the union's checks found."""

    enterprise = models.OneToOneField(
        Enterprise,
        verbose_name=_("enterprise"),
        on_delete=models.PROTECT,
        related_name="employer",
    )
    contact_name = models.CharField(_("hiring contact"), max_length=64)
    contact_phone = models.CharField(_("hiring contact phone"), max_length=32, validators=[validate_phone])
    # Kept by verification_record() from the latest visit; the visits are the history.
    verification = models.CharField(
        _("verification"),
        max_length=16,
        choices=VerificationResult.choices,
        default=VerificationResult.UNVERIFIED,
        editable=False,
    )
    verified_on = models.DateField(_("last checked on"), null=True, blank=True, editable=False)

    objects = EmployerQuerySet.as_manager()

    class Meta:
        verbose_name = _("employer")
        verbose_name_plural = _("employers")
        ordering = ["enterprise__name"]

    def __str__(self) -> str:
        return self.enterprise.name

    @property
    def may_publish(self) -> bool:
        return self.verification == VerificationResult.VERIFIED


@audited()
class VerificationVisit(OwnedModel):
    """A union check of an employer's working conditions and pay (监督核查)."""

    employer = models.ForeignKey(Employer, verbose_name=_("employer"), on_delete=models.CASCADE, related_name="visits")
    visited_on = models.DateField(_("visited on"))
    inspector = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("inspector"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    working_conditions = models.TextField(_("findings on working conditions"))
    pay_findings = models.TextField(_("findings on pay"))
    result = models.CharField(
        _("result"),
        max_length=16,
        choices=[c for c in VerificationResult.choices if c[0] != VerificationResult.UNVERIFIED],
    )

    class Meta:
        verbose_name = _("verification visit")
        verbose_name_plural = _("verification visits")
        ordering = ["-visited_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(result=VerificationResult.UNVERIFIED),
                name="%(app_label)s_%(class)s_result_is_a_finding",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.employer} · {self.visited_on} · {self.get_result_display()}"

    def clean(self) -> None:
        if self.visited_on and self.visited_on > timezone.localdate():
            raise ValidationError({"visited_on": _("A visit cannot be in the future.")})


# --- Postings ---------------------------------------------------------------------------------


class JobPostingQuerySet(OwnedQuerySet):
    def published(self) -> JobPostingQuerySet:
        return self.filter(status=PostingStatus.PUBLISHED)

    def public(self) -> JobPostingQuerySet:
        """What the public board and anonymous API callers see."""
        return self.published()

    def keyword(self, text: str) -> JobPostingQuerySet:
        """Postings whose text contains the keyword (Chinese substrings too), served by the GIN index."""
        literal = keyword_query(text)
        if literal is None:
            return self
        return self.filter(search_vector=TsQueryLiteral(literal))

    def past_validity(self, today) -> JobPostingQuerySet:
        return self.filter(status=PostingStatus.PUBLISHED, valid_through__lt=today)

    def for_list(self) -> JobPostingQuerySet:
        return self.select_related("employer__enterprise", "region").prefetch_related("stations")


@audited(exclude=["search_vector"])
class JobPosting(OwnedModel):
    """A verified job at an employer, shown on the board, at stations and through the API."""

    employer = models.ForeignKey(
        Employer, verbose_name=_("employer"), on_delete=models.PROTECT, related_name="postings"
    )
    title = models.CharField(_("job title"), max_length=120)
    occupation = models.CharField(_("occupation category"), max_length=32, choices=Occupation.choices)
    description = models.TextField(_("job description"), blank=True)
    headcount = models.PositiveIntegerField(_("headcount"), validators=[MinValueValidator(1)])
    pay_min = models.DecimalField(
        _("pay from (yuan)"), max_digits=9, decimal_places=2, validators=[MinValueValidator(0)]
    )
    pay_max = models.DecimalField(
        _("pay up to (yuan)"), max_digits=9, decimal_places=2, validators=[MinValueValidator(0)]
    )
    pay_unit = models.CharField(_("pay unit"), max_length=8, choices=PayUnit.choices, default=PayUnit.MONTH)
    employment_form = models.CharField(_("employment form"), max_length=16, choices=EmploymentForm.choices)
    age_min = models.PositiveSmallIntegerField(
        _("minimum age"),
        null=True,
        blank=True,
        validators=[MinValueValidator(16), MaxValueValidator(70)],
    )
    age_max = models.PositiveSmallIntegerField(
        _("maximum age"),
        null=True,
        blank=True,
        validators=[MinValueValidator(16), MaxValueValidator(70)],
    )
    education = models.PositiveSmallIntegerField(_("education"), choices=Education.choices, default=Education.NONE)
    experience_years = models.PositiveSmallIntegerField(_("years of experience"), default=0)
    skills = models.CharField(_("skills"), max_length=255, blank=True)
    certificates = models.CharField(_("certificates"), max_length=255, blank=True)
    benefits = _choice_array(Benefit.choices, _("benefits"))
    hours = models.CharField(_("hours or shifts"), max_length=120, blank=True)
    region = models.ForeignKey(Region, verbose_name=_("region"), on_delete=models.PROTECT, related_name="+")
    address = models.CharField(_("work address"), max_length=255)
    latitude = models.DecimalField(
        _("latitude"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
    )
    longitude = models.DecimalField(
        _("longitude"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
    )
    priority_groups = _choice_array(PriorityGroup.choices, _("priority groups"))
    # Where a station's notice board (and screen) shows the posting; the station side is the
    # stations app's, the link is ours (the dependent side holds the relation).
    stations = models.ManyToManyField(
        "stations.Station",
        verbose_name=_("shown at stations"),
        blank=True,
        related_name="job_postings",
    )
    contact_name = models.CharField(_("contact"), max_length=64)
    contact_phone = models.CharField(_("contact phone"), max_length=32, validators=[validate_phone])
    valid_from = models.DateField(_("valid from"), default=timezone.localdate)
    valid_through = models.DateField(_("valid through"))
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=PostingStatus.choices,
        default=PostingStatus.DRAFT,
        editable=False,
    )
    reviewer_comment = models.TextField(_("reviewer comment"), blank=True, editable=False)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True, editable=False)
    search_vector = SearchVectorField(_("search index"), null=True, editable=False)

    objects = JobPostingQuerySet.as_manager()

    class Meta:
        verbose_name = _("job posting")
        verbose_name_plural = _("job postings")
        ordering = ["-published_at", "-id"]
        indexes = [
            GinIndex(fields=["search_vector"], name="jobs_posting_search"),
            GinIndex(fields=["priority_groups"], name="jobs_posting_priority"),
            # The board: newest published first, and each filter's count on an index.
            models.Index(fields=["status", "-id"], name="jobs_posting_status_id"),
            models.Index(fields=["status", "occupation", "pay_unit", "pay_max"], name="jobs_posting_status_occ_pay"),
            models.Index(
                fields=["status", "employment_form", "pay_unit", "pay_max"], name="jobs_posting_status_form_pay"
            ),
            models.Index(fields=["status", "pay_unit", "pay_max"], name="jobs_posting_status_pay"),
            models.Index(
                fields=["status", "region"],
                name="jobs_posting_status_region",
                opclasses=["varchar_pattern_ops", "varchar_pattern_ops"],
            ),
            models.Index(fields=["status", "valid_through"], name="jobs_posting_status_valid"),
            models.Index(fields=["owner", "status"], name="jobs_posting_owner_status"),
            # A priority group is ~15 % of the board: too many rows for the GIN index's bitmap to
            # beat a sequential scan, so each group's count reads its own small partial index.
            *[
                models.Index(
                    fields=["status"],
                    name=f"jobs_posting_group_{group.value}",
                    condition=Q(priority_groups__contains=[group.value]),
                )
                for group in PriorityGroup
            ],
            # Matching's candidates: published postings of a category in a city (GB/T 2260 prefix).
            models.Index(
                models.F("occupation"),
                Left("region", 4),
                name="jobs_posting_match",
                condition=Q(status=PostingStatus.PUBLISHED),
                # Everything the score reads: matching never visits the table (index-only scan).
                include=[
                    "id",
                    "region",
                    "pay_unit",
                    "pay_max",
                    "employment_form",
                    "education",
                    "age_min",
                    "age_max",
                    "priority_groups",
                    "valid_through",
                ],
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(pay_min__lte=models.F("pay_max")), name="%(app_label)s_%(class)s_pay_range"
            ),
            models.CheckConstraint(
                condition=Q(age_min__isnull=True) | Q(age_max__isnull=True) | Q(age_min__lte=models.F("age_max")),
                name="%(app_label)s_%(class)s_age_range",
            ),
            models.CheckConstraint(condition=Q(headcount__gte=1), name="%(app_label)s_%(class)s_headcount_positive"),
            models.CheckConstraint(
                condition=Q(valid_from__lte=models.F("valid_through")),
                name="%(app_label)s_%(class)s_validity",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} · {self.employer}"

    def get_absolute_url(self) -> str:
        return reverse("jobs:posting", args=[self.pk])

    def clean(self) -> None:
        errors = {}
        if self.pay_min is not None and self.pay_max is not None and self.pay_min > self.pay_max:
            errors["pay_max"] = _("The upper end of the pay range is below its lower end.")
        if self.age_min and self.age_max and self.age_min > self.age_max:
            errors["age_max"] = _("The maximum age is below the minimum age.")
        if self.valid_from and self.valid_through and self.valid_from > self.valid_through:
            errors["valid_through"] = _("A posting cannot end before it starts.")
        if self.region_id and self.region.level in (RegionLevel.PROVINCE, RegionLevel.PREFECTURE):
            errors["region"] = _("Choose a county-level region or below, where the work is.")
        if errors:
            raise ValidationError(errors)

    def search_texts(self) -> tuple[str, ...]:
        return (self.title, self.employer.enterprise.name, self.skills, self.certificates, self.description)

    @property
    def pay_display(self) -> str:
        amount = f"{self.pay_min:,.0f}" if self.pay_min == self.pay_max else f"{self.pay_min:,.0f}–{self.pay_max:,.0f}"
        return f"{amount} {self.get_pay_unit_display()}"

    @property
    def benefit_labels(self) -> list[str]:
        return [str(Benefit(value).label) for value in self.benefits]

    @property
    def priority_group_labels(self) -> list[str]:
        return [str(PriorityGroup(value).label) for value in self.priority_groups]

    @property
    def is_open(self) -> bool:
        return self.status == PostingStatus.PUBLISHED


class PostingReview(models.Model):
    """One step of a posting's workflow, with the reviewer's comment: the review history."""

    posting = models.ForeignKey(JobPosting, verbose_name=_("posting"), on_delete=models.CASCADE, related_name="reviews")
    from_status = models.CharField(_("from"), max_length=16, choices=PostingStatus.choices)
    to_status = models.CharField(_("to"), max_length=16, choices=PostingStatus.choices)
    comment = models.TextField(_("comment"), blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    at = models.DateTimeField(_("at"), default=timezone.now)

    class Meta:
        verbose_name = _("posting review step")
        verbose_name_plural = _("posting review steps")
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.posting_id}: {self.from_status} → {self.to_status}"


# --- Bulletins --------------------------------------------------------------------------------


@audited()
class Bulletin(OwnedModel):
    """A numbered issue of the recruitment bulletin (招聘信息 第N期) posted on station boards."""

    year = models.PositiveSmallIntegerField(_("year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)])
    number = models.PositiveSmallIntegerField(_("issue number"), validators=[MinValueValidator(1)])
    title = models.CharField(_("bulletin title"), max_length=120)
    issued_on = models.DateField(_("issued on"))

    class Meta:
        verbose_name = _("bulletin")
        verbose_name_plural = _("bulletins")
        ordering = ["-year", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["owner", "year", "number"], name="%(app_label)s_%(class)s_unique_issue"),
        ]

    def __str__(self) -> str:
        return _("%(title)s, issue %(number)s of %(year)s") % {
            "title": self.title,
            "number": self.number,
            "year": self.year,
        }

    def get_absolute_url(self) -> str:
        return reverse("jobs:bulletin", args=[self.pk])


class BulletinPage(models.Model):
    """A page (版) of a bulletin issue, grouping postings."""

    bulletin = models.ForeignKey(Bulletin, verbose_name=_("bulletin"), on_delete=models.CASCADE, related_name="pages")
    number = models.PositiveSmallIntegerField(_("page number"), validators=[MinValueValidator(1)])
    heading = models.CharField(_("heading"), max_length=120, blank=True)
    postings = models.ManyToManyField(JobPosting, verbose_name=_("postings"), blank=True, related_name="bulletin_pages")

    class Meta:
        verbose_name = _("bulletin page")
        verbose_name_plural = _("bulletin pages")
        ordering = ["bulletin", "number"]
        constraints = [
            models.UniqueConstraint(fields=["bulletin", "number"], name="%(app_label)s_%(class)s_unique_page"),
        ]

    def __str__(self) -> str:
        return _("page %(number)s") % {"number": self.number}


# --- Job fairs --------------------------------------------------------------------------------


class JobFairQuerySet(OwnedQuerySet):
    def with_figures(self) -> JobFairQuerySet:
        return self.annotate(
            employers_counted=Count("participations", distinct=True),
            positions_counted=Sum("participations__positions"),
        )


@audited()
class JobFair(OwnedModel):
    """A job fair (招聘会): when, where, for whom, which employers with how many positions."""

    name = models.CharField(_("name"), max_length=160)
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    venue = models.CharField(_("venue"), max_length=255)
    station = models.ForeignKey(
        "stations.Station",
        verbose_name=_("at station"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="job_fairs",
        help_text=_("When the fair is held at a station; the venue then names it."),
    )
    region = models.ForeignKey(
        Region, verbose_name=_("region"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    organiser = models.CharField(_("organiser"), max_length=160)
    target_groups = _choice_array(PriorityGroup.choices, _("target groups"))
    description = models.TextField(_("about the fair"), blank=True)
    # Employers and positions registered on paper, beyond those recorded one by one below.
    employers_reported = models.PositiveIntegerField(_("employers reported"), default=0)
    positions_reported = models.PositiveIntegerField(_("positions reported"), default=0)
    visitors = models.PositiveIntegerField(_("visitors"), default=0)
    intentions_reached = models.PositiveIntegerField(_("intentions reached"), default=0)

    objects = JobFairQuerySet.as_manager()

    class Meta:
        verbose_name = _("job fair")
        verbose_name_plural = _("job fairs")
        ordering = ["-starts_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(starts_at__lt=models.F("ends_at")), name="%(app_label)s_%(class)s_times"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("jobs:fair", args=[self.pk])

    @property
    def target_group_labels(self) -> list[str]:
        return [str(PriorityGroup(value).label) for value in self.target_groups]

    @property
    def employers_total(self) -> int:
        counted = getattr(self, "employers_counted", None)
        if counted is None:
            counted = self.participations.count()
        return self.employers_reported + counted

    @property
    def positions_total(self) -> int:
        counted = getattr(self, "positions_counted", None)
        if counted is None:
            counted = self.participations.aggregate(total=Sum("positions"))["total"]
        return self.positions_reported + (counted or 0)

    def clean(self) -> None:
        if self.starts_at and self.ends_at and self.starts_at >= self.ends_at:
            raise ValidationError({"ends_at": _("A fair must end after it starts.")})


class FairParticipation(models.Model):
    """An employer at a fair, with the positions it brings."""

    fair = models.ForeignKey(
        JobFair, verbose_name=_("job fair"), on_delete=models.CASCADE, related_name="participations"
    )
    employer = models.ForeignKey(Employer, verbose_name=_("employer"), on_delete=models.PROTECT, related_name="fairs")
    positions = models.PositiveIntegerField(_("positions"), validators=[MinValueValidator(1)])
    postings = models.ManyToManyField(JobPosting, verbose_name=_("postings"), blank=True, related_name="fairs")

    class Meta:
        verbose_name = _("fair participation")
        verbose_name_plural = _("fair participations")
        constraints = [
            models.UniqueConstraint(fields=["fair", "employer"], name="%(app_label)s_%(class)s_once_per_fair"),
        ]

    def __str__(self) -> str:
        return f"{self.employer} @ {self.fair}"


# --- Job seekers and intentions ----------------------------------------------------------------


@audited()
class JobSeeker(OwnedModel):
    """A worker looking for a job. No account: registered online with consent, or by staff."""

    name = models.CharField(_("name"), max_length=64)
    phone = models.CharField(_("phone"), max_length=32, validators=[validate_phone])
    age_band = models.CharField(_("age band"), max_length=8, choices=AgeBand.choices)
    priority_group = models.CharField(_("priority group"), max_length=16, choices=PriorityGroup.choices, blank=True)
    education = models.PositiveSmallIntegerField(_("education"), choices=Education.choices, default=Education.NONE)
    source = models.CharField(_("registered"), max_length=16, choices=SeekerSource.choices, default=SeekerSource.ONLINE)
    consent_at = models.DateTimeField(_("consent given at"))

    class Meta:
        verbose_name = _("job seeker")
        verbose_name_plural = _("job seekers")
        ordering = ["-created_at"]
        permissions = [("reveal_jobseeker", _("Can reveal job seekers' phone numbers"))]

    def __str__(self) -> str:
        return self.name


class JobIntentionQuerySet(OwnedQuerySet):
    def active(self) -> JobIntentionQuerySet:
        return self.filter(active=True)


@audited()
class JobIntention(OwnedModel):
    """What a job seeker wants (求职意向): the other side of matching."""

    seeker = models.ForeignKey(
        JobSeeker, verbose_name=_("job seeker"), on_delete=models.CASCADE, related_name="intentions"
    )
    occupations = _choice_array(Occupation.choices, _("wanted categories"))
    employment_forms = _choice_array(EmploymentForm.choices, _("employment forms"))
    region = models.ForeignKey(Region, verbose_name=_("region"), on_delete=models.PROTECT, related_name="+")
    min_monthly_pay = models.DecimalField(
        _("minimum pay per month (yuan)"),
        max_digits=9,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    availability = models.CharField(
        _("availability"), max_length=8, choices=Availability.choices, default=Availability.NOW
    )
    skills = models.CharField(_("skills"), max_length=255, blank=True)
    interested_in = models.ForeignKey(
        JobPosting,
        verbose_name=_("interested in posting"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="interested_intentions",
    )
    active = models.BooleanField(_("still looking"), default=True)

    objects = JobIntentionQuerySet.as_manager()

    class Meta:
        verbose_name = _("job intention")
        verbose_name_plural = _("job intentions")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["active"], name="jobs_intention_active")]

    def clean(self) -> None:
        if self.region_id and self.region.level in (RegionLevel.PROVINCE, RegionLevel.PREFECTURE):
            raise ValidationError({"region": _("Choose a county-level region or below, where the work is.")})

    def __str__(self) -> str:
        return _("%(seeker)s: %(wants)s") % {
            "seeker": self.seeker,
            "wants": "、".join(str(Occupation(o).label) for o in self.occupations) or "—",
        }


# --- Matches and the follow-up queue ------------------------------------------------------------


class MatchQuerySet(OwnedQuerySet):
    def queue(self) -> MatchQuerySet:
        """The follow-up queue (对接): matches still being worked on, strongest first."""
        return self.filter(status__in=[MatchStatus.SUGGESTED, MatchStatus.CONTACTED, MatchStatus.INTERVIEWED]).order_by(
            "-score", "-created_at"
        )

    def placements(self) -> MatchQuerySet:
        return self.filter(status=MatchStatus.HIRED)


@audited()
class Match(OwnedModel):
    """A posting scored against an intention, with why it matched, and the staff follow-up."""

    intention = models.ForeignKey(
        JobIntention, verbose_name=_("intention"), on_delete=models.CASCADE, related_name="matches"
    )
    posting = models.ForeignKey(JobPosting, verbose_name=_("posting"), on_delete=models.CASCADE, related_name="matches")
    score = models.PositiveSmallIntegerField(_("score"), validators=[MaxValueValidator(100)])
    reasons = ArrayField(models.CharField(max_length=32), verbose_name=_("reasons"), default=list, editable=False)
    status = models.CharField(
        _("follow-up step"),
        max_length=16,
        choices=MatchStatus.choices,
        default=MatchStatus.SUGGESTED,
        editable=False,
    )
    status_changed_at = models.DateTimeField(_("status changed at"), null=True, blank=True, editable=False)
    notes = models.TextField(_("follow-up notes"), blank=True)
    notified_at = models.DateTimeField(_("staff notified at"), null=True, blank=True, editable=False)

    objects = MatchQuerySet.as_manager()

    class Meta:
        verbose_name = _("match")
        verbose_name_plural = _("matches")
        ordering = ["-score", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["intention", "posting"], name="%(app_label)s_%(class)s_once_per_pair"),
            models.CheckConstraint(condition=Q(score__lte=100), name="%(app_label)s_%(class)s_score_range"),
        ]
        indexes = [models.Index(fields=["owner", "status", "-score"], name="jobs_match_queue")]

    def __str__(self) -> str:
        return f"{self.intention.seeker} ↔ {self.posting.title} ({self.score})"

    def explanation(self) -> list[tuple[bool, str]]:
        from jobs.matching import explain

        return explain(self.reasons)


# --- Order-based training -------------------------------------------------------------------------


class TrainingCourseQuerySet(OwnedQuerySet):
    def with_figures(self) -> TrainingCourseQuerySet:
        return self.annotate(
            classes_count=Count("classes", distinct=True),
            enrolled_count=Count("classes__enrolments", distinct=True),
            completed_count=Count(
                "classes__enrolments",
                filter=Q(classes__enrolments__status=EnrolmentStatus.COMPLETED),
                distinct=True,
            ),
            placed_count=Count(
                "classes__enrolments", filter=Q(classes__enrolments__placed_on__isnull=False), distinct=True
            ),
        )


@audited()
class TrainingCourse(OwnedModel):
    """Order-based training (订单式培训): a course run for an employer's stated demand."""

    title = models.CharField(_("course title"), max_length=160)
    employer = models.ForeignKey(Employer, verbose_name=_("employer"), on_delete=models.PROTECT, related_name="courses")
    occupation = models.CharField(_("occupation category"), max_length=32, choices=Occupation.choices)
    demand = models.PositiveIntegerField(_("employer's demand (people)"), validators=[MinValueValidator(1)])
    description = models.TextField(_("about the course"), blank=True)
    is_public = models.BooleanField(_("shown on the public site"), default=True)

    objects = TrainingCourseQuerySet.as_manager()

    class Meta:
        verbose_name = _("order-based training course")
        verbose_name_plural = _("order-based training courses")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("jobs:training", args=[self.pk])


class TrainingClass(models.Model):
    """A class (班) of a course: its seats and dates."""

    course = models.ForeignKey(
        TrainingCourse, verbose_name=_("course"), on_delete=models.CASCADE, related_name="classes"
    )
    name = models.CharField(_("name"), max_length=80)
    seats = models.PositiveIntegerField(_("places"), validators=[MinValueValidator(1)])
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    venue = models.CharField(_("venue"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("training class")
        verbose_name_plural = _("training classes")
        ordering = ["course", "starts_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(starts_on__lte=models.F("ends_on")), name="%(app_label)s_%(class)s_dates"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.course} · {self.name}"

    def clean(self) -> None:
        if self.starts_on and self.ends_on and self.starts_on > self.ends_on:
            raise ValidationError({"ends_on": _("A class cannot end before it starts.")})


class TrainingSession(models.Model):
    """One session of a class: when and what."""

    training_class = models.ForeignKey(
        TrainingClass, verbose_name=_("class"), on_delete=models.CASCADE, related_name="sessions"
    )
    starts_at = models.DateTimeField(_("starts at"))
    topic = models.CharField(_("topic"), max_length=160)

    class Meta:
        verbose_name = _("training session")
        verbose_name_plural = _("training sessions")
        ordering = ["starts_at"]

    def __str__(self) -> str:
        return self.topic


class Enrolment(models.Model):
    """A job seeker in a class: completion and placement (the course's outcome)."""

    training_class = models.ForeignKey(
        TrainingClass, verbose_name=_("class"), on_delete=models.CASCADE, related_name="enrolments"
    )
    seeker = models.ForeignKey(
        JobSeeker, verbose_name=_("job seeker"), on_delete=models.PROTECT, related_name="enrolments"
    )
    status = models.CharField(
        _("status"), max_length=16, choices=EnrolmentStatus.choices, default=EnrolmentStatus.ENROLLED
    )
    completed_on = models.DateField(_("completed on"), null=True, blank=True)
    placed_on = models.DateField(_("placed in a job on"), null=True, blank=True)
    placed_with = models.ForeignKey(
        Employer,
        verbose_name=_("placed with"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("enrolment")
        verbose_name_plural = _("enrolments")
        constraints = [
            models.UniqueConstraint(fields=["training_class", "seeker"], name="%(app_label)s_%(class)s_once_per_class"),
            models.CheckConstraint(
                condition=Q(placed_on__isnull=True) | Q(status=EnrolmentStatus.COMPLETED),
                name="%(app_label)s_%(class)s_placed_after_completion",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.seeker} · {self.training_class}"


# --- API idempotency --------------------------------------------------------------------------------


class IdempotencyRecord(models.Model):
    """The first response to a POST carrying an `Idempotency-Key`, replayed on retries.

    Keyed by who called (partner key or user) and the key they chose; the request's hash tells a
    retry (same body: replay) from a reuse of the key for something else (422).
    """

    principal = models.CharField(_("caller"), max_length=64)
    key = models.CharField(_("idempotency key"), max_length=255)
    method = models.CharField(_("method"), max_length=8)
    path = models.CharField(_("path"), max_length=255)
    request_hash = models.CharField(_("request hash"), max_length=64)
    status_code = models.PositiveSmallIntegerField(_("status code"), null=True)
    response_body = models.JSONField(_("response body"), null=True)
    response_headers = models.JSONField(_("response headers"), default=dict)
    created_at = models.DateTimeField(_("created at"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("idempotency record")
        verbose_name_plural = _("idempotency records")
        constraints = [
            models.UniqueConstraint(fields=["principal", "key"], name="%(app_label)s_%(class)s_unique_key"),
        ]

    def __str__(self) -> str:
        return f"{self.principal} {self.key}"
