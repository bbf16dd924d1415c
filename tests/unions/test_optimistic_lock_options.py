"""OPTIONS on a route guarded by If-Match (unions/api/concurrency.py) describes it; it never locks.

Found by `make fuzz`: DRF's metadata clones the OPTIONS request as PUT to describe the form, and
the lock's `SELECT … FOR UPDATE` outside a transaction answered 500.
"""

import pytest

from tests.stations.factories import make_station

pytestmark = pytest.mark.django_db


def test_options_on_own_station_answers_200_not_500(api_as, orgs, partner_write_key):
    station = make_station(orgs.dachuan)
    response = api_as(partner_write_key).options(f"/api/v1/stations/{station.pk}/")
    assert response.status_code == 200
    assert response.json()["name"] == "Station Instance"


def test_patch_with_a_stale_if_match_is_still_a_412(api_as, orgs, partner_write_key):
    station = make_station(orgs.dachuan)
    response = api_as(partner_write_key).patch(
        f"/api/v1/stations/{station.pk}/", {"seats": 3}, format="json", HTTP_IF_MATCH=f'"{station.version + 5}"'
    )
    assert response.status_code == 412
    assert response.json()["errors"][0]["code"] == "precondition_failed"
