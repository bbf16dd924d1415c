"""The shared `BooleanFilter` (unions/filtersets.py): `true`/`false`, empty, or a 400."""

import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("path", "name"), [
    ("/api/v1/fairs/", "upcoming"),
    ("/api/v1/visits/", "requires_leader"),
    ("/api/v1/referrals/", "without_reference"),
    ("/api/v1/model-workers/", "living_alone"),
    ("/api/v1/cases/", "overdue"),
])
def test_a_boolean_filter_refuses_anything_but_true_or_false(api_as, superuser, path, name):
    client = api_as(superuser)
    for value in ("null", "yes", "1", "True"):
        response = client.get(path, {name: value})
        assert response.status_code == 400, (path, value)
        assert response.json()["errors"][0]["attr"] == name
    for value in ("true", "false", ""):
        assert client.get(path, {name: value}).status_code == 200, (path, value)

