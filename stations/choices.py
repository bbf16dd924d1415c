"""Choices of the stations app."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class StationKind(models.TextChoices):
    POST_STATION = "post_station", _("Union post station")
    BREAK_ROOM = "break_room", _("Work-break room")
    LABOUR_STATION = "labour_station", _("Labour-relations service station")
    LABOUR_POINT = "labour_point", _("Labour-relations service point")
    VENUE = "venue", _("Other union venue")


class StationStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    OPEN = "open", _("Open")
    SUSPENDED = "suspended", _("Suspended")
    DELISTED = "delisted", _("De-listed")


class OperationMode(models.TextChoices):
    SELF_RUN = "self_run", _("Self-run")
    INCUBATION = "incubation", _("Enterprise incubation")
    TENDERED = "tendered", _("Tendered operation")
    COMMISSIONED = "commissioned", _("Commissioned operation")


class CoordinateSystem(models.TextChoices):
    WGS84 = "wgs84", _("WGS-84 (phone GPS)")
    GCJ02 = "gcj02", _("GCJ-02 (Amap, Tencent)")
    BD09 = "bd09", _("BD-09 (Baidu)")


class MapPlatform(models.TextChoices):
    AMAP = "amap", _("Amap")
    BAIDU = "baidu", _("Baidu Maps")
    TENCENT = "tencent", _("Tencent Maps")


class ListingStatus(models.TextChoices):
    NOT_LISTED = "not_listed", _("Not listed")
    SUBMITTED = "submitted", _("Submitted")
    LISTED = "listed", _("Listed")
    REJECTED = "rejected", _("Rejected")


class TeamRole(models.TextChoices):
    COORDINATOR = "coordinator", _("Coordinator")
    BARGAINING_INSTRUCTOR = "bargaining_instructor", _("Collective-bargaining instructor")
    MEDIATOR = "mediator", _("Dispute mediator")
    LAW_SUPERVISOR = "law_supervisor", _("Labour-law supervisor")
    COUNSELLOR = "counsellor", _("Counsellor")


class ServiceGroup(models.TextChoices):
    CAREER = "career", _("Career development")
    LIFE = "life", _("Life services")
    CULTURE = "culture", _("Culture and sport")


class Recurrence(models.TextChoices):
    ONCE = "once", _("One-off")
    WEEKLY = "weekly", _("Weekly")


class FeedbackCategory(models.TextChoices):
    FACILITIES = "facilities", _("Facilities")
    SERVICE = "service", _("Services")
    HOURS = "hours", _("Opening hours")
    STAFF = "staff", _("Staff")
    SUGGESTION = "suggestion", _("Suggestion")
    OTHER = "other", _("Other")


class FeedbackStatus(models.TextChoices):
    RECEIVED = "received", _("Received")
    IN_PROGRESS = "in_progress", _("In progress")
    RESOLVED = "resolved", _("Resolved")


class EvaluationOutcome(models.TextChoices):
    PLAQUE = "plaque", _("Plaque awarded")
    RECTIFY = "rectify", _("Rectification ordered")
    DELIST = "delist", _("De-listed")


class CoverageScope(models.TextChoices):
    PER_COUNTY = "per_county", _("At least this many in every county")
    TOTAL = "total", _("At least this many in the region")
    NEW_PER_YEAR = "new_per_year", _("At least this many new in the due date's year")


# The "six haves" (六有) of a labour-relations station: field name → label.
SIX_HAVES = [
    ("has_platform", _("A platform")),
    ("has_team", _("A team")),
    ("has_rules", _("Rules")),
    ("has_resources", _("Resources")),
    ("has_standards", _("Standards")),
    ("has_results", _("Results")),
]

# The inspection checklist: code → (label, weight). Weights sum to 100.
EVALUATION_CHECKLIST = [
    ("facilities", _("Facilities complete and working"), 25),
    ("opening", _("Open as announced"), 20),
    ("services", _("Services and events held"), 20),
    ("use", _("Used by workers"), 15),
    ("management", _("Records, rules and staffing"), 10),
    ("visibility", _("Signage and map listings"), 10),
]
