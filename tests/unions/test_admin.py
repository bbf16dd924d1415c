"""The back office: branding, dashboard, scoping in lists and choice fields, lockout, history."""

import pytest
from django.urls import reverse

from tests.unions.factories import EnterpriseFactory
from unions.models import Enterprise

pytestmark = pytest.mark.django_db


def test_admin_is_branded_in_chinese(client):
    html = client.get("/admin/login/").content.decode()
    assert "工会服务站点管理后台" in html


def test_dashboard_shows_panels(client, city_staff):
    client.force_login(city_staff)
    response = client.get("/admin/")
    assert response.status_code == 200
    assert "dashboard-panel" in response.content.decode()


def test_enterprise_list_is_scoped(client, orgs, district_staff):
    EnterpriseFactory(owner=orgs.dachuan, name="达川企业")
    EnterpriseFactory(owner=orgs.tongchuan, name="通川企业")
    client.force_login(district_staff)
    html = client.get(reverse("admin:unions_enterprise_changelist")).content.decode()
    assert "达川企业" in html
    assert "通川企业" not in html


def test_other_organisations_record_is_404_in_admin(client, orgs, district_staff):
    other = EnterpriseFactory(owner=orgs.tongchuan)
    client.force_login(district_staff)
    response = client.get(reverse("admin:unions_enterprise_change", args=[other.pk]))
    # Django's admin redirects a missing object to the index with a message, never showing it.
    assert response.status_code in (302, 404)
    assert other.name not in client.get(reverse("admin:index")).content.decode()


def test_owner_choices_are_the_users_subtree(client, orgs, city_staff):
    client.force_login(city_staff)
    html = client.get(reverse("admin:unions_enterprise_add")).content.decode()
    assert "达川区总工会" in html and "通川区总工会" in html
    assert "沈阳市总工会" not in html


def test_district_cannot_assign_a_neighbours_owner(client, orgs, district_staff):
    client.force_login(district_staff)
    response = client.post(
        reverse("admin:unions_enterprise_add"),
        {"owner": orgs.tongchuan.pk, "name": "越权企业", "credit_code": "91110000600037341L"},
    )
    assert response.status_code == 200  # the form is shown again with an error
    assert not Enterprise.objects.filter(name="越权企业").exists()


def test_bad_credit_code_is_a_form_error(client, orgs, district_staff):
    client.force_login(district_staff)
    response = client.post(
        reverse("admin:unions_enterprise_add"),
        {"owner": orgs.dachuan.pk, "name": "错码企业", "credit_code": "91110000600037341A"},
    )
    assert response.status_code == 200
    assert "统一社会信用代码" in response.content.decode()
    assert not Enterprise.objects.filter(name="错码企业").exists()


def test_history_page_shows_field_changes_even_from_bulk_update(client, orgs, district_staff):
    enterprise = EnterpriseFactory(owner=orgs.dachuan, name="旧名称有限公司")
    Enterprise.objects.filter(pk=enterprise.pk).update(name="新名称有限公司")  # bypasses save()
    client.force_login(district_staff)
    html = client.get(reverse("admin:unions_enterprise_history", args=[enterprise.pk])).content.decode()
    assert "旧名称有限公司" in html and "新名称有限公司" in html


def test_raw_sql_and_deletes_are_audited(orgs):
    from django.db import connection

    from unions.models import Enterprise

    enterprise = EnterpriseFactory(owner=orgs.dachuan, industry="制造业")
    with connection.cursor() as cursor:
        cursor.execute("UPDATE unions_enterprise SET industry = %s WHERE id = %s", ["物流", enterprise.pk])
    Enterprise.objects.filter(pk=enterprise.pk).delete()
    labels = list(Enterprise.pgh_event_model.objects.filter(pgh_obj_id=enterprise.pk)
                  .order_by("pgh_id").values_list("pgh_label", "industry"))
    assert labels == [("insert", "制造业"), ("update", "物流"), ("delete", "物流")]


def test_history_is_append_only(orgs):
    from django.db import InternalError, ProgrammingError, transaction

    enterprise = EnterpriseFactory(owner=orgs.dachuan)
    events = Enterprise.pgh_event_model.objects.filter(pgh_obj_id=enterprise.pk)
    with pytest.raises((InternalError, ProgrammingError)), transaction.atomic():
        events.update(name="篡改")


def test_lockout_after_five_failures_per_username_and_address(client, district_staff):
    url = reverse("admin:login")
    for _ in range(5):
        client.post(url, {"username": "district", "password": "wrong"}, REMOTE_ADDR="10.0.0.1")
    locked = client.post(url, {"username": "district", "password": "pw-district"}, REMOTE_ADDR="10.0.0.1")
    assert locked.status_code == 429
    # The same account from another address, and another account from this one, still sign in.
    other_address = client.post(url, {"username": "district", "password": "pw-district"}, REMOTE_ADDR="10.0.0.2")
    assert other_address.status_code == 302


def test_staff_admin_sees_only_users_of_their_subtree(client, orgs, city_staff, neighbour_staff, django_user_model):
    from unions import services
    from unions.choices import Role

    outsider = django_user_model.objects.create_user(username="outsider", password="x")
    services.membership_grant(user=outsider, organization=orgs.shenyang, role=Role.READ_ONLY)
    client.force_login(city_staff)
    html = client.get(reverse("admin:auth_user_changelist")).content.decode()
    assert "neighbour" in html
    assert "outsider" not in html


def test_admin_refuses_to_overwrite_a_concurrent_change(client, orgs, district_staff):
    enterprise = EnterpriseFactory(owner=orgs.dachuan, name="并发企业", industry="制造业")
    client.force_login(district_staff)
    url = reverse("admin:unions_enterprise_change", args=[enterprise.pk])
    html = client.get(url).content.decode()
    assert 'name="seen_version" value="1"' in html
    Enterprise.objects.filter(pk=enterprise.pk).update(industry="物流")  # someone else saves first
    response = client.post(url, {
        "owner": orgs.dachuan.pk, "name": "并发企业", "credit_code": enterprise.credit_code,
        "industry": "化工", "seen_version": "1",
    })
    assert response.status_code == 200
    assert "已被他人修改" in response.content.decode()
    enterprise.refresh_from_db()
    assert enterprise.industry == "物流"


def test_admin_saves_when_nobody_else_changed_it(client, orgs, district_staff):
    enterprise = EnterpriseFactory(owner=orgs.dachuan, name="单人企业", industry="制造业")
    client.force_login(district_staff)
    url = reverse("admin:unions_enterprise_change", args=[enterprise.pk])
    response = client.post(url, {
        "owner": orgs.dachuan.pk, "name": "单人企业", "credit_code": enterprise.credit_code,
        "industry": "化工", "seen_version": "1",
    })
    assert response.status_code == 302
    enterprise.refresh_from_db()
    assert (enterprise.industry, enterprise.version) == ("化工", 2)


def test_owner_filter_lists_only_organisations_in_scope(client, orgs, district_staff):
    EnterpriseFactory(owner=orgs.dachuan)
    EnterpriseFactory(owner=orgs.shenyang)
    client.force_login(district_staff)
    html = client.get(reverse("admin:unions_enterprise_changelist")).content.decode()
    assert "达川区总工会" in html
    assert "沈阳市总工会" not in html and "通川区总工会" not in html
