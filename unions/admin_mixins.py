"""Admin building blocks every app uses: organisation scoping and the audit-history page.

`ScopedAdmin` makes a ModelAdmin show only rows the user's organisations own (their subtree),
restricts every organisation and owned-record choice field the same way, fills `owner` and
`created_by` for new rows, and shows the trigger-kept audit trail as the object's history.
"""

from __future__ import annotations

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from unions.audit import history_of
from unions.models import OwnedModel, UnionOrganization


def scoped_queryset(model, user):
    manager = model._default_manager
    if hasattr(manager, "visible_to"):
        return manager.visible_to(user)
    return manager.all()


class ScopedAdmin(admin.ModelAdmin):
    object_history_template = "admin/audit_history.html"

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if issubclass(self.model, OwnedModel):
            return queryset.visible_to(request.user)
        return queryset

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        related = db_field.related_model
        if related is UnionOrganization:
            kwargs.setdefault("queryset", UnionOrganization.objects.visible_to(request.user))
        elif issubclass(related, OwnedModel) and "queryset" not in kwargs:
            kwargs["queryset"] = scoped_queryset(related, request.user)
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if db_field.name == "owner" and field is not None and not request.user.is_superuser:
            own = field.queryset
            if own.count() == 1:
                field.initial = own.first().pk
        return field

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        related = db_field.related_model
        if related is UnionOrganization:
            kwargs.setdefault("queryset", UnionOrganization.objects.visible_to(request.user))
        elif issubclass(related, OwnedModel):
            kwargs.setdefault("queryset", scoped_queryset(related, request.user))
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change):
        if not change and isinstance(obj, OwnedModel) and obj.created_by_id is None:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)

    def history_view(self, request, object_id, extra_context=None):
        obj = get_object_or_404(self.get_queryset(request), pk=object_id)
        if not self.has_view_or_change_permission(request, obj):
            raise PermissionDenied
        context = {
            **self.admin_site.each_context(request),
            "title": _("History: %(object)s") % {"object": obj},
            "subtitle": None,
            "object": obj,
            "opts": self.model._meta,
            "events": history_of(obj) if _event_models_for(type(obj)) else [],
            "preserved_filters": self.get_preserved_filters(request),
            **(extra_context or {}),
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, self.object_history_template, context)


def _event_models_for(model):
    """The pghistory event models that track `model` (empty when it is not audited)."""
    from django.apps import apps

    return [
        candidate for candidate in apps.get_models()
        if getattr(candidate, "pgh_tracked_model", None) is model
    ]
