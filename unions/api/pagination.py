"""Page-number pagination with a caller-chosen, capped `page_size`.

DRF ignores a `page_size` it cannot read and serves the default page: a client asking for
`page_size=fifty` would never learn why it got 20 rows. Here a value that is not a whole number
from 1 is a 400 naming `page_size`; an empty value is the default (as documented with
`allowEmptyValue`), and a value above `max_page_size` is served as `max_page_size`.
"""

from django.utils.translation import gettext_lazy as _
from rest_framework import pagination, serializers


class StrictPageSizeMixin:
    page_size_query_param = "page_size"
    max_page_size = 100

    def get_page_size(self, request):
        raw = request.query_params.get(self.page_size_query_param)
        if raw is None or raw == "":
            return self.page_size
        if not (raw.isascii() and raw.isdigit()) or int(raw) < 1:
            raise serializers.ValidationError(
                {self.page_size_query_param: [serializers.ErrorDetail(
                    _("Give page_size as a whole number from 1 to %(max)d.") % {"max": self.max_page_size},
                    code="invalid",
                )]}
            )
        return min(int(raw), self.max_page_size)

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            if parameter["name"] == self.page_size_query_param:
                parameter["schema"] = {**parameter["schema"], "minimum": 1}
            if parameter["name"] in (self.page_size_query_param, getattr(self, "page_query_param", None)):
                parameter["allowEmptyValue"] = True  # an empty value is the default
        return parameters


class PageNumberPagination(StrictPageSizeMixin, pagination.PageNumberPagination):
    page_size = 20
