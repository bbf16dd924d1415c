"""OpenAPI schema helpers: every enum in the schema is named after its choices class.

drf-spectacular names an enum after the field using it, so one choice set used by two fields
gets two names, and two different sets on fields called "status" collide ("Status11dEnum"). We
name each enum after the TextChoices class it comes from (`CaseStatusEnum`), collected from every
app's `choices.py`, so a new choices class needs no settings change.
"""

from __future__ import annotations

import importlib
import inspect
from collections.abc import Iterator, Mapping

PORTAL_APPS = ["unions", "stations", "jobs", "mediation", "model_workers"]


class ChoicesEnumNames(Mapping):
    """A lazy `ENUM_NAME_OVERRIDES`: built at first use, once the apps' modules can be imported."""

    def __init__(self, fixed: dict[str, str]):
        self.fixed = fixed
        self._names: dict | None = None

    def _build(self) -> dict:
        from django.db import models

        names = dict(self.fixed)
        seen: dict[str, str] = {}
        for label in PORTAL_APPS:
            try:
                module = importlib.import_module(f"{label}.choices")
            except ModuleNotFoundError:
                continue
            for obj in vars(module).values():
                if not (inspect.isclass(obj) and issubclass(obj, models.Choices) and obj.__module__ == module.__name__):
                    continue
                name = f"{obj.__name__}Enum"
                if name in seen and seen[name] != label:
                    # The same class name in two apps (Benefit): prefix the app.
                    name = "".join(part.title() for part in label.split("_")) + name
                seen[name] = label
                names[name] = obj
        return names

    def _mapping(self) -> dict:
        if self._names is None:
            self._names = self._build()
        return self._names

    def __getitem__(self, key):
        return self._mapping()[key]

    def __iter__(self) -> Iterator:
        return iter(self._mapping())

    def __len__(self) -> int:
        return len(self._mapping())
