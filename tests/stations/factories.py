"""Factories for the stations app. Stations are made through the service, so the WGS-84 copy is
always derived as in production."""

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from stations import services
from stations.choices import CoordinateSystem, StationKind, StationStatus
from stations.models import Station
from unions.models import Region

DACHUAN = (Decimal("31.196000"), Decimal("107.511000"))
_counter = iter(range(1, 10**9))


def make_station(owner, *, name=None, kind=StationKind.POST_STATION, status=StationStatus.OPEN, lat=None,
                 lng=None, coordinate_system=CoordinateSystem.WGS84, region_code="511703", facilities=None,
                 **fields) -> Station:
    n = next(_counter)
    return services.station_create(
        owner=owner,
        name=name or f"测试驿站{n}",
        kind=kind,
        region=Region.objects.get(code=region_code),
        address=fields.pop("address", f"达州市达川区测试路{n}号"),
        lat=Decimal(str(lat)) if lat is not None else DACHUAN[0],
        lng=Decimal(str(lng)) if lng is not None else DACHUAN[1],
        coordinate_system=coordinate_system,
        status=status,
        facilities=facilities,
        **fields,
    )


def at_local(year, month, day, hour=12, minute=0) -> dt.datetime:
    return dt.datetime(year, month, day, hour, minute, tzinfo=timezone.get_default_timezone())
