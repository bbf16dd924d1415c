"""API views of the jobs app.

Postings are public to read; partner keys with `jobs:write` create postings (which go into
review) and change their own, with `Idempotency-Key` on POST and ETag / If-Match on writes.
Employers are for staff and keys; intentions and matches for staff only.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.postgres.expressions import ArraySubquery
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from django.db.models import OuterRef
from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_view
from drf_standardized_errors.openapi_validation_errors import extend_validation_errors
from rest_framework import mixins, pagination, permissions, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.generics import get_object_or_404  # a malformed id is a 404, not a 500
from rest_framework.response import Response

from jobs import services
from jobs.api.serializers import (
    LIST_VALUES,
    EmployerSerializer,
    FairSerializer,
    IntentionSerializer,
    MatchAdvanceSerializer,
    MatchSerializer,
    PostingInputSerializer,
    PostingSerializer,
    TrainingSerializer,
    posting_rows,
)
from jobs.filtersets import FairFilterSet, IntentionFilterSet, MatchFilterSet, PostingFilterSet, TrainingFilterSet
from jobs.idempotency import HEADER as IDEMPOTENCY_HEADER
from jobs.idempotency import idempotent
from jobs.models import Employer, JobFair, JobIntention, JobPosting, Match, TrainingCourse
from unions.api.concurrency import OptimisticLockMixin, etag_for
from unions.api.errors import service_error
from unions.api.pagination import StrictPageSizeMixin
from unions.api.permissions import PublicReadScopedWrite, ScopedModelPermissions, check_method_served


def api_errors(error: DjangoValidationError) -> serializers.ValidationError:
    """A service's ValidationError as the API's 400, keeping the field names."""
    return service_error(error)


def actor(request):
    """The staff user behind a request (None for partner keys, which are not users)."""
    return request.user if isinstance(request.user, get_user_model()) else None


def acting_organization(request):
    api_key = getattr(request.user, "api_key", None)
    return api_key.organization if api_key is not None else None


class StaffOnly(permissions.BasePermission):
    """Personal data of job seekers: staff sessions only, never partner keys."""

    def has_permission(self, request, view) -> bool:
        check_method_served(request, view)
        return bool(request.user and request.user.is_authenticated and getattr(request.user, "is_staff", False))


class PostingListQuery(serializers.Serializer):
    """`?mine=true` (or `1`): the caller's own postings in any state; anything else is a 400."""

    mine = serializers.ChoiceField(
        choices=["true", "false", "1", "0"], required=False, allow_blank=True,
        help_text="Your organisation's own postings, in any state.",
    )


class PostingCursorPagination(StrictPageSizeMixin, pagination.CursorPagination):
    """Cursor pages: the 1,000th page costs what the first does (an index range on id)."""

    ordering = "-id"
    page_size = 20


IDEMPOTENCY_PARAMETER = OpenApiParameter(
    IDEMPOTENCY_HEADER,
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    required=False,
    description="A unique key per logical request: a retry with the same key and body returns the first response; "
    "the same key with another body is a 422.",
)


# A malformed key (over 255 characters, or not printable) is a 400 naming the header.
@extend_validation_errors(["idempotency_key_invalid"], field_name=IDEMPOTENCY_HEADER, actions=["create"])
@extend_schema_view(
    create=extend_schema(
        request=PostingInputSerializer,
        responses={201: PostingSerializer, 422: OpenApiResponse(description="Key reused")},
        parameters=[IDEMPOTENCY_PARAMETER],
    ),
    update=extend_schema(request=PostingInputSerializer, responses=PostingSerializer),
    partial_update=extend_schema(request=PostingInputSerializer, responses=PostingSerializer),
)
class PostingViewSet(OptimisticLockMixin, viewsets.ModelViewSet):
    """Job postings. Published ones are public; partners see and change their own too."""

    serializer_class = PostingSerializer
    filterset_class = PostingFilterSet
    permission_classes = [PublicReadScopedWrite]
    pagination_class = PostingCursorPagination
    queryset = JobPosting.objects.none()
    http_method_names = ["get", "post", "put", "patch", "head", "options"]

    def get_queryset(self):
        user = self.request.user
        if self.request.method in permissions.SAFE_METHODS:
            # The list is the public board; `?mine=1` lists the caller's own postings in any state.
            # A single posting of one's own is readable in any state (the ETag after a create).
            if self.action == "list" and self.request.query_params.get("mine") in ("1", "true"):
                queryset = JobPosting.objects.visible_to(user)
            else:
                queryset = JobPosting.objects.public()
                if user.is_authenticated and self.action != "list":
                    queryset = queryset | JobPosting.objects.visible_to(user)
        else:
            queryset = JobPosting.objects.visible_to(user)
        if self.action == "list":
            return queryset  # the list reads .values() rows: no instances to select_related into
        return queryset.for_list()

    @extend_schema(responses=PostingSerializer(many=True), parameters=[PostingListQuery])
    def list(self, request, *args, **kwargs):
        PostingListQuery(data=request.query_params).is_valid(raise_exception=True)
        queryset = self.get_queryset()
        # A partner syncing the whole board sends no filters: skip building the FilterSet then.
        if set(request.query_params) & set(PostingFilterSet.base_filters):
            queryset = self.filter_queryset(queryset)
        station_ids = ArraySubquery(
            JobPosting.stations.through.objects.filter(jobposting_id=OuterRef("pk"))
            .order_by("station_id")
            .values("station_id")
        )
        rows = self.paginate_queryset(queryset.annotate(station_ids=station_ids).values(*LIST_VALUES, "station_ids"))
        url_prefix = request.build_absolute_uri(reverse("jobs:board"))
        return self.get_paginated_response(posting_rows(rows, url_prefix=url_prefix))

    def _input(self, request, instance=None, partial=False):
        serializer = PostingInputSerializer(
            instance,
            data=request.data,
            partial=partial,
            context=self.get_serializer_context(),
            employers=Employer.objects.visible_to(request.user).select_related("enterprise"),
        )
        serializer.is_valid(raise_exception=True)
        return serializer.validated_data

    def create(self, request, *args, **kwargs):
        return idempotent(request, lambda: self._create(request))

    def _create(self, request):
        data = dict(self._input(request))
        employer = data.pop("employer")
        owner = acting_organization(request) or employer.owner
        try:
            # A partner's posting waits for a union reviewer; staff start from a draft.
            posting = services.posting_create(
                owner=owner,
                employer=employer,
                by=actor(request),
                submit=acting_organization(request) is not None,
                **data,
            )
        except DjangoValidationError as error:
            raise api_errors(error) from error
        response = Response(
            PostingSerializer(posting, context=self.get_serializer_context()).data, status=status.HTTP_201_CREATED
        )
        response["Location"] = request.build_absolute_uri(f"{request.path}{posting.pk}/")
        response["ETag"] = etag_for(posting)
        return response

    def update(self, request, *args, **kwargs):
        partial = kwargs.pop("partial", False)
        with transaction.atomic():
            instance = self.get_object()
            data = self._input(request, instance=instance, partial=partial)
            try:
                posting = services.posting_update(posting=instance, by=actor(request), **data)
            except DjangoValidationError as error:
                raise api_errors(error) from error
            response = Response(PostingSerializer(posting, context=self.get_serializer_context()).data)
            response["ETag"] = etag_for(posting)
        return response

    @extend_schema(request=None, responses=PostingSerializer)
    @action(detail=True, methods=["post"])
    def withdraw(self, request, pk=None):
        """Take a posting off the board (filled elsewhere, cancelled)."""
        posting = get_object_or_404(JobPosting.objects.visible_to(request.user), pk=pk)
        self.check_object_permissions(request, posting)
        if not request.user.has_perm("jobs.change_jobposting"):
            self.permission_denied(request)
        try:
            services.posting_withdraw(posting=posting, by=actor(request))
        except DjangoValidationError as error:
            raise api_errors(error) from error
        return Response(PostingSerializer(posting, context=self.get_serializer_context()).data)


class EmployerViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet
):
    """Employers (the hiring side of enterprises) of the caller's organisations. Staff and keys."""

    serializer_class = EmployerSerializer
    permission_classes = [ScopedModelPermissions]
    queryset = Employer.objects.none()

    def get_queryset(self):
        return Employer.objects.visible_to(self.request.user).select_related("enterprise").order_by("enterprise__name")

    def perform_create(self, serializer):
        data = serializer.validated_data
        enterprise = data.get("enterprise", {})
        owner = acting_organization(self.request)
        if owner is None:
            from unions.models import UnionOrganization

            owner = UnionOrganization.objects.visible_to(self.request.user).order_by("path").first()
        try:
            serializer.instance = services.employer_create(
                owner=owner,
                name=enterprise["name"],
                credit_code=enterprise["credit_code"],
                region=enterprise.get("region"),
                industry=enterprise.get("industry", ""),
                address=enterprise.get("address", ""),
                contact_name=data["contact_name"],
                contact_phone=data["contact_phone"],
                by=actor(self.request),
            )
        except DjangoValidationError as error:
            raise api_errors(error) from error


class FairViewSet(viewsets.ReadOnlyModelViewSet):
    """Job fairs, with their figures. Public."""

    serializer_class = FairSerializer
    filterset_class = FairFilterSet
    permission_classes = [PublicReadScopedWrite]
    queryset = JobFair.objects.none()

    def get_queryset(self):
        return JobFair.objects.prefetch_related("participations__employer__enterprise").order_by("-starts_at", "-id")


class TrainingViewSet(viewsets.ReadOnlyModelViewSet):
    """Order-based training courses with enrolment, completion and placement figures. Public."""

    serializer_class = TrainingSerializer
    filterset_class = TrainingFilterSet
    permission_classes = [PublicReadScopedWrite]
    queryset = TrainingCourse.objects.none()

    def get_queryset(self):
        return (
            TrainingCourse.objects.filter(is_public=True)
            .with_figures()
            .select_related("employer__enterprise")
            .prefetch_related("classes")
            .order_by("-created_at", "-id")
        )


class IntentionViewSet(viewsets.ReadOnlyModelViewSet):
    """Job seekers' intentions (求职意向清单). Staff only; phones masked unless revealed (`?reveal=1`)."""

    serializer_class = IntentionSerializer
    filterset_class = IntentionFilterSet
    permission_classes = [StaffOnly, ScopedModelPermissions]
    queryset = JobIntention.objects.none()

    def get_queryset(self):
        return (
            JobIntention.objects.visible_to(self.request.user).select_related("seeker").order_by("-created_at", "-id")
        )


class MatchViewSet(viewsets.ReadOnlyModelViewSet):
    """Matches with why they matched, and the follow-up queue. Staff only."""

    serializer_class = MatchSerializer
    filterset_class = MatchFilterSet
    permission_classes = [StaffOnly, ScopedModelPermissions]
    queryset = Match.objects.none()

    def get_queryset(self):
        return (
            Match.objects.visible_to(self.request.user)
            .select_related("intention__seeker", "posting__employer__enterprise")
            .order_by("-score", "-id")
        )

    @extend_schema(request=MatchAdvanceSerializer, responses=MatchSerializer)
    @action(detail=True, methods=["post"])
    def advance(self, request, pk=None):
        """Record a follow-up step: contacted, interviewed, hired, not hired or dismissed."""
        if not request.user.has_perm("jobs.change_match"):
            self.permission_denied(request)
        match = self.get_object()
        serializer = MatchAdvanceSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            match = services.match_advance(
                match=match,
                to=serializer.validated_data["status"],
                by=actor(request),
                note=serializer.validated_data.get("note", ""),
            )
        except DjangoValidationError as error:
            raise api_errors(error) from error
        match = self.get_queryset().get(pk=match.pk)
        return Response(MatchSerializer(match, context=self.get_serializer_context()).data)
