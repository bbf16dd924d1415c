"""`page_size` (unions/api/pagination.py): a whole number from 1, capped; anything else a 400."""

import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("value", ["null", "abc", "1.5", "0", "-3", "２０", " 5"])
def test_a_page_size_that_is_not_a_whole_number_from_1_is_a_400_naming_it(api_client, value):
    response = api_client.get("/api/v1/regions/", {"page_size": value}, HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert response.status_code == 400
    assert response.json() == {"type": "validation_error", "errors": [
        {"code": "invalid", "detail": "page_size 须为 1 到 100 之间的整数。", "attr": "page_size"},
    ]}


def test_the_message_is_in_english_too(api_client):
    response = api_client.get("/api/v1/regions/", {"page_size": "many"}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.json()["errors"][0]["detail"] == "Give page_size as a whole number from 1 to 100."


def test_an_empty_page_size_is_the_default(api_client):
    response = api_client.get("/api/v1/regions/", {"page_size": "", "page": ""})
    assert response.status_code == 200
    assert len(response.json()["results"]) == 20


def test_a_page_size_is_served(api_client):
    assert len(api_client.get("/api/v1/regions/", {"page_size": "7"}).json()["results"]) == 7


def test_the_cursor_pages_of_postings_refuse_a_bad_page_size_too(api_client):
    response = api_client.get("/api/v1/postings/", {"page_size": "twenty"})
    assert response.status_code == 400
    assert response.json()["errors"][0]["attr"] == "page_size"
    assert api_client.get("/api/v1/postings/", {"page_size": "5"}).status_code == 200
