"""Organisation scoping: a city sees its districts, a district not its neighbour."""

import pytest

from tests.unions.factories import EnterpriseFactory
from unions.models import Enterprise, UnionOrganization

pytestmark = pytest.mark.django_db


@pytest.fixture
def enterprises(orgs):
    return {
        "dachuan": EnterpriseFactory(owner=orgs.dachuan, name="达川企业"),
        "tongchuan": EnterpriseFactory(owner=orgs.tongchuan, name="通川企业"),
        "shenyang": EnterpriseFactory(owner=orgs.shenyang, name="沈阳企业"),
    }


def names(queryset):
    return set(queryset.values_list("name", flat=True))


def test_city_sees_its_districts(enterprises, city_staff):
    assert names(Enterprise.objects.visible_to(city_staff)) == {"达川企业", "通川企业"}


def test_district_sees_only_itself(enterprises, district_staff):
    assert names(Enterprise.objects.visible_to(district_staff)) == {"达川企业"}


def test_neighbour_does_not_see_the_district(enterprises, neighbour_staff):
    assert names(Enterprise.objects.visible_to(neighbour_staff)) == {"通川企业"}


def test_superuser_sees_all(enterprises, superuser):
    assert names(Enterprise.objects.visible_to(superuser)) == {"达川企业", "通川企业", "沈阳企业"}


def test_anonymous_sees_nothing(enterprises):
    from django.contrib.auth.models import AnonymousUser

    assert not Enterprise.objects.visible_to(AnonymousUser()).exists()


def test_partner_key_sees_its_organisation_subtree(enterprises, partner_read_key):
    from unions.api.authentication import PartnerPrincipal

    assert names(Enterprise.objects.visible_to(PartnerPrincipal(partner_read_key[0]))) == {"达川企业"}


def test_organisations_visible_to_district(orgs, district_staff):
    assert names(UnionOrganization.objects.visible_to(district_staff)) == {"达川区总工会"}


def test_visible_to_is_one_query(enterprises, city_staff, django_assert_num_queries):
    with django_assert_num_queries(2):  # the user's organisation paths, then the rows
        list(Enterprise.objects.visible_to(city_staff))
