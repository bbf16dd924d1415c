"""Back office for mediation: cases with their parties, claims, sessions, documents, agreement and
history; teams and mediators with their load; agreements and payments; the early-warning register.

Status never appears in an editable form. Each workflow step is a small form on its own page
(`<case>/step/<name>/`) that calls one service; the case page shows the steps its state allows.
Parties' ID numbers and phones are shown masked; the "reveal" page shows them to holders of
`reveal_party` and logs the reveal.
"""

from __future__ import annotations

from collections import OrderedDict
from datetime import timedelta

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q, Sum
from django.db.models.functions import TruncMonth
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from mediation import forms as step_forms
from mediation import services
from mediation.choices import RUNNING_STATES, CaseStatus, FulfilmentStatus, RiskStatus
from mediation.models import (
    Agreement,
    Case,
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
)
from unions.admin_mixins import ScopedAdmin
from unions.admin_site import Panel, dashboard_panel
from unions.models import Enterprise, UnionOrganization
from unions.privacy import can_reveal, reveal
from unions.tabular import table_response
from unions.validators import normalize_credit_code, validate_id_number, validate_phone

# --- Workflow steps as pages -------------------------------------------------------------------


class StepsAdmin(ScopedAdmin):
    """A ModelAdmin whose state changes are steps: `steps = {name: (label, FormClass, allowed)}`."""

    steps: dict = {}
    step_permission = ""
    change_form_template = "mediation/admin/change_form_steps.html"

    def get_urls(self):
        info = self.model._meta.app_label, self.model._meta.model_name
        return [
            path("<path:object_id>/step/<str:step>/", self.admin_site.admin_view(self.step_view),
                 name="{}_{}_step".format(*info)),
            *super().get_urls(),
        ]

    def may_step(self, request) -> bool:
        return request.user.has_perm(self.step_permission)

    def available_steps(self, request, obj):
        if obj is None or not self.may_step(request):
            return []
        return [(name, label) for name, (label, _form, allowed) in self.steps.items() if allowed(obj)]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        obj = self.get_object(request, object_id)
        extra = {"steps": self.available_steps(request, obj), **(extra_context or {})}
        return super().change_view(request, object_id, form_url, extra)

    def step_view(self, request, object_id, step):
        obj = get_object_or_404(self.get_queryset(request), pk=object_id)
        if step not in self.steps:
            raise PermissionDenied
        label, form_class, allowed = self.steps[step]
        if not self.may_step(request):
            raise PermissionDenied
        form = form_class(request.POST if request.method == "POST" else None, obj=obj, user=request.user)
        if request.method == "POST" and form.is_valid():
            try:
                form.run()
            except ValidationError as error:
                _attach_errors(form, error)
            else:
                messages.success(request, gettext("%(step)s: done.") % {"step": label})
                info = self.model._meta.app_label, self.model._meta.model_name
                return redirect(reverse("admin:{}_{}_change".format(*info), args=[obj.pk]))
        context = {
            **self.admin_site.each_context(request),
            "title": f"{label} · {obj}",
            "opts": self.model._meta,
            "object": obj,
            "form": form,
            "step_label": label,
            "allowed": allowed(obj),
        }
        return TemplateResponse(request, "mediation/admin/step_form.html", context)


def _attach_errors(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


# --- Inlines -----------------------------------------------------------------------------------


class OwnedInlineMixin:
    """Inline rows inherit the case's owner."""

    extra = 0


class PartyForm(forms.ModelForm):
    """The ID number and phone are write-only here: typed in, never shown back (masked instead)."""

    new_id_number = forms.CharField(label=_("ID number"), required=False, max_length=18,
                                    validators=[validate_id_number],
                                    help_text=_("Leave empty to keep the stored number."))
    new_phone = forms.CharField(label=_("phone"), required=False, max_length=32, validators=[validate_phone],
                                help_text=_("Leave empty to keep the stored number."))

    class Meta:
        model = Party
        fields = ["role", "name", "relation"]

    def clean(self):
        data = super().clean()
        if data.get("new_id_number"):
            self.instance.id_number = data["new_id_number"]
        if data.get("new_phone"):
            self.instance.phone = data["new_phone"]
        return data


class PartyInline(OwnedInlineMixin, admin.TabularInline):
    model = Party
    form = PartyForm
    fields = ["role", "name", "relation", "id_number_masked", "new_id_number", "phone_masked", "new_phone"]
    readonly_fields = ["id_number_masked", "phone_masked"]


class EnterpriseByCreditCodeForm(forms.ModelForm):
    """A ModelForm whose `enterprise` is given by credit code: any registered enterprise, whoever
    keeps its record (a respondent or a risk may concern an enterprise another union registered)."""

    credit_code = forms.CharField(label=_("unified social credit code"), max_length=18)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["credit_code"].initial = self.instance.enterprise.credit_code

    def clean_credit_code(self):
        code = normalize_credit_code(self.cleaned_data["credit_code"])
        enterprise = Enterprise.objects.filter(credit_code=code).first()
        if enterprise is None:
            raise ValidationError(_("No enterprise has this credit code; add the enterprise first."))
        self.instance.enterprise = enterprise
        return code


class RespondentForm(EnterpriseByCreditCodeForm):
    class Meta:
        model = Respondent
        fields = ["role"]


class RespondentInline(OwnedInlineMixin, admin.TabularInline):
    model = Respondent
    form = RespondentForm
    fields = ["role", "credit_code", "enterprise_name"]
    readonly_fields = ["enterprise_name"]

    @admin.display(description=_("enterprise"))
    def enterprise_name(self, obj):
        return obj.enterprise.name if obj.pk else ""


class ClaimInline(OwnedInlineMixin, admin.TabularInline):
    model = Claim
    fields = ["item", "amount"]


class SessionInline(OwnedInlineMixin, admin.StackedInline):
    model = Session
    fields = ["held_at", "place", "participants", "notes"]


class DocumentInline(OwnedInlineMixin, admin.TabularInline):
    model = Document
    fields = ["title", "session", "file", "download"]
    readonly_fields = ["download"]
    # A plain file input: the clearable one would print the (non-existent) public URL.
    formfield_overrides = {Document._meta.get_field("file").__class__: {"widget": forms.FileInput}}

    @admin.display(description=_("download"))
    def download(self, obj):
        if not obj.pk:
            return ""
        return format_html('<a href="{}">{}</a>', obj.get_absolute_url(), gettext("Download"))

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        if obj is not None:
            formset.form.base_fields["session"].queryset = Session.objects.filter(case=obj)
        return formset


class ReadOnlyInline(OwnedInlineMixin, admin.TabularInline):
    def has_add_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class ExtensionInline(ReadOnlyInline):
    model = DeadlineExtension
    fields = ["days", "agreed_on", "reason"]
    readonly_fields = fields


class ReferralInline(ReadOnlyInline):
    model = Referral
    fields = ["target", "institution", "reference_number", "referred_on", "reason"]
    readonly_fields = fields


# --- Cases -------------------------------------------------------------------------------------


class DeadlineFilter(admin.SimpleListFilter):
    title = _("deadline")
    parameter_name = "deadline"

    def lookups(self, request, model_admin):
        return [("overdue", _("Overdue")), ("near", _("Near the deadline"))]

    def queryset(self, request, queryset):
        if self.value() == "overdue":
            return queryset.overdue()
        if self.value() == "near":
            return queryset.near_deadline()
        return queryset


class MediatorFilter(admin.SimpleListFilter):
    title = _("mediator")
    parameter_name = "mediator"

    def lookups(self, request, model_admin):
        return [(str(member.pk), str(member))
                for member in TeamMember.objects.visible_to(request.user).mediators().select_related("team")]

    def queryset(self, request, queryset):
        if self.value() and self.value().isdigit():
            return queryset.filter(mediators=self.value())
        return queryset


class HandlingStationFilter(admin.SimpleListFilter):
    title = _("labour-relations station")
    parameter_name = "station"

    def lookups(self, request, model_admin):
        from stations.models import Station

        stations = Station.objects.visible_to(request.user).filter(kind__in=["labour_station", "labour_point"])
        return [(str(station.pk), station.name) for station in stations]

    def queryset(self, request, queryset):
        if self.value() and self.value().isdigit():
            return queryset.filter(handling_station=self.value())
        return queryset


def _in(*states):
    return lambda obj: obj.status in states


@admin.register(Case)
class CaseAdmin(StepsAdmin):
    list_display = ["number", "status", "dispute_type", "station_place", "received_on", "deadline_flag",
                    "team", "owner"]
    list_filter = ["status", "dispute_type", "channel", DeadlineFilter, HandlingStationFilter, MediatorFilter]
    search_fields = ["number", "station_place", "respondents__enterprise__name"]
    list_select_related = ["team", "owner"]
    date_hierarchy = "received_on"
    view_on_site = False
    fields = ["owner", "number", "handling_station", "station_place", "channel", "channel_reference", "received_on",
              "dispute_type", "facts", "risk", "status", "accepted_on", "deadline", "team", "mediator_names",
              "decline_reason", "outcome_note", "agreement_summary", "closed_at", "reveal_link"]
    readonly_fields = ["number", "status", "accepted_on", "deadline", "deadline_flag", "team", "mediator_names",
                       "decline_reason", "outcome_note", "agreement_summary", "closed_at", "reveal_link"]
    inlines = [PartyInline, RespondentInline, ClaimInline, SessionInline, DocumentInline, ExtensionInline,
               ReferralInline]
    actions = ["export_redacted"]
    step_permission = "mediation.transition_case"
    steps = OrderedDict([
        ("accept", (_("Accept"), step_forms.AcceptForm, _in(CaseStatus.RECEIVED))),
        ("transfer", (_("Hand over to another union"), step_forms.TransferForm,
                      _in(CaseStatus.RECEIVED, CaseStatus.ACCEPTED))),
        ("decline", (_("Decline"), step_forms.DeclineForm, _in(CaseStatus.RECEIVED))),
        ("assign", (_("Assign team and mediators"), step_forms.AssignForm,
                    _in(CaseStatus.ACCEPTED, CaseStatus.IN_MEDIATION))),
        ("extend", (_("Extend the deadline"), step_forms.ExtendForm, _in(*RUNNING_STATES))),
        ("agreement", (_("Record agreement"), step_forms.AgreementForm, _in(CaseStatus.IN_MEDIATION))),
        ("no_agreement", (_("No agreement"), step_forms.NoAgreementForm, _in(CaseStatus.IN_MEDIATION))),
        ("withdraw", (_("Withdrawn"), step_forms.WithdrawForm, _in(*RUNNING_STATES))),
        ("refer", (_("Refer to arbitration or court"), step_forms.ReferForm,
                   _in(CaseStatus.ACCEPTED, CaseStatus.IN_MEDIATION, CaseStatus.AGREEMENT,
                       CaseStatus.NO_AGREEMENT))),
        ("close", (pgettext_lazy("case", "Close"), step_forms.CloseForm,
                   _in(CaseStatus.AGREEMENT, CaseStatus.NO_AGREEMENT, CaseStatus.WITHDRAWN, CaseStatus.REFERRED))),
    ])

    def get_urls(self):
        return [
            path("<path:object_id>/reveal/", self.admin_site.admin_view(self.reveal_view),
                 name="mediation_case_reveal"),
            *super().get_urls(),
        ]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("agreement", "team", "owner", "handling_station")

    @admin.display(description=_("deadline"), ordering="deadline")
    def deadline_flag(self, obj):
        state = obj.deadline_state()
        if not obj.deadline or obj.status not in RUNNING_STATES:
            return "—"
        label = {"overdue": gettext("overdue"), "near": gettext("near")}.get(state, "")
        if not label:
            return f"{obj.deadline:%Y-%m-%d}"
        return format_html('{} <strong class="deadline-{}">{}</strong>', f"{obj.deadline:%Y-%m-%d}", state, label)

    @admin.display(description=_("mediators"))
    def mediator_names(self, obj):
        return "、".join(member.name for member in obj.mediators.all()) or "—"

    @admin.display(description=_("agreement"))
    def agreement_summary(self, obj):
        agreement = getattr(obj, "agreement", None) if obj.pk else None
        if agreement is None:
            return "—"
        return format_html(
            '<a href="{}">¥{}</a> · {} · {}', reverse("admin:mediation_agreement_change", args=[agreement.pk]),
            f"{agreement.total_amount:,.2f}", agreement.signed_on, agreement.get_fulfilment_display(),
        )

    @admin.display(description=_("personal data"))
    def reveal_link(self, obj):
        if not obj.pk:
            return ""
        return format_html('<a href="{}">{}</a>', reverse("admin:mediation_case_reveal", args=[obj.pk]),
                           gettext("Show full ID numbers and phones (logged)"))

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if obj is not None:
            readonly.append("owner")
        return readonly

    def save_model(self, request, obj, form, change):
        if not change:
            # A case typed into the back office is numbered like any other opening.
            obj.number = services.next_case_number(owner=obj.owner, year=obj.received_on.year)
        super().save_model(request, obj, form, change)

    def save_formset(self, request, form, formset, change):
        case = form.instance
        for inline_form in formset.forms:
            instance = inline_form.instance
            if instance.pk is None and hasattr(instance, "owner_id"):
                instance.owner = case.owner
                instance.created_by = request.user
        super().save_formset(request, form, formset, change)

    def reveal_view(self, request, object_id):
        case = get_object_or_404(self.get_queryset(request), pk=object_id)
        parties = list(case.parties.all())
        if not parties or not can_reveal(request.user, parties[0]):
            raise PermissionDenied
        rows = [(party, reveal(user=request.user, obj=party, fields=["id_number", "phone"],
                               path=request.get_full_path())) for party in parties]
        context = {
            **self.admin_site.each_context(request),
            "title": gettext("Personal data of %(case)s") % {"case": case},
            "opts": self.model._meta,
            "object": case,
            "rows": rows,
        }
        return TemplateResponse(request, "mediation/admin/case_reveal.html", context)

    @admin.action(description=_("Export for statistics (no personal data)"), permissions=["view"])
    def export_redacted(self, request, queryset):
        headers = [gettext("case number"), gettext("owner organisation"), gettext("handling station"),
                   gettext("intake channel"), gettext("dispute type"), gettext("status"), gettext("received on"),
                   gettext("accepted on"), gettext("mediation deadline"), gettext("amount claimed (yuan)"),
                   gettext("amount agreed (yuan)"), gettext("fulfilment")]
        cases = (queryset.select_related("owner", "agreement")
                 .annotate(claimed=Sum("claims__amount")).order_by("received_on", "pk"))

        def rows():
            for case in cases:
                agreement = getattr(case, "agreement", None)
                yield [case.number, case.owner.name, case.station_place, case.get_channel_display(),
                       case.get_dispute_type_display(), case.get_status_display(), case.received_on,
                       case.accepted_on, case.deadline, case.claimed or 0,
                       agreement.total_amount if agreement else "",
                       agreement.get_fulfilment_display() if agreement else ""]

        return table_response("mediation-cases", headers, rows())


# --- Agreements --------------------------------------------------------------------------------


class InstalmentInline(ReadOnlyInline):
    model = Instalment
    fields = ["due_on", "amount", "paid_amount", "paid_on"]
    readonly_fields = fields


@admin.register(Agreement)
class AgreementAdmin(StepsAdmin):
    list_display = ["case", "signed_on", "total_amount", "fulfilment", "owner"]
    list_filter = ["fulfilment"]
    search_fields = ["case__number"]
    list_select_related = ["case", "owner"]
    fields = ["case", "signed_on", "total_amount", "terms", "fulfilment"]
    readonly_fields = fields
    inlines = [InstalmentInline]
    step_permission = "mediation.change_agreement"
    open_states = (FulfilmentStatus.PENDING, FulfilmentStatus.PARTLY_PAID)
    steps = OrderedDict([
        ("payment", (_("Record a payment"), step_forms.PaymentForm, lambda obj: obj.fulfilment in
                     (FulfilmentStatus.PENDING, FulfilmentStatus.PARTLY_PAID))),
        ("default", (_("Defaulted: refer"), step_forms.DefaultForm, lambda obj: obj.fulfilment in
                     (FulfilmentStatus.PENDING, FulfilmentStatus.PARTLY_PAID)
                     and obj.case.status == CaseStatus.AGREEMENT)),
    ])

    def has_add_permission(self, request):
        return False  # agreements are recorded on the case


# --- Teams -------------------------------------------------------------------------------------


def scoped_users(request):
    """Staff users of the organisations the user can see: never the whole portal's user list."""
    from django.contrib.auth import get_user_model

    visible = UnionOrganization.objects.visible_to(request.user)
    return get_user_model().objects.filter(memberships__organization__in=visible).distinct().order_by("username")


class ScopedUserMixin:
    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "user":
            kwargs["queryset"] = scoped_users(request)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class TeamMemberInline(ScopedUserMixin, admin.TabularInline):
    model = TeamMember
    extra = 1
    fields = ["name", "kind", "user", "qualifications", "email", "is_mediator", "active"]


@admin.register(Team)
class TeamAdmin(ScopedAdmin):
    list_display = ["name", "kind", "station_place", "member_count", "owner"]
    list_filter = ["kind"]
    search_fields = ["name", "station_place"]
    list_select_related = ["owner"]
    fields = ["owner", "name", "kind", "station_place", "description"]
    inlines = [TeamMemberInline]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(members_total=Count("members"))

    @admin.display(description=_("members"), ordering="members_total")
    def member_count(self, obj):
        return obj.members_total

    def save_formset(self, request, form, formset, change):
        for inline_form in formset.forms:
            if inline_form.instance.pk is None:
                inline_form.instance.owner = form.instance.owner
        super().save_formset(request, form, formset, change)


@admin.register(TeamMember)
class TeamMemberAdmin(ScopedUserMixin, ScopedAdmin):
    """Mediators and their load: how many open cases each one carries."""

    list_display = ["name", "team", "kind", "qualifications", "is_mediator", "active", "load"]
    list_filter = ["is_mediator", "kind", "active", "team__kind"]
    search_fields = ["name", "team__name"]
    list_select_related = ["team"]
    fields = ["owner", "team", "name", "kind", "user", "qualifications", "email", "is_mediator", "active"]

    def get_queryset(self, request):
        return super().get_queryset(request).with_load()

    @admin.display(description=_("open cases"), ordering="open_cases")
    def load(self, obj):
        url = reverse("admin:mediation_case_changelist") + f"?mediator={obj.pk}"
        return format_html('<a href="{}">{}</a>', url, obj.open_cases)


# --- Early warning -----------------------------------------------------------------------------


class RiskForm(EnterpriseByCreditCodeForm):
    class Meta:
        model = Risk
        fields = ["owner", "kind", "level", "source", "reported_on", "description"]


@admin.register(Risk)
class RiskAdmin(StepsAdmin):
    list_display = ["enterprise", "kind", "level", "source", "status", "reported_on", "owner"]
    list_filter = ["status", "level", "kind", "source"]
    search_fields = ["enterprise__name", "enterprise__credit_code", "description"]
    list_select_related = ["enterprise", "owner"]
    form = RiskForm
    fields = ["owner", "credit_code", "enterprise", "kind", "level", "source", "reported_on", "description", "status",
              "follow_up", "resolved_on"]
    readonly_fields = ["enterprise", "status", "follow_up", "resolved_on"]
    step_permission = "mediation.change_risk"
    steps = OrderedDict([
        ("follow_up", (_("Record a follow-up"), step_forms.FollowUpForm,
                       lambda obj: obj.status != RiskStatus.RESOLVED)),
        ("open_case", (_("Open a case from this risk"), step_forms.CaseFromRiskForm,
                       lambda obj: obj.status != RiskStatus.RESOLVED)),
    ])

    def may_step(self, request) -> bool:
        return super().may_step(request) and request.user.has_perm("mediation.add_case")


# --- Dashboard ---------------------------------------------------------------------------------


@dashboard_panel(order=40)
def mediation_panel(request):
    if not request.user.has_perm("mediation.view_case"):
        return None
    cases = Case.objects.visible_to(request.user)
    today = timezone.localdate()
    counts = cases.aggregate(
        open=Count("pk", filter=Q(status__in=[CaseStatus.RECEIVED, *RUNNING_STATES])),
        overdue=Count("pk", filter=Q(status__in=RUNNING_STATES, deadline__lt=today)),
        agreed=Count("pk", filter=Q(agreement__isnull=False)),
        settled=Count("pk", filter=Q(agreement__isnull=False) | Q(status__in=[
            CaseStatus.NO_AGREEMENT, CaseStatus.REFERRED, CaseStatus.WITHDRAWN]) | Q(
            status=CaseStatus.CLOSED, team__isnull=False)),
    )
    rate = f"{counts['agreed'] * 100 / counts['settled']:.0f}%" if counts["settled"] else "—"
    rows = [
        (gettext("Open cases"), counts["open"]),
        (gettext("Past the 15-day deadline"), counts["overdue"]),
        (gettext("Success rate of mediations"), rate),
    ]
    since = (today.replace(day=1) - timedelta(days=150)).replace(day=1)
    # By the month the agreement was signed; two queries so that instalments do not multiply totals.
    agreed = dict(
        Agreement.objects.visible_to(request.user).filter(signed_on__gte=since)
        .annotate(month=TruncMonth("signed_on")).values("month").annotate(total=Sum("total_amount"))
        .values_list("month", "total")
    )
    paid = dict(
        Instalment.objects.visible_to(request.user).filter(agreement__signed_on__gte=since)
        .annotate(month=TruncMonth("agreement__signed_on")).values("month").annotate(total=Sum("paid_amount"))
        .values_list("month", "total")
    )
    for month in sorted(agreed):
        rows.append((gettext("%(month)s agreed / paid") % {"month": f"{month:%Y-%m}"},
                     f"¥{agreed[month] or 0:,.2f} / ¥{paid.get(month) or 0:,.2f}"))
    return Panel(title=gettext("Labour-dispute mediation"), rows=rows, link="admin:mediation_case_changelist",
                 link_label=gettext("All cases"))
