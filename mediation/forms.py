"""Forms: the public application and status lookup, and the back office's workflow steps.

Each workflow form knows which service it feeds (`run`); the admin's step view and nothing else
calls `run`, after the form is valid.
"""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from mediation import services
from mediation.choices import DisputeType, ReferralTarget
from mediation.models import Instalment, Team, TeamMember
from stations.models import Station
from unions.models import UnionOrganization
from unions.validators import normalize_phone, validate_phone

# An ISO value, whatever the language's display format: <input type=date> accepts no other.
DATE_WIDGET = forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})

# --- Public ------------------------------------------------------------------------------------


class ApplicationForm(forms.Form):
    """The least we need to call the worker back: a name, a phone, what happened, and consent."""

    applicant_name = forms.CharField(label=_("Your name"), max_length=64)
    applicant_phone = forms.CharField(
        label=_("Your phone"), max_length=32, validators=[validate_phone],
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel", "inputmode": "tel"}),
        help_text=_("A mediator will call you on this number."),
    )
    dispute_type = forms.ChoiceField(label=_("What is the dispute about?"), choices=DisputeType.choices)
    facts = forms.CharField(
        label=_("What happened?"), max_length=2000, widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Who employs you, what is owed or what went wrong, since when. No ID numbers please."),
    )
    consent = forms.BooleanField(
        label=_("I agree that the union uses these details only to mediate my dispute and contacts me about it."),
    )

    def clean_applicant_phone(self) -> str:
        return normalize_phone(self.cleaned_data["applicant_phone"])


class StatusForm(forms.Form):
    number = forms.CharField(label=_("Case number"), max_length=32,
                             widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}))
    code = forms.CharField(label=_("Lookup code"), max_length=16,
                           widget=forms.PasswordInput(attrs={"autocomplete": "off"}))


# --- Back-office workflow steps ----------------------------------------------------------------


class StepForm(forms.Form):
    def __init__(self, *args, obj=None, user=None, **kwargs):
        self.obj, self.user = obj, user
        super().__init__(*args, **kwargs)

    def run(self):  # pragma: no cover - every step overrides it
        raise NotImplementedError


class AcceptForm(StepForm):
    accepted_on = forms.DateField(label=_("Accepted on"), initial=timezone.localdate,
                                  widget=DATE_WIDGET)

    def run(self):
        return services.case_accept(case=self.obj, accepted_on=self.cleaned_data["accepted_on"], by=self.user)


class DeclineForm(StepForm):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}))

    def run(self):
        return services.case_decline(case=self.obj, reason=self.cleaned_data["reason"], by=self.user)


class AssignForm(StepForm):
    team = forms.ModelChoiceField(label=_("Team"), queryset=Team.objects.none())
    mediators = forms.ModelMultipleChoiceField(label=_("Mediators"), queryset=TeamMember.objects.none(),
                                               widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The case's own organisation and those above it that the user can see.
        ancestors = self.obj.owner.ancestors()
        self.fields["team"].queryset = Team.objects.visible_to(self.user).filter(owner__in=ancestors)
        self.fields["mediators"].queryset = (
            TeamMember.objects.visible_to(self.user).mediators().filter(team__owner__in=ancestors)
            .select_related("team")
        )

    def run(self):
        return services.case_assign(case=self.obj, team=self.cleaned_data["team"],
                                    mediators=list(self.cleaned_data["mediators"]), by=self.user)


class ExtendForm(StepForm):
    days = forms.IntegerField(label=_("Extra days"), min_value=1, max_value=30)
    reason = forms.CharField(label=_("Reason"), max_length=255)

    def run(self):
        return services.case_extend_deadline(case=self.obj, days=self.cleaned_data["days"],
                                             reason=self.cleaned_data["reason"], by=self.user)


class AgreementForm(StepForm):
    signed_on = forms.DateField(label=_("Signed on"), initial=timezone.localdate,
                                widget=DATE_WIDGET)
    total_amount = forms.DecimalField(label=_("Total amount (yuan)"), min_value=Decimal("0"), max_digits=14,
                                      decimal_places=2)
    terms = forms.CharField(label=_("Terms"), widget=forms.Textarea(attrs={"rows": 3}))
    schedule = forms.CharField(
        label=_("Payment schedule"), required=False, widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One payment per line: date and amount, e.g. “2026-03-10 800000.00”. "
                    "Leave empty for one payment on the signing day."),
    )

    def clean_schedule(self):
        rows = []
        for number, line in enumerate(self.cleaned_data["schedule"].splitlines(), start=1):
            if not line.strip():
                continue
            try:
                day, amount = line.split()
                rows.append((forms.DateField().clean(day), Decimal(amount)))
            except (ValueError, ValidationError, ArithmeticError) as error:
                raise ValidationError(
                    _("Line %(line)d: write a date and an amount, e.g. 2026-03-10 800000.00."),
                    params={"line": number},
                ) from error
        return rows

    def run(self):
        data = self.cleaned_data
        return services.case_record_agreement(
            case=self.obj, signed_on=data["signed_on"], total_amount=data["total_amount"], terms=data["terms"],
            instalments=data["schedule"], by=self.user,
        )


class NoAgreementForm(StepForm):
    note = forms.CharField(label=_("Why no agreement was reached"), widget=forms.Textarea(attrs={"rows": 3}))

    def run(self):
        return services.case_record_no_agreement(case=self.obj, note=self.cleaned_data["note"], by=self.user)


class WithdrawForm(StepForm):
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def run(self):
        return services.case_withdraw(case=self.obj, note=self.cleaned_data["note"], by=self.user)


class ReferForm(StepForm):
    target = forms.ChoiceField(label=_("Referred to"), choices=ReferralTarget.choices)
    institution = forms.CharField(label=_("Institution"), max_length=128)
    reference_number = forms.CharField(label=_("Reference number"), max_length=64, required=False)
    reason = forms.CharField(label=_("Reason"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def run(self):
        return services.case_refer(case=self.obj, by=self.user, **self.cleaned_data)


class TransferForm(StepForm):
    owner = forms.ModelChoiceField(label=_("Hand over to"), queryset=UnionOrganization.objects.none())
    handling_station = forms.ModelChoiceField(label=_("Labour-relations station"), required=False,
                                              queryset=Station.objects.none())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = UnionOrganization.objects.visible_to(self.user)
        self.fields["handling_station"].queryset = Station.objects.visible_to(self.user).filter(
            kind__in=["labour_station", "labour_point"])

    def run(self):
        return services.case_transfer(case=self.obj, by=self.user, **self.cleaned_data)


class CloseForm(StepForm):
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def run(self):
        return services.case_close(case=self.obj, note=self.cleaned_data["note"], by=self.user)


class PaymentForm(StepForm):
    instalment = forms.ModelChoiceField(label=_("Instalment"), queryset=Instalment.objects.none())
    amount = forms.DecimalField(label=_("Amount received (yuan)"), min_value=Decimal("0.01"), max_digits=14,
                                decimal_places=2)
    paid_on = forms.DateField(label=_("Paid on"), initial=timezone.localdate,
                              widget=DATE_WIDGET)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["instalment"].queryset = self.obj.instalments.all()

    def run(self):
        return services.instalment_record_payment(by=self.user, **self.cleaned_data)


class DefaultForm(StepForm):
    target = forms.ChoiceField(label=_("Referred to"), choices=ReferralTarget.choices)
    institution = forms.CharField(label=_("Institution"), max_length=128)
    reason = forms.CharField(label=_("Reason"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def run(self):
        return services.agreement_mark_defaulted(agreement=self.obj, by=self.user, **self.cleaned_data)


class FollowUpForm(StepForm):
    note = forms.CharField(label=_("Follow-up"), widget=forms.Textarea(attrs={"rows": 3}))
    resolved = forms.BooleanField(label=_("The risk is resolved"), required=False)

    def run(self):
        return services.risk_follow_up(risk=self.obj, by=self.user, **self.cleaned_data)


class CaseFromRiskForm(StepForm):
    dispute_type = forms.ChoiceField(label=_("Dispute type"), choices=DisputeType.choices)
    facts = forms.CharField(label=_("Facts"), widget=forms.Textarea(attrs={"rows": 4}))
    applicant_name = forms.CharField(label=_("Applicant's name"), max_length=64)
    applicant_phone = forms.CharField(label=_("Applicant's phone"), max_length=32, required=False,
                                      validators=[validate_phone])

    def run(self):
        data = self.cleaned_data
        return services.case_open_from_risk(
            risk=self.obj, dispute_type=data["dispute_type"], facts=data["facts"],
            applicants=[services.PartyData(name=data["applicant_name"], phone=data["applicant_phone"])],
            by=self.user,
        )
