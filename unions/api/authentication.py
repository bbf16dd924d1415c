"""Partner systems authenticate with `Authorization: Api-Key <key>`.

A valid key becomes a `PartnerPrincipal`: an authenticated, non-staff user-like object whose
permissions come from the key's scopes and whose visibility is its organisation's subtree, so
the same `visible_to()` and permission classes serve staff and partners.
"""

from __future__ import annotations

import hmac
from datetime import timedelta

import pghistory
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import authentication, exceptions

from unions.models import ApiKey

# last_used_at is written at most this often per key, to keep reads free of writes.
LAST_USED_RESOLUTION = timedelta(minutes=1)


class PartnerPrincipal:
    """Stands in for `request.user` when a partner key authenticates."""

    is_authenticated = True
    is_anonymous = False
    is_active = True
    is_staff = False
    is_superuser = False

    def __init__(self, api_key: ApiKey):
        self.api_key = api_key
        self.pk = self.id = f"api-key-{api_key.pk}"
        self.username = f"api-key:{api_key.prefix}"

    def __str__(self) -> str:
        return str(self.api_key)

    def has_perm(self, perm: str, obj=None) -> bool:
        app_label, _dot, codename = perm.partition(".")
        action = codename.split("_", 1)[0]
        return self.api_key.allows(app_label, write=action != "view")

    def has_perms(self, perms, obj=None) -> bool:
        return all(self.has_perm(perm, obj) for perm in perms)

    def has_module_perms(self, app_label: str) -> bool:
        return self.api_key.allows(app_label, write=False)


class ApiKeyAuthentication(authentication.BaseAuthentication):
    keyword = "Api-Key"

    def authenticate(self, request):
        header = authentication.get_authorization_header(request).decode("latin-1")
        keyword, _space, full_key = header.partition(" ")
        if keyword != self.keyword:
            return None
        full_key = full_key.strip()
        prefix = full_key.partition(".")[0]
        if not prefix or "." not in full_key:
            raise exceptions.AuthenticationFailed(_("Malformed API key."))
        api_key = (
            ApiKey.objects.select_related("organization").filter(prefix=prefix).first()
        )
        if api_key is None or not hmac.compare_digest(api_key.hashed_key, ApiKey.hash(full_key)):
            raise exceptions.AuthenticationFailed(_("Invalid API key."))
        if not api_key.is_active:
            raise exceptions.AuthenticationFailed(_("This API key has been revoked."))
        now = timezone.now()
        if api_key.last_used_at is None or now - api_key.last_used_at > LAST_USED_RESOLUTION:
            ApiKey.objects.filter(pk=api_key.pk).update(last_used_at=now)
            api_key.last_used_at = now
        pghistory.context(api_key=api_key.prefix, organization=api_key.organization_id)
        return PartnerPrincipal(api_key), api_key

    def authenticate_header(self, request) -> str:
        return self.keyword


class ApiKeyAuthenticationScheme(OpenApiAuthenticationExtension):
    target_class = "unions.api.authentication.ApiKeyAuthentication"
    name = "ApiKeyAuth"

    def get_security_definition(self, auto_schema):
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": "`Api-Key <key>`, as printed once by `manage.py create_api_key`.",
        }
