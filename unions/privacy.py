"""Sensitive personal data (ID numbers, phones): masked everywhere unless revealed, and every
reveal logged.

A model with such fields declares a permission `reveal_<model_name>` in its Meta, e.g.
`permissions = [("reveal_case", _("Can reveal personal data of cases"))]`, and grants it to roles
through its AppConfig (`Role.MEDIATOR: [..., "reveal"]`). Then:

- `can_reveal(user, obj_or_model)`: whether the user holds that permission (and can see the row);
- `reveal(user=…, obj=…, fields=[…], path=…)`: returns the raw values and writes a `RevealLog`;
- `MaskedField` (DRF): masked output; the raw value only with `?reveal=1` and the permission,
  each reveal logged;
- `mask_id_number`, `mask_phone` (from unions.validators) for lists, exports and templates.
"""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.db import models
from rest_framework import serializers

from unions.models import RevealLog
from unions.validators import mask_id_number, mask_phone

__all__ = ["MaskedField", "can_reveal", "mask_id_number", "mask_phone", "reveal"]


def reveal_permission(model: type[models.Model] | models.Model) -> str:
    meta = model._meta
    return f"{meta.app_label}.reveal_{meta.model_name}"


def can_reveal(user, obj_or_model) -> bool:
    if user is None or not getattr(user, "is_authenticated", False):
        return False
    if not user.has_perm(reveal_permission(obj_or_model)):
        return False
    if isinstance(obj_or_model, models.Model) and hasattr(obj_or_model, "is_visible_to"):
        return obj_or_model.is_visible_to(user)
    return True


def reveal(*, user, obj: models.Model, fields: list[str], path: str = "") -> dict[str, str]:
    """The raw values of `fields`, logged. Raises PermissionError without the reveal permission."""
    if not can_reveal(user, obj):
        raise PermissionError("reveal not allowed")
    api_key = getattr(user, "api_key", None)
    RevealLog.objects.create(
        user=None if api_key is not None else user,
        api_key=api_key,
        content_type=ContentType.objects.get_for_model(obj, for_concrete_model=False),
        object_id=str(obj.pk),
        fields=list(fields),
        path=path[:255],
    )
    return {name: getattr(obj, name) for name in fields}


class MaskedField(serializers.CharField):
    """Read-only, masked output of a sensitive field.

    The raw value is returned only when the request asks `?reveal=1` and the user may reveal
    that record; each such response logs one RevealLog row per object.
    """

    def __init__(self, *, mask=mask_id_number, **kwargs):
        self.mask = mask
        self._object = None
        kwargs["read_only"] = True
        super().__init__(**kwargs)

    def to_representation(self, value):
        request = self.context.get("request")
        if (
            value
            and request is not None
            and request.query_params.get("reveal") in ("1", "true")
            and self._object is not None
            and can_reveal(request.user, self._object)
        ):
            reveal(user=request.user, obj=self._object, fields=[self.source], path=request.get_full_path())
            return value
        return self.mask(value) if value else value

    def get_attribute(self, instance):
        # Remember the row being serialised: to_representation only receives the value.
        self._object = instance
        return super().get_attribute(instance)
