"""Forms of the public station pages: feedback and event sign-up (no account needed)."""

from __future__ import annotations

from django import forms
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from stations.choices import FeedbackCategory
from unions.validators import validate_phone


class FeedbackForm(forms.Form):
    rating = forms.TypedChoiceField(
        label=_("Your rating"), coerce=int, widget=forms.RadioSelect,
        choices=[(5, "★★★★★"), (4, "★★★★"), (3, "★★★"), (2, "★★"), (1, "★")],
    )
    category = forms.ChoiceField(label=_("About"), choices=FeedbackCategory.choices)
    text = forms.CharField(label=_("Your feedback"), max_length=2000, widget=forms.Textarea(attrs={"rows": 4}))
    contact = forms.CharField(
        label=_("Phone or e-mail (optional)"), max_length=64, required=False,
        help_text=_("Only if you would like an answer. Staff see it; it is never published."),
    )


class SignupForm(forms.Form):
    occurrence = forms.TypedChoiceField(label=_("Date"), coerce=forms.DateField().clean)
    name = forms.CharField(label=_("Your name"), max_length=64)
    phone = forms.CharField(label=_("Mobile phone"), max_length=32, validators=[validate_phone])
    consent = forms.BooleanField(
        label=_("I agree that the union keeps my name and phone to organise this event."), required=True
    )

    def __init__(self, *args, occurrences=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["occurrence"].choices = [
            (start.date().isoformat(), date_format(start, "DATETIME_FORMAT")) for start in occurrences
        ]
