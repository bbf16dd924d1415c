"""Public pages of the stations app: the finder, station pages, events, feedback, feeds, QR codes.

Everything works without JavaScript: the finder is a GET form (county, filters, or lat/lng) and
the nearest list is computed on the server. `static/stations/finder.js` adds the browser's
location and the Leaflet map on top.
"""

from __future__ import annotations

import io

import segno
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET, require_http_methods
from rest_framework.request import Request

from stations import coords, services
from stations.calendar import events_calendar
from stations.choices import StationKind
from stations.filtersets import StationFilterSet, page_limit
from stations.forms import FeedbackForm, SignupForm
from stations.models import Event, Facility, OpeningException, ServiceItem, ServiceOffering, Station, local_now
from unions.api.throttling import PublicWriteThrottle
from unions.models import Region

PAGE_SIZE = 20


def _finder_params(request):
    """The query with `lat`+`lng` folded into `near`, as the FilterSet expects."""
    params = request.GET.copy()
    lat, lng = params.get("lat", "").strip(), params.get("lng", "").strip()
    if lat and lng and not params.get("near"):
        params["near"] = f"{lat},{lng}"
    return params


def _public_stations():
    return (
        Station.objects.public().with_open_now()
        .select_related("region")
        .prefetch_related(Prefetch("facilities", queryset=Facility.objects.only("code", "name", "name_en", "position")))
    )


@require_GET
def finder(request):
    """Nearest stations first (browser location or a chosen county), with filters; list and map."""
    params = _finder_params(request)
    filterset = StationFilterSet(params, queryset=_public_stations(), request=request)
    origin, stations, page_obj, more_url = None, [], None, None
    if filterset.is_valid():
        queryset = filterset.qs
        origin = filterset.form.cleaned_data.get("near")
        if origin is None and filterset.form.cleaned_data.get("region") is not None:
            # A chosen county: nearest first from the middle of its stations, neighbours included.
            centre = StationFilterSet.centre_of(queryset)
            if centre is not None:
                rest = params.copy()
                rest.pop("region")
                nearby = StationFilterSet(rest, queryset=_public_stations(), request=request)
                queryset = nearby.qs.near(*centre, limit=page_limit(request) + 1) if nearby.is_valid() else queryset
                origin = centre
        if origin is not None:
            limit = page_limit(request)
            rows = list(queryset)
            stations = rows[:limit]
            if len(rows) > limit:  # the search ranks one row more than it shows
                more = request.GET.copy()
                page = request.GET.get("page", "1")
                more["page"] = str(int(page) + 1) if page.isdigit() else "2"
                more_url = "?" + more.urlencode()
        else:
            paginator = Paginator(queryset.order_by("name", "pk"), PAGE_SIZE)
            page_obj = paginator.get_page(request.GET.get("page"))
            stations = list(page_obj.object_list)
    # Amap's (and Tencent's) tiles are drawn in GCJ-02: plot markers in the tiles' own system.
    tile_system = coords.GCJ02 if any(host in settings.MAP_TILE_URL for host in ("autonavi", "amap", "qq.com")) \
        else coords.WGS84
    for station in stations:
        station.map_lng, station.map_lat = coords.from_wgs84(tile_system, station.lng_wgs84, station.lat_wgs84)
    origin_map = coords.from_wgs84(tile_system, origin[1], origin[0])[::-1] if origin else None
    counties = Region.objects.filter(code__in=Station.objects.public().values("region_id")).order_by("code")
    context = {
        "filterset": filterset,
        "form": filterset.form,
        "stations": stations,
        "origin": origin,
        "origin_map": origin_map,
        "page_obj": page_obj,
        "more_url": more_url,
        "counties": counties,
        "kinds": StationKind.choices,
        "services": ServiceItem.objects.all(),
        "facilities": Facility.objects.all(),
        "tile_url": settings.MAP_TILE_URL,
        "query": params,
    }
    status = 200 if filterset.form.is_valid() else 400
    return render(request, "stations/station_finder.html", context, status=status)


def _station_or_404(pk):
    return get_object_or_404(
        Station.objects.public().select_related("region", "host_enterprise", "parent", "owner").prefetch_related(
            # Special dates from today on: today's decides "open now", past ones are history.
            "slots", Prefetch("exceptions", queryset=OpeningException.objects.filter(date__gte=local_now().date())),
            "facilities", "listings",
            Prefetch("offerings", queryset=ServiceOffering.objects.select_related("service")),
        ),
        pk=pk,
    )


def _throttled(request) -> bool:
    return not PublicWriteThrottle().allow_request(Request(request), None)


@require_http_methods(["GET", "POST"])
def station_detail(request, pk):
    station = _station_or_404(pk)
    form = FeedbackForm(request.POST or None)
    if request.method == "POST":
        if _throttled(request):
            return render(request, "stations/throttled.html", status=429)
        if form.is_valid():
            try:
                services.feedback_submit(station=station, **form.cleaned_data)
            except ValidationError as error:
                for field, errors in error.message_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                messages.success(request, _("Thank you. Your feedback was sent to the station's union."))
                return redirect(reverse("stations:detail", args=[station.pk]) + "#feedback")
    events = Event.objects.published().upcoming().filter(station=station).select_related("service")[:10]
    coordinates = station.coordinates
    gcj_lng, gcj_lat = coordinates["gcj02"]
    bd_lng, bd_lat = coordinates["bd09"]
    context = {
        "station": station,
        "form": form,
        "events": events,
        "is_open": station.is_open_at(),
        "replies": station.feedback.exclude(reply="").order_by("-replied_at")[:5],
        "directions": [
            ("amap", _("Amap"), "https://uri.amap.com/marker?" + _qs(
                position=f"{gcj_lng},{gcj_lat}", name=station.name, coordinate="gaode", callnative="1")),
            ("baidu", _("Baidu Maps"), "https://api.map.baidu.com/marker?" + _qs(
                location=f"{bd_lat},{bd_lng}", title=station.name, content=station.address, output="html",
                coord_type="bd09ll", src="union-stations-portal")),
            ("tencent", _("Tencent Maps"), "https://apis.map.qq.com/uri/v1/marker?" + _qs(
                marker=f"coord:{gcj_lat},{gcj_lng};title:{station.name};addr:{station.address}",
                referer="union-stations-portal")),
        ],
    }
    return render(request, "stations/station_detail.html", context, status=400 if form.errors else 200)


def _qs(**params) -> str:
    from urllib.parse import urlencode

    return urlencode(params)


@require_GET
@cache_control(max_age=86400, public=True)
def station_qr(request, pk):
    """An SVG QR code of the station's page, for the plaque at its door."""
    station = get_object_or_404(Station.objects.public(), pk=pk)
    url = settings.PORTAL_BASE_URL.rstrip("/") + reverse("stations:detail", args=[station.pk]) + "#feedback"
    buffer = io.BytesIO()
    segno.make(url, error="m").save(buffer, kind="svg", scale=4, border=2, title=station.name, xmldecl=True)
    return HttpResponse(buffer.getvalue(), content_type="image/svg+xml")


@require_GET
def event_list(request):
    events = (
        Event.objects.published().upcoming().select_related("station", "service").order_by("starts_at", "pk")
    )
    page_obj = Paginator(events, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "stations/event_list.html", {"page_obj": page_obj, "events": page_obj.object_list})


@require_http_methods(["GET", "POST"])
def event_detail(request, pk):
    event = get_object_or_404(Event.objects.published().select_related("station", "service"), pk=pk)
    occurrences = event.occurrences(count=6)
    form = SignupForm(request.POST or None, occurrences=occurrences) if event.signup_required else None
    if request.method == "POST" and form is not None:
        if _throttled(request):
            return render(request, "stations/throttled.html", status=429)
        if form.is_valid():
            try:
                services.event_signup(event=event, **form.cleaned_data)
            except ValidationError as error:
                for field, errors in error.message_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                messages.success(request, _("You are signed up. See you there!"))
                return redirect("stations:event", pk=event.pk)
    dates = [(start, services.places_left(event, start.date())) for start in occurrences]
    return render(request, "stations/event_detail.html", {"event": event, "form": form, "dates": dates},
                  status=400 if form is not None and form.errors else 200)


def _calendar_response(events, name, filename):
    response = HttpResponse(events_calendar(events, name), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


@require_GET
def station_events_ics(request, pk):
    station = get_object_or_404(Station.objects.public(), pk=pk)
    events = Event.objects.published().upcoming().filter(station=station).select_related("station")
    return _calendar_response(events, station.name, f"station-{station.pk}.ics")


@require_GET
def all_events_ics(request):
    events = Event.objects.published().upcoming().select_related("station")
    return _calendar_response(events, _("Union station events"), "station-events.ics")
