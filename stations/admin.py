"""Back office of the stations app: the registry with its hours, facilities, services, team and map
listings as inlines; lifecycle steps and evaluations as actions calling services; spreadsheet
import and export; events and sign-ups; feedback answered with a public reply; subsidy rates;
coverage targets and the coverage report (with CSV). State changes go through `stations.services`.
"""

from __future__ import annotations

import datetime as dt

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from stations import services
from stations.choices import EVALUATION_CHECKLIST, EvaluationOutcome, FeedbackStatus, StationKind, StationStatus
from stations.coverage import coverage_report
from stations.importers import COLUMNS, HEADERS, export_rows, import_stations
from stations.models import (
    CoverageTarget,
    Evaluation,
    Event,
    EventSignup,
    Facility,
    Feedback,
    MapListing,
    OpeningException,
    OpeningSlot,
    ServiceItem,
    ServiceOffering,
    Station,
    StationFacility,
    StationPhoto,
    StatusChange,
    SubsidyRate,
    TeamMember,
)
from unions.admin_mixins import ScopedAdmin
from unions.admin_site import Panel, dashboard_panel
from unions.models import Region, UnionOrganization
from unions.tabular import table_response
from unions.validators import mask_phone


@admin.register(Facility)
class FacilityAdmin(admin.ModelAdmin):
    list_display = ["name", "name_en", "code", "position"]
    search_fields = ["name", "name_en", "code"]


@admin.register(ServiceItem)
class ServiceItemAdmin(admin.ModelAdmin):
    list_display = ["name", "name_en", "group", "code", "position"]
    list_filter = ["group"]
    search_fields = ["name", "name_en", "code"]


@admin.register(SubsidyRate)
class SubsidyRateAdmin(admin.ModelAdmin):
    list_display = ["kind", "stars", "construction_yuan", "operations_yuan"]
    list_filter = ["kind"]


# --- Stations -------------------------------------------------------------------------------------


class OpeningSlotInline(admin.TabularInline):
    model = OpeningSlot
    extra = 0


class OpeningExceptionInline(admin.TabularInline):
    model = OpeningException
    extra = 0


class StationFacilityInline(admin.TabularInline):
    model = StationFacility
    extra = 0
    autocomplete_fields = ["facility"]


class ServiceOfferingInline(admin.TabularInline):
    model = ServiceOffering
    extra = 0
    autocomplete_fields = ["service"]


class TeamMemberInline(admin.TabularInline):
    model = TeamMember
    extra = 0


class MapListingInline(admin.TabularInline):
    model = MapListing
    extra = 0
    max_num = 3


class StationPhotoInline(admin.TabularInline):
    model = StationPhoto
    extra = 0


class StatusChangeInline(admin.TabularInline):
    model = StatusChange
    fields = ["on", "from_status", "to_status", "reason", "by"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


class RegionWithStationsFilter(admin.SimpleListFilter):
    title = _("region")
    parameter_name = "region"

    def lookups(self, request, model_admin):
        codes = model_admin.get_queryset(request).values("region_id")
        return [(r.code, r.name) for r in Region.objects.filter(code__in=codes).order_by("code")]

    def queryset(self, request, queryset):
        return queryset.filter(region_id=self.value()) if self.value() else queryset


class OwnerFilter(admin.SimpleListFilter):
    title = _("owner organisation")
    parameter_name = "owner"

    def lookups(self, request, model_admin):
        return [(org.pk, org.name) for org in UnionOrganization.objects.visible_to(request.user)]

    def queryset(self, request, queryset):
        return queryset.filter(owner_id=self.value()) if self.value() else queryset


class TransitionForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=255)
    on = forms.DateField(label=_("Date"), initial=timezone.localdate, widget=forms.DateInput(attrs={"type": "date"}))


class EvaluationForm(forms.Form):
    visited_on = forms.DateField(label=_("visited on"), widget=forms.DateInput(attrs={"type": "date"}))
    inspectors = forms.CharField(label=_("inspectors"), max_length=255)
    outcome = forms.ChoiceField(
        label=_("outcome"), required=False,
        choices=[("", _("From the stars: 3+ plaque, 2 rectify, 1 de-list")), *EvaluationOutcome.choices],
    )
    rectify_by = forms.DateField(label=_("rectify by"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    comments = forms.CharField(label=_("comments"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    photo = forms.FileField(label=_("photo"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for code, label, weight in EVALUATION_CHECKLIST:
            self.fields[f"score_{code}"] = forms.DecimalField(
                label=f"{label} ({weight}%)", min_value=0, max_value=100, decimal_places=1)

    def scores(self) -> dict:
        return {code: float(self.cleaned_data[f"score_{code}"]) for code, _label, _weight in EVALUATION_CHECKLIST}


class ImportForm(forms.Form):
    file = forms.FileField(label=_("CSV or Excel file"), help_text=_("The first row holds the column headers below."))


@admin.register(Station)
class StationAdmin(ScopedAdmin):
    list_display = ["name", "kind", "status", "region", "owner", "is_24h", "current_stars", "last_verified_on"]
    list_filter = ["kind", "status", RegionWithStationsFilter, OwnerFilter, "current_stars", "is_24h",
                   "operation_mode"]
    search_fields = ["name", "address"]
    list_select_related = ["region", "owner"]
    readonly_fields = ["status", "status_changed_on", "status_reason", "current_stars", "lat_wgs84", "lng_wgs84"]
    # Regions by search, not a select of all 3,213: the form stays light on a phone and fast to render.
    autocomplete_fields = ["host_enterprise", "region"]
    raw_id_fields = ["parent"]
    inlines = [OpeningSlotInline, OpeningExceptionInline, StationFacilityInline, ServiceOfferingInline,
               TeamMemberInline, MapListingInline, StationPhotoInline, StatusChangeInline]
    actions = ["open_stations", "suspend_stations", "delist_stations", "record_evaluation", "export_csv",
               "export_xlsx"]
    change_list_template = "stations/admin/station_change_list.html"
    fieldsets = [
        (None, {"fields": ["name", "kind", "owner", "parent", "region", "address", "host_enterprise",
                           "operation_mode", "is_24h", "contact_phone", "description"]}),
        (_("Location"), {"fields": ["lat", "lng", "coordinate_system", "lat_wgs84", "lng_wgs84"]}),
        (_("Size"), {"fields": ["area_m2", "seats", "beds"]}),
        (_("Status"), {"fields": ["status", "status_changed_on", "status_reason", "current_stars",
                                  "last_verified_on"]}),
        (_("Six haves (labour-relations stations)"), {
            "fields": ["has_platform", "has_team", "has_rules", "has_resources", "has_standards", "has_results"],
            "classes": ["collapse"]}),
    ]

    def save_model(self, request, obj, form, change):
        # The WGS-84 copy is derived from the captured location, as station_create/update do.
        obj.set_wgs84()
        super().save_model(request, obj, form, change)

    def get_urls(self):
        return [
            path("import/", self.admin_site.admin_view(self.import_view), name="stations_station_import"),
            path("<int:pk>/evaluate/", self.admin_site.admin_view(self.evaluate_view),
                 name="stations_station_evaluate"),
            *super().get_urls(),
        ]

    def _transition(self, request, queryset, service, title):
        if "apply" in request.POST:
            form = TransitionForm(request.POST)
            if form.is_valid():
                done, failures = 0, []
                for station in queryset:
                    try:
                        service(station=station, reason=form.cleaned_data["reason"], on=form.cleaned_data["on"],
                                by=request.user)
                        done += 1
                    except ValidationError as error:
                        failures.append(f"{station}: {'; '.join(error.messages)}")
                if done:
                    messages.success(request, gettext("Done for %(count)s station(s).") % {"count": done})
                for failure in failures:
                    messages.error(request, failure)
                return None
        else:
            form = TransitionForm()
        return TemplateResponse(request, "stations/admin/station_transition.html", {
            **self.admin_site.each_context(request), "title": title, "form": form, "queryset": queryset,
            "action": request.POST.get("action"), "opts": self.model._meta,
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
        })

    @admin.action(description=_("Open the selected stations"), permissions=["change"])
    def open_stations(self, request, queryset):
        return self._transition(request, queryset, services.station_open, gettext("Open stations"))

    @admin.action(description=_("Suspend the selected stations"), permissions=["change"])
    def suspend_stations(self, request, queryset):
        return self._transition(request, queryset, services.station_suspend, gettext("Suspend stations"))

    @admin.action(description=_("De-list the selected stations"), permissions=["change"])
    def delist_stations(self, request, queryset):
        return self._transition(request, queryset, services.station_delist, gettext("De-list stations"))

    @admin.action(description=_("Record an evaluation"), permissions=["view"])
    def record_evaluation(self, request, queryset):
        if queryset.count() != 1:
            messages.error(request, gettext("Select one station to evaluate."))
            return None
        return redirect("admin:stations_station_evaluate", pk=queryset.get().pk)

    @admin.action(description=_("Export as CSV"), permissions=["view"])
    def export_csv(self, request, queryset):
        return table_response(gettext("stations"), HEADERS, export_rows(queryset), fmt="csv")

    @admin.action(description=_("Export as Excel"), permissions=["view"])
    def export_xlsx(self, request, queryset):
        return table_response(gettext("stations"), HEADERS, export_rows(queryset), fmt="xlsx")

    def evaluate_view(self, request, pk):
        station = get_object_or_404(self.get_queryset(request), pk=pk)
        if not request.user.has_perm("stations.add_evaluation"):
            raise PermissionDenied
        form = EvaluationForm(request.POST or None, request.FILES or None,
                              initial={"visited_on": timezone.localdate()})
        if request.method == "POST" and form.is_valid():
            try:
                evaluation = services.evaluation_record(
                    station=station, visited_on=form.cleaned_data["visited_on"],
                    inspectors=form.cleaned_data["inspectors"], scores=form.scores(),
                    outcome=form.cleaned_data["outcome"] or None, rectify_by=form.cleaned_data["rectify_by"],
                    comments=form.cleaned_data["comments"], photo=form.cleaned_data["photo"], by=request.user)
            except ValidationError as error:
                for field, errors in error.message_dict.items():
                    form.add_error(None, f"{field}: {'; '.join(errors)}")
            else:
                messages.success(request, gettext("Evaluation recorded: %(stars)s stars, %(outcome)s.") % {
                    "stars": evaluation.stars, "outcome": evaluation.get_outcome_display()})
                return redirect("admin:stations_station_change", station.pk)
        return TemplateResponse(request, "stations/admin/station_evaluate.html", {
            **self.admin_site.each_context(request), "title": gettext("Evaluate %(station)s") % {"station": station},
            "form": form, "station": station, "opts": self.model._meta,
        })

    def import_view(self, request):
        if not self.has_add_permission(request):
            raise PermissionDenied
        form = ImportForm(request.POST or None, request.FILES or None)
        report = None
        if request.method == "POST" and form.is_valid():
            report = import_stations(form.cleaned_data["file"], user=request.user)
        return TemplateResponse(request, "admin/tabular_import.html", {
            **self.admin_site.each_context(request), "title": gettext("Import stations"), "form": form,
            "report": report, "opts": self.model._meta,
            "columns": [(header, description) for header, _attr, description in COLUMNS],
        })


# --- Events ---------------------------------------------------------------------------------------


class EventSignupInline(admin.TabularInline):
    model = EventSignup
    fields = ["occurrence", "name", "masked_phone", "attended", "created_at"]
    readonly_fields = ["occurrence", "name", "masked_phone", "created_at"]
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    @admin.display(description=_("phone"))
    def masked_phone(self, obj):
        return mask_phone(obj.phone)


@admin.register(Event)
class EventAdmin(ScopedAdmin):
    list_display = ["title", "station", "starts_at", "recurrence", "capacity", "is_published"]
    list_filter = ["recurrence", "is_published"]
    search_fields = ["title", "station__name"]
    list_select_related = ["station"]
    raw_id_fields = ["station"]
    inlines = [EventSignupInline]

    def save_model(self, request, obj, form, change):
        obj.owner_id = obj.station.owner_id  # an event belongs to its station's organisation
        super().save_model(request, obj, form, change)

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        if "owner" in form.base_fields:
            form.base_fields["owner"].required = False
        return form

    exclude = ["owner"]


# --- Feedback -------------------------------------------------------------------------------------


class FeedbackAnswerForm(forms.ModelForm):
    new_status = forms.ChoiceField(label=_("move to"), required=False,
                                   choices=[("", "—"), *FeedbackStatus.choices])
    public_reply = forms.CharField(label=_("public reply"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    class Meta:
        model = Feedback
        fields = []


@admin.register(Feedback)
class FeedbackAdmin(ScopedAdmin):
    form = FeedbackAnswerForm
    list_display = ["station", "rating", "category", "status", "created_at"]
    list_filter = ["status", "rating", "category"]
    search_fields = ["text", "station__name"]
    list_select_related = ["station"]
    readonly_fields = ["station", "rating", "category", "text", "contact", "status", "reply", "replied_at",
                       "created_at"]
    fields = [*readonly_fields, "new_status", "public_reply"]

    def has_add_permission(self, request):
        return False

    def save_model(self, request, obj, form, change):
        status, reply = form.cleaned_data.get("new_status"), form.cleaned_data.get("public_reply")
        if status:
            services.feedback_answer(feedback=obj, status=status, reply=reply or "", by=request.user)

    def save_related(self, request, form, formsets, change):
        pass

    def get_form(self, request, obj=None, **kwargs):
        form_class = super().get_form(request, obj, **kwargs)
        admin_self = self

        class Checked(form_class):
            def clean(self):
                data = super().clean()
                status = data.get("new_status")
                if status and obj is not None:
                    allowed = services.FEEDBACK_STEPS[FeedbackStatus(obj.status)]
                    if status not in allowed:
                        raise ValidationError(gettext("Feedback that is %(current)s cannot become %(new)s.") % {
                            "current": obj.get_status_display(), "new": FeedbackStatus(status).label})
                    if status == FeedbackStatus.RESOLVED and not (data.get("public_reply") or "").strip():
                        self.add_error("public_reply", gettext("Write the public reply before resolving."))
                return data

        del admin_self
        return Checked


@admin.register(Evaluation)
class EvaluationAdmin(ScopedAdmin):
    list_display = ["station", "visited_on", "stars", "total_score", "outcome", "rectify_by",
                    "construction_subsidy", "operations_subsidy"]
    list_filter = ["stars", "outcome"]
    search_fields = ["station__name", "inspectors"]
    list_select_related = ["station"]
    readonly_fields = ["station", "visited_on", "inspectors", "scores", "total_score", "stars", "outcome",
                       "rectify_by", "construction_subsidy", "operations_subsidy", "comments", "photo"]
    exclude = ["owner"]

    def has_add_permission(self, request):
        return False  # through a station's "record an evaluation"


# --- Coverage -------------------------------------------------------------------------------------


@admin.register(CoverageTarget)
class CoverageTargetAdmin(ScopedAdmin):
    list_display = ["region", "kind", "scope", "minimum", "due", "note"]
    list_filter = ["kind", "scope"]
    autocomplete_fields = ["region"]  # provinces and counties only: see RegionAdmin.get_search_results
    change_list_template = "stations/admin/coveragetarget_change_list.html"

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "region":
            kwargs["queryset"] = Region.objects.exclude(level="township")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def get_urls(self):
        return [path("report/", self.admin_site.admin_view(self.report_view), name="stations_coverage_report"),
                *super().get_urls()]

    def report_view(self, request):
        if not self.has_view_permission(request):
            raise PermissionDenied
        targets = self.get_queryset(request)
        regions = Region.objects.filter(code__in=targets.values("region_id")).order_by("code")
        code = request.GET.get("within") or (regions[0].code if regions else "")
        region = Region.objects.filter(code=code).first()
        report = coverage_report(within=region, targets=targets) if region else None
        if report is not None and request.GET.get("format") in ("csv", "xlsx"):
            rows = [[row.code, row.name, row.actual, row.target, row.shortfall] for row in report.counties]
            rows.append(["", gettext("Total"), report.total_actual, report.total_target, report.total_shortfall])
            return table_response(gettext("coverage"), ["区划代码", "县（市、区）", "现有", "目标", "缺口"], rows,
                                  fmt=request.GET["format"])
        return TemplateResponse(request, "stations/admin/coverage_report.html", {
            **self.admin_site.each_context(request), "title": gettext("Coverage report"), "report": report,
            "regions": regions, "region": region, "opts": self.model._meta,
        })


# --- Dashboard ------------------------------------------------------------------------------------


@dashboard_panel(order=10)
def stations_panel(request):
    if not request.user.has_perm("stations.view_station"):
        return None
    stations = Station.objects.visible_to(request.user)
    counts = {(row["kind"], row["status"]): row["n"] for row in
              stations.values("kind", "status").annotate(n=Count("pk"))}
    rows = []
    for kind, label in StationKind.choices:
        total = sum(n for (k, _s), n in counts.items() if k == kind)
        if total:
            rows.append((label, gettext("%(open)s open of %(total)s (%(suspended)s suspended, %(planned)s planned)") % {
                "open": counts.get((kind, StationStatus.OPEN), 0), "total": total,
                "suspended": counts.get((kind, StationStatus.SUSPENDED), 0),
                "planned": counts.get((kind, StationStatus.PLANNED), 0)}))
    year_ago = timezone.localdate() - dt.timedelta(days=365)
    due = stations.filter(status=StationStatus.OPEN).filter(
        Q(last_verified_on__isnull=True) | Q(last_verified_on__lt=year_ago)).count()
    rectify = Evaluation.objects.visible_to(request.user).filter(
        outcome=EvaluationOutcome.RECTIFY, rectify_by__gte=year_ago).count()
    open_feedback = Feedback.objects.visible_to(request.user).exclude(status=FeedbackStatus.RESOLVED).count()
    rows += [
        (gettext("Evaluations due (not checked for a year)"), due),
        (gettext("Rectification orders running"), rectify),
        (gettext("Feedback not yet resolved"), open_feedback),
    ]
    return Panel(title=gettext("Stations"), rows=rows, link="admin:stations_station_changelist",
                 link_label=gettext("All stations"))


