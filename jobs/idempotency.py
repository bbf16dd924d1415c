"""`Idempotency-Key` for API POSTs: a retried request returns the first response, never a duplicate.

The first request with a key inserts an `IdempotencyRecord` (unique per caller and key) in the
same transaction as the work, then stores the response. A concurrent retry blocks on the unique
index until the first commits, then replays it. The same key with a different body is a 422, as
the IETF draft "The Idempotency-Key HTTP Header Field" recommends. Records older than
`RETENTION` may be purged (`manage.py purge_idempotency_keys`).

Generic: any DRF view can wrap its `create` with `idempotent(request, lambda: ...)`. It belongs in
the foundation once a second app needs it.
"""

from __future__ import annotations

import hashlib
import json
from datetime import timedelta

from django.db import IntegrityError, InterfaceError, OperationalError, connection, transaction
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions, status
from rest_framework.response import Response

from jobs.models import IdempotencyRecord
from unions.db import session_died

HEADER = "Idempotency-Key"
MAX_KEY_LENGTH = 255
RETENTION = timedelta(days=7)
REPLAYED_HEADERS = ("Location", "ETag")


class IdempotencyKeyReused(exceptions.APIException):
    status_code = status.HTTP_422_UNPROCESSABLE_ENTITY
    default_detail = _("This Idempotency-Key was already used with a different request body.")
    default_code = "idempotency_key_reused"


class IdempotencyKeyInvalid(exceptions.ValidationError):
    default_code = "idempotency_key_invalid"


def _principal(request) -> str:
    api_key = getattr(request.user, "api_key", None)
    if api_key is not None:
        return f"key:{api_key.pk}"
    return f"user:{request.user.pk}"


def _fingerprint(request) -> str:
    body = json.dumps(request.data, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(f"{request.method} {request.path}\n{body}".encode()).hexdigest()


def idempotent(request, perform) -> Response:
    """Run `perform()` (returning a Response) at most once per caller and Idempotency-Key.

    If the database session dies under the work (a restart, an administrator terminating
    sessions), the work runs once more on a new connection. That is safe only because of the key:
    the dead session's transaction either rolled back, or committed together with its record,
    which the second run then finds and replays.
    """
    key = request.headers.get(HEADER, "").strip()
    if not key:
        return perform()
    if len(key) > MAX_KEY_LENGTH or not key.isprintable():
        raise IdempotencyKeyInvalid({HEADER: [_("Send at most 255 printable characters.")]})
    principal, fingerprint = _principal(request), _fingerprint(request)
    try:
        return _once(request, perform, principal, key, fingerprint)
    except (OperationalError, InterfaceError) as error:
        if connection.in_atomic_block or not session_died(error):
            raise
        connection.close()
        return _once(request, perform, principal, key, fingerprint)


def _once(request, perform, principal: str, key: str, fingerprint: str) -> Response:
    with transaction.atomic():
        try:
            with transaction.atomic():
                record = IdempotencyRecord.objects.create(
                    principal=principal,
                    key=key,
                    method=request.method,
                    path=request.path[:255],
                    request_hash=fingerprint,
                )
        except IntegrityError:
            # Seen before (a concurrent first attempt has committed by now: the insert waited for it).
            record = None
        if record is not None:
            response = perform()
            if response.status_code >= 500:
                transaction.set_rollback(True)
                return response
            record.status_code = response.status_code
            record.response_body = response.data
            record.response_headers = {name: response[name] for name in REPLAYED_HEADERS if response.has_header(name)}
            record.save(update_fields=["status_code", "response_body", "response_headers"])
            return response
    existing = IdempotencyRecord.objects.get(principal=principal, key=key)
    if existing.request_hash != fingerprint:
        raise IdempotencyKeyReused()
    replay = Response(existing.response_body, status=existing.status_code)
    for name, value in existing.response_headers.items():
        replay[name] = value
    replay["Idempotent-Replayed"] = "true"
    return replay
