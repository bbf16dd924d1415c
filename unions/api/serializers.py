"""Serializers for the foundation's read-only endpoints."""

from rest_framework import serializers

from unions.models import Region, UnionOrganization


class RegionSerializer(serializers.ModelSerializer):
    parent = serializers.CharField(source="parent_id", allow_null=True, read_only=True)

    class Meta:
        model = Region
        fields = ["code", "name", "level", "parent"]


class OrganizationSerializer(serializers.ModelSerializer):
    region = serializers.CharField(source="region_id", allow_null=True, read_only=True)
    region_name = serializers.CharField(source="region.name", allow_null=True, read_only=True, default=None)

    class Meta:
        model = UnionOrganization
        fields = ["id", "name", "level", "parent", "region", "region_name"]
