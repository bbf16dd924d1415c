"""Optimistic locking for the API: `ETag` carries the record's version, `If-Match` guards writes.

Every `OwnedModel` has a `version` that a trigger bumps on each UPDATE. A client that sends
`If-Match: "<version>"` with PUT, PATCH or DELETE gets 412 when someone else changed the record
in between. The row is locked (`SELECT … FOR UPDATE`) while comparing and writing, so of 20
simultaneous updates with the same version exactly one succeeds. Without `If-Match` the write
proceeds (last writer wins), as partners without ETag support expect.
"""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions, status
from rest_framework.response import Response

WRITE_METHODS = ("PUT", "PATCH", "DELETE")


class PreconditionFailed(exceptions.APIException):
    status_code = status.HTTP_412_PRECONDITION_FAILED
    default_detail = _("This record was changed by someone else since you read it. Reload it and try again.")
    default_code = "precondition_failed"


def etag_for(obj) -> str:
    return f'"{obj.version}"'


def expected_version(request) -> int | None:
    header = request.headers.get("If-Match", "").strip()
    if not header or header == "*":
        return None
    value = header.removeprefix("W/").strip('"')
    if not value.isdigit():
        raise PreconditionFailed(_("If-Match must be an ETag this API sent, such as \"3\"."))
    return int(value)


class OptimisticLockMixin:
    """For ModelViewSets over OwnedModels: ETag on reads and writes, If-Match checked on writes."""

    def get_object(self):
        obj = super().get_object()
        # OPTIONS asks DRF's metadata for the PUT form with a request cloned as PUT: that is no
        # write, and it runs outside a transaction, where FOR UPDATE would be a 500.
        if self.request.method in WRITE_METHODS and self.request.META.get("REQUEST_METHOD") in WRITE_METHODS:
            obj = type(obj)._default_manager.select_for_update().get(pk=obj.pk)
            expected = expected_version(self.request)
            if expected is not None and expected != obj.version:
                raise PreconditionFailed()
            self._locked_object = obj
        return obj

    def retrieve(self, request, *args, **kwargs):
        obj = self.get_object()
        response = Response(self.get_serializer(obj).data)
        response["ETag"] = etag_for(obj)
        return response

    def update(self, request, *args, **kwargs):
        with transaction.atomic():
            response = super().update(request, *args, **kwargs)
            obj = self._locked_object
            obj.refresh_from_db(fields=["version"])
            response["ETag"] = etag_for(obj)
        return response

    def destroy(self, request, *args, **kwargs):
        with transaction.atomic():
            return super().destroy(request, *args, **kwargs)
