"""Serializers of the mediation API. Reads mask ID numbers and phones (`MaskedField`); writes have
their own input serializers, each feeding one service."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from mediation.choices import DisputeType, IntakeChannel, ReferralTarget, RespondentRole
from mediation.models import Agreement, Case, Claim, Instalment, Party, Referral, Respondent
from stations.models import Station
from unions.api.serializers import StrictInput
from unions.models import Enterprise, UnionOrganization
from unions.privacy import MaskedField, mask_phone
from unions.validators import normalize_credit_code, normalize_phone, validate_id_number, validate_phone

# --- Reads -------------------------------------------------------------------------------------


class PartySerializer(serializers.ModelSerializer):
    id_number = MaskedField()
    phone = MaskedField(mask=mask_phone)

    class Meta:
        model = Party
        fields = ["id", "role", "name", "relation", "id_number", "phone"]


class RespondentSerializer(serializers.ModelSerializer):
    credit_code = serializers.CharField(source="enterprise.credit_code")
    name = serializers.CharField(source="enterprise.name")

    class Meta:
        model = Respondent
        fields = ["role", "credit_code", "name"]


class ClaimSerializer(serializers.ModelSerializer):
    class Meta:
        model = Claim
        fields = ["item", "amount"]


class InstalmentSerializer(serializers.ModelSerializer):
    class Meta:
        model = Instalment
        fields = ["id", "due_on", "amount", "paid_amount", "paid_on"]


class AgreementSerializer(serializers.ModelSerializer):
    instalments = InstalmentSerializer(many=True, read_only=True)

    class Meta:
        model = Agreement
        fields = ["signed_on", "total_amount", "terms", "fulfilment", "instalments"]


class ReferralSerializer(serializers.ModelSerializer):
    case = serializers.CharField(source="case.number", read_only=True)

    class Meta:
        model = Referral
        fields = ["id", "case", "target", "institution", "reference_number", "referred_on", "reason"]
        read_only_fields = ["target", "institution", "referred_on", "reason"]


class CaseListSerializer(serializers.ModelSerializer):
    owner_name = serializers.CharField(source="owner.name", read_only=True)
    handling_station_name = serializers.CharField(source="handling_station.name", read_only=True, default=None,
                                                  allow_null=True)
    deadline_state = serializers.SerializerMethodField()
    claimed_total = serializers.DecimalField(max_digits=14, decimal_places=2, read_only=True, allow_null=True)

    class Meta:
        model = Case
        fields = ["id", "number", "status", "dispute_type", "channel", "handling_station", "handling_station_name",
                  "station_place", "owner", "owner_name",
                  "received_on", "accepted_on", "deadline", "deadline_state", "claimed_total"]

    def get_deadline_state(self, case) -> str:
        return case.deadline_state()


class CaseSerializer(CaseListSerializer):
    team = serializers.CharField(source="team.name", read_only=True, default=None, allow_null=True)
    mediators = serializers.SlugRelatedField(slug_field="name", many=True, read_only=True)
    parties = PartySerializer(many=True, read_only=True)
    respondents = RespondentSerializer(many=True, read_only=True)
    claims = ClaimSerializer(many=True, read_only=True)
    agreement = AgreementSerializer(read_only=True, default=None, allow_null=True)
    referrals = ReferralSerializer(many=True, read_only=True)

    class Meta(CaseListSerializer.Meta):
        fields = [*CaseListSerializer.Meta.fields, "channel_reference", "facts", "decline_reason", "team",
                  "mediators", "outcome_note", "parties", "respondents", "claims", "agreement", "referrals",
                  "risk", "version"]


# --- Writes ------------------------------------------------------------------------------------


class PartyInput(StrictInput, serializers.Serializer):
    name = serializers.CharField(max_length=64)
    id_number = serializers.CharField(max_length=18, required=False, allow_blank=True,
                                      validators=[validate_id_number])
    phone = serializers.CharField(max_length=32, required=False, allow_blank=True, validators=[validate_phone])
    relation = serializers.CharField(max_length=32, required=False, allow_blank=True)


class RespondentInput(StrictInput, serializers.Serializer):
    credit_code = serializers.CharField(max_length=18)
    role = serializers.ChoiceField(choices=RespondentRole.choices, default=RespondentRole.EMPLOYER)

    def validate_credit_code(self, value):
        enterprise = Enterprise.objects.filter(credit_code=normalize_credit_code(value)).first()
        if enterprise is None:
            raise serializers.ValidationError(_("No enterprise has this credit code."))
        return enterprise


class ClaimInput(StrictInput, serializers.Serializer):
    item = serializers.CharField(max_length=128)
    amount = serializers.DecimalField(max_digits=14, decimal_places=2, min_value=0)


class CaseOpenInput(StrictInput, serializers.Serializer):
    owner = serializers.PrimaryKeyRelatedField(queryset=UnionOrganization.objects.none(), required=False)
    channel = serializers.ChoiceField(choices=IntakeChannel.choices)
    channel_reference = serializers.CharField(max_length=64, required=False, allow_blank=True)
    dispute_type = serializers.ChoiceField(choices=DisputeType.choices)
    facts = serializers.CharField()
    handling_station = serializers.PrimaryKeyRelatedField(queryset=Station.objects.none(), required=False)
    station_place = serializers.CharField(max_length=128, required=False, allow_blank=True)
    received_on = serializers.DateField(required=False)
    applicants = PartyInput(many=True, allow_empty=False)
    worker = PartyInput(required=False)
    respondents = RespondentInput(many=True, required=False)
    claims = ClaimInput(many=True, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None:
            self.fields["owner"].queryset = UnionOrganization.objects.visible_to(request.user)
            self.fields["handling_station"].queryset = Station.objects.visible_to(request.user).filter(
                kind__in=["labour_station", "labour_point"]
            )


class ApplyInput(StrictInput, serializers.Serializer):
    applicant_name = serializers.CharField(max_length=64)
    applicant_phone = serializers.CharField(max_length=32, validators=[validate_phone])
    dispute_type = serializers.ChoiceField(choices=DisputeType.choices)
    facts = serializers.CharField(max_length=2000)
    consent = serializers.BooleanField()

    def validate_applicant_phone(self, value):
        return normalize_phone(value)

    def validate_consent(self, value):
        if not value:
            raise serializers.ValidationError(_("Please agree to the use of your data for mediation."))
        return value


class ApplyOutput(serializers.Serializer):
    number = serializers.CharField()
    code = serializers.CharField(help_text=_("The secret lookup code; shown only this once."))


class StatusQuery(StrictInput, serializers.Serializer):
    number = serializers.CharField(max_length=32)
    code = serializers.CharField(max_length=16)


class StatusOutput(serializers.Serializer):
    number = serializers.CharField()
    status = serializers.CharField()
    status_label = serializers.CharField()
    next_step = serializers.CharField()
    deadline = serializers.DateField(allow_null=True)


class AcceptInput(StrictInput, serializers.Serializer):
    accepted_on = serializers.DateField(required=False)


class DeclineInput(StrictInput, serializers.Serializer):
    reason = serializers.CharField()


class AssignInput(StrictInput, serializers.Serializer):
    team = serializers.IntegerField()
    mediators = serializers.ListField(child=serializers.IntegerField(), allow_empty=False)


class ExtendInput(StrictInput, serializers.Serializer):
    days = serializers.IntegerField(min_value=1, max_value=30)
    reason = serializers.CharField(max_length=255)
    agreed_on = serializers.DateField(required=False)


class InstalmentInput(StrictInput, serializers.Serializer):
    due_on = serializers.DateField()
    amount = serializers.DecimalField(max_digits=14, decimal_places=2, min_value=0)


class AgreementInput(StrictInput, serializers.Serializer):
    signed_on = serializers.DateField()
    total_amount = serializers.DecimalField(max_digits=14, decimal_places=2, min_value=0)
    terms = serializers.CharField()
    instalments = InstalmentInput(many=True, required=False)


class NoteInput(StrictInput, serializers.Serializer):
    note = serializers.CharField(required=False, allow_blank=True, default="")


class ReferInput(StrictInput, serializers.Serializer):
    target = serializers.ChoiceField(choices=ReferralTarget.choices)
    institution = serializers.CharField(max_length=128)
    reference_number = serializers.CharField(max_length=64, required=False, allow_blank=True, default="")
    reason = serializers.CharField(required=False, allow_blank=True, default="")


class ReferenceInput(StrictInput, serializers.Serializer):
    reference_number = serializers.CharField(max_length=64)
