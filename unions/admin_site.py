"""The branded back office (工会服务站点管理后台) and the dashboard that apps add panels to.

An app registers a panel with `@dashboard_panel(order=…)` on a function taking the request and
returning a `Panel` (or None to hide it). Panels see only what the user's scope allows: build
them from `visible_to(request.user)` querysets.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from django.contrib import admin
from django.utils.translation import gettext_lazy as _


@dataclass
class Panel:
    title: str
    rows: list[tuple[str, object]] = field(default_factory=list)  # (label, value) pairs
    link: str = ""
    link_label: str = ""
    note: str = ""


_PANELS: list[tuple[int, Callable]] = []


def dashboard_panel(order: int = 100):
    def register(function: Callable) -> Callable:
        _PANELS.append((order, function))
        _PANELS.sort(key=lambda item: item[0])
        return function

    return register


class PortalAdminSite(admin.AdminSite):
    site_header = _("Union Service Stations Back Office")
    site_title = _("Union Service Stations Back Office")
    index_title = _("Dashboard")
    index_template = "admin/portal_index.html"

    def index(self, request, extra_context=None):
        panels = []
        for _order, build in _PANELS:
            panel = build(request)
            if panel is not None:
                panels.append(panel)
        return super().index(request, {"panels": panels, **(extra_context or {})})
