"""Serializers of the stations API. Reads and writes have separate shapes."""

from __future__ import annotations

import functools
from decimal import Decimal

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import models
from django.utils.translation import get_language
from rest_framework import serializers
from rest_framework.reverse import reverse

from stations.choices import CoordinateSystem, FeedbackCategory, OperationMode, StationKind, StationStatus
from stations.models import Event, Facility, OpeningSlot, ServiceItem, Station
from unions.api.errors import service_error
from unions.api.fields import LocalTimeField
from unions.api.serializers import StrictInput
from unions.models import Enterprise, Region, UnionOrganization


def as_drf_error(error: DjangoValidationError, fields=None) -> serializers.ValidationError:
    return service_error(error, fields)


class SlotSerializer(serializers.ModelSerializer):
    opens = LocalTimeField()
    closes = LocalTimeField()

    class Meta:
        model = OpeningSlot
        fields = ["weekday", "opens", "closes"]


class StationSerializer(serializers.ModelSerializer):
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    region = serializers.CharField(source="region_id", read_only=True)
    region_name = serializers.CharField(source="region.name", read_only=True)
    owner = serializers.CharField(source="owner.name", read_only=True)
    host_enterprise = serializers.CharField(
        source="host_enterprise.name", read_only=True, default=None, allow_null=True
    )
    is_open_now = serializers.BooleanField(read_only=True)
    coordinates = serializers.SerializerMethodField()
    facilities = serializers.SerializerMethodField()
    services = serializers.SerializerMethodField()
    distance_m = serializers.SerializerMethodField()
    url = serializers.SerializerMethodField()

    class Meta:
        model = Station
        fields = [
            "id", "name", "kind", "kind_label", "status", "status_label", "region", "region_name", "address",
            "owner", "host_enterprise", "parent", "area_m2", "seats", "beds", "contact_phone", "is_24h",
            "is_open_now", "operation_mode", "coordinate_system", "lat", "lng", "coordinates", "facilities",
            "services", "current_stars", "last_verified_on", "distance_m", "url",
        ]

    def get_coordinates(self, obj) -> dict[str, list[float]]:
        return obj.coordinates

    def get_facilities(self, obj) -> list[str]:
        codes = getattr(obj, "facility_codes", None)  # annotated by `with_code_arrays`
        return codes if codes is not None else [item.code for item in obj.facilities.all()]

    def get_services(self, obj) -> list[str]:
        codes = getattr(obj, "service_codes", None)
        return codes if codes is not None else [offering.service.code for offering in obj.offerings.all()]

    def get_distance_m(self, obj) -> float | None:
        distance = getattr(obj, "distance_m", None)
        return round(distance, 1) if distance is not None else None

    def get_url(self, obj) -> str:
        return f"{self._url_prefix()}{obj.pk}/"

    def _url_prefix(self) -> str:
        """The station page URL up to its id: one reverse() per response, not per row."""
        prefix = self.context.get("_station_url_prefix")
        if prefix is None:
            prefix = reverse("stations:detail", args=[0], request=self.context.get("request"))[:-2]
            self.context["_station_url_prefix"] = prefix
        return prefix


def _decimal_text(value: Decimal, places: int) -> str:
    """A decimal as DRF's DecimalField writes it: fixed point, exactly `places` decimals."""
    return f"{value.quantize(Decimal(1).scaleb(-places)):f}"


@functools.lru_cache(maxsize=16)
def _station_labels(language: str | None) -> dict[str, dict[str, str]]:
    """The kind and status labels in `language` (the active one, which the cache is keyed on)."""
    return {
        "kind": {value: str(label) for value, label in StationKind.choices},
        "status": {value: str(label) for value, label in StationStatus.choices},
    }


class StationRowsSerializer(serializers.ListSerializer):
    """A list of `StationListSerializer` rows, written by one row writer (`row_writer`)."""

    def to_representation(self, data):
        rows = data.all() if isinstance(data, models.manager.BaseManager) else data
        write = self.child.row_writer()
        return [write(obj) for obj in rows]


class StationListSerializer(StationSerializer):
    """The station list (`/api/v1/stations/`, the finder's `?near=`): the same fields and values as
    `StationSerializer`, built in one pass.

    This list is the API's hottest path, and DRF's field-by-field machinery (attribute lookups
    with signature inspection, one `get_FOO_display` per choice) cost more than the database
    query. What is the same for every row (labels in the request's language, the URL prefix) is
    looked up once per list (`StationRowsSerializer`). `tests/stations/test_api.py` checks that
    both serializers give identical output.
    """

    class Meta(StationSerializer.Meta):
        list_serializer_class = StationRowsSerializer

    def to_representation(self, obj):
        return self.row_writer()(obj)

    def row_writer(self):
        """A function writing one station as a list row."""
        labels = _station_labels(get_language())
        kind_labels, status_labels = labels["kind"], labels["status"]
        url_prefix = self._url_prefix()

        def write(obj) -> dict:
            host = obj.host_enterprise
            distance = getattr(obj, "distance_m", None)
            return {
                "id": obj.pk,
                "name": obj.name,
                "kind": obj.kind,
                "kind_label": kind_labels.get(obj.kind, obj.kind),
                "status": obj.status,
                "status_label": status_labels.get(obj.status, obj.status),
                "region": obj.region_id,
                "region_name": obj.region.name,
                "address": obj.address,
                "owner": obj.owner.name,
                "host_enterprise": host.name if host is not None else None,
                "parent": obj.parent_id,
                "area_m2": None if obj.area_m2 is None else _decimal_text(obj.area_m2, 1),
                "seats": obj.seats,
                "beds": obj.beds,
                "contact_phone": obj.contact_phone,
                "is_24h": obj.is_24h,
                "is_open_now": obj.is_open_now,
                "operation_mode": obj.operation_mode,
                "coordinate_system": obj.coordinate_system,
                "lat": _decimal_text(obj.lat, 6),
                "lng": _decimal_text(obj.lng, 6),
                "coordinates": obj.coordinates,
                "facilities": self.get_facilities(obj),
                "services": self.get_services(obj),
                "current_stars": obj.current_stars,
                "last_verified_on": obj.last_verified_on.isoformat() if obj.last_verified_on else None,
                "distance_m": round(distance, 1) if distance is not None else None,
                "url": f"{url_prefix}{obj.pk}/",
            }

        return write


class StationDetailSerializer(StationSerializer):
    slots = SlotSerializer(many=True, read_only=True)

    class Meta(StationSerializer.Meta):
        fields = [*StationSerializer.Meta.fields, "description", "slots", "version"]


class StationWriteSerializer(StrictInput, serializers.Serializer):
    """What a partner or staff member sends to create or update a station of their organisation."""

    owner = serializers.PrimaryKeyRelatedField(queryset=UnionOrganization.objects.all(), required=False)
    name = serializers.CharField(max_length=128)
    kind = serializers.ChoiceField(choices=StationKind.choices)
    parent = serializers.PrimaryKeyRelatedField(queryset=Station.objects.all(), required=False, allow_null=True)
    region = serializers.SlugRelatedField(slug_field="code", queryset=Region.objects.all())
    address = serializers.CharField(max_length=255)
    host_enterprise = serializers.PrimaryKeyRelatedField(queryset=Enterprise.objects.all(), required=False,
                                                         allow_null=True)
    area_m2 = serializers.DecimalField(max_digits=8, decimal_places=1, required=False, allow_null=True, min_value=0)
    seats = serializers.IntegerField(min_value=0, required=False, default=0)
    beds = serializers.IntegerField(min_value=0, required=False, default=0)
    contact_phone = serializers.CharField(max_length=32, required=False, allow_blank=True, default="")
    description = serializers.CharField(required=False, allow_blank=True, default="", max_length=5000)
    lat = serializers.DecimalField(max_digits=9, decimal_places=6, min_value=-90, max_value=90)
    lng = serializers.DecimalField(max_digits=10, decimal_places=6, min_value=-180, max_value=180)
    coordinate_system = serializers.ChoiceField(choices=CoordinateSystem.choices, default=CoordinateSystem.GCJ02)
    is_24h = serializers.BooleanField(required=False, default=False)
    operation_mode = serializers.ChoiceField(choices=OperationMode.choices, default=OperationMode.SELF_RUN)
    facilities = serializers.SlugRelatedField(slug_field="code", queryset=Facility.objects.all(), many=True,
                                              required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None:
            user = request.user
            self.fields["owner"].queryset = UnionOrganization.objects.visible_to(user)
            self.fields["parent"].queryset = Station.objects.visible_to(user)
            self.fields["host_enterprise"].queryset = Enterprise.objects.visible_to(user)


class FeedbackInputSerializer(StrictInput, serializers.Serializer):
    rating = serializers.IntegerField(min_value=1, max_value=5)
    category = serializers.ChoiceField(choices=FeedbackCategory.choices)
    text = serializers.CharField(max_length=2000, trim_whitespace=True)
    contact = serializers.CharField(max_length=64, required=False, allow_blank=True, default="")


class ServiceItemSerializer(serializers.ModelSerializer):
    group_label = serializers.CharField(source="get_group_display", read_only=True)

    class Meta:
        model = ServiceItem
        fields = ["code", "name", "name_en", "group", "group_label", "description"]


class EventSerializer(serializers.ModelSerializer):
    station_name = serializers.CharField(source="station.name", read_only=True)
    service = serializers.CharField(source="service.code", read_only=True, default=None)
    next_occurrences = serializers.SerializerMethodField()

    class Meta:
        model = Event
        fields = ["id", "title", "description", "station", "station_name", "service", "starts_at", "ends_at",
                  "recurrence", "repeat_until", "capacity", "next_occurrences"]

    def get_next_occurrences(self, obj) -> list[str]:
        return [start.isoformat() for start in obj.occurrences(count=4)]


class SignupInputSerializer(StrictInput, serializers.Serializer):
    occurrence = serializers.DateField()
    name = serializers.CharField(max_length=64)
    phone = serializers.CharField(max_length=32)
    consent = serializers.BooleanField()
