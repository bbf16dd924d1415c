"""Shared fixtures: the organisation tree and the personas every test speaks through.

Personas: city staff (达州市总工会), district staff (达川区总工会), neighbouring-district staff
(通川区总工会), read-only staff, a superuser, partner keys (read-only and read-write, of 达川区),
a partner key of another organisation (沈阳市总工会), and the anonymous worker.
"""

from __future__ import annotations

import os

import pytest
from django.core.cache import cache
from django.core.management import call_command
from rest_framework.test import APIClient

from unions import services
from unions.choices import OrganizationLevel, Role


@pytest.fixture(autouse=True)
def _database_baseline(request):
    """Every database test starts with the regions loaded and an empty cache.

    Regions are loaded once per session, but a transactional test (real commits: concurrency,
    backups, live server) ends with a flush that empties every table, regions included; the next
    test reloads them. Throttle and lockout counters live in the shared (database) cache.
    """
    marker = request.node.get_closest_marker("django_db")
    names = set(request.fixturenames)
    if not (marker or {"db", "transactional_db", "live_server", "django_user_model"} & names):
        yield
        return
    transactional = bool(marker and marker.kwargs.get("transaction")) or bool(
        {"transactional_db", "live_server"} & names
    )
    request.getfixturevalue("transactional_db" if transactional else "db")
    from unions.models import Region

    if not Region.objects.exists():
        call_command("load_regions", verbosity=0, stdout=open(os.devnull, "w"))  # noqa: SIM115
    cache.clear()
    yield


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Regions are reference data: load them once for the whole session."""
    with django_db_blocker.unblock():
        call_command("load_regions", verbosity=0, stdout=open(os.devnull, "w"))  # noqa: SIM115


@pytest.fixture
def orgs(db):
    """A small tree: national → 四川 → 达州 → {达川, 通川}; national → 辽宁 → 沈阳."""

    def make(name, level, parent=None, region_code=None):
        from unions.models import Region

        region = Region.objects.filter(code=region_code).first() if region_code else None
        return services.organization_create(name=name, level=level, parent=parent, region=region)

    national = make("中华全国总工会", OrganizationLevel.NATIONAL)
    sichuan = make("四川省总工会", OrganizationLevel.PROVINCIAL, national, "510000")
    dazhou = make("达州市总工会", OrganizationLevel.MUNICIPAL, sichuan, "511700")
    dachuan = make("达川区总工会", OrganizationLevel.COUNTY, dazhou, "511703")
    tongchuan = make("通川区总工会", OrganizationLevel.COUNTY, dazhou, "511702")
    liaoning = make("辽宁省总工会", OrganizationLevel.PROVINCIAL, national, "210000")
    shenyang = make("沈阳市总工会", OrganizationLevel.MUNICIPAL, liaoning, "210100")

    class Tree:
        pass

    tree = Tree()
    tree.national, tree.sichuan, tree.dazhou = national, sichuan, dazhou
    tree.dachuan, tree.tongchuan, tree.liaoning, tree.shenyang = dachuan, tongchuan, liaoning, shenyang
    return tree


def _staff(django_user_model, username, organization, role):
    user = django_user_model.objects.create_user(username=username, password="pw-" + username)
    services.membership_grant(user=user, organization=organization, role=role)
    return django_user_model.objects.get(pk=user.pk)  # fresh object: no cached permissions


@pytest.fixture
def city_staff(django_user_model, orgs):
    return _staff(django_user_model, "city", orgs.dazhou, Role.ADMINISTRATOR)


@pytest.fixture
def district_staff(django_user_model, orgs):
    return _staff(django_user_model, "district", orgs.dachuan, Role.ADMINISTRATOR)


@pytest.fixture
def neighbour_staff(django_user_model, orgs):
    return _staff(django_user_model, "neighbour", orgs.tongchuan, Role.ADMINISTRATOR)


@pytest.fixture
def readonly_staff(django_user_model, orgs):
    return _staff(django_user_model, "readonly", orgs.dachuan, Role.READ_ONLY)


@pytest.fixture
def superuser(django_user_model):
    return django_user_model.objects.create_superuser(username="root", password="pw-root")


def _key(organization, scopes):
    api_key, full_key = services.api_key_create(organization=organization, name="partner", scopes=scopes)
    return api_key, full_key


ALL_READ = ["unions:read", "stations:read", "jobs:read", "mediation:read", "model_workers:read"]
ALL_WRITE = ["stations:write", "jobs:write", "mediation:write", "model_workers:write"]


@pytest.fixture
def partner_read_key(orgs):
    return _key(orgs.dachuan, ALL_READ)


@pytest.fixture
def partner_write_key(orgs):
    return _key(orgs.dachuan, [*ALL_READ, *ALL_WRITE])


@pytest.fixture
def other_partner_key(orgs):
    return _key(orgs.shenyang, [*ALL_READ, *ALL_WRITE])


@pytest.fixture
def api_client():
    return APIClient()


@pytest.fixture
def api_as():
    """`api_as(user)` or `api_as(full_key)`: an API client speaking as that persona."""

    def make(who=None):
        client = APIClient()
        if isinstance(who, str):
            client.credentials(HTTP_AUTHORIZATION=f"Api-Key {who}")
        elif isinstance(who, tuple):
            client.credentials(HTTP_AUTHORIZATION=f"Api-Key {who[1]}")
        elif who is not None:
            client.force_login(who)
        return client

    return make
