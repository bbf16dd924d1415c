"""Every route the permission matrix covers, collected from the URL resolver and the admin site.

API routes come from walking `get_resolver()` under `api/`; admin routes from the admin site's
`get_urls()`, with each ModelAdmin's URLs tied to its model through `_registry`. A route is named
by its URL name (`stations-api:station-detail`, `admin:stations_station_change`); the two admin
patterns Django leaves unnamed get a stable name here (`admin:<app>_<model>_redirect` for the old
`<id>/` address of the change page, `admin:catch_all` for the site's final catch-all).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.contrib import admin
from django.urls import URLPattern, URLResolver, get_resolver


@dataclass(frozen=True)
class Route:
    name: str
    pattern: str            # the full pattern, for messages
    kind: str               # "api" or "admin"
    model: type | None      # the model behind it (API view's queryset, ModelAdmin's model)
    lookup: str | None      # the URL keyword naming an object (pk, code, object_id), if any
    actions: tuple = ()     # API: the HTTP methods the router bound; empty for plain views
    view: object = None     # API: the view class

    @property
    def has_object(self) -> bool:
        return self.lookup is not None

    def __str__(self) -> str:
        return self.name


def _walk(patterns, prefix="", namespace=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = namespace
            if pattern.namespace:
                inner = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
            yield from _walk(pattern.url_patterns, prefix + _clean(str(pattern.pattern)), inner)
        elif isinstance(pattern, URLPattern):
            yield prefix + _clean(str(pattern.pattern)), namespace, pattern


def _clean(piece: str) -> str:
    """A regex piece's anchors dropped, so the pieces join into one readable pattern."""
    return piece.removeprefix("^").removesuffix("$")


def api_routes() -> list[Route]:
    routes = []
    for pattern, namespace, url in _walk(get_resolver().url_patterns):
        if not pattern.startswith("api/"):
            continue
        view = getattr(url.callback, "cls", None) or getattr(url.callback, "view_class", None)
        queryset = getattr(view, "queryset", None)
        keywords = re.findall(r"\(\?P<(\w+)>", pattern)
        lookup = next((word for word in keywords if word != "format"), None)
        actions = tuple(sorted(method.upper() for method in (getattr(url.callback, "actions", None) or {})))
        name = f"{namespace}:{url.name}" if namespace else url.name
        routes.append(Route(name=name, pattern=pattern, kind="api",
                            model=queryset.model if queryset is not None else None,
                            lookup=lookup, actions=actions, view=view))
    return routes


def _admin_lookup(pattern: str) -> str | None:
    found = re.findall(r"<(?:\w+:)?(\w+)>|\(\?P<(\w+)>", pattern)
    names = [a or b for a, b in found]
    return next((name for name in names if name in ("object_id", "pk", "id")), None)


def admin_routes(site=None) -> list[Route]:
    site = site or admin.site
    by_prefix = {f"{model._meta.app_label}/{model._meta.model_name}/": model for model in site._registry}
    routes = []
    for pattern, _namespace, url in _walk(site.get_urls()):
        model = next((m for prefix, m in by_prefix.items() if pattern.startswith(prefix)), None)
        name = url.name
        if name is None:
            name = f"{model._meta.app_label}_{model._meta.model_name}_redirect" if model is not None else "catch_all"
        routes.append(Route(name=f"admin:{name}", pattern="admin/" + pattern, kind="admin",
                            model=model, lookup=_admin_lookup(pattern)))
    return routes


def all_routes() -> list[Route]:
    routes = api_routes() + admin_routes()
    names = [route.name for route in routes]
    duplicates = {name for name in names if names.count(name) > 1}
    assert not duplicates, f"two routes share a name, the matrix cannot tell them apart: {sorted(duplicates)}"
    return routes
