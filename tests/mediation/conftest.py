"""Mediation personas: a mediator of 达川区 and one of 通川区 (the neighbour)."""

import pytest

from tests.conftest import _staff
from unions.choices import Role


@pytest.fixture
def mediator(django_user_model, orgs):
    return _staff(django_user_model, "mediator", orgs.dachuan, Role.MEDIATOR)


@pytest.fixture
def neighbour_mediator(django_user_model, orgs):
    return _staff(django_user_model, "neighbour_mediator", orgs.tongchuan, Role.MEDIATOR)
