"""Every organisation-owned model is audited and versioned: a new model cannot slip through."""

import pgtrigger
import pytest
from django.apps import apps

from unions.models import OwnedModel

OWNED_MODELS = [model for model in apps.get_models() if issubclass(model, OwnedModel)]


def test_there_are_owned_models():
    assert OWNED_MODELS


@pytest.mark.parametrize("model", OWNED_MODELS, ids=lambda m: m._meta.label)
def test_owned_model_is_audited_and_versioned(model):
    tracked = [m for m in apps.get_models() if getattr(m, "pgh_tracked_model", None) is model]
    assert tracked, f"{model._meta.label} needs @audited()"
    registered = {trigger.name for _model, trigger in pgtrigger.registered() if _model is model}
    assert {"insert_insert", "update_update", "delete_delete", "bump_version"} <= registered


@pytest.mark.django_db
def test_version_bumps_on_bulk_update(orgs):
    from tests.unions.factories import EnterpriseFactory
    from unions.models import Enterprise

    enterprise = EnterpriseFactory(owner=orgs.dachuan)
    assert enterprise.version == 1
    Enterprise.objects.filter(pk=enterprise.pk).update(industry="物流")
    enterprise.refresh_from_db()
    assert enterprise.version == 2


EVENT_MODELS = [model for model in apps.get_models() if getattr(model, "pgh_tracked_model", None)]


@pytest.mark.parametrize("event_model", EVENT_MODELS, ids=lambda m: m._meta.label)
def test_raw_id_numbers_never_enter_history(event_model):
    raw = [
        field.name for field in event_model._meta.concrete_fields
        if field.name == "id_number" or field.name.endswith("_id_number")
    ]
    assert raw == [], f"{event_model._meta.label} keeps raw ID numbers: exclude them in @audited()"
