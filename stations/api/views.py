"""API of the stations app: stations (with nearest, GeoJSON and HSDS), events and sign-ups,
anonymous feedback, the service catalogue, and coverage."""

from __future__ import annotations

from django.core.exceptions import RequestDataTooBig
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Prefetch, Q
from django.utils.translation import gettext_lazy as _
from django_filters.utils import translate_validation
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_serializer
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.generics import get_object_or_404  # a malformed id is a 404, not a 500
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from stations import hsds, services
from stations.api.serializers import (
    EventSerializer,
    FeedbackInputSerializer,
    ServiceItemSerializer,
    SignupInputSerializer,
    StationDetailSerializer,
    StationListSerializer,
    StationSerializer,
    StationWriteSerializer,
    as_drf_error,
)
from stations.coverage import coverage_report
from stations.filtersets import EventFilterSet, StationFilterSet, page_limit
from stations.models import (
    PUBLIC_STATUSES,
    CoverageTarget,
    Event,
    Facility,
    ServiceItem,
    ServiceOffering,
    Station,
    StationStatus,
)
from stations.nearest import nearest_page
from unions.api.concurrency import OptimisticLockMixin, etag_for
from unions.api.pagination import PageNumberPagination
from unions.api.permissions import PublicRead, PublicReadScopedWrite, ScopedModelPermissions
from unions.api.throttling import PublicWriteThrottle
from unions.filtersets import RegionCodeFilter
from unions.models import UnionOrganization


def readable_stations(user):
    """Anyone reads open and suspended stations; staff and partners also their own others."""
    public = Q(status__in=PUBLIC_STATUSES)
    if getattr(user, "is_authenticated", False):
        return Station.objects.filter(public | Q(pk__in=Station.objects.visible_to(user).values("pk")))
    return Station.objects.filter(public)


def with_list_relations(queryset):
    return queryset.select_related("region", "owner", "host_enterprise").prefetch_related(
        Prefetch("facilities", queryset=Facility.objects.only("code", "position")),
        Prefetch("offerings", queryset=ServiceOffering.objects.select_related("service").only(
            "station_id", "service__code", "service__group", "service__position")),
    )


@extend_schema(parameters=[OpenApiParameter("If-Match", OpenApiTypes.STR, OpenApiParameter.HEADER, required=False)])
class StationViewSet(OptimisticLockMixin, viewsets.ModelViewSet):
    """Stations. `?near=LAT,LNG` (WGS-84) orders nearest first and adds `distance_m`.

    Writes: staff and partner keys with `stations:write`, for stations of their organisation.
    """

    queryset = Station.objects.none()
    filterset_class = StationFilterSet
    permission_classes = [PublicReadScopedWrite]
    http_method_names = ["get", "post", "put", "patch", "head", "options"]

    def get_queryset(self):
        user = self.request.user
        if self.request.method in ("GET", "HEAD", "OPTIONS"):
            queryset = readable_stations(user)
        else:
            queryset = Station.objects.visible_to(user)
        queryset = queryset.with_open_now()
        if self.action == "list":  # the hot path: one query for the rows, no prefetches
            return queryset.select_related("region", "owner", "host_enterprise").with_code_arrays()
        queryset = with_list_relations(queryset)
        if self.action == "retrieve":
            queryset = queryset.prefetch_related("slots")
        return queryset

    def list(self, request, *args, **kwargs):
        window = self._nearest_window(request)
        if window is None:
            return super().list(request, *args, **kwargs)
        page = self.paginate_queryset(window)
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    def _nearest_window(self, request):
        """A `?near=` list as one statement (`nearest_page`): the same filters, rows and pages as
        the general path, which still answers `page=last` and malformed pages (a 404)."""
        raw_page = request.query_params.get(self.paginator.page_query_param) or "1"
        if not request.query_params.get("near") or not (raw_page.isascii() and raw_page.isdigit()):
            return None
        size = self.paginator.get_page_size(request)  # a bad page_size is a 400 here as there
        # The filterset's own fields and conditions, without a filterset per request (django-filter
        # deep-copies every filter for each one, a millisecond of this path).
        filters, errors = StationFilterSet.clean(request.query_params)
        if errors:
            raise translate_validation(errors)
        if filters.get("near") is None:
            return None
        lat, lng = filters["near"]
        conditions = StationFilterSet.conditions(filters)
        if getattr(request.user, "is_authenticated", False):
            stations = readable_stations(request.user).filter(*conditions)
        else:  # what anonymous callers read, as plain conditions: no queryset to compile
            stations = [Station.objects.public_condition(), *conditions]
        start = (max(1, int(raw_page)) - 1) * size
        # One row more than the pages need, so a next page is known to exist (as `filter_near`).
        return nearest_page(stations, lat=lat, lng=lng, ranked=page_limit(request) + 1, start=start, size=size)

    def get_serializer_class(self):
        if self.action in ("create", "update", "partial_update"):
            return StationWriteSerializer
        if self.action == "list":
            return StationListSerializer
        return StationDetailSerializer if self.action == "retrieve" else StationSerializer

    def _save(self, serializer, station=None):
        data = dict(serializer.validated_data)
        owner = data.pop("owner", None)
        try:
            if station is None:
                if owner is None:
                    owner = _acting_organization(self.request.user)
                return services.station_create(owner=owner, created_by=_user_or_none(self.request.user), **data)
            if owner is not None:
                raise serializers.ValidationError({"owner": [_("The owner of a station cannot be changed here.")]})
            return services.station_update(station=station, **data)
        except DjangoValidationError as error:
            raise as_drf_error(error) from error

    @extend_schema(request=StationWriteSerializer, responses={201: StationDetailSerializer})
    def create(self, request, *args, **kwargs):
        serializer = StationWriteSerializer(data=request.data, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        station = self._save(serializer)
        station = self.get_queryset().get(pk=station.pk)
        response = Response(StationDetailSerializer(station, context=self.get_serializer_context()).data,
                            status=status.HTTP_201_CREATED)
        response["ETag"] = etag_for(station)
        return response

    @extend_schema(request=StationWriteSerializer, responses={200: StationDetailSerializer})
    def partial_update(self, request, *args, **kwargs):
        # Declared only so the schema shows PATCH answering the station, as PUT does.
        return super().partial_update(request, *args, **kwargs)

    @extend_schema(request=StationWriteSerializer, responses={200: StationDetailSerializer})
    def update(self, request, *args, **kwargs):
        from django.db import transaction

        partial = kwargs.pop("partial", False)
        with transaction.atomic():
            station = self.get_object()
            serializer = StationWriteSerializer(data=request.data, partial=partial,
                                                context=self.get_serializer_context())
            serializer.is_valid(raise_exception=True)
            station = self._save(serializer, station=station)
        station = self.get_queryset().get(pk=station.pk)
        response = Response(StationDetailSerializer(station, context=self.get_serializer_context()).data)
        response["ETag"] = etag_for(station)
        return response

    @extend_schema(responses={(200, "application/geo+json"): OpenApiTypes.OBJECT})
    @action(detail=False, pagination_class=None)
    def geojson(self, request):
        """A GeoJSON FeatureCollection (WGS-84, [lng, lat]) of the filtered stations (at most 5,000)."""
        queryset = self.filter_queryset(self.get_queryset())[:5000]
        features = [
            {
                "type": "Feature",
                "id": station.pk,
                "geometry": {
                    "type": "Point", "coordinates": [round(station.lng_wgs84, 7), round(station.lat_wgs84, 7)],
                },
                "properties": {
                    "name": station.name, "kind": station.kind, "address": station.address,
                    "is_open_now": station.is_open_now, "is_24h": station.is_24h,
                    "url": station.get_absolute_url(),
                    **({"distance_m": round(station.distance_m, 1)} if hasattr(station, "distance_m") else {}),
                },
            }
            for station in queryset
        ]
        return Response({"type": "FeatureCollection", "features": features},
                        content_type="application/geo+json")

    @extend_schema(request=FeedbackInputSerializer, responses={201: OpenApiTypes.OBJECT})
    @action(detail=True, methods=["post"], permission_classes=[AllowAny], throttle_classes=[PublicWriteThrottle],
            authentication_classes=[])
    def feedback(self, request, pk=None):
        """Anonymous feedback on a station: rating 1–5, category, text, optional contact."""
        station = get_object_or_404(Station.objects.public(), pk=pk)
        serializer = FeedbackInputSerializer(data=_bounded_data(request, "text"))
        serializer.is_valid(raise_exception=True)
        try:
            feedback = services.feedback_submit(station=station, **serializer.validated_data)
        except DjangoValidationError as error:
            raise as_drf_error(error, serializer.fields) from error
        return Response({"id": feedback.pk, "status": feedback.status}, status=status.HTTP_201_CREATED)


def _bounded_data(request, field: str):
    """The request body, or a 400 naming `field` when it is far too large to be real input."""
    try:
        return request.data
    except RequestDataTooBig as error:
        raise serializers.ValidationError(
            {field: [_("This is far too long. Keep it under 2,000 characters.")]}, code="max_length"
        ) from error


def _user_or_none(user):
    return None if getattr(user, "api_key", None) is not None or not user.is_authenticated else user


def _acting_organization(user) -> UnionOrganization:
    api_key = getattr(user, "api_key", None)
    if api_key is not None:
        return api_key.organization
    organizations = list(UnionOrganization.objects.filter(memberships__user=user).distinct()[:2])
    if len(organizations) != 1:
        raise serializers.ValidationError({"owner": [_("Say which organisation owns the station.")]})
    return organizations[0]


class HsdsPagination(PageNumberPagination):
    """HSDS 3.0 API page: total_items, total_pages, page_number, size, first_page, last_page, empty, contents."""

    def get_paginated_response(self, data):
        page = self.page
        return Response({
            "total_items": page.paginator.count,
            "total_pages": page.paginator.num_pages,
            "page_number": page.number,
            "size": len(data),
            "first_page": page.number == 1,
            "last_page": not page.has_next(),
            "empty": not data,
            "contents": data,
        })

    def get_paginated_response_schema(self, schema):
        return {"type": "object", "properties": {"contents": schema, "total_items": {"type": "integer"}}}


@extend_schema_serializer(component_name="HsdsServiceAtLocation")
class _HsdsItem(serializers.Serializer):
    """One HSDS 3.0 service_at_location with its location, service and organisation embedded."""

    def to_representation(self, instance):
        return hsds.service_at_location(instance)


class HsdsServiceAtLocationViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """Open Referral HSDS 3.0 `service_at_location` records: every service at every public station."""

    permission_classes = [PublicRead]
    pagination_class = HsdsPagination
    serializer_class = _HsdsItem
    queryset = ServiceOffering.objects.none()

    def get_queryset(self):
        return (
            ServiceOffering.objects.filter(station__status__in=[StationStatus.OPEN, StationStatus.SUSPENDED])
            .select_related("station", "station__owner", "service")
            .order_by("station_id", "service__position", "pk")
        )


class ServiceItemViewSet(viewsets.ReadOnlyModelViewSet):
    """The service catalogue: career development, life services, culture and sport."""

    queryset = ServiceItem.objects.all()
    serializer_class = ServiceItemSerializer
    permission_classes = [PublicRead]
    lookup_field = "code"


class EventViewSet(viewsets.ReadOnlyModelViewSet):
    """Published events still to come at public stations. Sign up with POST `events/<id>/signup/`."""

    serializer_class = EventSerializer
    filterset_class = EventFilterSet
    permission_classes = [PublicRead]
    queryset = Event.objects.none()

    def get_permissions(self):
        if self.action == "signup":
            return [AllowAny()]
        return super().get_permissions()

    def get_queryset(self):
        return Event.objects.published().upcoming().select_related("station", "service").order_by("starts_at", "pk")

    @extend_schema(request=SignupInputSerializer, responses={201: OpenApiTypes.OBJECT})
    @action(detail=True, methods=["post"], throttle_classes=[PublicWriteThrottle], authentication_classes=[])
    def signup(self, request, pk=None):
        """Sign up for one date of the event: name, phone, consent. 400 when full or not on that date."""
        event = self.get_object()
        serializer = SignupInputSerializer(data=_bounded_data(request, "name"))
        serializer.is_valid(raise_exception=True)
        try:
            signup = services.event_signup(event=event, **serializer.validated_data)
        except DjangoValidationError as error:
            raise as_drf_error(error, serializer.fields) from error
        return Response({"id": signup.pk, "occurrence": signup.occurrence.isoformat(),
                         "places_left": services.places_left(event, signup.occurrence)},
                        status=status.HTTP_201_CREATED)


class CoverageQuerySerializer(serializers.Serializer):
    within = serializers.CharField(max_length=12)

    def validate_within(self, value):
        field = RegionCodeFilter().field
        try:
            return field.clean(value)
        except DjangoValidationError as error:
            raise serializers.ValidationError(_("Unknown region code.")) from error


class CoverageView(APIView):
    """Coverage per county against the targets: actual, target, shortfall, counties short first."""

    permission_classes = [ScopedModelPermissions]
    queryset = CoverageTarget.objects.none()

    @extend_schema(parameters=[CoverageQuerySerializer], responses={200: OpenApiTypes.OBJECT})
    def get(self, request):
        query = CoverageQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        region = query.validated_data["within"]
        if not request.user.has_perm("stations.view_coveragetarget"):
            raise PermissionDenied
        report = coverage_report(within=region)
        if report is None:
            return Response({"region": region.code, "counties": [], "rules": [], "totals": None})
        return Response(coverage_as_dict(report))


def coverage_as_dict(report) -> dict:
    return {
        "region": report.region.code,
        "region_name": report.region.name,
        "kind": report.kind,
        "due": report.due.isoformat(),
        "totals": {"actual": report.total_actual, "target": report.total_target,
                   "shortfall": report.total_shortfall, "counties": len(report.counties),
                   "counties_short": report.counties_short},
        "rules": [
            {"scope": row.target.scope, "kind": row.target.kind, "minimum": row.target.minimum,
             "due": row.target.due.isoformat(), "actual": row.actual, "shortfall": row.shortfall,
             "note": row.target.note}
            for row in report.rules
        ],
        "counties": [
            {"code": row.code, "name": row.name, "actual": row.actual, "target": row.target,
             "shortfall": row.shortfall}
            for row in report.counties
        ],
    }
