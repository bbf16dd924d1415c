"""Admin building blocks every app uses: organisation scoping and the audit-history page.

`ScopedAdmin` makes a ModelAdmin show only rows the user's organisations own (their subtree),
restricts every organisation and owned-record choice field the same way, fills `owner` and
`created_by` for new rows, and shows the trigger-kept audit trail as the object's history.
"""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from unions.audit import history_of
from unions.models import OwnedModel, UnionOrganization


def scoped_queryset(model, user):
    manager = model._default_manager
    if hasattr(manager, "visible_to"):
        return manager.visible_to(user)
    return manager.all()


class VersionCheckedForm(forms.ModelForm):
    """Refuses to save over a change someone else made since this form was opened.

    The change form carries the version it was opened at (`seen_version`, rendered by
    templates/admin/change_form.html); saving locks the row and compares.
    """

    seen_version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    conflict_message = gettext_lazy(
        "This record was changed by someone else since you opened it. Your changes were not saved: "
        "reload the page to see the current version, then make your changes again."
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["seen_version"].initial = self.instance.version

    def clean(self):
        cleaned = super().clean()
        seen = cleaned.get("seen_version")
        if seen is not None and self.instance.pk:
            current = (
                type(self.instance)._default_manager.select_for_update()
                .filter(pk=self.instance.pk).values_list("version", flat=True).first()
            )
            if current != seen:
                raise ValidationError(self.conflict_message, code="conflict")
        return cleaned


class ScopedAdmin(admin.ModelAdmin):
    object_history_template = "admin/audit_history.html"

    def get_list_filter(self, request):
        # A plain filter on a foreign key lists every row of the related table: every union's
        # name, every enterprise. Offer only the values present in the (scoped) list instead.
        scoped = []
        for entry in super().get_list_filter(request):
            if isinstance(entry, str) and "__" not in entry:
                field = self.model._meta.get_field(entry)
                related = getattr(field, "related_model", None)
                if related is not None and (related is UnionOrganization or issubclass(related, OwnedModel)):
                    entry = (entry, admin.RelatedOnlyFieldListFilter)
            scoped.append(entry)
        return scoped

    def get_fields(self, request, obj=None):
        # Without `fields`/`fieldsets`, Django lists the fields of the form get_form() returns,
        # which for a change carries `seen_version`; asking the model form for that field fails
        # (FieldError, a 500). The version travels as a hidden input of its own, not a field.
        return [name for name in super().get_fields(request, obj) if name != "seen_version"]

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        if obj is not None and isinstance(obj, OwnedModel) and not issubclass(form, VersionCheckedForm):
            form = type(form.__name__, (VersionCheckedForm, form), {})
        return form

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        # One transaction, so the row lock taken when checking the version holds until saved.
        with transaction.atomic():
            return super().changeform_view(request, object_id, form_url, extra_context)

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

    def _create_formsets(self, request, obj, change):
        # New inline rows belong to the parent's organisation. Inline forms validate their model
        # before save_formset runs, so the owner must be there already (Django offers no public
        # hook between building the inline forms and validating them).
        formsets, inline_instances = super()._create_formsets(request, obj, change)
        owner_id = getattr(obj, "owner_id", None)
        for formset in formsets:
            for inline_form in formset.forms:
                instance = inline_form.instance
                if isinstance(instance, OwnedModel) and instance.pk is None and owner_id and not instance.owner_id:
                    instance.owner_id = owner_id
                    instance.created_by = request.user
        return formsets, inline_instances

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
