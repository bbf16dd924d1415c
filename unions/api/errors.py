"""The API's exception handler: drf-standardized-errors' format, plus database trouble as 503.

A query cut by `statement_timeout`, or a connection lost while PostgreSQL restarts, is the
server being briefly unavailable, not a bug: answer 503 with Retry-After, never a 500.
"""

from django.core.exceptions import NON_FIELD_ERRORS, RequestDataTooBig
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import DatabaseError, InterfaceError, OperationalError, models
from django.utils.translation import gettext_lazy as _
from drf_standardized_errors.handler import ExceptionHandler
from drf_standardized_errors.openapi_serializers import ClientErrorEnum, ServerErrorEnum
from rest_framework import exceptions, serializers, status
from rest_framework.settings import api_settings


class ServiceUnavailable(exceptions.APIException):
    status_code = status.HTTP_503_SERVICE_UNAVAILABLE
    default_detail = _("The service is briefly unavailable. Please try again in a few seconds.")
    default_code = "service_unavailable"


def is_database_unavailable(exc: Exception) -> bool:
    if isinstance(exc, (OperationalError, InterfaceError)):
        return True
    # psycopg2's QueryCanceled (statement_timeout) surfaces as DatabaseError with pgcode 57014.
    cause = getattr(exc, "__cause__", None)
    return isinstance(exc, DatabaseError) and getattr(cause, "pgcode", None) == "57014"


def service_error(error: DjangoValidationError, fields=None) -> serializers.ValidationError:
    """A service's ValidationError as the API's 400.

    An error stays on the field it names when the request has that field (`fields`, the input
    serializer's, when given); anything else, a model's `__all__` or the event of a sign-up, is
    about the request as a whole and goes on `non_field_errors`. So every `attr` names something
    the client sent, and the schema's `invalid` on each input and on `non_field_errors` holds.
    """
    non_field = api_settings.NON_FIELD_ERRORS_KEY
    detail = error.message_dict if hasattr(error, "error_dict") else {non_field: error.messages}
    folded: dict[str, list] = {}
    for key, messages in detail.items():
        keep = key != NON_FIELD_ERRORS and (fields is None or key in fields)
        folded.setdefault(key if keep else non_field, []).extend(messages)
    return serializers.ValidationError(folded)


class RequestTooLarge(exceptions.ParseError):
    default_detail = _("The request is too large (at most 5 MB).")
    default_code = "request_too_large"


class PortalExceptionHandler(ExceptionHandler):
    def convert_known_exceptions(self, exc: Exception) -> Exception:
        if is_database_unavailable(exc):
            return ServiceUnavailable()
        if isinstance(exc, RequestDataTooBig):
            # Bad input, not a server fault: a 400 like any other unparseable body.
            return RequestTooLarge()
        return super().convert_known_exceptions(exc)

    def get_response(self, exc, data):
        response = super().get_response(exc, data)
        if response.status_code == status.HTTP_503_SERVICE_UNAVAILABLE:
            response["Retry-After"] = "5"
        return response


# --- Their schemas (the other codes' come with drf-standardized-errors) -------------------------


class ErrorCode412Enum(models.TextChoices):
    PRECONDITION_FAILED = "precondition_failed"


class ErrorCode503Enum(models.TextChoices):
    SERVICE_UNAVAILABLE = "service_unavailable"


class Error412Serializer(serializers.Serializer):
    code = serializers.ChoiceField(choices=ErrorCode412Enum.choices)
    detail = serializers.CharField()
    attr = serializers.CharField(allow_null=True)


class ErrorResponse412Serializer(serializers.Serializer):
    type = serializers.ChoiceField(choices=ClientErrorEnum.choices)
    errors = Error412Serializer(many=True)


class Error503Serializer(serializers.Serializer):
    code = serializers.ChoiceField(choices=ErrorCode503Enum.choices)
    detail = serializers.CharField()
    attr = serializers.CharField(allow_null=True)


class ErrorResponse503Serializer(serializers.Serializer):
    type = serializers.ChoiceField(choices=ServerErrorEnum.choices)
    errors = Error503Serializer(many=True)
