"""Open Referral HSDS 3.0 export: one `service_at_location` per service offered at a station.

Identifiers are UUIDs (HSDS requires them), derived deterministically (UUID-5) from our keys, so
a partner re-importing sees the same ids every time.
"""

from __future__ import annotations

import uuid

from django.conf import settings

from stations.choices import StationStatus

NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "https://github.com/union-stations-portal/hsds")


def hsds_id(kind: str, key) -> str:
    return str(uuid.uuid5(NAMESPACE, f"{kind}:{key}"))


SERVICE_STATUS = {
    StationStatus.OPEN: "active",
    StationStatus.SUSPENDED: "temporarily closed",
    StationStatus.PLANNED: "inactive",
    StationStatus.DELISTED: "defunct",
}


def service_at_location(offering) -> dict:
    station, service, owner = offering.station, offering.service, offering.station.owner
    base = settings.PORTAL_BASE_URL.rstrip("/")
    organization = {
        "id": hsds_id("organization", owner.pk),
        "name": owner.name,
        "description": owner.get_level_display() if hasattr(owner, "get_level_display") else owner.name,
    }
    if owner.contact_phone:
        organization["alternate_name"] = owner.name
    return {
        "id": hsds_id("offering", offering.pk),
        "service_id": hsds_id("service", f"{station.pk}:{service.code}"),
        "location_id": hsds_id("location", station.pk),
        "description": offering.notes or service.description,
        "location": {
            "id": hsds_id("location", station.pk),
            "location_type": "physical",
            "url": f"{base}{station.get_absolute_url()}",
            "organization_id": organization["id"],
            "name": station.name,
            "description": f"{station.get_kind_display()} · {station.address}",
            "latitude": round(station.lat_wgs84, 7),
            "longitude": round(station.lng_wgs84, 7),
            "external_identifier": str(station.pk),
            "external_identifier_type": "station_id",
        },
        "service": {
            "id": hsds_id("service", f"{station.pk}:{service.code}"),
            "organization_id": organization["id"],
            "name": service.name,
            "description": service.description or service.name,
            "url": f"{base}{station.get_absolute_url()}",
            "status": SERVICE_STATUS[station.status],
            "fees_description": "免费",
            "organization": organization,
        },
    }
