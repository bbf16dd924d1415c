"""API views of the foundation: the root listing every endpoint, regions and organisations."""

from collections import OrderedDict

from drf_spectacular.utils import extend_schema
from rest_framework import viewsets
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.reverse import reverse
from rest_framework.views import APIView

from unions.api.permissions import PublicRead, ScopedModelPermissions
from unions.api.serializers import OrganizationSerializer, RegionSerializer
from unions.filtersets import OrganizationFilterSet, RegionFilterSet
from unions.models import Region, UnionOrganization

# Apps add their endpoint names here (route name → URL name) from their api/urls.py.
API_ROOT_ENTRIES: "OrderedDict[str, str]" = OrderedDict()


def register_root_entry(name: str, url_name: str) -> None:
    API_ROOT_ENTRIES[name] = url_name


class ApiRootView(APIView):
    """The API's entry point: every endpoint, the OpenAPI schema and the interactive docs."""

    permission_classes = [AllowAny]

    @extend_schema(exclude=True)
    def get(self, request, format=None):
        entries = OrderedDict(
            (name, reverse(url_name, request=request, format=format))
            for name, url_name in API_ROOT_ENTRIES.items()
        )
        entries["schema"] = reverse("api-schema", request=request)
        entries["docs"] = reverse("api-docs", request=request)
        return Response(entries)


class RegionViewSet(viewsets.ReadOnlyModelViewSet):
    """GB/T 2260 administrative divisions. Public reference data."""

    queryset = Region.objects.all()
    serializer_class = RegionSerializer
    filterset_class = RegionFilterSet
    permission_classes = [PublicRead]
    lookup_field = "code"


class OrganizationViewSet(viewsets.ReadOnlyModelViewSet):
    """Union organisations the caller can see: its own and every one below it."""

    serializer_class = OrganizationSerializer
    filterset_class = OrganizationFilterSet
    permission_classes = [ScopedModelPermissions]
    queryset = UnionOrganization.objects.none()  # for the permission class's model lookup

    def get_queryset(self):
        return UnionOrganization.objects.visible_to(self.request.user).select_related("region")
