"""API permission classes. Deny by default; reads of private data need the `view_` permission.

DRF's `DjangoModelPermissions` lets any authenticated user GET; ours maps GET to `view_` too.
Partner keys answer `has_perms` from their scopes (see `authentication.PartnerPrincipal`).
Object access beyond this is scoping: views filter with `visible_to()`, so another
organisation's object is a 404, never a 403 that would confirm it exists.
"""

from rest_framework import exceptions, permissions


def check_method_served(request, view) -> None:
    """405 for a method the route does not serve, before anything looks at who is asking.

    DRF checks permissions before it looks for the method's handler, so a TRACE to a public
    route would otherwise be refused as a permission matter (403), telling the client to
    authenticate instead of that the method does not exist.
    """
    method = request.method.lower()
    if method not in view.http_method_names or not hasattr(view, method):
        raise exceptions.MethodNotAllowed(request.method)


class ScopedModelPermissions(permissions.DjangoModelPermissions):
    perms_map = {
        "GET": ["%(app_label)s.view_%(model_name)s"],
        "OPTIONS": ["%(app_label)s.view_%(model_name)s"],
        "HEAD": ["%(app_label)s.view_%(model_name)s"],
        "POST": ["%(app_label)s.add_%(model_name)s"],
        "PUT": ["%(app_label)s.change_%(model_name)s"],
        "PATCH": ["%(app_label)s.change_%(model_name)s"],
        "DELETE": ["%(app_label)s.delete_%(model_name)s"],
    }

    def has_permission(self, request, view) -> bool:
        check_method_served(request, view)
        return super().has_permission(request, view)


class PublicReadScopedWrite(ScopedModelPermissions):
    """Public data (stations, published jobs): anyone reads; writes need model permissions."""

    allows_anonymous_read = True  # the schema lists `{}` among the reads' security (unions/api/openapi.py)

    def has_permission(self, request, view) -> bool:
        check_method_served(request, view)
        if request.method in permissions.SAFE_METHODS:
            return True
        return super().has_permission(request, view)


class PublicRead(permissions.BasePermission):
    """Reference data anyone may read (regions)."""

    allows_anonymous_read = True

    def has_permission(self, request, view) -> bool:
        check_method_served(request, view)
        return request.method in permissions.SAFE_METHODS
