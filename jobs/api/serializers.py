"""Serializers of the jobs API. Reads and writes are separate where their shapes differ."""

from __future__ import annotations

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from jobs.choices import MatchStatus
from jobs.models import (
    Employer,
    FairParticipation,
    JobFair,
    JobIntention,
    JobPosting,
    JobSeeker,
    Match,
    TrainingClass,
    TrainingCourse,
)
from stations.models import Station
from unions.api.serializers import StrictInput
from unions.models import Region
from unions.privacy import MaskedField, mask_phone
from unions.validators import validate_credit_code


class EmployerSerializer(StrictInput, serializers.ModelSerializer):
    """An enterprise as an employer: `name` and `credit_code` come from the enterprise."""

    name = serializers.CharField(source="enterprise.name", max_length=128)
    credit_code = serializers.CharField(
        source="enterprise.credit_code", max_length=18, validators=[validate_credit_code]
    )
    region = serializers.SlugRelatedField(
        source="enterprise.region",
        slug_field="code",
        queryset=Region.objects.all(),
        required=False,
        allow_null=True,
    )
    industry = serializers.CharField(source="enterprise.industry", max_length=64, required=False, allow_blank=True)
    address = serializers.CharField(source="enterprise.address", max_length=255, required=False, allow_blank=True)

    class Meta:
        model = Employer
        fields = [
            "id",
            "name",
            "credit_code",
            "region",
            "industry",
            "address",
            "contact_name",
            "contact_phone",
            "verification",
            "verified_on",
        ]
        read_only_fields = ["verification", "verified_on"]


class PostingSerializer(serializers.ModelSerializer):
    employer = serializers.CharField(source="employer.enterprise.name", read_only=True)
    employer_credit_code = serializers.CharField(source="employer.enterprise.credit_code", read_only=True)
    region = serializers.CharField(source="region_id", read_only=True)
    region_name = serializers.CharField(source="region.name", read_only=True)
    stations = serializers.PrimaryKeyRelatedField(many=True, read_only=True)
    url = serializers.SerializerMethodField()

    class Meta:
        model = JobPosting
        fields = [
            "id",
            "url",
            "title",
            "occupation",
            "employer",
            "employer_credit_code",
            "headcount",
            "pay_min",
            "pay_max",
            "pay_unit",
            "employment_form",
            "age_min",
            "age_max",
            "education",
            "experience_years",
            "skills",
            "certificates",
            "benefits",
            "hours",
            "region",
            "region_name",
            "address",
            "latitude",
            "longitude",
            "priority_groups",
            "stations",
            "contact_name",
            "contact_phone",
            "valid_from",
            "valid_through",
            "status",
            "published_at",
            "description",
        ]
        read_only_fields = fields

    def get_url(self, posting) -> str:
        request = self.context.get("request")
        path = posting.get_absolute_url()
        return request.build_absolute_uri(path) if request is not None else path


@extend_schema_field(OpenApiTypes.STR)
class EmployerCreditCodeField(serializers.SlugRelatedField):
    """An employer given by its enterprise's unified social credit code."""


class PostingInputSerializer(StrictInput, serializers.ModelSerializer):
    """What a partner or staff member sends to create or change a posting."""

    employer = EmployerCreditCodeField(slug_field="enterprise__credit_code", queryset=Employer.objects.none())
    region = serializers.SlugRelatedField(slug_field="code", queryset=Region.objects.all())
    stations = serializers.PrimaryKeyRelatedField(many=True, queryset=Station.objects.all(), required=False)
    benefits = serializers.ListField(
        child=serializers.ChoiceField(choices=JobPosting._meta.get_field("benefits").base_field.choices),
        required=False,
        max_length=10,
    )
    priority_groups = serializers.ListField(
        child=serializers.ChoiceField(choices=JobPosting._meta.get_field("priority_groups").base_field.choices),
        required=False,
        max_length=10,
    )

    class Meta:
        model = JobPosting
        fields = [
            "employer",
            "title",
            "occupation",
            "description",
            "headcount",
            "pay_min",
            "pay_max",
            "pay_unit",
            "employment_form",
            "age_min",
            "age_max",
            "education",
            "experience_years",
            "skills",
            "certificates",
            "benefits",
            "hours",
            "region",
            "address",
            "latitude",
            "longitude",
            "priority_groups",
            "stations",
            "contact_name",
            "contact_phone",
            "valid_from",
            "valid_through",
        ]

    def __init__(self, *args, employers=None, **kwargs):
        super().__init__(*args, **kwargs)
        if employers is not None:
            self.fields["employer"].queryset = employers


class FairParticipationSerializer(serializers.ModelSerializer):
    employer = serializers.CharField(source="employer.enterprise.name", read_only=True)

    class Meta:
        model = FairParticipation
        fields = ["employer", "positions"]


class FairSerializer(serializers.ModelSerializer):
    region = serializers.CharField(source="region_id", read_only=True, allow_null=True)
    employers = serializers.SerializerMethodField()
    positions = serializers.SerializerMethodField()
    participants = FairParticipationSerializer(source="participations", many=True, read_only=True)

    class Meta:
        model = JobFair
        fields = [
            "id",
            "name",
            "starts_at",
            "ends_at",
            "venue",
            "region",
            "organiser",
            "target_groups",
            "description",
            "employers",
            "positions",
            "visitors",
            "intentions_reached",
            "participants",
        ]
        read_only_fields = fields

    def get_employers(self, fair) -> int:
        return fair.employers_reported + len(fair.participations.all())

    def get_positions(self, fair) -> int:
        return fair.positions_reported + sum(p.positions for p in fair.participations.all())


class TrainingClassSerializer(serializers.ModelSerializer):
    class Meta:
        model = TrainingClass
        fields = ["name", "seats", "starts_on", "ends_on", "venue"]


class TrainingSerializer(serializers.ModelSerializer):
    employer = serializers.CharField(source="employer.enterprise.name", read_only=True)
    classes = TrainingClassSerializer(many=True, read_only=True)
    enrolled = serializers.IntegerField(source="enrolled_count", read_only=True)
    completed = serializers.IntegerField(source="completed_count", read_only=True)
    placed = serializers.IntegerField(source="placed_count", read_only=True)

    class Meta:
        model = TrainingCourse
        fields = [
            "id",
            "title",
            "employer",
            "occupation",
            "demand",
            "description",
            "classes",
            "enrolled",
            "completed",
            "placed",
        ]
        read_only_fields = fields


class SeekerSerializer(serializers.ModelSerializer):
    phone = MaskedField(mask=mask_phone)

    class Meta:
        model = JobSeeker
        fields = ["id", "name", "phone", "age_band", "priority_group", "education", "source", "consent_at"]
        read_only_fields = fields


class IntentionSerializer(serializers.ModelSerializer):
    seeker = SeekerSerializer(read_only=True)
    region = serializers.CharField(source="region_id", read_only=True)

    class Meta:
        model = JobIntention
        fields = [
            "id",
            "seeker",
            "occupations",
            "employment_forms",
            "region",
            "min_monthly_pay",
            "availability",
            "skills",
            "interested_in",
            "active",
            "created_at",
        ]
        read_only_fields = fields


class MatchSerializer(serializers.ModelSerializer):
    seeker = serializers.CharField(source="intention.seeker.name", read_only=True)
    posting_title = serializers.CharField(source="posting.title", read_only=True)
    employer = serializers.CharField(source="posting.employer.enterprise.name", read_only=True)
    explanation = serializers.SerializerMethodField()

    class Meta:
        model = Match
        fields = [
            "id",
            "intention",
            "seeker",
            "posting",
            "posting_title",
            "employer",
            "score",
            "reasons",
            "explanation",
            "status",
            "status_changed_at",
            "notes",
            "created_at",
        ]
        read_only_fields = fields

    def get_explanation(self, match) -> list[dict]:
        return [{"met": met, "text": text} for met, text in match.explanation()]


class MatchAdvanceSerializer(StrictInput, serializers.Serializer):
    status = serializers.ChoiceField(choices=[c for c in MatchStatus.choices if c[0] != MatchStatus.SUGGESTED])
    note = serializers.CharField(required=False, allow_blank=True, max_length=500)


# The list endpoint's fast path: the same representation as PostingSerializer, built from
# `.values()` rows (one query, no model instances), because partners page through the whole
# board. A test keeps the two representations identical.
LIST_VALUES = [
    "id",
    "title",
    "occupation",
    "employer__enterprise__name",
    "employer__enterprise__credit_code",
    "headcount",
    "pay_min",
    "pay_max",
    "pay_unit",
    "employment_form",
    "age_min",
    "age_max",
    "education",
    "experience_years",
    "skills",
    "certificates",
    "benefits",
    "hours",
    "region_id",
    "region__name",
    "address",
    "latitude",
    "longitude",
    "priority_groups",
    "contact_name",
    "contact_phone",
    "valid_from",
    "valid_through",
    "status",
    "published_at",
    "description",
]
_DATETIME = serializers.DateTimeField()


def posting_rows(rows: list[dict], *, url_prefix: str) -> list[dict]:
    """PostingSerializer's output for `.values(*LIST_VALUES, "station_ids")` rows."""
    out = []
    for row in rows:
        published_at = row["published_at"]
        out.append(
            {
                "id": row["id"],
                "url": f"{url_prefix}{row['id']}/",
                "title": row["title"],
                "occupation": row["occupation"],
                "employer": row["employer__enterprise__name"],
                "employer_credit_code": row["employer__enterprise__credit_code"],
                "headcount": row["headcount"],
                "pay_min": f"{row['pay_min']:.2f}",
                "pay_max": f"{row['pay_max']:.2f}",
                "pay_unit": row["pay_unit"],
                "employment_form": row["employment_form"],
                "age_min": row["age_min"],
                "age_max": row["age_max"],
                "education": row["education"],
                "experience_years": row["experience_years"],
                "skills": row["skills"],
                "certificates": row["certificates"],
                "benefits": row["benefits"],
                "hours": row["hours"],
                "region": row["region_id"],
                "region_name": row["region__name"],
                "address": row["address"],
                "latitude": None if row["latitude"] is None else f"{row['latitude']:.6f}",
                "longitude": None if row["longitude"] is None else f"{row['longitude']:.6f}",
                "priority_groups": row["priority_groups"],
                "stations": row["station_ids"],
                "contact_name": row["contact_name"],
                "contact_phone": row["contact_phone"],
                "valid_from": row["valid_from"].isoformat(),
                "valid_through": row["valid_through"].isoformat(),
                "status": row["status"],
                "published_at": None if published_at is None else _DATETIME.to_representation(published_at),
                "description": row["description"],
            }
        )
    return out
