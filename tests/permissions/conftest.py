"""Fixtures of the permission matrix: the world is built once per module and rolled back after."""

import pytest
from django.db import transaction

from tests.permissions import world as world_module
from tests.permissions.probe import Clients


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    # Built once for the whole module inside a transaction that is rolled back at the end; each
    # test then runs in its own savepoint on top (pytest-django's `db`), so nothing leaks out.
    with django_db_blocker.unblock(), transaction.atomic():
        built = world_module.build()
        built.clients = {kind: Clients(built, kind) for kind in ("api", "admin")}
        yield built
        transaction.set_rollback(True)
