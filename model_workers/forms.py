"""Back-office forms: the ledger entry (ID number and phone never sent back to the browser),
recording a visit with its visitors, events, care orders, benefit checks and the ledger import."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from model_workers import services
from model_workers.models import BENEFIT_FIELDS, BenefitCheck, CareOrder, CareService, ModelWorker, WorkerEvent, today
from unions.validators import mask_phone

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ModelWorkerAdminForm(forms.ModelForm):
    """On an existing entry the ID number and phone fields start empty (the masked value is shown
    as help); leaving them empty keeps the stored value, so the raw value never reaches the page."""

    KEEP_WHEN_EMPTY = ["id_number", "phone"]

    class Meta:
        model = ModelWorker
        fields = [
            "name", "gender", "birth_date", "birthday_lunar", "id_number", "honour", "honour_year", "enjoys_benefits",
            "owner", "contact_person", "address", "phone", "family_contacts", "living_situation", "health_conditions",
            "mobility", "long_term_care_insurance", "low_income", "needs", "date_of_death",
        ]
        widgets = {"birth_date": DATE, "date_of_death": DATE}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            for name, masked in (("id_number", self.instance.id_number_masked),
                                 ("phone", mask_phone(self.instance.phone))):
                if name in self.fields:
                    self.fields[name].required = False
                    self.initial[name] = ""
                    self.fields[name].help_text = _("Now %(masked)s. Leave empty to keep it.") % {
                        "masked": masked or "—"}

    def _post_clean(self):
        if self.instance.pk:
            stored = ModelWorker.objects.filter(pk=self.instance.pk).values(*self.KEEP_WHEN_EMPTY).first() or {}
            for name in self.KEEP_WHEN_EMPTY:
                if name in self.cleaned_data and not self.cleaned_data[name]:
                    self.cleaned_data[name] = stored.get(name, "")
        super()._post_clean()


class VisitorForm(forms.Form):
    name = forms.CharField(label=_("visitor"), max_length=64, required=False)
    title = forms.CharField(label=_("title"), max_length=64, required=False)
    is_leader = forms.BooleanField(label=_("union leader"), required=False)


VisitorFormSet = forms.formset_factory(VisitorForm, extra=3, max_num=10)


class VisitRecordForm(forms.Form):
    done_on = forms.DateField(label=_("done on"), widget=DATE)
    gift_value = forms.DecimalField(
        label=_("gift value (yuan)"), min_value=0, max_digits=10, decimal_places=2, initial=0,
    )
    cash_amount = forms.DecimalField(label=_("cash (yuan)"), min_value=0, max_digits=10, decimal_places=2, initial=0)
    notes = forms.CharField(
        label=pgettext_lazy("model worker", "notes"), widget=forms.Textarea(attrs={"rows": 3}), required=False,
    )
    needs_found = forms.CharField(label=_("needs found"), widget=forms.Textarea(attrs={"rows": 3}), required=False)
    follow_up = forms.ModelMultipleChoiceField(
        label=_("follow-up care services"), queryset=CareService.objects.filter(active=True),
        widget=forms.CheckboxSelectMultiple, required=False,
        help_text=_("Each one becomes an open care order."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["done_on"].initial = today()


class VisitCancelForm(forms.Form):
    cancel_reason = forms.CharField(label=_("reason for cancelling"), max_length=255)


class WorkerEventAdminForm(forms.ModelForm):
    class Meta:
        model = WorkerEvent
        fields = ["worker", "kind", "occurred_on", "hospital", "description"]
        widgets = {"occurred_on": DATE}

    def clean_worker(self):
        worker = self.cleaned_data["worker"]
        if worker.date_of_death:
            raise ValidationError(_("The model worker has died."))
        return worker

    def _post_clean(self):
        worker = self.cleaned_data.get("worker")
        if worker is not None:
            self.instance.owner = worker.owner  # the event belongs where the worker does
        super()._post_clean()


class CareOrderAdminForm(forms.ModelForm):
    class Meta:
        model = CareOrder
        fields = ["worker", "service", "visit", "provider", "scheduled_on", "cost", "paid_by", "notes"]
        widgets = {"scheduled_on": DATE}

    def clean(self):
        cleaned = super().clean()
        worker, service = cleaned.get("worker"), cleaned.get("service")
        if worker is not None and service is not None:
            services.care_order_check(worker=worker, service=service, visit=cleaned.get("visit"))
        return cleaned

    def _post_clean(self):
        worker = self.cleaned_data.get("worker")
        if worker is not None:
            self.instance.owner = worker.owner
        super()._post_clean()


class BenefitCheckAdminForm(forms.ModelForm):
    class Meta:
        model = BenefitCheck
        fields = [found for _expected, found in BENEFIT_FIELDS.values()] + ["notes"]
        widgets = {found: forms.NullBooleanSelect for _expected, found in BENEFIT_FIELDS.values()}

    def clean(self):
        cleaned = super().clean()
        found = {name: cleaned.get(name) for _expected, name in BENEFIT_FIELDS.values()}
        services.benefit_check_validate(check=self.instance, found=found, checked_on=today())
        return cleaned


class LedgerImportForm(forms.Form):
    file = forms.FileField(label=_("file"), help_text=_("A .csv or .xlsx file with the columns below."))
