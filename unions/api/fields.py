"""Serializer fields shared by the apps' APIs."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

LOCAL_TIME_PATTERN = r"^([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9]$"


@extend_schema_field({"type": "string", "pattern": LOCAL_TIME_PATTERN, "example": "08:30:00"})
class LocalTimeField(serializers.TimeField):
    """A wall-clock time in Asia/Shanghai, `HH:MM:SS` without an offset (opening hours).

    OpenAPI's `format: time` is RFC 3339's full-time, which requires an offset (`08:30:00+08:00`);
    the portal's hours are local times with none, so the schema gives their pattern instead.
    """

    def __init__(self, **kwargs):
        kwargs.setdefault("format", "%H:%M:%S")
        super().__init__(**kwargs)
