"""Back office of the jobs app: employers and their checks, the posting review queue with bulk
publish / expire, spreadsheet import of postings, bulletins, fairs, job seekers, the matching
follow-up queue and order-based training. State changes go through `jobs.services`."""

from __future__ import annotations

from datetime import date
from decimal import Decimal, InvalidOperation

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, Q, Sum
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone, translation
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from jobs import services
from jobs.choices import EmploymentForm, MatchStatus, Occupation, PayUnit, PostingStatus, PriorityGroup, SeekerSource
from jobs.forms import IntentionForm
from jobs.models import (
    Bulletin,
    BulletinPage,
    Employer,
    Enrolment,
    FairParticipation,
    JobFair,
    JobIntention,
    JobPosting,
    JobSeeker,
    Match,
    PostingReview,
    TrainingClass,
    TrainingCourse,
    TrainingSession,
    VerificationVisit,
)
from unions.admin_mixins import ScopedAdmin
from unions.admin_site import Panel, dashboard_panel
from unions.models import Region, UnionOrganization
from unions.tabular import ImportReport, TableError, read_table
from unions.validators import mask_phone


def _report(request, done: int, failures: list[str]) -> None:
    if done:
        messages.success(request, gettext("Done for %(count)s record(s).") % {"count": done})
    for failure in failures:
        messages.error(request, failure)


def _apply(request, queryset, call) -> None:
    done, failures = 0, []
    for obj in queryset:
        try:
            call(obj)
            done += 1
        except ValidationError as error:
            failures.append(f"{obj}: {'; '.join(error.messages)}")
    _report(request, done, failures)


# --- Employers -------------------------------------------------------------------------------------


class VerificationVisitInline(admin.TabularInline):
    model = VerificationVisit
    fields = ["visited_on", "result", "working_conditions", "pay_findings", "inspector"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Employer)
class EmployerAdmin(ScopedAdmin):
    list_display = ["__str__", "credit_code", "contact_name", "masked_phone", "verification", "verified_on"]
    list_filter = ["verification"]
    search_fields = ["enterprise__name", "enterprise__credit_code"]
    list_select_related = ["enterprise"]
    autocomplete_fields = ["enterprise"]
    fields = ["owner", "enterprise", "contact_name", "contact_phone", "verification", "verified_on"]
    readonly_fields = ["verification", "verified_on"]
    inlines = [VerificationVisitInline]

    @admin.display(description=_("unified social credit code"), ordering="enterprise__credit_code")
    def credit_code(self, obj):
        return obj.enterprise.credit_code

    @admin.display(description=_("hiring contact phone"))
    def masked_phone(self, obj):
        return mask_phone(obj.contact_phone)


@admin.register(VerificationVisit)
class VerificationVisitAdmin(ScopedAdmin):
    """Visits are records of what was found: added through the service, never edited afterwards."""

    list_display = ["employer", "visited_on", "result", "inspector"]
    list_filter = ["result"]
    search_fields = ["employer__enterprise__name"]
    list_select_related = ["employer__enterprise", "inspector"]
    fields = ["employer", "visited_on", "result", "working_conditions", "pay_findings"]
    date_hierarchy = "visited_on"

    def get_readonly_fields(self, request, obj=None):
        return self.fields if obj is not None else []

    def save_model(self, request, obj, form, change):
        if change:
            raise PermissionDenied
        visit = services.verification_record(
            employer=obj.employer,
            visited_on=obj.visited_on,
            working_conditions=obj.working_conditions,
            pay_findings=obj.pay_findings,
            result=obj.result,
            by=request.user,
        )
        obj.pk = visit.pk

    def has_delete_permission(self, request, obj=None):
        return False


# --- Postings -----------------------------------------------------------------------------------------


class PostingReviewInline(admin.TabularInline):
    model = PostingReview
    fields = ["at", "from_status", "to_status", "comment", "by"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


class ReviewForm(forms.Form):
    comment = forms.CharField(
        label=_("Comment to the author"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )


class PostingImportForm(forms.Form):
    file = forms.FileField(label=_("Spreadsheet (.xlsx or .csv)"))


# Spreadsheet columns: Chinese headers as staff type them, the posting field, and what goes in.
IMPORT_COLUMNS = [
    ("企业信用代码", "employer", _("the employer's unified social credit code (a registered employer)")),
    ("岗位名称", "title", _("job title")),
    ("工种", "occupation", _("category, e.g. 快递外卖 or delivery")),
    ("招聘人数", "headcount", _("number of openings")),
    ("最低薪资", "pay_min", _("yuan")),
    ("最高薪资", "pay_max", _("yuan")),
    ("计薪单位", "pay_unit", _("per hour, day, month or piece")),
    ("用工形式", "employment_form", _("full-time, part-time, platform, dispatch, seasonal or internship")),
    ("地区代码", "region", _("GB/T 2260 code of the county, e.g. 511703")),
    ("工作地址", "address", _("work address")),
    ("联系人", "contact_name", _("contact person")),
    ("联系电话", "contact_phone", _("contact phone")),
    ("有效期至", "valid_through", _("YYYY-MM-DD")),
    ("岗位描述", "description", _("optional")),
]
REQUIRED_HEADERS = [header for header, _field, _help in IMPORT_COLUMNS if header != "岗位描述"]


def _choice_lookup(choices) -> dict[str, str]:
    """Value, English label and Chinese label → value."""
    lookup = {}
    for value, label in choices:
        lookup[str(value).lower()] = value
        for language in ("en", "zh-hans"):
            with translation.override(language):
                lookup[str(label).lower()] = value
    return lookup


def import_postings(upload, user) -> ImportReport:
    """Create draft postings from a spreadsheet, all or nothing, with an error per bad cell."""
    report = ImportReport()
    employers = {
        e.enterprise.credit_code: e for e in Employer.objects.visible_to(user).select_related("enterprise", "owner")
    }
    lookups = {
        "occupation": _choice_lookup(Occupation.choices),
        "pay_unit": _choice_lookup(PayUnit.choices),
        "employment_form": _choice_lookup(EmploymentForm.choices),
    }
    # How staff write units in their sheets, besides the labels.
    lookups["pay_unit"].update(
        {"按小时": PayUnit.HOUR, "按天": PayUnit.DAY, "按日": PayUnit.DAY, "按月": PayUnit.MONTH, "计件": PayUnit.PIECE}
    )
    header_of = {field: header for header, field, _help in IMPORT_COLUMNS}
    with transaction.atomic():
        for line, row in read_table(upload, required_headers=REQUIRED_HEADERS):
            report.rows += 1
            values, bad = {}, False
            for header, field, _help in IMPORT_COLUMNS:
                text = row.get(header, "")
                try:
                    values[field] = _convert(field, text, employers, lookups)
                except ValueError as error:
                    report.add(line, header, str(error))
                    bad = True
            if bad:
                continue
            employer = values.pop("employer")
            try:
                with transaction.atomic():
                    services.posting_create(owner=employer.owner, employer=employer, by=user, **values)
            except ValidationError as error:
                for field, messages_ in error.message_dict.items():
                    for message in messages_:
                        report.add(line, header_of.get(field, field), message)
                continue
            report.created += 1
        if not report.ok:
            transaction.set_rollback(True)
            report.created = 0
    return report


def _convert(field, text, employers, lookups):
    if field == "employer":
        from unions.validators import normalize_credit_code

        employer = employers.get(normalize_credit_code(text))
        if employer is None:
            raise ValueError(gettext("No registered employer of yours has this credit code."))
        return employer
    if field in lookups:
        value = lookups[field].get(text.strip().lower())
        if value is None:
            raise ValueError(gettext("Unknown value “%(value)s”.") % {"value": text})
        return value
    if field == "headcount":
        if not text.isdigit():
            raise ValueError(gettext("Enter a whole number."))
        return int(text)
    if field in ("pay_min", "pay_max"):
        try:
            return Decimal(text.replace(",", ""))
        except InvalidOperation as error:
            raise ValueError(gettext("Enter an amount in yuan.")) from error
    if field == "region":
        region = Region.objects.filter(code=text.strip()).first()
        if region is None:
            raise ValueError(gettext("Unknown region code."))
        return region
    if field == "valid_through":
        try:
            return date.fromisoformat(text.strip()[:10])
        except ValueError as error:
            raise ValueError(gettext("Enter a date as YYYY-MM-DD.")) from error
    return text


@admin.register(JobPosting)
class JobPostingAdmin(ScopedAdmin):
    list_display = ["title", "employer", "status", "headcount", "pay", "region", "valid_through", "review_link"]
    list_filter = ["status", "occupation", "employment_form"]
    search_fields = ["title", "employer__enterprise__name"]
    list_select_related = ["employer__enterprise", "region"]
    autocomplete_fields = ["employer", "region"]
    readonly_fields = ["status", "reviewer_comment", "published_at"]
    inlines = [PostingReviewInline]
    actions = ["submit_selected", "publish_selected", "expire_selected", "fill_selected", "withdraw_selected"]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "owner",
                    "employer",
                    "title",
                    "occupation",
                    "description",
                    "status",
                    "reviewer_comment",
                    "published_at",
                ]
            },
        ),
        (
            _("Openings and pay"),
            {"fields": ["headcount", ("pay_min", "pay_max", "pay_unit"), "employment_form", "hours", "benefits"]},
        ),
        (
            _("Requirements"),
            {"fields": [("age_min", "age_max"), "education", "experience_years", "skills", "certificates"]},
        ),
        (
            _("Where and who"),
            {"fields": ["region", "address", ("latitude", "longitude"), "priority_groups", "stations"]},
        ),
        (_("Contact and validity"), {"fields": ["contact_name", "contact_phone", ("valid_from", "valid_through")]}),
    ]

    @admin.display(description=_("pay"))
    def pay(self, obj):
        return obj.pay_display

    @admin.display(description=_("review"))
    def review_link(self, obj):
        if obj.status not in (PostingStatus.IN_REVIEW, PostingStatus.DRAFT):
            return "—"
        return format_html(
            '<a href="{}">{}</a>', reverse("admin:jobs_jobposting_review", args=[obj.pk]), gettext("Review")
        )

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name in ("benefits", "priority_groups"):
            return forms.TypedMultipleChoiceField(
                choices=db_field.base_field.choices,
                required=False,
                widget=forms.CheckboxSelectMultiple,
                label=db_field.verbose_name.capitalize(),
            )
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change):
        fields = {name: form.cleaned_data[name] for name in services.POSTING_FIELDS if name in form.cleaned_data}
        if change:
            fields = {name: value for name, value in fields.items() if name in form.changed_data}
            if "employer" in form.changed_data:
                fields["employer"] = form.cleaned_data["employer"]
            services.posting_update(posting=obj, by=request.user, **fields)
        else:
            posting = services.posting_create(
                owner=form.cleaned_data["owner"],
                employer=form.cleaned_data["employer"],
                by=request.user,
                **fields,
            )
            obj.pk = posting.pk

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        return [
            path("import/", self.admin_site.admin_view(self.import_view), name="{}_{}_import".format(*info)),
            path("<int:pk>/review/", self.admin_site.admin_view(self.review_view), name="{}_{}_review".format(*info)),
            *super().get_urls(),
        ]

    def review_view(self, request, pk):
        posting = get_object_or_404(self.get_queryset(request).select_related("employer__enterprise", "region"), pk=pk)
        if not self.has_change_permission(request, posting):
            raise PermissionDenied
        form = ReviewForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            comment = form.cleaned_data["comment"]
            try:
                if "publish" in request.POST:
                    if posting.status == PostingStatus.DRAFT:
                        services.posting_submit(posting=posting, by=request.user)
                    services.posting_publish(posting=posting, by=request.user, comment=comment)
                    messages.success(request, gettext("Published: %(posting)s") % {"posting": posting.title})
                else:
                    services.posting_reject(posting=posting, by=request.user, comment=comment)
                    messages.success(
                        request, gettext("Sent back to the author: %(posting)s") % {"posting": posting.title}
                    )
            except ValidationError as error:
                for message in error.messages:
                    form.add_error(None, message)
            else:
                return redirect(reverse("admin:jobs_jobposting_changelist") + "?status__exact=in_review")
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": gettext("Review: %(posting)s") % {"posting": posting.title},
            "posting": posting,
            "form": form,
            "reviews": posting.reviews.select_related("by"),
        }
        return TemplateResponse(request, "jobs/admin/posting_review.html", context)

    def import_view(self, request):
        if not self.has_add_permission(request):
            raise PermissionDenied
        form = PostingImportForm(request.POST or None, request.FILES or None)
        report = None
        if request.method == "POST" and form.is_valid():
            try:
                report = import_postings(form.cleaned_data["file"], request.user)
            except TableError as error:
                form.add_error("file", str(error))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": gettext("Import job postings"),
            "form": form,
            "report": report,
            "columns": [(header, help_text) for header, _field, help_text in IMPORT_COLUMNS],
        }
        return TemplateResponse(request, "admin/tabular_import.html", context)

    @admin.action(description=_("Submit selected postings for review"), permissions=["change"])
    def submit_selected(self, request, queryset):
        _apply(request, queryset, lambda posting: services.posting_submit(posting=posting, by=request.user))

    @admin.action(description=_("Publish selected postings"), permissions=["change"])
    def publish_selected(self, request, queryset):
        _apply(request, queryset, lambda posting: services.posting_publish(posting=posting, by=request.user))

    @admin.action(description=_("Expire selected postings"), permissions=["change"])
    def expire_selected(self, request, queryset):
        _apply(request, queryset, lambda posting: services.posting_expire(posting=posting, by=request.user))

    @admin.action(description=_("Mark selected postings as filled"), permissions=["change"])
    def fill_selected(self, request, queryset):
        _apply(request, queryset, lambda posting: services.posting_fill(posting=posting, by=request.user))

    @admin.action(description=_("Withdraw selected postings"), permissions=["change"])
    def withdraw_selected(self, request, queryset):
        _apply(request, queryset, lambda posting: services.posting_withdraw(posting=posting, by=request.user))


# --- Bulletins and fairs ------------------------------------------------------------------------------


class BulletinPageInline(admin.StackedInline):
    model = BulletinPage
    extra = 0
    autocomplete_fields = ["postings"]

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "postings":
            kwargs["queryset"] = JobPosting.objects.visible_to(request.user)
        return super().formfield_for_manytomany(db_field, request, **kwargs)


@admin.register(Bulletin)
class BulletinAdmin(ScopedAdmin):
    list_display = ["title", "year", "number", "issued_on", "page_count", "print_link"]
    list_filter = ["year"]
    fields = ["owner", "title", "year", "number", "issued_on"]
    inlines = [BulletinPageInline]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(pages_count=Count("pages"))

    @admin.display(description=_("pages"), ordering="pages_count")
    def page_count(self, obj):
        return obj.pages_count

    @admin.display(description=_("print"))
    def print_link(self, obj):
        return format_html('<a href="{}">{}</a>', obj.get_absolute_url(), gettext("A4 notice"))


class FairParticipationInline(admin.TabularInline):
    model = FairParticipation
    extra = 0
    autocomplete_fields = ["employer"]
    fields = ["employer", "positions"]


@admin.register(JobFair)
class JobFairAdmin(ScopedAdmin):
    list_display = ["name", "starts_at", "venue", "visitors", "intentions_reached"]
    search_fields = ["name", "venue"]
    date_hierarchy = "starts_at"
    inlines = [FairParticipationInline]
    fields = [
        "owner",
        "name",
        ("starts_at", "ends_at"),
        "venue",
        "station",
        "region",
        "organiser",
        "target_groups",
        "description",
        ("employers_reported", "positions_reported"),
        ("visitors", "intentions_reached"),
    ]
    autocomplete_fields = ["region"]

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "target_groups":
            return forms.TypedMultipleChoiceField(
                choices=PriorityGroup.choices,
                required=False,
                widget=forms.CheckboxSelectMultiple,
                label=db_field.verbose_name.capitalize(),
            )
        return super().formfield_for_dbfield(db_field, request, **kwargs)


# --- Seekers, intentions and matches --------------------------------------------------------------------


class StaffIntentionForm(IntentionForm):
    """The public form plus the organisation that follows the seeker up."""

    owner = forms.ModelChoiceField(label=_("Followed up by"), queryset=UnionOrganization.objects.none())

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = UnionOrganization.objects.visible_to(user)
        self.fields["consent"].label = _("The job seeker agreed that the union keeps these details.")


class IntentionInline(admin.TabularInline):
    model = JobIntention
    fields = ["occupations", "region", "min_monthly_pay", "availability", "active"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(JobSeeker)
class JobSeekerAdmin(ScopedAdmin):
    list_display = ["name", "masked_phone", "age_band", "priority_group", "source", "created_at"]
    list_filter = ["priority_group", "source", "age_band"]
    search_fields = ["name"]
    fields = ["owner", "name", "phone", "age_band", "priority_group", "education", "source", "consent_at"]
    readonly_fields = ["source", "consent_at"]
    inlines = [IntentionInline]

    @admin.display(description=_("phone"))
    def masked_phone(self, obj):
        return mask_phone(obj.phone)

    def add_view(self, request, form_url="", extra_context=None):
        """Staff register a walk-in job seeker at a station with the same form workers use online."""
        if not self.has_add_permission(request):
            raise PermissionDenied
        form = StaffIntentionForm(request.POST or None, user=request.user)
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            try:
                intention = services.seeker_register(
                    name=data["name"],
                    phone=data["phone"],
                    age_band=data["age_band"],
                    consent=data["consent"],
                    region=data["region"],
                    occupations=data["occupations"],
                    priority_group=data["priority_group"],
                    education=data["education"],
                    employment_forms=data["employment_forms"],
                    min_monthly_pay=data["min_monthly_pay"],
                    availability=data["availability"],
                    skills=data["skills"],
                    source=SeekerSource.STATION,
                    owner=data["owner"],
                    by=request.user,
                )
            except ValidationError as error:
                for message in error.messages:
                    form.add_error(None, message)
            else:
                messages.success(
                    request, gettext("Registered; %(count)s match(es) found.") % {"count": intention.matches.count()}
                )
                return redirect("admin:jobs_jobseeker_change", intention.seeker_id)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": gettext("Register a job seeker"),
            "form": form,
        }
        return TemplateResponse(request, "jobs/admin/seeker_register.html", context)


@admin.register(JobIntention)
class JobIntentionAdmin(ScopedAdmin):
    list_display = ["seeker", "wanted", "region", "min_monthly_pay", "availability", "active", "created_at"]
    list_filter = ["active", "availability"]
    search_fields = ["seeker__name"]
    list_select_related = ["seeker", "region"]
    readonly_fields = ["seeker", "occupations", "employment_forms", "region", "interested_in"]
    fields = [
        "seeker",
        "occupations",
        "employment_forms",
        "region",
        "min_monthly_pay",
        "availability",
        "skills",
        "interested_in",
        "active",
    ]
    actions = ["close_selected", "rematch_selected"]

    @admin.display(description=_("wanted categories"))
    def wanted(self, obj):
        return "、".join(str(Occupation(value).label) for value in obj.occupations) or "—"

    def has_add_permission(self, request):
        return False

    @admin.action(description=_("Close selected intentions (found work)"), permissions=["change"])
    def close_selected(self, request, queryset):
        _apply(request, queryset, lambda intention: services.intention_close(intention=intention))

    @admin.action(description=_("Match selected intentions again"), permissions=["change"])
    def rematch_selected(self, request, queryset):
        written = services.matches_refresh(intention_ids=list(queryset.values_list("pk", flat=True)))
        messages.success(request, gettext("Matches written or updated: %(count)s.") % {"count": len(written)})


@admin.register(Match)
class MatchAdmin(ScopedAdmin):
    list_display = ["seeker", "posting", "score", "status", "why", "created_at"]
    list_filter = ["status"]
    search_fields = ["intention__seeker__name", "posting__title"]
    list_select_related = ["intention__seeker", "posting__employer__enterprise"]
    fields = ["intention", "posting", "score", "status", "explanation", "status_changed_at", "notified_at", "notes"]
    readonly_fields = ["intention", "posting", "score", "status", "explanation", "status_changed_at", "notified_at"]
    actions = ["contacted", "interviewed", "hired", "not_hired", "dismissed"]

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        return queryset.order_by("-score", "-id")

    def has_add_permission(self, request):
        return False

    @admin.display(description=_("job seeker"), ordering="intention__seeker__name")
    def seeker(self, obj):
        return obj.intention.seeker

    @admin.display(description=_("why it matched"))
    def why(self, obj):
        return "；".join(text for met, text in obj.explanation() if met)

    @admin.display(description=_("explanation"))
    def explanation(self, obj):
        return format_html(
            "<ul>{}</ul>",
            format_html_join("", "<li>{} {}</li>", (("✔" if met else "✘", text) for met, text in obj.explanation())),
        )

    def _advance(self, request, queryset, status):
        _apply(request, queryset, lambda match: services.match_advance(match=match, to=status, by=request.user))

    @admin.action(description=_("Mark as contacted"), permissions=["change"])
    def contacted(self, request, queryset):
        self._advance(request, queryset, MatchStatus.CONTACTED)

    @admin.action(description=_("Mark as interviewed"), permissions=["change"])
    def interviewed(self, request, queryset):
        self._advance(request, queryset, MatchStatus.INTERVIEWED)

    @admin.action(description=_("Mark as hired"), permissions=["change"])
    def hired(self, request, queryset):
        self._advance(request, queryset, MatchStatus.HIRED)

    @admin.action(description=_("Mark as not hired"), permissions=["change"])
    def not_hired(self, request, queryset):
        self._advance(request, queryset, MatchStatus.NOT_HIRED)

    @admin.action(description=_("Dismiss"), permissions=["change"])
    def dismissed(self, request, queryset):
        self._advance(request, queryset, MatchStatus.DISMISSED)


# --- Order-based training -------------------------------------------------------------------------------


class TrainingClassInline(admin.TabularInline):
    model = TrainingClass
    extra = 0
    show_change_link = True
    fields = ["name", "seats", "starts_on", "ends_on", "venue"]


@admin.register(TrainingCourse)
class TrainingCourseAdmin(ScopedAdmin):
    list_display = ["title", "employer", "occupation", "demand", "classes_count", "enrolled_count", "placed_count"]
    search_fields = ["title"]
    autocomplete_fields = ["employer"]
    fields = ["owner", "title", "employer", "occupation", "demand", "description", "is_public"]
    inlines = [TrainingClassInline]

    def get_queryset(self, request):
        return super().get_queryset(request).with_figures().select_related("employer__enterprise")

    @admin.display(description=_("classes"))
    def classes_count(self, obj):
        return obj.classes_count

    @admin.display(description=_("enrolled"))
    def enrolled_count(self, obj):
        return obj.enrolled_count

    @admin.display(description=_("placed in jobs"))
    def placed_count(self, obj):
        return obj.placed_count


class TrainingSessionInline(admin.TabularInline):
    model = TrainingSession
    extra = 0


class EnrolmentInline(admin.TabularInline):
    model = Enrolment
    extra = 0
    fields = ["seeker", "status", "completed_on", "placed_on", "placed_with"]
    readonly_fields = ["status", "completed_on", "placed_on", "placed_with"]
    autocomplete_fields = ["seeker"]


@admin.register(TrainingClass)
class TrainingClassAdmin(admin.ModelAdmin):
    list_display = ["__str__", "seats", "starts_on", "ends_on"]
    inlines = [TrainingSessionInline, EnrolmentInline]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .filter(course__in=TrainingCourse.objects.visible_to(request.user))
            .select_related("course")
        )

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "course":
            kwargs["queryset"] = TrainingCourse.objects.visible_to(request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def has_module_permission(self, request):
        return False


@admin.register(Enrolment)
class EnrolmentAdmin(admin.ModelAdmin):
    list_display = ["seeker", "training_class", "status", "completed_on", "placed_on"]
    list_filter = ["status"]
    list_select_related = ["seeker", "training_class__course"]
    actions = ["complete_selected", "place_selected"]
    readonly_fields = ["status", "completed_on", "placed_on", "placed_with"]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .filter(training_class__course__in=TrainingCourse.objects.visible_to(request.user))
        )

    def has_add_permission(self, request):
        return False

    @admin.action(description=_("Mark as completed"), permissions=["change"])
    def complete_selected(self, request, queryset):
        _apply(request, queryset, lambda enrolment: services.enrolment_complete(enrolment=enrolment))

    @admin.action(description=_("Mark as placed with the ordering employer"), permissions=["change"])
    def place_selected(self, request, queryset):
        _apply(request, queryset, lambda enrolment: services.enrolment_place(enrolment=enrolment))


# --- Dashboard ---------------------------------------------------------------------------------------------


def jobs_figures(user, now=None) -> dict:
    """The dashboard's figures, from the user's scope: a handful of aggregate queries."""
    now = now or timezone.now()
    month_start = timezone.localtime(now).replace(day=1, hour=0, minute=0, second=0, microsecond=0)
    postings = (
        JobPosting.objects.visible_to(user)
        .published()
        .aggregate(
            positions=Sum("headcount"),
            postings=Count("id"),
        )
    )
    matches = Match.objects.visible_to(user).aggregate(
        matches=Count("id", filter=Q(created_at__gte=month_start)),
        placements=Count("id", filter=Q(status=MatchStatus.HIRED, status_changed_at__gte=month_start)),
        queue=Count("id", filter=Q(status__in=[MatchStatus.SUGGESTED, MatchStatus.CONTACTED, MatchStatus.INTERVIEWED])),
    )
    by_group = dict(
        Match.objects.visible_to(user)
        .filter(status=MatchStatus.HIRED, status_changed_at__gte=month_start)
        .values_list("intention__seeker__priority_group")
        .annotate(total=Count("id"))
        .values_list("intention__seeker__priority_group", "total")
    )
    return {
        "positions": postings["positions"] or 0,
        "postings": postings["postings"],
        "in_review": JobPosting.objects.visible_to(user).filter(status=PostingStatus.IN_REVIEW).count(),
        "seekers": JobIntention.objects.visible_to(user).active().count(),
        "matches": matches["matches"],
        "placements": matches["placements"],
        "queue": matches["queue"],
        "placements_by_group": [(label, by_group.get(value, 0)) for value, label in PriorityGroup.choices],
    }


@dashboard_panel(order=200)
def jobs_panel(request):
    if not request.user.has_perm("jobs.view_jobposting"):
        return None
    figures = jobs_figures(request.user)
    rows = [
        (gettext("Open positions (published postings)"), f"{figures['positions']} ({figures['postings']})"),
        (gettext("Postings waiting for review"), figures["in_review"]),
        (gettext("Job seekers with an active intention"), figures["seekers"]),
        (gettext("New matches this month"), figures["matches"]),
        (gettext("Placements this month"), figures["placements"]),
        (gettext("Matches in the follow-up queue"), figures["queue"]),
    ]
    rows += [
        (gettext("Placed this month: %(group)s") % {"group": label}, count)
        for label, count in figures["placements_by_group"]
        if count
    ]
    return Panel(
        title=gettext("Jobs"),
        rows=rows,
        link="admin:jobs_jobposting_changelist",
        link_label=gettext("Review queue"),
    )
