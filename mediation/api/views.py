"""Mediation API.

Staff (session) and partner keys (a court's or arbitration committee's system) see the cases of
their organisation's subtree: another organisation's case is a 404. Transitions are POST actions
on a case, each calling one service; `If-Match` with the ETag guards them against a stale read.
Anonymous callers reach only `cases/apply/` and `cases/status/`, both throttled.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Prefetch, Sum
from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import exceptions, mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import AllowAny
from rest_framework.response import Response

from mediation import services
from mediation.api import serializers as s
from mediation.choices import RUNNING_STATES
from mediation.filtersets import CaseFilterSet, ReferralFilterSet
from mediation.models import Case, Instalment, Party, Referral, Team, TeamMember
from mediation.views import next_step
from unions.api.concurrency import PreconditionFailed, etag_for, expected_version
from unions.api.errors import service_error
from unions.api.permissions import ScopedModelPermissions
from unions.api.throttling import LookupThrottle, PublicWriteThrottle


def _service(call, /, *, sent, **kwargs):
    """Run a service; its validation errors become a 400 naming the fields the request `sent`
    (the input serializer's), or `non_field_errors` (a case that cannot take this step)."""
    try:
        return call(**kwargs)
    except DjangoValidationError as error:
        raise service_error(error, sent) from error


class TransitionPermission(ScopedModelPermissions):
    """Reading needs view_case, opening add_case, every transition transition_case."""

    def has_permission(self, request, view) -> bool:
        if not super().has_permission(request, view):
            return False
        if getattr(view, "action", None) in CaseViewSet.transitions:
            return request.user.has_perm("mediation.transition_case")
        return True


class CaseViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin,
                  viewsets.GenericViewSet):
    """Mediation cases of the caller's organisation and those below it. ID numbers and phones are
    masked; `?reveal=1` shows them to holders of the reveal permission, and logs it."""

    queryset = Case.objects.none()
    filterset_class = CaseFilterSet
    permission_classes = [TransitionPermission]
    lookup_value_regex = r"\d+"
    transitions = {"accept", "decline", "assign", "extend", "agreement", "no_agreement", "withdraw", "refer",
                   "close"}

    def get_queryset(self):
        queryset = (
            Case.objects.visible_to(self.request.user)
            .select_related("owner", "team", "handling_station")
            .annotate(claimed_total=Sum("claims__amount"))
            .order_by("-received_on", "-pk")
        )
        if self.action != "list":
            queryset = queryset.select_related("agreement").prefetch_related(
                Prefetch("parties", queryset=Party.objects.order_by("pk")),
                "respondents__enterprise", "claims", "mediators", "referrals__case",
                Prefetch("agreement__instalments", queryset=Instalment.objects.order_by("due_on")),
            )
        return queryset

    def get_serializer_class(self):
        if self.action == "list":
            return s.CaseListSerializer
        if self.action == "create":
            return s.CaseOpenInput
        return s.CaseSerializer

    def retrieve(self, request, *args, **kwargs):
        case = self.get_object()
        response = Response(s.CaseSerializer(case, context=self.get_serializer_context()).data)
        response["ETag"] = etag_for(case)
        return response

    def _detail(self, case, code=status.HTTP_200_OK):
        case = self.get_queryset().get(pk=case.pk)
        response = Response(s.CaseSerializer(case, context=self.get_serializer_context()).data, status=code)
        response["ETag"] = etag_for(case)
        return response

    @extend_schema(request=s.CaseOpenInput, responses={201: s.CaseSerializer})
    def create(self, request, *args, **kwargs):
        data = self._input(s.CaseOpenInput)
        owner = data.get("owner") or self._own_organization()
        case = _service(
            services.case_open, sent=self._sent, owner=owner, channel=data["channel"],
            dispute_type=data["dispute_type"],
            facts=data["facts"], station_place=data.get("station_place", ""),
            handling_station=data.get("handling_station"),
            channel_reference=data.get("channel_reference", ""), received_on=data.get("received_on"),
            applicants=[services.PartyData(**party) for party in data["applicants"]],
            worker=services.PartyData(**data["worker"]) if data.get("worker") else None,
            respondents=[(row["credit_code"], row["role"]) for row in data.get("respondents", [])],
            claims=[(row["item"], row["amount"]) for row in data.get("claims", [])], by=request.user,
        )
        return self._detail(case, status.HTTP_201_CREATED)

    def _own_organization(self):
        api_key = getattr(self.request.user, "api_key", None)
        if api_key is not None:
            return api_key.organization
        membership = self.request.user.memberships.select_related("organization").first()
        if membership is None:
            raise exceptions.ValidationError({"owner": [_("Choose the organisation that owns the case.")]})
        return membership.organization

    def _input(self, serializer_class):
        serializer = serializer_class(data=self.request.data, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        self._sent = serializer.fields
        return serializer.validated_data

    def _case_for_transition(self):
        case = self.get_object()
        expected = expected_version(self.request)
        if expected is not None and expected != case.version:
            raise PreconditionFailed()
        return case

    # --- transitions ---

    @extend_schema(request=s.AcceptInput, responses={200: s.CaseSerializer})
    @action(detail=True, methods=["post"])
    def accept(self, request, pk=None):
        case = self._case_for_transition()
        data = self._input(s.AcceptInput)
        return self._detail(_service(services.case_accept, sent=self._sent, case=case, by=request.user, **data))

    @extend_schema(request=s.DeclineInput, responses={200: s.CaseSerializer})
    @action(detail=True, methods=["post"])
    def decline(self, request, pk=None):
        case = self._case_for_transition()
        data = self._input(s.DeclineInput)
        return self._detail(_service(services.case_decline, sent=self._sent, case=case, by=request.user, **data))

    @extend_schema(request=s.AssignInput, responses={200: s.CaseSerializer})
    @action(detail=True, methods=["post"])
    def assign(self, request, pk=None):
        case = self._case_for_transition()
        data = self._input(s.AssignInput)
        team = Team.objects.visible_to(request.user).filter(pk=data["team"]).first()
        if team is None:
            raise exceptions.ValidationError({"team": [_("No such team.")]})
        mediators = list(TeamMember.objects.visible_to(request.user).filter(pk__in=data["mediators"]))
        if len(mediators) != len(set(data["mediators"])):
            raise exceptions.ValidationError({"mediators": [_("No such mediator.")]})
        return self._detail(_service(services.case_assign, sent=self._sent, case=case, team=team, mediators=mediators,
                                     by=request.user))

    @extend_schema(request=s.ExtendInput, responses={200: s.CaseSerializer})
    @action(detail=True, methods=["post"])
    def extend(self, request, pk=None):
        case = self._case_for_transition()
        data = self._input(s.ExtendInput)
        _service(services.case_extend_deadline, sent=self._sent, case=case, by=request.user, **data)
        return self._detail(case)

    @extend_schema(request=s.AgreementInput, responses={200: s.CaseSerializer})
    @action(detail=True, methods=["post"])
    def agreement(self, request, pk=None):
        case = self._case_for_transition()
        data = self._input(s.AgreementInput)
        instalments = [(row["due_on"], row["amount"]) for row in data.pop("instalments", [])]
        _service(services.case_record_agreement, sent=self._sent, case=case, instalments=instalments,
                 by=request.user, **data)
        return self._detail(case)

    @extend_schema(request=s.NoteInput, responses={200: s.CaseSerializer})
    @action(detail=True, methods=["post"], url_path="no-agreement")
    def no_agreement(self, request, pk=None):
        case = self._case_for_transition()
        data = self._input(s.NoteInput)
        return self._detail(_service(services.case_record_no_agreement, sent=self._sent, case=case,
                                     by=request.user, **data))

    @extend_schema(request=s.NoteInput, responses={200: s.CaseSerializer})
    @action(detail=True, methods=["post"])
    def withdraw(self, request, pk=None):
        case = self._case_for_transition()
        data = self._input(s.NoteInput)
        return self._detail(_service(services.case_withdraw, sent=self._sent, case=case, by=request.user, **data))

    @extend_schema(request=s.ReferInput, responses={200: s.CaseSerializer})
    @action(detail=True, methods=["post"])
    def refer(self, request, pk=None):
        case = self._case_for_transition()
        data = self._input(s.ReferInput)
        _service(services.case_refer, sent=self._sent, case=case, by=request.user, **data)
        return self._detail(case)

    @extend_schema(request=s.NoteInput, responses={200: s.CaseSerializer})
    @action(detail=True, methods=["post"])
    def close(self, request, pk=None):
        case = self._case_for_transition()
        data = self._input(s.NoteInput)
        return self._detail(_service(services.case_close, sent=self._sent, case=case, by=request.user, **data))

    # --- anonymous ---

    @extend_schema(request=s.ApplyInput, responses={201: s.ApplyOutput, 429: OpenApiResponse(description="throttled")},
                   auth=[])
    @action(detail=False, methods=["post"], permission_classes=[AllowAny], authentication_classes=[],
            throttle_classes=[PublicWriteThrottle])
    def apply(self, request):
        """A worker applies for mediation. Returns the case number and the secret lookup code."""
        serializer = s.ApplyInput(data=request.data)
        serializer.is_valid(raise_exception=True)
        case, code = _service(services.case_apply_online, sent=serializer.fields, **serializer.validated_data)
        return Response({"number": case.number, "code": code}, status=status.HTTP_201_CREATED,
                        headers={"Cache-Control": "no-store"})

    @extend_schema(parameters=[s.StatusQuery], responses={200: s.StatusOutput, 404: OpenApiResponse(
        description="no case with this number and code")}, auth=[])
    @action(detail=False, methods=["get"], permission_classes=[AllowAny], authentication_classes=[],
            throttle_classes=[LookupThrottle], filterset_class=None, pagination_class=None)
    def status(self, request):
        """A case's status and next step, by its number and lookup code. Never any personal data."""
        query = s.StatusQuery(data=request.query_params)
        query.is_valid(raise_exception=True)
        case = services.case_find_by_code(**query.validated_data)
        if case is None:
            raise Http404
        return Response(
            {"number": case.number, "status": case.status, "status_label": case.get_status_display(),
             "next_step": next_step(case), "deadline": case.deadline if case.status in RUNNING_STATES else None},
            headers={"Cache-Control": "no-store"},
        )


class ReferralViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Referrals to arbitration or court. The receiving body sets its own reference number with
    `POST referrals/{id}/reference/`."""

    queryset = Referral.objects.none()
    serializer_class = s.ReferralSerializer
    filterset_class = ReferralFilterSet
    permission_classes = [ScopedModelPermissions]

    def get_queryset(self):
        return Referral.objects.visible_to(self.request.user).select_related("case").order_by("-referred_on", "-pk")

    @extend_schema(request=s.ReferenceInput, responses={200: s.ReferralSerializer})
    @action(detail=True, methods=["post"])
    def reference(self, request, pk=None):
        referral = self.get_object()
        if not request.user.has_perm("mediation.change_referral"):
            raise exceptions.PermissionDenied()
        data = s.ReferenceInput(data=request.data)
        data.is_valid(raise_exception=True)
        referral = _service(services.referral_set_reference, sent=data.fields, referral=referral, by=request.user,
                            **data.validated_data)
        return Response(s.ReferralSerializer(referral).data)
