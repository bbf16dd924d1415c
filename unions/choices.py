"""Choices shared by the whole portal: region and organisation levels, staff roles, API scopes."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class RegionLevel(models.TextChoices):
    PROVINCE = "province", _("Province")
    PREFECTURE = "prefecture", _("Prefecture")
    COUNTY = "county", _("County")
    TOWNSHIP = "township", _("Township")


class OrganizationLevel(models.TextChoices):
    NATIONAL = "national", _("National federation")
    PROVINCIAL = "provincial", _("Provincial federation")
    MUNICIPAL = "municipal", _("Municipal federation")
    COUNTY = "county", _("County or district federation")
    TOWNSHIP = "township", _("Township or street union")
    INDUSTRY = "industry", _("Industry federation")
    ENTERPRISE = "enterprise", _("Enterprise union")


class EnterpriseSize(models.TextChoices):
    MICRO = "micro", _("Micro")
    SMALL = "small", _("Small")
    MEDIUM = "medium", _("Medium")
    LARGE = "large", _("Large")


class Role(models.TextChoices):
    """Staff roles. Each is a Django group (same name) holding that role's permissions."""

    ADMINISTRATOR = "administrator", _("Administrator")
    STATION_MANAGER = "station_manager", _("Station manager")
    EMPLOYMENT_OFFICER = "employment_officer", _("Employment officer")
    MEDIATOR = "mediator", _("Mediator")
    MODEL_WORKER_LIAISON = "model_worker_liaison", _("Model-worker liaison")
    INSPECTOR = "inspector", _("Inspector")
    READ_ONLY = "read_only", _("Read-only")


class ApiScope(models.TextChoices):
    """What a partner key may do, per app."""

    UNIONS_READ = "unions:read", _("Organisations and regions: read")
    STATIONS_READ = "stations:read", _("Stations: read")
    STATIONS_WRITE = "stations:write", _("Stations: read and write")
    JOBS_READ = "jobs:read", _("Jobs: read")
    JOBS_WRITE = "jobs:write", _("Jobs: read and write")
    MEDIATION_READ = "mediation:read", _("Mediation: read")
    MEDIATION_WRITE = "mediation:write", _("Mediation: read and write")
    MODEL_WORKERS_READ = "model_workers:read", _("Model workers: read")
    MODEL_WORKERS_WRITE = "model_workers:write", _("Model workers: read and write")
