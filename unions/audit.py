"""The audit trail: every insert, update and delete of an owned record, kept by PostgreSQL triggers.

Triggers (django-pghistory) see what the ORM cannot: bulk `update()`, `QuerySet.delete()` and raw
SQL. Event tables are append-only (PGHISTORY_APPEND_ONLY): a trigger refuses updates and deletes
of history. The request's user, URL and partner key are attached as context by pghistory's
middleware and our API authentication.

Use `@audited()` on every concrete `OwnedModel`; pass `exclude=[...]` for fields that must never
enter history (raw ID numbers): track a masked or hashed companion field instead, and
`derived=[...]` for columns the database itself keeps in step with other tables (the stations'
search mirrors): they neither enter history nor bump `version`, since no one edited the record.
"""

from __future__ import annotations

import pghistory
import pgtrigger
from django.db import models


def audited(*, exclude: list[str] | tuple[str, ...] = (), derived: list[str] | tuple[str, ...] = ()):
    """Decorate a model so that its inserts, updates and deletes are recorded with field changes.

    For an `OwnedModel` it also installs the trigger that bumps `version` on every update (the
    optimistic-locking counter behind ETag / If-Match), except an update of `derived` columns only.
    """
    track = pghistory.track(
        pghistory.InsertEvent(),
        pghistory.UpdateEvent(),
        pghistory.DeleteEvent(),
        exclude=[*exclude, *derived] or None,
    )

    def decorate(model):
        model = track(model)
        if any(field.name == "version" for field in model._meta.concrete_fields):
            pgtrigger.register(
                pgtrigger.Trigger(
                    name="bump_version",
                    when=pgtrigger.Before,
                    operation=pgtrigger.Update,
                    condition=pgtrigger.AnyChange(exclude=list(derived)) if derived else None,
                    func="NEW.version := OLD.version + 1; RETURN NEW;",
                )
            )(model)
        return model

    return decorate


def history_of(obj: models.Model) -> list[dict]:
    """The record's events, oldest first, each with its label, time, actor and changed fields."""
    from django.contrib.auth import get_user_model

    events = list(pghistory.models.Events.objects.tracks(obj).order_by("pgh_created_at", "pgh_id"))
    user_ids = {
        (event.pgh_context or {}).get("user") for event in events if (event.pgh_context or {}).get("user")
    }
    users = {user.pk: user for user in get_user_model().objects.filter(pk__in=user_ids)}
    rows = []
    for event in events:
        context = event.pgh_context or {}
        if event.pgh_label == "insert":
            changes = {key: (None, value) for key, value in (event.pgh_data or {}).items()}
        else:
            changes = {key: tuple(pair) for key, pair in (event.pgh_diff or {}).items()}
        changes.pop("updated_at", None)
        rows.append(
            {
                "label": event.pgh_label,
                "at": event.pgh_created_at,
                "user": users.get(context.get("user")),
                "api_key": context.get("api_key"),
                "url": context.get("url"),
                "changes": sorted(changes.items()),
            }
        )
    return rows
