"""Fixtures of the model_workers tests: liaisons of the demo tree, and a 天津 tree for the
city-level rule of municipalities."""

import pytest

from unions import services as union_services
from unions.choices import OrganizationLevel, Role
from unions.models import Region


@pytest.fixture
def liaison(django_user_model, orgs):
    """A model-worker liaison of 达川区总工会 (the district), with an e-mail for reminders."""
    user = django_user_model.objects.create_user(username="liaison", password="pw-liaison", email="liaison@example.org")
    union_services.membership_grant(user=user, organization=orgs.dachuan, role=Role.MODEL_WORKER_LIAISON)
    return django_user_model.objects.get(pk=user.pk)


@pytest.fixture
def city_liaison(django_user_model, orgs):
    user = django_user_model.objects.create_user(username="city_liaison", password="pw-city", email="city@example.org")
    union_services.membership_grant(user=user, organization=orgs.dazhou, role=Role.MODEL_WORKER_LIAISON)
    return django_user_model.objects.get(pk=user.pk)


@pytest.fixture
def tianjin(orgs):
    def make(name, level, parent, code):
        return union_services.organization_create(
            name=name, level=level, parent=parent, region=Region.objects.get(code=code),
        )

    city = make("天津市总工会", OrganizationLevel.PROVINCIAL, orgs.national, "120000")
    heping = make("和平区总工会", OrganizationLevel.COUNTY, city, "120101")
    return city, heping
