"""Forms of the public job pages: a job seeker's intention (求职意向), without an account."""

from __future__ import annotations

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from jobs.choices import AgeBand, Availability, Education, EmploymentForm, Occupation, PriorityGroup
from unions.choices import OrganizationLevel, RegionLevel
from unions.models import Region, UnionOrganization
from unions.validators import normalize_phone, validate_phone


def served_regions():
    """County-level regions inside the cities and districts that have a union federation in the portal."""
    prefixes = {
        org.region.code_prefix
        for org in UnionOrganization.objects.filter(
            level__in=[OrganizationLevel.MUNICIPAL, OrganizationLevel.COUNTY],
            region__isnull=False,
        ).select_related("region")
    }
    if not prefixes:
        return Region.objects.none()
    condition = Q()
    for prefix in prefixes:
        condition |= Q(code__startswith=prefix)
    return Region.objects.filter(condition, level=RegionLevel.COUNTY).select_related("parent").order_by("code")


class IntentionForm(forms.Form):
    name = forms.CharField(label=_("Your name"), max_length=64)
    phone = forms.CharField(
        label=_("Mobile phone"),
        max_length=32,
        validators=[validate_phone],
        help_text=_("Only union staff see it, to call you about jobs."),
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel", "inputmode": "tel"}),
    )
    age_band = forms.ChoiceField(label=_("Age"), choices=AgeBand.choices)
    priority_group = forms.ChoiceField(
        label=_("Do you belong to one of these groups?"),
        required=False,
        choices=[("", _("None of these")), *PriorityGroup.choices],
    )
    education = forms.TypedChoiceField(
        label=_("Education"), choices=Education.choices, coerce=int, initial=Education.NONE
    )
    occupations = forms.MultipleChoiceField(
        label=_("Which kinds of work do you want?"),
        choices=Occupation.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    employment_forms = forms.MultipleChoiceField(
        label=_("Employment forms (leave empty for any)"),
        choices=EmploymentForm.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    region = forms.ModelChoiceField(
        label=_("Where do you want to work?"), queryset=Region.objects.none(), to_field_name="code"
    )
    min_monthly_pay = forms.DecimalField(
        label=_("Lowest pay you accept, per month (yuan)"),
        required=False,
        min_value=0,
        max_value=1000000,
        decimal_places=0,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    availability = forms.ChoiceField(label=_("When can you start?"), choices=Availability.choices)
    skills = forms.CharField(
        label=_("Skills and certificates"),
        max_length=255,
        required=False,
        help_text=_("For example: C1 driving licence, electrician certificate, sewing."),
    )
    consent = forms.BooleanField(
        label=_("I agree that the trade union keeps these details to match me with jobs and contact me."),
        error_messages={"required": _("We can only keep your details with your consent.")},
    )
    posting = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = served_regions()

    def clean_phone(self):
        return normalize_phone(self.cleaned_data["phone"])
