"""The foundation's models: regions, the union organisation tree, enterprises, staff membership,
partner API keys, and the abstract base every organisation-owned record inherits.

Scoping lives here as query vocabulary: `Model.objects.visible_to(user)` returns what the user's
organisations and every organisation below them own. Admin, API and views all call it.
"""

from __future__ import annotations

import hashlib
import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.db.models.functions import Length
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from unions.audit import audited
from unions.choices import ApiScope, EnterpriseSize, OrganizationLevel, RegionLevel, Role
from unions.validators import validate_credit_code

# --- Regions --------------------------------------------------------------------------------


class RegionQuerySet(models.QuerySet):
    def within(self, region: Region) -> RegionQuerySet:
        """The region's descendants (not the region itself), in one indexed prefix query."""
        return self.filter(code__startswith=region.code_prefix).exclude(code=region.code)

    def counties(self) -> RegionQuerySet:
        return self.filter(level=RegionLevel.COUNTY)


class Region(models.Model):
    """A GB/T 2260 administrative division: province, prefecture, county or township.

    GB/T 2260 codes nest by prefix (14 山西 → 1405 晋城 → 140521 沁水县), so a region's
    descendants are the codes starting with its significant prefix: one indexed query.
    """

    code = models.CharField(_("code"), max_length=12, primary_key=True)
    name = models.CharField(_("name"), max_length=64)
    level = models.CharField(_("level"), max_length=16, choices=RegionLevel.choices)
    parent = models.ForeignKey(
        "self", verbose_name=_("parent"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="children",
    )

    objects = RegionQuerySet.as_manager()

    class Meta:
        verbose_name = _("region")
        verbose_name_plural = _("regions")
        ordering = ["code"]
        indexes = [
            models.Index(fields=["level", "code"], name="unions_region_level_code"),
            # LIKE 'prefix%' on code uses this index whatever the database collation.
            models.Index(fields=["code"], name="unions_region_code_prefix", opclasses=["varchar_pattern_ops"]),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def code_prefix(self) -> str:
        return {
            RegionLevel.PROVINCE: self.code[:2],
            RegionLevel.PREFECTURE: self.code[:4],
            RegionLevel.COUNTY: self.code[:6],
        }.get(self.level, self.code)

    @property
    def full_name(self) -> str:
        names, region = [], self
        while region is not None:
            names.append(region.name)
            region = region.parent
        return "".join(reversed(names))


# --- Union organisations ----------------------------------------------------------------------


class UnionOrganizationQuerySet(models.QuerySet):
    def subtree_of(self, *organizations: UnionOrganization) -> UnionOrganizationQuerySet:
        """The organisations and all their descendants, one query whatever the depth."""
        return self.subtree_of_paths([org.path for org in organizations])

    def subtree_of_paths(self, paths: list[str]) -> UnionOrganizationQuerySet:
        if not paths:
            return self.none()
        condition = Q()
        for path in paths:
            condition |= Q(path__startswith=path)
        return self.filter(condition)

    def visible_to(self, user) -> UnionOrganizationQuerySet:
        if getattr(user, "is_superuser", False):
            return self
        return self.subtree_of_paths(organization_paths_of(user))


class UnionOrganization(models.Model):
    """A trade union organisation: 全国总工会 → province → city → district → township/enterprise.

    The tree is a materialised path (`path` = ancestors' ids, "1/4/17/"), kept by the model
    because it is derived data, not business logic. A subtree is `path LIKE '1/4/%'`: one indexed
    query at any depth, which is what every scoped list needs on every request. We chose this
    over django-treebeard because scoping needs only "descendants of", never sibling ordering,
    and plain ForeignKey editing in the admin keeps working.
    """

    name = models.CharField(_("name"), max_length=128, unique=True)
    level = models.CharField(_("level"), max_length=16, choices=OrganizationLevel.choices)
    parent = models.ForeignKey(
        "self", verbose_name=_("parent organisation"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="children",
    )
    region = models.ForeignKey(
        Region, verbose_name=_("region"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
    )
    path = models.CharField(_("tree path"), max_length=255, editable=False, db_index=False)
    contact_phone = models.CharField(_("contact phone"), max_length=32, blank=True)
    address = models.CharField(_("address"), max_length=255, blank=True)

    objects = UnionOrganizationQuerySet.as_manager()

    class Meta:
        verbose_name = _("union organisation")
        verbose_name_plural = _("union organisations")
        ordering = ["path"]
        indexes = [
            models.Index(fields=["path"], name="unions_org_path", opclasses=["varchar_pattern_ops"]),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        old_path = self.path
        if self.pk is None:
            # The path holds the primary key, which a new row only has once inserted.
            super().save(*args, **kwargs)
            self.path = self._path_from_parent()
            UnionOrganization.objects.filter(pk=self.pk).update(path=self.path)
            return
        self.path = self._path_from_parent()
        super().save(*args, **kwargs)
        if old_path and old_path != self.path:
            # Moving an organisation moves its whole subtree, in one UPDATE.
            UnionOrganization.objects.filter(path__startswith=old_path).exclude(pk=self.pk).update(
                path=models.functions.Concat(
                    models.Value(self.path),
                    models.functions.Substr("path", len(old_path) + 1),
                    output_field=models.CharField(),
                )
            )

    def clean(self) -> None:
        if self.parent_id and self.pk and self.path and self.parent.path.startswith(self.path):
            raise ValidationError({"parent": _("An organisation cannot be placed under itself.")})

    def _path_from_parent(self) -> str:
        parent_path = UnionOrganization.objects.get(pk=self.parent_id).path if self.parent_id else ""
        return f"{parent_path}{self.pk}/"

    @property
    def depth(self) -> int:
        return self.path.count("/")

    def ancestors(self) -> UnionOrganizationQuerySet:
        ids = [int(part) for part in self.path.split("/") if part]
        return UnionOrganization.objects.filter(pk__in=ids).order_by(Length("path"))


def organization_paths_of(user) -> list[str]:
    """Materialised paths of the organisations a user (or partner key) acts for, cached per object."""
    if user is None or not getattr(user, "is_authenticated", False):
        return []
    cached = getattr(user, "_union_organization_paths", None)
    if cached is None:
        api_key = getattr(user, "api_key", None)
        if api_key is not None:
            cached = [api_key.organization.path]
        else:
            cached = list(
                UnionOrganization.objects.filter(memberships__user=user).values_list("path", flat=True)
            )
        user._union_organization_paths = cached
    return cached


# --- Scoping base for owned records -------------------------------------------------------------


class OwnedQuerySet(models.QuerySet):
    def visible_to(self, user) -> OwnedQuerySet:
        """Rows owned by the user's organisations or any organisation below them.

        A city union sees its districts; a district does not see its neighbour; superusers see
        everything; anonymous users nothing.
        """
        if getattr(user, "is_superuser", False) and getattr(user, "is_authenticated", False):
            return self
        paths = organization_paths_of(user)
        if not paths:
            return self.none()
        return self.filter(owner__in=UnionOrganization.objects.subtree_of_paths(paths))


class OwnedModel(models.Model):
    """Abstract base for records that belong to a union organisation.

    Subclasses are audited with `unions.audit.audited` and scoped with `visible_to`.
    """

    owner = models.ForeignKey(
        UnionOrganization, verbose_name=_("owner organisation"), on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("created by"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+", editable=False,
    )
    # Optimistic locking: a trigger (installed by @audited) adds 1 on every UPDATE, bulk and raw
    # SQL too; the API sends
    # it as the ETag and refuses a stale If-Match with 412 (unions.api.concurrency).
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)

    objects = OwnedQuerySet.as_manager()

    class Meta:
        abstract = True

    def is_visible_to(self, user) -> bool:
        if getattr(user, "is_superuser", False):
            return True
        return any(self.owner.path.startswith(path) for path in organization_paths_of(user))


# --- Enterprises ------------------------------------------------------------------------------


@audited()
class Enterprise(OwnedModel):
    """An enterprise: a break room's host, a job posting's employer, a dispute's respondent."""

    name = models.CharField(_("name"), max_length=128)
    credit_code = models.CharField(
        _("unified social credit code"), max_length=18, unique=True,
        validators=[validate_credit_code],
        help_text=_("18 characters, GB 32100, with its check character."),
    )
    region = models.ForeignKey(
        Region, verbose_name=_("region"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
    )
    industry = models.CharField(_("industry"), max_length=64, blank=True)
    size = models.CharField(_("size"), max_length=16, choices=EnterpriseSize.choices, blank=True)
    address = models.CharField(_("address"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("enterprise")
        verbose_name_plural = _("enterprises")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(credit_code__regex=r"^[0-9A-HJ-NPQRTUWXY]{18}$"),
                name="unions_enterprise_credit_code_format",
            )
        ]

    def __str__(self) -> str:
        return self.name


# --- Staff membership -------------------------------------------------------------------------


class Membership(models.Model):
    """A staff user's role in a union organisation. Each role is a Django group of permissions."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE,
        related_name="memberships",
    )
    organization = models.ForeignKey(
        UnionOrganization, verbose_name=_("organisation"), on_delete=models.CASCADE,
        related_name="memberships",
    )
    role = models.CharField(_("role"), max_length=32, choices=Role.choices)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organization", "role"], name="unions_membership_unique_role"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.organization} · {self.get_role_display()}"


# --- Partner API keys -------------------------------------------------------------------------


def _hash_key(secret: str) -> str:
    # Keys are 256-bit random tokens, so a fast hash is safe: no dictionary to guess from.
    return hashlib.sha256(secret.encode()).hexdigest()


class ApiKeyQuerySet(models.QuerySet):
    def active(self) -> ApiKeyQuerySet:
        return self.filter(revoked_at__isnull=True)


class ApiKey(models.Model):
    """A partner system's key. Only its SHA-256 is stored; the key itself is shown once."""

    PREFIX_LENGTH = 8

    organization = models.ForeignKey(
        UnionOrganization, verbose_name=_("organisation"), on_delete=models.PROTECT,
        related_name="api_keys",
    )
    name = models.CharField(_("name"), max_length=128)
    prefix = models.CharField(_("prefix"), max_length=16, unique=True, editable=False)
    hashed_key = models.CharField(_("hashed key"), max_length=64, editable=False)
    scopes = models.JSONField(_("scopes"), default=list, help_text=_('For example ["stations:read", "jobs:write"].'))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("created by"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    last_used_at = models.DateTimeField(_("last used at"), null=True, blank=True, editable=False)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True, editable=False)

    objects = ApiKeyQuerySet.as_manager()

    class Meta:
        verbose_name = _("API key")
        verbose_name_plural = _("API keys")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    def get_absolute_url(self) -> str:
        return reverse("admin:unions_apikey_change", args=[self.pk])

    @staticmethod
    def generate() -> tuple[str, str, str]:
        """A new key as (full key, prefix, hash)."""
        prefix = secrets.token_hex(ApiKey.PREFIX_LENGTH // 2)
        secret = secrets.token_urlsafe(32)
        full_key = f"{prefix}.{secret}"
        return full_key, prefix, _hash_key(full_key)

    @staticmethod
    def hash(full_key: str) -> str:
        return _hash_key(full_key)

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None

    def clean(self) -> None:
        valid = {scope.value for scope in ApiScope}
        if not isinstance(self.scopes, list) or not self.scopes:
            raise ValidationError({"scopes": _("Give at least one scope.")})
        unknown = [scope for scope in self.scopes if scope not in valid]
        if unknown:
            raise ValidationError(
                {"scopes": _("Unknown scope(s): %(scopes)s.") % {"scopes": ", ".join(map(str, unknown))}}
            )

    def allows(self, app_label: str, write: bool) -> bool:
        wanted = {f"{app_label}:write"} if write else {f"{app_label}:read", f"{app_label}:write"}
        return bool(wanted & set(self.scopes))



# --- Sensitive personal data: reveal log -------------------------------------------------------


class RevealLog(models.Model):
    """Each time a staff member or key reveals a masked field (ID number, phone), one row.

    Append-only by convention and by admin (no change or delete); see `unions.privacy`.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    api_key = models.ForeignKey(
        ApiKey, verbose_name=_("API key"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
    )
    content_type = models.ForeignKey(
        "contenttypes.ContentType", verbose_name=_("record type"), on_delete=models.CASCADE, related_name="+",
    )
    object_id = models.CharField(_("record id"), max_length=64)
    fields = models.JSONField(_("fields"), default=list)
    revealed_at = models.DateTimeField(_("revealed at"), default=timezone.now, db_index=True)
    path = models.CharField(_("page or endpoint"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("reveal of personal data")
        verbose_name_plural = _("reveals of personal data")
        ordering = ["-revealed_at"]
        indexes = [models.Index(fields=["content_type", "object_id"], name="unions_reveal_object")]

    def __str__(self) -> str:
        return f"{self.user or self.api_key} · {self.content_type.model} #{self.object_id}"


# --- Rate limiting ----------------------------------------------------------------------------


class RateCounter(models.Model):
    """Requests counted per caller and throttle scope in the caller's current window.

    A window starts with a caller's first request and lasts the throttle's period (a minute, an
    hour). One row per key, reset in place when a new window starts, so the table holds one row
    per recent caller. The table is UNLOGGED (migration 0005): a counter lost in a crash costs a
    caller nothing but a fresh window, and skipping the write-ahead log keeps the one upsert per
    request cheap. Used by `unions.api.throttling` when there is no Redis.
    """

    key = models.CharField(max_length=200, primary_key=True)
    window_ends = models.FloatField(help_text="Unix time at which the counted window ends.")
    hits = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = "rate counter"
        indexes = [models.Index(fields=["window_ends"], name="unions_ratecounter_ends")]

    def __str__(self) -> str:
        return f"{self.key}: {self.hits}"
