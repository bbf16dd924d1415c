"""Public pages: the explanation, the application form, the status lookup; the document download."""

import re

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from mediation import services
from mediation.models import Case
from tests.mediation.factories import open_case

pytestmark = pytest.mark.django_db

FORM = {"applicant_name": "李师傅", "applicant_phone": "13912345678", "dispute_type": "wage_arrears",
        "facts": "老板拖欠两个月工资", "consent": "on"}


def test_index_explains_the_15_day_rule(client):
    response = client.get(reverse("mediation:index"))
    assert response.status_code == 200
    body = response.content.decode()
    assert "15" in body and reverse("mediation:apply") in body and reverse("mediation:status") in body


def test_index_in_english(client):
    client.cookies["django_language"] = "en"
    body = client.get(reverse("mediation:index"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "The 15-day rule" in body or "15" in body


def test_apply_shows_the_number_and_code_once(client, orgs):
    response = client.post(reverse("mediation:apply"), FORM)
    assert response.status_code == 200
    case = Case.objects.get()
    assert case.number in response.content.decode()
    code = response.context["code"]
    assert services.case_find_by_code(number=case.number, code=code) == case
    assert response["Cache-Control"].startswith("max-age=0")


def test_apply_without_consent_shows_the_error_and_saves_nothing(client, orgs):
    response = client.post(reverse("mediation:apply"), {**FORM, "consent": ""})
    assert response.status_code == 200
    assert "consent" in response.context["form"].errors
    assert not Case.objects.exists()


def test_apply_with_a_bad_phone(client, orgs):
    response = client.post(reverse("mediation:apply"), {**FORM, "applicant_phone": "555"})
    assert "applicant_phone" in response.context["form"].errors


def test_apply_form_is_throttled(client, orgs):
    from rest_framework.settings import api_settings

    from unions.api.throttling import PublicWriteThrottle

    PublicWriteThrottle.THROTTLE_RATES = {**api_settings.DEFAULT_THROTTLE_RATES, "public_write": "1/hour"}
    try:
        first = client.post(reverse("mediation:apply"), FORM)
        second = client.post(reverse("mediation:apply"), FORM)
    finally:
        PublicWriteThrottle.THROTTLE_RATES = api_settings.DEFAULT_THROTTLE_RATES
    assert first.status_code == 200 and second.status_code == 429
    assert Case.objects.count() == 1


def test_status_shows_status_and_next_step_only(client, orgs):
    case, code = services.case_apply_online(applicant_name="李师傅", applicant_phone="13912345678",
                                            dispute_type="wage_arrears", facts="拖欠工资", consent=True)
    response = client.post(reverse("mediation:status"), {"number": case.number, "code": code})
    assert response.status_code == 200
    body = response.content.decode()
    assert response.context["status_label"] == case.get_status_display()
    assert "李师傅" not in body and "13912345678" not in body and "拖欠工资" not in body


def test_wrong_code_reveals_nothing(client, orgs):
    case, _code = services.case_apply_online(applicant_name="李师傅", applicant_phone="13912345678",
                                             dispute_type="wage_arrears", facts="拖欠工资", consent=True)
    wrong = client.post(reverse("mediation:status"), {"number": case.number, "code": "AAAAA-AAAAA"})
    missing = client.post(reverse("mediation:status"), {"number": "000000-2026-0001", "code": "AAAAA-AAAAA"})
    assert wrong.status_code == missing.status_code == 404
    assert "status_label" not in wrong.context
    assert strip(wrong, case.number) == strip(missing, "000000-2026-0001")


def strip(response, number):
    """The page without CSRF tokens and with the number the visitor typed in blanked."""
    return re.sub(r'value="[A-Za-z0-9]{64}"', "", response.content.decode()).replace(number, "NUMBER")


def test_status_lookups_are_throttled(client, orgs):
    from rest_framework.settings import api_settings

    from unions.api.throttling import LookupThrottle

    LookupThrottle.THROTTLE_RATES = {**api_settings.DEFAULT_THROTTLE_RATES, "lookup": "2/hour"}
    try:
        codes = [client.post(reverse("mediation:status"), {"number": "x", "code": "y"}).status_code
                 for _ in range(3)]
    finally:
        LookupThrottle.THROTTLE_RATES = api_settings.DEFAULT_THROTTLE_RATES
    assert codes == [404, 404, 429]


@pytest.fixture
def document(orgs, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path
    case = open_case(orgs.dachuan)
    services.case_accept(case=case)
    return services.document_attach(case=case, title="调解协议书", file=ContentFile(b"%PDF-1.4 signed", name="xieyi.pdf"))


def test_document_is_served_to_staff_who_see_the_case(client, document, district_staff):
    client.force_login(district_staff)
    response = client.get(document.get_absolute_url())
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"%PDF-1.4 signed"
    assert "attachment" in response["Content-Disposition"]


def test_document_is_a_404_for_another_district(client, document, neighbour_staff):
    client.force_login(neighbour_staff)
    assert client.get(document.get_absolute_url()).status_code == 404


def test_document_is_not_for_anonymous_visitors(client, document):
    response = client.get(document.get_absolute_url())
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_document_has_no_public_url(document):
    with pytest.raises(ValueError, match="no public URL"):
        document.file.url  # noqa: B018
