"""Back office of the model-worker ledger: the ledger with its filters, import and export; each
model worker's page with visits, events, care orders and benefit checks; recording a visit; the
visit calendar; the five-must-visit overview; dashboard panels. Every change goes through
`model_workers.services`.
"""

from __future__ import annotations

import calendar
from collections import defaultdict
from datetime import date, timedelta

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext, pgettext
from django.utils.translation import gettext_lazy as _

from model_workers import dates, importers, services
from model_workers.choices import CareOrderStatus, EventKind, VisitKind, VisitState, VisitStatus
from model_workers.forms import (
    BenefitCheckAdminForm,
    CareOrderAdminForm,
    LedgerImportForm,
    ModelWorkerAdminForm,
    VisitCancelForm,
    VisitorFormSet,
    VisitRecordForm,
    WorkerEventAdminForm,
)
from model_workers.models import (
    BenefitCheck,
    CareOrder,
    CareService,
    ModelWorker,
    Visit,
    Visitor,
    WorkerEvent,
    today,
)
from unions.admin_mixins import ScopedAdmin
from unions.admin_site import Panel, dashboard_panel
from unions.privacy import can_reveal, mask_phone, reveal
from unions.tabular import TableError, table_response

# --- Filters ----------------------------------------------------------------------------------------


class AgeFilter(admin.SimpleListFilter):
    title = _("age")
    parameter_name = "age"

    def lookups(self, request, model_admin):
        return [("80", _("80 and over")), ("90", _("90 and over"))]

    def queryset(self, request, queryset):
        if self.value() in ("80", "90"):
            return queryset.alive().aged_at_least(int(self.value()))
        return queryset


class AliveFilter(admin.SimpleListFilter):
    title = _("alive")
    parameter_name = "alive"

    def lookups(self, request, model_admin):
        return [("yes", _("Alive")), ("no", _("Deceased"))]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.alive()
        if self.value() == "no":
            return queryset.filter(date_of_death__isnull=False)
        return queryset


class VisitStateFilter(admin.SimpleListFilter):
    title = _("state")
    parameter_name = "state"

    def lookups(self, request, model_admin):
        return VisitState.choices

    def queryset(self, request, queryset):
        if self.value() in VisitState.values:
            return queryset.in_state(self.value())
        return queryset


class ExceptionFilter(admin.SimpleListFilter):
    title = _("exceptions")
    parameter_name = "exceptions"

    def lookups(self, request, model_admin):
        return [("yes", _("With exceptions")), ("unchecked", _("Not yet checked"))]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.with_exceptions()
        if self.value() == "unchecked":
            return queryset.unchecked()
        return queryset


# --- Inlines on the model worker's page (read-only: changes go through their own pages) ------------


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).visible_to(request.user)


class VisitInline(ReadOnlyInline):
    model = Visit
    fields = ["year", "occasion", "window_start", "window_end", "requires_leader", "assigned_to", "status", "done_on"]
    readonly_fields = fields
    ordering = ["-year", "window_end"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("assigned_to")


class WorkerEventInline(ReadOnlyInline):
    model = WorkerEvent
    fields = ["kind", "occurred_on", "hospital", "discharged_on"]
    readonly_fields = fields


class CareOrderInline(ReadOnlyInline):
    model = CareOrder
    fields = ["service", "scheduled_on", "provider", "cost", "paid_by", "status", "delivered_on"]
    readonly_fields = fields

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("service")


class BenefitCheckInline(ReadOnlyInline):
    model = BenefitCheck
    fields = ["year", "checked_on", "exception_list"]
    readonly_fields = fields

    @admin.display(description=_("exceptions"))
    def exception_list(self, obj):
        return "、".join(obj.exceptions) or "—"


# --- The ledger -----------------------------------------------------------------------------------


@admin.register(ModelWorker)
class ModelWorkerAdmin(ScopedAdmin):
    form = ModelWorkerAdminForm
    change_list_template = "model_workers/admin/modelworker/change_list.html"
    change_form_template = "model_workers/admin/modelworker/change_form.html"
    list_display = ["name", "gender", "age", "honour", "owner", "contact_person", "living_situation",
                    "in_hospital", "id_number_masked", "date_of_death"]
    list_filter = [AgeFilter, "living_situation", "in_hospital", "honour", AliveFilter, "birthday_lunar", "low_income"]
    search_fields = ["name", "=id_number"]
    list_select_related = ["owner", "contact_person"]
    readonly_fields = ["age", "lunar_birthday", "in_hospital", "id_number_masked"]
    inlines = [VisitInline, WorkerEventInline, CareOrderInline, BenefitCheckInline]
    actions = ["export_csv", "export_xlsx", "prepare_benefit_checks"]
    show_full_result_count = False
    view_on_site = False  # staff only: there is no public page

    PRIVATE_FIELDSET = (_("Family and health"), {
        "fields": ["family_contacts", "health_conditions", "mobility", "needs"],
        "description": _("Shown only to staff of the responsible organisation."),
    })

    def get_fieldsets(self, request, obj=None):
        identity = ["id_number", "phone"]
        if obj is not None:
            # The form starts these empty (ModelWorkerAdminForm), but a view-only page shows each
            # field's stored value: there, show the masked forms instead of the raw ones.
            identity = (["id_number_masked", "masked_phone"] if not self.has_change_permission(request, obj)
                        else ["id_number", "id_number_masked", "phone"])
        fieldsets = [
            (None, {"fields": ["name", "gender", "birth_date", "birthday_lunar", "age", "lunar_birthday",
                               *identity[:-1]]}),
            (_("Honour"), {"fields": ["honour", "honour_year", "enjoys_benefits"]}),
            (_("Care"), {"fields": ["owner", "contact_person", "address", identity[-1], "living_situation",
                                    "in_hospital", "long_term_care_insurance", "low_income"]}),
        ]
        if obj is None or obj.shows_private_fields_to(request.user):
            fieldsets.append(self.PRIVATE_FIELDSET)
        fieldsets.append((_("Death"), {"fields": ["date_of_death"]}))
        return fieldsets

    def get_readonly_fields(self, request, obj=None):
        return [*self.readonly_fields, "masked_phone"] if obj else ["age", "lunar_birthday", "in_hospital"]

    @admin.display(description=_("phone"))
    def masked_phone(self, obj):
        return mask_phone(obj.phone) if obj and obj.phone else "—"

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "contact_person":
            from django.contrib.auth import get_user_model

            from unions.models import UnionOrganization

            visible = UnionOrganization.objects.visible_to(request.user)
            kwargs["queryset"] = (
                get_user_model().objects.filter(is_active=True, memberships__organization__in=visible).distinct()
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    @admin.display(description=_("age"))
    def age(self, obj):
        return obj.age if obj and obj.birth_date else "—"

    @admin.display(description=_("lunar birthday"))
    def lunar_birthday(self, obj):
        return obj.lunar_birthday_label if obj and obj.birth_date else "—"

    def save_model(self, request, obj, form, change):
        services.worker_save(worker=obj, by=request.user)

    def get_urls(self):
        info = f"{self.opts.app_label}_{self.opts.model_name}"
        return [
            path("import/", self.admin_site.admin_view(self.import_view), name=f"{info}_import"),
            path("import/template/", self.admin_site.admin_view(self.import_template_view),
                 name=f"{info}_import_template"),
            path("five-visits/", self.admin_site.admin_view(self.five_visits_view), name=f"{info}_five_visits"),
            path("<path:object_id>/reveal/", self.admin_site.admin_view(self.reveal_view), name=f"{info}_reveal"),
            *super().get_urls(),
        ]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra_context = extra_context or {}
        extra_context["may_reveal"] = can_reveal(request.user, ModelWorker)
        return super().change_view(request, object_id, form_url, extra_context)

    # --- reveal -------------------------------------------------------------------------------------

    def reveal_view(self, request, object_id):
        worker = get_object_or_404(self.get_queryset(request), pk=object_id)
        if request.method != "POST":
            return redirect(reverse("admin:model_workers_modelworker_change", args=[worker.pk]))
        try:
            values = reveal(user=request.user, obj=worker, fields=["id_number", "phone"], path=request.path)
        except PermissionError as error:
            raise PermissionDenied from error
        context = {
            **self.admin_site.each_context(request), "opts": self.opts, "original": worker,
            "title": gettext("Personal data of %(name)s") % {"name": worker.name}, "values": values,
        }
        return TemplateResponse(request, "model_workers/admin/modelworker/reveal.html", context)

    # --- import and export ----------------------------------------------------------------------------

    def import_view(self, request):
        if not self.has_add_permission(request):
            raise PermissionDenied
        report = None
        form = LedgerImportForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            try:
                report = importers.import_ledger(form.cleaned_data["file"], user=request.user)
            except TableError as error:
                form.add_error("file", str(error))
        context = {
            **self.admin_site.each_context(request), "opts": self.opts, "title": gettext("Import the ledger"),
            "form": form, "report": report, "columns": importers.column_help(),
        }
        return TemplateResponse(request, "admin/tabular_import.html", context)

    def import_template_view(self, request):
        """An empty workbook with the import's column headers."""
        if not self.has_add_permission(request):
            raise PermissionDenied
        return table_response("劳模台账导入模板", list(importers.COLUMNS), [], "xlsx")

    def _export(self, request, queryset, fmt):
        headers, rows = importers.export_rows(queryset, user=request.user, path=request.get_full_path())
        return table_response(f"劳模台账-{today():%Y%m%d}", headers, rows, fmt)

    @admin.action(description=_("Export the selected model workers (CSV)"), permissions=["view"])
    def export_csv(self, request, queryset):
        return self._export(request, queryset, "csv")

    @admin.action(description=_("Export the selected model workers (Excel)"), permissions=["view"])
    def export_xlsx(self, request, queryset):
        return self._export(request, queryset, "xlsx")

    @admin.action(description=_("Prepare this year's benefit checks"), permissions=["change"])
    def prepare_benefit_checks(self, request, queryset):
        created = services.benefit_checks_prepare(year=today().year, workers=queryset)
        self.message_user(request, gettext("%(count)d benefit checks prepared.") % {"count": created}, messages.SUCCESS)

    # --- which of the five must-visits were done ---------------------------------------------------

    def five_visits_view(self, request):
        if not self.has_view_permission(request):
            raise PermissionDenied
        year = _int(request.GET.get("year"), today().year)
        try:
            dates.check_year(year)
        except dates.OutOfRange:
            year = today().year
        workers = self.get_queryset(request).alive().select_related("owner").order_by("owner__path", "name")
        page = Paginator(workers, 50).get_page(request.GET.get("page"))
        counts = defaultdict(lambda: defaultdict(int))
        rows = (
            Visit.objects.visible_to(request.user)
            .filter(year=year, worker__in=[w.pk for w in page.object_list])
            .exclude(status=VisitStatus.CANCELLED)
            .values("worker_id", "kind", "status").annotate(n=Count("pk")).order_by()
        )
        for row in rows:
            counts[(row["worker_id"], row["kind"])][row["status"]] += row["n"]
        table = []
        for worker in page.object_list:
            cells = []
            for kind in VisitKind:
                tally = counts[(worker.pk, kind.value)]
                done, planned = tally[VisitStatus.DONE], tally[VisitStatus.PLANNED]
                cells.append({"done": done, "total": done + planned, "complete": planned == 0 and done > 0})
            table.append((worker, cells))
        context = {
            **self.admin_site.each_context(request), "opts": self.opts,
            "title": gettext("Five must-visits %(year)d") % {"year": year},
            "year": year, "kinds": VisitKind.choices, "table": table, "page": page,
            "previous_year": year - 1, "next_year": year + 1,
        }
        return TemplateResponse(request, "model_workers/admin/modelworker/five_visits.html", context)


# --- Events ----------------------------------------------------------------------------------------


@admin.register(WorkerEvent)
class WorkerEventAdmin(ScopedAdmin):
    form = WorkerEventAdminForm
    list_display = ["worker", "kind", "occurred_on", "hospital", "discharged_on", "owner"]
    list_filter = ["kind", ("discharged_on", admin.EmptyFieldListFilter)]
    search_fields = ["worker__name", "hospital"]
    list_select_related = ["worker", "owner"]
    autocomplete_fields = ["worker"]
    actions = ["discharge_today"]

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return []
        return ["worker", "kind", "occurred_on", "hospital", "description", "discharged_on"]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "worker":
            kwargs["queryset"] = ModelWorker.objects.visible_to(request.user).alive()
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change):
        if change:
            return
        event = services.event_record(
            worker=obj.worker, kind=obj.kind, occurred_on=obj.occurred_on, description=obj.description,
            hospital=obj.hospital, by=request.user,
        )
        obj.pk, obj.owner_id, obj._state.adding = event.pk, event.owner_id, False
        self.message_user(
            request, gettext("A visit is now due by %(day)s.") % {"day": event.visit.window_end.isoformat()},
            messages.INFO,
        )

    @admin.action(description=_("Record the discharge (today)"), permissions=["change"])
    def discharge_today(self, request, queryset):
        done = 0
        for event in queryset.filter(kind=EventKind.HOSPITAL_ADMISSION, discharged_on__isnull=True):
            services.hospital_discharge(event=event, discharged_on=today(), by=request.user)
            done += 1
        self.message_user(request, gettext("%(count)d discharges recorded.") % {"count": done}, messages.SUCCESS)


# --- Visits ------------------------------------------------------------------------------------------


class VisitorInline(admin.TabularInline):
    model = Visitor
    extra = 0
    can_delete = False
    fields = ["name", "title", "is_leader"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Visit)
class VisitAdmin(ScopedAdmin):
    change_form_template = "model_workers/admin/visit/change_form.html"
    change_list_template = "model_workers/admin/visit/change_list.html"
    list_display = ["worker", "occasion", "year", "window_start", "window_end", "state_label", "requires_leader",
                    "assigned_to", "done_on"]
    list_filter = [VisitStateFilter, "year", "kind", "requires_leader", "status"]
    search_fields = ["worker__name"]
    list_select_related = ["worker", "assigned_to"]
    inlines = [VisitorInline]
    fields = ["worker", "year", "kind", "occasion", "event", "occasion_date", "window_start", "window_end",
              "requires_leader", "assigned_to", "owner", "status", "done_on", "gift_value", "cash_amount", "notes",
              "needs_found",
              "cancel_reason", "last_reminded_on"]
    readonly_fields = fields
    show_full_result_count = False
    view_on_site = False

    def has_add_permission(self, request):
        return False  # visits come from the plan and from events

    @admin.display(description=_("state"))
    def state_label(self, obj):
        return obj.get_state_display()

    def get_urls(self):
        info = f"{self.opts.app_label}_{self.opts.model_name}"
        return [
            path("calendar/", self.admin_site.admin_view(self.calendar_view), name=f"{info}_calendar"),
            path("<path:object_id>/record/", self.admin_site.admin_view(self.record_view), name=f"{info}_record"),
            *super().get_urls(),
        ]

    def record_view(self, request, object_id):
        visit = get_object_or_404(self.get_queryset(request).select_related("worker"), pk=object_id)
        if not self.has_change_permission(request, visit):
            raise PermissionDenied
        change_url = reverse("admin:model_workers_visit_change", args=[visit.pk])
        if visit.status != VisitStatus.PLANNED:
            self.message_user(request, gettext("This visit is no longer planned."), messages.WARNING)
            return redirect(change_url)
        is_cancel = request.method == "POST" and "cancel" in request.POST
        data = request.POST if request.method == "POST" else None
        form = VisitRecordForm(None if is_cancel else data)
        visitors = VisitorFormSet(None if is_cancel else data, prefix="visitors")
        cancel_form = VisitCancelForm(data if is_cancel else None)
        if is_cancel and cancel_form.is_valid():
            try:
                services.visit_cancel(visit=visit, reason=cancel_form.cleaned_data["cancel_reason"], by=request.user)
            except ValidationError as error:
                cancel_form.add_error(None, error)
            else:
                self.message_user(request, gettext("The visit was cancelled."), messages.SUCCESS)
                return redirect(change_url)
        elif data is not None and not is_cancel and form.is_valid() and visitors.is_valid():
            people = [
                services.VisitorData(
                    name=row["name"], title=row.get("title", ""), is_leader=row.get("is_leader", False),
                )
                for row in visitors.cleaned_data if row and row.get("name")
            ]
            try:
                services.visit_record(
                    visit=visit, done_on=form.cleaned_data["done_on"], visitors=people,
                    gift_value=form.cleaned_data["gift_value"], cash_amount=form.cleaned_data["cash_amount"],
                    notes=form.cleaned_data["notes"], needs_found=form.cleaned_data["needs_found"],
                    follow_up=list(form.cleaned_data["follow_up"]), by=request.user,
                )
            except ValidationError as error:
                for field, errors in error.message_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                self.message_user(request, gettext("The visit was recorded."), messages.SUCCESS)
                return redirect(change_url)
        context = {
            **self.admin_site.each_context(request), "opts": self.opts, "original": visit, "visit": visit,
            "title": gettext("Record the visit: %(visit)s") % {"visit": visit}, "form": form, "visitors": visitors,
            "cancel_form": cancel_form,
        }
        return TemplateResponse(request, "model_workers/admin/visit/record.html", context)

    def calendar_view(self, request):
        if not self.has_view_permission(request):
            raise PermissionDenied
        month = _month(request.GET.get("month"))
        first = month
        last = date(month.year, month.month, calendar.monthrange(month.year, month.month)[1])
        visits = (
            self.get_queryset(request).exclude(status=VisitStatus.CANCELLED)
            .filter(window_end__gte=first, window_end__lte=last).select_related("worker")
            .order_by("window_end", "worker__name")
        )
        by_day = defaultdict(list)
        for visit in visits:
            by_day[visit.window_end].append(visit)
        weeks = [
            [{"day": day, "in_month": day.month == month.month, "visits": by_day.get(day, []),
              "today": day == today()} for day in week]
            for week in calendar.Calendar(firstweekday=0).monthdatescalendar(month.year, month.month)
        ]
        previous_month = (first - timedelta(days=1)).replace(day=1)
        next_month = last + timedelta(days=1)
        context = {
            **self.admin_site.each_context(request), "opts": self.opts,
            "title": gettext("Visit calendar %(month)s") % {"month": f"{month:%Y-%m}"},
            "weeks": weeks, "month": month, "previous_month": previous_month, "next_month": next_month,
            "weekdays": [gettext("Mon"), gettext("Tue"), gettext("Wed"), gettext("Thu"), gettext("Fri"),
                         gettext("Sat"), gettext("Sun")],
        }
        return TemplateResponse(request, "model_workers/admin/visit/calendar.html", context)


def _int(value, default: int) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return default


def _month(value) -> date:
    try:
        year, month = (int(part) for part in (value or "").split("-"))
        return date(year, month, 1)
    except ValueError:
        return today().replace(day=1)


# --- Care services and orders ----------------------------------------------------------------------


@admin.register(CareService)
class CareServiceAdmin(admin.ModelAdmin):
    list_display = ["kind", "active", "description"]
    fields = ["kind", "description", "active"]

    def get_readonly_fields(self, request, obj=None):
        return ["kind"] if obj else []


@admin.register(CareOrder)
class CareOrderAdmin(ScopedAdmin):
    form = CareOrderAdminForm
    list_display = ["worker", "service", "scheduled_on", "provider", "cost", "paid_by", "status", "delivered_on",
                    "owner"]
    list_filter = ["status", "service", "paid_by"]
    search_fields = ["worker__name", "provider"]
    list_select_related = ["worker", "service", "owner"]
    autocomplete_fields = ["worker"]
    raw_id_fields = ["visit"]
    actions = ["deliver_today", "cancel_orders"]

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return ["status", "delivered_on"]
        if obj.status != CareOrderStatus.OPEN:
            return ["worker", "service", "visit", "provider", "scheduled_on", "cost", "paid_by", "notes",
                    "status", "delivered_on"]
        return ["worker", "status", "delivered_on"]

    def get_fields(self, request, obj=None):
        return ["worker", "service", "visit", "provider", "scheduled_on", "cost", "paid_by", "notes", "status",
                "delivered_on"]

    def save_model(self, request, obj, form, change):
        if change:
            services.care_order_update(order=obj, by=request.user)
            return
        order = services.care_order_create(
            worker=obj.worker, service=obj.service, scheduled_on=obj.scheduled_on, provider=obj.provider,
            cost=obj.cost, paid_by=obj.paid_by, visit=obj.visit, notes=obj.notes, by=request.user,
        )
        obj.pk, obj.owner_id, obj._state.adding = order.pk, order.owner_id, False

    @admin.action(description=_("Mark as delivered (today)"), permissions=["change"])
    def deliver_today(self, request, queryset):
        orders = list(queryset.filter(status=CareOrderStatus.OPEN))
        for order in orders:
            services.care_order_deliver(order=order, delivered_on=today(), by=request.user)
        self.message_user(request, gettext("%(count)d orders delivered.") % {"count": len(orders)}, messages.SUCCESS)

    @admin.action(description=_("Cancel the selected orders"), permissions=["change"])
    def cancel_orders(self, request, queryset):
        orders = list(queryset.filter(status=CareOrderStatus.OPEN))
        for order in orders:
            services.care_order_cancel(order=order, by=request.user)
        self.message_user(request, gettext("%(count)d orders cancelled.") % {"count": len(orders)}, messages.SUCCESS)


# --- Benefit checks --------------------------------------------------------------------------------


@admin.register(BenefitCheck)
class BenefitCheckAdmin(ScopedAdmin):
    form = BenefitCheckAdminForm
    list_display = ["worker", "year", "exception_list", "checked_on", "owner"]
    list_filter = [ExceptionFilter, "year"]
    search_fields = ["worker__name"]
    list_select_related = ["worker", "owner"]
    readonly_fields = ["worker", "year", "honour_allowance_expected", "higher_medical_expected",
                       "care_insurance_expected", "nursing_subsidy_expected", "checked_on", "checked_by"]
    fieldsets = [
        (None, {"fields": ["worker", "year"]}),
        (_("Expected"), {"fields": ["honour_allowance_expected", "higher_medical_expected",
                                    "care_insurance_expected", "nursing_subsidy_expected"]}),
        (_("Found"), {"fields": ["honour_allowance_found", "higher_medical_found", "care_insurance_found",
                                 "nursing_subsidy_found", "notes", "checked_on", "checked_by"]}),
    ]

    def has_add_permission(self, request):
        return False  # prepared from the ledger (action "Prepare this year's benefit checks")

    @admin.display(description=_("exceptions"))
    def exception_list(self, obj):
        return "、".join(obj.exceptions) or "—"

    def save_model(self, request, obj, form, change):
        found = {name: form.cleaned_data.get(name) for name in form.Meta.fields if name.endswith("_found")}
        services.benefit_check_record(
            check=obj, found=found, checked_on=today(), notes=form.cleaned_data.get("notes", ""), by=request.user,
        )


# --- Dashboard panels ------------------------------------------------------------------------------


@dashboard_panel(order=40)
def visits_panel(request):
    if not request.user.has_perm("model_workers.view_visit"):
        return None
    now = today()
    week_end = now + timedelta(days=6 - now.weekday())
    visits = Visit.objects.visible_to(request.user).filter(worker__date_of_death__isnull=True)
    workers = ModelWorker.objects.visible_to(request.user).alive()
    return Panel(
        title=gettext("Model-worker visits"),
        rows=[
            (gettext("Due this week"), visits.due_within(now, week_end).count()),
            (pgettext("visit state", "Overdue"), visits.overdue(now).count()),
            (gettext("Model workers in hospital"), workers.in_hospital().count()),
            (gettext("Model workers aged 90 and over"), workers.aged_at_least(90).count()),
        ],
        link="admin:model_workers_visit_calendar", link_label=gettext("Visit calendar"),
    )


@dashboard_panel(order=41)
def care_panel(request):
    if not request.user.has_perm("model_workers.view_careorder"):
        return None
    year = today().year
    return Panel(
        title=gettext("Model-worker care and benefits"),
        rows=[
            (gettext("Care orders open"), CareOrder.objects.visible_to(request.user).open().count()),
            (gettext("Benefit exceptions %(year)d") % {"year": year},
             BenefitCheck.objects.visible_to(request.user).filter(year=year).with_exceptions().count()),
        ],
        link="admin:model_workers_modelworker_five_visits", link_label=gettext("Five must-visits overview"),
    )
