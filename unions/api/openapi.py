"""The API's schema class: every error an operation can answer is in its documented responses.

drf-standardized-errors' AutoSchema documents what it can see in a view (400 from a body or a
filterset, 401 from authenticators, 404 from path parameters, 429 from throttles, …). This class
tells it the rest, in one place, so the schema holds for every operation (and `make fuzz`
checks that it does, on a live server):

- Public reads (`PublicRead`, `PublicReadScopedWrite`) list `{}` among their security
  requirements: anyone may call them; a key or session only widens what they return.
- Writes guarded by `If-Match` (`OptimisticLockMixin`) document 412.
- Every operation documents 503: a query cut by `statement_timeout` or a database restart
  answers 503 with Retry-After (unions/api/errors.py), whatever the operation.
- Writes document the errors of the services they call: a rule checked by `full_clean()` or a
  state transition reaches the client as code `invalid` on the field it names, or on
  `non_field_errors` (the views turn a service's ValidationError into a 400 that way).
- A validator function's codes (`error_codes`, e.g. `phone_invalid` of `validate_phone`) are
  listed with the field's own; a nested serializer's `required`/`null` are listed under its own
  name (DRF reports them there, not under `<name>.non_field_errors`).
- A filter given empty (`?status=`) filters nothing, as django-filter does for HTML forms:
  filter parameters say so with `allowEmptyValue`. A `page_size` that is not a whole number
  from 1 is a 400 naming it (unions/api/pagination.py).
- An error inside a list names its item by position (`claims.0.amount`): its `attr` is
  documented with a pattern, not the `claims.INDEX.amount` placeholder, by the hook below.
- A query serializer given to `extend_schema(parameters=[…])` documents its validation errors
  like a request body's, so the 400 of `?within=` or `?number=` matches the schema.

Kept apart from unions/api/schema.py, which settings.py imports before DRF may be loaded.
"""

from __future__ import annotations

import inspect
import re

from django import forms
from drf_standardized_errors.openapi import AutoSchema
from drf_standardized_errors.openapi_utils import (
    InputDataField,
    get_flat_serializer_fields,
    get_serializer_fields_with_error_codes,
)
from drf_standardized_errors.settings import package_settings
from rest_framework import serializers
from rest_framework.permissions import SAFE_METHODS

from unions.api.concurrency import WRITE_METHODS, OptimisticLockMixin
from unions.api.errors import ErrorResponse412Serializer, ErrorResponse503Serializer
from unions.api.pagination import StrictPageSizeMixin

UNSAFE_METHODS = ("POST", "PUT", "PATCH", "DELETE")
NESTED_ERRORS_SUFFIX = ".non_field_errors"
EXTRA_ERROR_SERIALIZERS = {"412": ErrorResponse412Serializer, "503": ErrorResponse503Serializer}


class PortalAutoSchema(AutoSchema):
    def get_auth(self):
        auths = super().get_auth()
        if self.method in SAFE_METHODS and {} not in auths and any(
            getattr(permission, "allows_anonymous_read", False) for permission in self.view.get_permissions()
        ):
            auths.append({})
        return auths

    def _get_allowed_error_status_codes(self) -> list[str]:
        return [*super()._get_allowed_error_status_codes(), *EXTRA_ERROR_SERIALIZERS]

    def _should_add_error_response(self, responses: dict, status_code: str) -> bool:
        if status_code == "412" and not (isinstance(self.view, OptimisticLockMixin) and self.method in WRITE_METHODS):
            return False
        return super()._should_add_error_response(responses, status_code)

    def _get_error_response_serializer(self, status_code: str):
        return EXTRA_ERROR_SERIALIZERS.get(status_code) or super()._get_error_response_serializer(status_code)

    def _get_filter_parameters(self):
        parameters = super()._get_filter_parameters()
        for parameter in parameters:
            if parameter.get("in") == "query":
                parameter["allowEmptyValue"] = True
        return parameters

    def _strict_paginator(self):
        paginator = self._get_paginator() if self._is_list_view() and self.method == "GET" else None
        return paginator if isinstance(paginator, StrictPageSizeMixin) else None

    def _query_serializers(self) -> list:
        if self.method not in SAFE_METHODS:
            return []
        return [
            parameter for parameter in self.get_override_parameters()
            if isinstance(parameter, serializers.Serializer)
            or (inspect.isclass(parameter) and issubclass(parameter, serializers.Serializer))
        ]

    def _should_add_validation_error_response(self) -> bool:
        return (
            super()._should_add_validation_error_response()
            or self.method in UNSAFE_METHODS
            or bool(self._query_serializers())
            or self._strict_paginator() is not None
        )

    def _get_validation_error_codes_by_field(self, data_fields):
        codes = super()._get_validation_error_codes_by_field(data_fields)
        for name in [name for name in codes if name.endswith(NESTED_ERRORS_SUFFIX)]:
            # `{"applicants": ["This field is required."]}`, not `applicants.non_field_errors`.
            codes[name.removesuffix(NESTED_ERRORS_SUFFIX)] |= codes[name] & {"required", "null"}
        if self.method in UNSAFE_METHODS:
            for field in [*codes, "non_field_errors"]:
                codes[field].add("invalid")
        return codes

    def _determine_fields_with_error_codes(self):
        fields = super()._determine_fields_with_error_codes()
        for serializer in self._query_serializers():
            fields.extend(get_serializer_fields_with_error_codes(get_flat_serializer_fields(serializer)))
        for field in fields:
            if isinstance(field.field, forms.ModelChoiceField):
                # Django checks a model choice for NUL characters before looking it up.
                field.error_codes.add("null_characters_not_allowed")
        if paginator := self._strict_paginator():
            fields.append(InputDataField(paginator.page_size_query_param, serializers.IntegerField(), {"invalid"}))
        for field in fields:
            for validator in getattr(field.field, "validators", ()):
                field.error_codes.update(getattr(validator, "error_codes", ()))
        return fields


def postprocess_list_positions(result, generator, request, public):
    """`attr` of an error inside a list: `claims.0.amount`, documented as a pattern.

    drf-standardized-errors documents such an error once, with `INDEX` where the position goes,
    and lists it in the discriminator of the operation's error union. A real `attr` never says
    `INDEX`, so the error's `attr` becomes a pattern, and a union holding one keeps its `oneOf`
    (every `attr` still matches exactly one error) without the discriminator that cannot name it.
    """
    placeholder = package_settings.LIST_INDEX_IN_API_SCHEMA
    separator = package_settings.NESTED_FIELD_SEPARATOR
    schemas = result.get("components", {}).get("schemas", {})
    for component in schemas.values():
        attr = component.get("properties", {}).get("attr", {})
        names = attr.get("enum") or []
        if len(names) == 1 and placeholder in names[0].split(separator):
            parts = names[0].split(separator)
            pattern = re.escape(separator).join("[0-9]+" if part == placeholder else re.escape(part) for part in parts)
            component["properties"]["attr"] = {"type": "string", "pattern": f"^{pattern}$",
                                               "description": names[0].replace(placeholder, "<position>")}
    for component in schemas.values():
        discriminator = component.get("discriminator", {})
        names = discriminator.get("mapping", {}) if discriminator.get("propertyName") == "attr" else {}
        if any(placeholder in name.split(separator) for name in names):
            del component["discriminator"]
    return result
