"""Services of the foundation: the only writers of memberships, API keys and organisations."""

from __future__ import annotations

from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone

from unions.choices import OrganizationLevel, Role
from unions.models import ApiKey, Membership, Region, UnionOrganization


@transaction.atomic
def organization_create(
    *, name: str, level: OrganizationLevel | str, parent: UnionOrganization | None = None,
    region: Region | None = None, address: str = "", contact_phone: str = "",
) -> UnionOrganization:
    organization = UnionOrganization(
        name=name, level=level, parent=parent, region=region, address=address, contact_phone=contact_phone
    )
    organization.full_clean(exclude=["path"])
    organization.save()
    return organization


def membership_sync_groups(*, user) -> None:
    """Make the user's groups exactly the roles of their memberships."""
    roles = set(Membership.objects.filter(user=user).values_list("role", flat=True))
    role_names = {role.value for role in Role}
    keep = [group for group in user.groups.all() if group.name not in role_names]
    user.groups.set([*keep, *Group.objects.filter(name__in=roles)])
    # Django caches permissions on the user object; drop the cache so they apply at once.
    for attribute in ("_perm_cache", "_user_perm_cache", "_group_perm_cache", "_union_organization_paths"):
        user.__dict__.pop(attribute, None)


@transaction.atomic
def membership_grant(*, user, organization: UnionOrganization, role: Role | str) -> Membership:
    membership, _created = Membership.objects.get_or_create(user=user, organization=organization, role=role)
    if not user.is_staff:
        user.is_staff = True
        user.save(update_fields=["is_staff"])
    membership_sync_groups(user=user)
    return membership


@transaction.atomic
def membership_revoke(*, membership: Membership) -> None:
    user = membership.user
    membership.delete()
    membership_sync_groups(user=user)


@transaction.atomic
def api_key_create(
    *, organization: UnionOrganization, name: str, scopes: list[str], created_by=None
) -> tuple[ApiKey, str]:
    """Create a key; returns it with the full key, which is never stored and shown only once."""
    full_key, prefix, hashed = ApiKey.generate()
    api_key = ApiKey(
        organization=organization, name=name, scopes=sorted(set(scopes)), prefix=prefix,
        hashed_key=hashed, created_by=created_by,
    )
    api_key.full_clean()
    api_key.save()
    return api_key, full_key


@transaction.atomic
def api_key_revoke(*, api_key: ApiKey) -> ApiKey:
    if api_key.revoked_at is None:
        api_key.revoked_at = timezone.now()
        api_key.save(update_fields=["revoked_at"])
    return api_key
