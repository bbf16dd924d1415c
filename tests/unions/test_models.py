"""Regions and the organisation tree: codes, levels, subtrees in one query."""

import pytest

from unions import services
from unions.choices import OrganizationLevel
from unions.models import Region, UnionOrganization

pytestmark = pytest.mark.django_db


def test_region_counts_match_gbt2260_2024():
    assert Region.objects.filter(level="province").count() == 34
    assert Region.objects.filter(level="prefecture").count() == 333
    assert Region.objects.filter(level="county").count() == 2846


def test_shanxi_has_117_county_level_divisions():
    shanxi = Region.objects.get(code="140000")
    assert Region.objects.within(shanxi).counties().count() == 117


def test_county_parent_is_prefecture_or_province_when_none():
    assert Region.objects.get(code="140521").parent_id == "140500"  # 沁水县 → 晋城市
    assert Region.objects.get(code="110118").parent_id == "110000"  # 密云区 → 北京市
    assert Region.objects.get(code="429004").parent_id == "420000"  # 仙桃市 → 湖北省 (省直辖)


def test_load_regions_is_idempotent():
    from django.core.management import call_command

    call_command("load_regions", verbosity=0)
    assert Region.objects.count() == 3213


def test_subtree_is_one_query_at_any_depth(orgs, django_assert_num_queries):
    with django_assert_num_queries(1):
        names = set(UnionOrganization.objects.subtree_of(orgs.dazhou).values_list("name", flat=True))
    assert names == {"达州市总工会", "达川区总工会", "通川区总工会"}


def test_moving_an_organisation_moves_its_subtree(orgs):
    township = services.organization_create(
        name="南外镇工会", level=OrganizationLevel.TOWNSHIP, parent=orgs.dachuan
    )
    orgs.dachuan.parent = orgs.shenyang
    orgs.dachuan.save()
    township.refresh_from_db()
    assert township.path.startswith(orgs.shenyang.path)
    assert set(UnionOrganization.objects.subtree_of(orgs.dazhou).values_list("name", flat=True)) == {
        "达州市总工会", "通川区总工会",
    }


def test_organisation_cannot_be_its_own_ancestor(orgs):
    from django.core.exceptions import ValidationError

    orgs.dazhou.parent = orgs.dachuan
    with pytest.raises(ValidationError) as error:
        orgs.dazhou.full_clean()
    assert "parent" in error.value.message_dict
