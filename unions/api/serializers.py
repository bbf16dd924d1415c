"""Serializers for the foundation's read-only endpoints."""

from collections.abc import Mapping

from django.http import QueryDict
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers
from rest_framework.fields import empty

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


class StrictInput:
    """A request body must hold what its schema documents, or it is a 400 naming the field.

    DRF is lenient where the OpenAPI schema is not: a JSON number becomes a string, `"5"` an
    integer, `"yes"` a boolean, `3500.5` an amount (the schema says amounts are strings: money
    is never a float), and a text is trimmed before its `maxLength` is checked, so 2,001
    characters with a trailing space pass as 2,000. Put first among the bases of every
    serializer that reads a request body, nested ones included. Form bodies are all strings, so
    there only the length is checked.
    """

    def to_internal_value(self, data):
        if isinstance(data, Mapping):
            json_body = not isinstance(data, QueryDict)
            errors = {}
            for field in self._writable_fields:
                value = data.get(field.field_name, empty)
                if value is empty or value is None:
                    continue
                try:
                    _check_raw_value(field, value, json_body=json_body)
                except serializers.ValidationError as error:
                    errors[field.field_name] = error.detail
            if errors:
                raise serializers.ValidationError(errors)
        return super().to_internal_value(data)


def _check_raw_value(field, value, *, json_body: bool) -> None:
    if isinstance(field, serializers.CharField):
        if json_body and not isinstance(value, str):
            field.fail("invalid")
        if isinstance(value, str) and field.max_length is not None and len(value) > field.max_length:
            field.fail("max_length", max_length=field.max_length)
    if not json_body:
        return
    if isinstance(field, serializers.BooleanField) and not isinstance(value, bool):
        field.fail("invalid", input=value)
    elif isinstance(field, serializers.IntegerField) and not _is_integer(value):
        field.fail("invalid")
    elif isinstance(field, serializers.DecimalField) and not isinstance(value, str):
        raise serializers.ValidationError(
            [serializers.ErrorDetail(_('Give the number as a string, e.g. "3500.00".'), code="invalid")]
        )
    elif isinstance(field, serializers.ChoiceField) and not isinstance(field, serializers.MultipleChoiceField):
        if field.choices and not any(type(choice) is type(value) for choice in field.choices):
            field.fail("invalid_choice", input=value)
    elif isinstance(field, serializers.PrimaryKeyRelatedField) and not _is_integer(value):
        field.fail("incorrect_type", data_type=type(value).__name__)
    elif isinstance(field, serializers.SlugRelatedField) and not isinstance(value, str):
        field.fail("invalid")


def _is_integer(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)
