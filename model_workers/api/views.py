"""Staff API of the model-worker ledger: everything scoped with `visible_to` (another
organisation's record is a 404), GET needs the view permission, writes go through services."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Prefetch
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response

from model_workers import services
from model_workers.api.serializers import (
    BenefitCheckRecordSerializer,
    BenefitCheckSerializer,
    CareOrderDeliverSerializer,
    CareOrderInputSerializer,
    CareOrderSerializer,
    ModelWorkerSerializer,
    VisitRecordSerializer,
    VisitSerializer,
    WorkerEventInputSerializer,
    WorkerEventSerializer,
)
from model_workers.filtersets import BenefitCheckFilterSet, CareOrderFilterSet, ModelWorkerFilterSet, VisitFilterSet
from model_workers.models import BenefitCheck, CareOrder, ModelWorker, Visit, Visitor
from unions.api.errors import service_error
from unions.api.permissions import ScopedModelPermissions


def call(function, /, **kwargs):
    """Run a service; its ValidationError becomes a 400 naming the fields."""
    try:
        return function(**kwargs)
    except DjangoValidationError as error:
        raise service_error(error) from error


def require(request, permission: str) -> None:
    if not request.user.has_perm(f"model_workers.{permission}"):
        raise PermissionDenied


class ModelWorkerViewSet(viewsets.ReadOnlyModelViewSet):
    """The ledger: ID numbers and phones masked (`?reveal=1` with the reveal permission, logged)."""

    serializer_class = ModelWorkerSerializer
    filterset_class = ModelWorkerFilterSet
    permission_classes = [ScopedModelPermissions]
    queryset = ModelWorker.objects.none()

    def get_queryset(self):
        return ModelWorker.objects.visible_to(self.request.user).select_related("owner").order_by("pk")

    @extend_schema(request=WorkerEventInputSerializer, responses={201: WorkerEventSerializer})
    @action(detail=True, methods=["post"])
    def events(self, request, pk=None):
        """Record a hospital admission, sudden hardship or disaster; a prompt visit is planned."""
        require(request, "add_workerevent")
        worker = self.get_object()
        data = WorkerEventInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        event = call(services.event_record, worker=worker, by=request.user, **data.validated_data)
        return Response(WorkerEventSerializer(event).data, status=status.HTTP_201_CREATED)


class VisitViewSet(viewsets.ReadOnlyModelViewSet):
    """The five must-visits. `?year=`, `?kind=`, `?status=` (upcoming, due, overdue, done, cancelled)."""

    serializer_class = VisitSerializer
    filterset_class = VisitFilterSet
    permission_classes = [ScopedModelPermissions]
    queryset = Visit.objects.none()

    def get_queryset(self):
        return (
            Visit.objects.visible_to(self.request.user).select_related("worker")
            .prefetch_related(Prefetch("visitors", queryset=Visitor.objects.order_by("-is_leader", "pk")))
            .order_by("window_end", "pk")
        )

    @extend_schema(request=VisitRecordSerializer, responses={200: VisitSerializer})
    @action(detail=True, methods=["post"])
    def record(self, request, pk=None):
        """Record the visit as done: date, visitors (with a leader flag), gift and cash, needs found."""
        require(request, "change_visit")
        visit = self.get_object()
        data = VisitRecordSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        visitors = [services.VisitorData(**person) for person in values.pop("visitors")]
        follow_up = values.pop("follow_up")
        visit = call(services.visit_record, visit=visit, visitors=visitors, follow_up=follow_up, by=request.user,
                     **values)
        return Response(VisitSerializer(self.get_queryset().get(pk=visit.pk)).data)


class CareOrderViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    serializer_class = CareOrderSerializer
    filterset_class = CareOrderFilterSet
    permission_classes = [ScopedModelPermissions]
    queryset = CareOrder.objects.none()

    def get_queryset(self):
        return CareOrder.objects.visible_to(self.request.user).select_related("worker", "service").order_by("-pk")

    @extend_schema(request=CareOrderInputSerializer, responses={201: CareOrderSerializer})
    def create(self, request, *args, **kwargs):
        data = CareOrderInputSerializer(data=request.data, context=self.get_serializer_context())
        data.is_valid(raise_exception=True)
        order = call(services.care_order_create, by=request.user, **data.validated_data)
        return Response(CareOrderSerializer(order).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=CareOrderDeliverSerializer, responses={200: CareOrderSerializer})
    @action(detail=True, methods=["post"])
    def deliver(self, request, pk=None):
        require(request, "change_careorder")
        order = self.get_object()
        data = CareOrderDeliverSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        order = call(services.care_order_deliver, order=order, by=request.user, **data.validated_data)
        return Response(CareOrderSerializer(order).data)


class BenefitCheckViewSet(viewsets.ReadOnlyModelViewSet):
    """Yearly benefit checks; `?exceptions=true` lists those with a benefit expected and missing."""

    serializer_class = BenefitCheckSerializer
    filterset_class = BenefitCheckFilterSet
    permission_classes = [ScopedModelPermissions]
    queryset = BenefitCheck.objects.none()

    def get_queryset(self):
        return BenefitCheck.objects.visible_to(self.request.user).select_related("worker").order_by("-year", "pk")

    @extend_schema(request=BenefitCheckRecordSerializer, responses={200: BenefitCheckSerializer})
    @action(detail=True, methods=["post"])
    def record(self, request, pk=None):
        require(request, "change_benefitcheck")
        check = self.get_object()
        data = BenefitCheckRecordSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        checked_on, notes = values.pop("checked_on"), values.pop("notes")
        check = call(services.benefit_check_record, check=check, found=values, checked_on=checked_on, notes=notes,
                     by=request.user)
        return Response(BenefitCheckSerializer(check).data)
