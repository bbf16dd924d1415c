"""Serializers of the staff API. ID numbers and phones are masked (`?reveal=1` with the reveal
permission shows them, logged); health and family fields only for the owner organisation."""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from model_workers.choices import EventKind, PaidBy
from model_workers.models import BenefitCheck, CareOrder, CareService, ModelWorker, Visit, Visitor, WorkerEvent
from unions.api.serializers import StrictInput
from unions.privacy import MaskedField, mask_phone


class ModelWorkerSerializer(serializers.ModelSerializer):
    id_number = MaskedField()
    phone = MaskedField(mask=mask_phone)
    age = serializers.IntegerField(read_only=True)
    owner_name = serializers.CharField(source="owner.name", read_only=True)

    class Meta:
        model = ModelWorker
        fields = [
            "id", "name", "gender", "birth_date", "birthday_lunar", "age", "id_number", "honour", "honour_year",
            "enjoys_benefits", "owner", "owner_name", "contact_person", "address", "phone", "living_situation",
            "in_hospital", "long_term_care_insurance", "low_income", "date_of_death",
            *ModelWorker.HEALTH_AND_FAMILY_FIELDS, "version",
        ]
        read_only_fields = fields

    def to_representation(self, instance):
        data = super().to_representation(instance)
        request = self.context.get("request")
        if request is None or not instance.shows_private_fields_to(request.user):
            for name in ModelWorker.HEALTH_AND_FAMILY_FIELDS:
                data.pop(name, None)
        return data


class VisitorSerializer(serializers.ModelSerializer):
    class Meta:
        model = Visitor
        fields = ["name", "title", "is_leader"]


class VisitSerializer(serializers.ModelSerializer):
    worker_name = serializers.CharField(source="worker.name", read_only=True)
    state = serializers.SerializerMethodField()
    visitors = VisitorSerializer(many=True, read_only=True)

    class Meta:
        model = Visit
        fields = [
            "id", "worker", "worker_name", "year", "kind", "occasion", "event", "occasion_date", "window_start",
            "window_end", "state", "status", "requires_leader", "assigned_to", "done_on", "gift_value",
            "cash_amount", "notes", "needs_found", "visitors", "version",
        ]
        read_only_fields = fields

    def get_state(self, obj) -> str:
        return obj.state()


class VisitRecordSerializer(StrictInput, serializers.Serializer):
    done_on = serializers.DateField()
    visitors = VisitorSerializer(many=True, allow_empty=False)
    gift_value = serializers.DecimalField(max_digits=10, decimal_places=2, min_value=0, default=0)
    cash_amount = serializers.DecimalField(max_digits=10, decimal_places=2, min_value=0, default=0)
    notes = serializers.CharField(allow_blank=True, default="")
    needs_found = serializers.CharField(allow_blank=True, default="")
    follow_up = serializers.ListField(
        child=serializers.CharField(max_length=24), default=list,
        help_text=_("Care services to order as follow-up, by kind (haircut, family_doctor …)."),
    )

    def validate_follow_up(self, kinds):
        services = {service.kind: service for service in CareService.objects.filter(active=True, kind__in=kinds)}
        unknown = [kind for kind in kinds if kind not in services]
        if unknown:
            raise serializers.ValidationError(
                _("Unknown or discontinued care service: %(kinds)s.") % {"kinds": ", ".join(unknown)}
            )
        return [services[kind] for kind in kinds]


class WorkerEventSerializer(serializers.ModelSerializer):
    visit = serializers.PrimaryKeyRelatedField(read_only=True)
    # Plain text here: the input serializer documents the choices (one enum in the schema).
    kind = serializers.CharField(read_only=True)

    class Meta:
        model = WorkerEvent
        fields = ["id", "worker", "kind", "occurred_on", "hospital", "description", "discharged_on", "visit"]
        read_only_fields = ["id", "worker", "discharged_on", "visit"]


class WorkerEventInputSerializer(StrictInput, serializers.Serializer):
    kind = serializers.ChoiceField(choices=EventKind.choices)
    occurred_on = serializers.DateField()
    hospital = serializers.CharField(max_length=128, allow_blank=True, default="")
    description = serializers.CharField(allow_blank=True, default="")


class CareOrderSerializer(serializers.ModelSerializer):
    service = serializers.SlugRelatedField(slug_field="kind", read_only=True)
    worker_name = serializers.CharField(source="worker.name", read_only=True)

    class Meta:
        model = CareOrder
        fields = [
            "id", "worker", "worker_name", "service", "visit", "provider", "scheduled_on", "cost", "paid_by",
            "status", "delivered_on", "notes", "version",
        ]
        read_only_fields = fields


class CareOrderInputSerializer(StrictInput, serializers.Serializer):
    worker = serializers.PrimaryKeyRelatedField(queryset=ModelWorker.objects.none())
    service = serializers.SlugRelatedField(slug_field="kind", queryset=CareService.objects.all())
    visit = serializers.PrimaryKeyRelatedField(queryset=Visit.objects.none(), required=False, allow_null=True)
    provider = serializers.CharField(max_length=128, allow_blank=True, default="")
    scheduled_on = serializers.DateField()
    cost = serializers.DecimalField(max_digits=10, decimal_places=2, min_value=0, default=0)
    paid_by = serializers.ChoiceField(choices=PaidBy.choices, default=PaidBy.BOUGHT)
    notes = serializers.CharField(allow_blank=True, default="")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None:
            # Only the caller's own model workers and visits can be named: others do not exist.
            self.fields["worker"].queryset = ModelWorker.objects.visible_to(request.user)
            self.fields["visit"].queryset = Visit.objects.visible_to(request.user)


class CareOrderDeliverSerializer(StrictInput, serializers.Serializer):
    delivered_on = serializers.DateField()
    cost = serializers.DecimalField(max_digits=10, decimal_places=2, min_value=0, required=False)


class BenefitCheckSerializer(serializers.ModelSerializer):
    worker_name = serializers.CharField(source="worker.name", read_only=True)
    exceptions = serializers.ListField(child=serializers.CharField(), read_only=True)

    class Meta:
        model = BenefitCheck
        fields = [
            "id", "worker", "worker_name", "year",
            "honour_allowance_expected", "honour_allowance_found", "higher_medical_expected", "higher_medical_found",
            "care_insurance_expected", "care_insurance_found", "nursing_subsidy_expected", "nursing_subsidy_found",
            "exceptions", "checked_on", "notes", "version",
        ]
        read_only_fields = fields


class BenefitCheckRecordSerializer(StrictInput, serializers.Serializer):
    checked_on = serializers.DateField()
    honour_allowance_found = serializers.BooleanField(allow_null=True, default=None)
    higher_medical_found = serializers.BooleanField(allow_null=True, default=None)
    care_insurance_found = serializers.BooleanField(allow_null=True, default=None)
    nursing_subsidy_found = serializers.BooleanField(allow_null=True, default=None)
    notes = serializers.CharField(allow_blank=True, default="")
