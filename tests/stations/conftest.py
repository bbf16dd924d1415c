"""Fixtures of the stations tests."""

import pytest


@pytest.fixture(autouse=True)
def _catalogues(request):
    """The catalogues come from a data migration; a transactional test's flush empties them, so
    put them back for the tests that follow (the seeding is idempotent and cheap)."""
    if "db" in request.fixturenames or "transactional_db" in request.fixturenames or request.node.get_closest_marker(
        "django_db"
    ):
        from stations.catalogue import seed_catalogues
        from stations.models import Facility, ServiceItem

        if not Facility.objects.exists():
            seed_catalogues(Facility, ServiceItem)
