"""The address of a route for one object: 达川's ("own"), 沈阳's ("other"), or none for a list."""

from __future__ import annotations

from django.urls import reverse

# The admin's workflow pages take a step name: one each, the first step the object may take or
# any step (the step's own rules answer after the permission checks).
ADMIN_STEPS = {"mediation_case_step": "withdraw", "mediation_agreement_step": "default",
               "mediation_risk_step": "follow_up"}


def address(route, world, side: str = "own") -> str | None:
    """None when the world has no object of that kind for `side`."""
    objects = world.own if side == "own" else world.other
    if route.kind == "api":
        if not route.has_object:
            return reverse(route.name)
        obj = objects.get(route.model)
        if obj is None:
            return None
        value = getattr(obj, getattr(route.view, "lookup_field", "pk") or "pk")
        return reverse(route.name, kwargs={route.lookup: value})
    short = route.name.removeprefix("admin:")
    if short == "catch_all":
        return "/admin/no-such-page/"
    if short == "view_on_site":
        from django.contrib.contenttypes.models import ContentType

        from stations.models import Station

        station = objects[Station]
        return reverse(route.name, kwargs={"content_type_id": ContentType.objects.get_for_model(Station).pk,
                                           "object_id": station.pk})
    if short == "app_list":
        return reverse(route.name, kwargs={"app_label": "stations"})
    if not route.has_object:
        return reverse(route.name)
    obj = objects.get(route.model)
    if obj is None:
        return None
    if short.endswith("_redirect"):
        return f"/admin/{route.model._meta.app_label}/{route.model._meta.model_name}/{obj.pk}/"
    kwargs = {route.lookup: obj.pk}
    if short in ADMIN_STEPS:
        kwargs["step"] = ADMIN_STEPS[short]
    return reverse(route.name, kwargs=kwargs)
