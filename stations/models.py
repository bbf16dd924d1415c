"""Models of the stations app: the station registry, its hours, facilities, services, team and map
listings; events and sign-ups; feedback; evaluations and subsidies; coverage targets.

Query vocabulary lives on `StationQuerySet`: `Station.objects.public().open_now(at).near(lat, lng)`.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pgtrigger
from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GistIndex
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator, MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.db.models.sql.where import WhereNode
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from stations import coords
from stations.choices import (
    SIX_HAVES,
    CoordinateSystem,
    CoverageScope,
    EvaluationOutcome,
    FeedbackCategory,
    FeedbackStatus,
    ListingStatus,
    MapPlatform,
    OperationMode,
    Recurrence,
    ServiceGroup,
    StationKind,
    StationStatus,
    TeamRole,
)
from unions.audit import audited
from unions.models import Enterprise, OwnedModel, OwnedQuerySet, Region
from unions.validators import validate_phone

SHANGHAI = dt.timezone(dt.timedelta(hours=8))  # China has no daylight saving time


def local_now(at: dt.datetime | None = None) -> dt.datetime:
    """`at` (default now) as wall-clock time in Asia/Shanghai, where every station is."""
    return (at or timezone.now()).astimezone(timezone.get_default_timezone())


# --- Catalogues -----------------------------------------------------------------------------------


class NamedInTwoLanguages(models.Model):
    """A catalogue entry named in Chinese, and in English for the English pages."""

    name = models.CharField(_("name"), max_length=64)
    name_en = models.CharField(_("name in English"), max_length=64, blank=True,
                               help_text=_("Shown on the public pages in English. Empty: the Chinese name."))

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.name

    @property
    def label(self) -> str:
        """The name in the active language."""
        if self.name_en and (get_language() or "").startswith("en"):
            return self.name_en
        return self.name


class Facility(NamedInTwoLanguages):
    """An entry of the facilities catalogue (drinking water, microwave, folding beds …)."""

    code = models.SlugField(_("code"), max_length=32, unique=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("facility")
        verbose_name_plural = _("facilities")
        ordering = ["position", "code"]


class ServiceItem(NamedInTwoLanguages):
    """A service item of the catalogue, in one of three groups (career, life, culture and sport)."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    group = models.CharField(_("group"), max_length=16, choices=ServiceGroup.choices)
    description = models.CharField(_("description"), max_length=255, blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("service item")
        verbose_name_plural = _("service items")
        ordering = ["group", "position", "code"]


# --- Stations -------------------------------------------------------------------------------------


# SQL fragments over the station row (`{station}`: see StationSQL). Values are always parameters.
# "Open now" reads the station row's own mirrors of its hours (see SEARCH_MIRRORS), so the nearest
# walk tests each station it passes without a subquery; only a station with a dated exception on
# the day asks the exceptions table.
OPEN_NOW_SQL = (
    "({station}.status = %s AND CASE WHEN %s = ANY({station}.exception_dates) THEN "
    "EXISTS (SELECT 1 FROM stations_openingexception e WHERE e.station_id = {station}.id "
    "AND e.date = %s AND NOT e.closed AND e.opens <= %s AND e.closes > %s) "
    "ELSE {station}.is_24h OR {station}.weekly_seconds @> %s::int4 END)"
)
# A station's facility and service codes in catalogue order, read from its mirrors of them
# (`SEARCH_MIRRORS`) and the small catalogues: no join through the link tables per station.
FACILITY_CODES_SQL = (
    "ARRAY(SELECT f.code FROM stations_facility f WHERE f.id = ANY({station}.facility_ids) "
    "ORDER BY f.position, f.code)"
)
SERVICE_CODES_SQL = (
    "ARRAY(SELECT i.code FROM stations_serviceitem i WHERE i.id = ANY({station}.service_ids) "
    'ORDER BY i."group", i.position, i.code)'
)


class StationSQL(models.Expression):
    """A SQL fragment about the station row: `{station}` in the template becomes the query's own
    alias for the station table, so the fragment stays right when the query is nested as a
    subquery. Values go in `params`, never into the template."""

    def __init__(self, template: str, params: list, output_field: models.Field):
        super().__init__(output_field=output_field)
        self.template, self.params = template, params

    def as_sql(self, compiler, connection):
        station = compiler.quote_name_unless_alias(compiler.query.get_initial_alias())
        return self.template.format(station=station), list(self.params)


class IntMultiRangeField(models.Field):
    """A PostgreSQL `int4multirange` (Django has range fields but no multirange ones). Written by
    triggers and read in SQL only."""

    description = _("Ranges of whole numbers")

    def db_type(self, connection) -> str:
        return "int4multirange"


# Mirrors on the station row of what lives in other tables: each is the value of its SQL (over
# the station `s`), kept so by statement-level triggers on the source table (`mirror_triggers`), so
# the finder filters on the row it walks instead of running a subquery per station. Bulk COPY
# into a source table refreshes each touched station once. Only triggers write them: the
# station's own `keep_mirrors` trigger undoes any other write (an ORM save of a stale instance).
SEARCH_MIRRORS = {
    "service_ids": (
        "stations_serviceoffering",
        "ARRAY(SELECT o.service_id FROM stations_serviceoffering o WHERE o.station_id = s.id ORDER BY 1)",
    ),
    "facility_ids": (
        "stations_stationfacility",
        "ARRAY(SELECT f.facility_id FROM stations_stationfacility f WHERE f.station_id = s.id ORDER BY 1)",
    ),
    # The weekly slots as seconds since Monday 00:00, [opens, closes): open at second t of the week
    # exactly when a slot has opens <= t < closes, as `Station.is_open_at` reads the slots.
    "weekly_seconds": (
        "stations_openingslot",
        "coalesce((SELECT range_agg(int4range("
        "o.weekday * 86400 + ceil(extract(epoch FROM o.opens))::int, "
        "o.weekday * 86400 + ceil(extract(epoch FROM o.closes))::int)) "
        "FROM stations_openingslot o WHERE o.station_id = s.id), '{}')",
    ),
    "exception_dates": (
        "stations_openingexception",
        "ARRAY(SELECT DISTINCT e.date FROM stations_openingexception e WHERE e.station_id = s.id ORDER BY 1)",
    ),
}


def mirror_triggers(column: str) -> list[pgtrigger.Trigger]:
    """The triggers on a source table that refresh `stations_station.<column>` for every station
    an INSERT, UPDATE or DELETE statement touched (one UPDATE per statement, not per row)."""
    table, value_sql = SEARCH_MIRRORS[column]
    # After a bulk load (an import's COPY) the planner's statistics still describe the table as it
    # was, perhaps empty, and it would answer each station's subquery with a full scan: refresh
    # them first, as any bulk loader should.
    refresh = (
        "IF (SELECT count(*) FROM ({touched}) t) > 10000 THEN ANALYZE {table}; END IF; "
        "UPDATE stations_station s SET {column} = {value} WHERE s.id IN ({touched}); RETURN NULL;"
    )
    touched = {
        pgtrigger.Insert: ("SELECT station_id FROM new_rows", pgtrigger.Referencing(new="new_rows")),
        pgtrigger.Update: ("SELECT station_id FROM new_rows UNION SELECT station_id FROM old_rows",
                           pgtrigger.Referencing(old="old_rows", new="new_rows")),
        pgtrigger.Delete: ("SELECT station_id FROM old_rows", pgtrigger.Referencing(old="old_rows")),
    }
    return [
        pgtrigger.Trigger(
            name=f"mirror_{operation}".lower(), when=pgtrigger.After, operation=operation,
            level=pgtrigger.Statement, referencing=referencing,
            func=refresh.format(table=table, column=column, value=value_sql, touched=rows),
        )
        for operation, (rows, referencing) in touched.items()
    ]


PUBLIC_STATUSES = (StationStatus.OPEN, StationStatus.SUSPENDED)


class StationQuerySet(OwnedQuerySet):
    def public(self) -> StationQuerySet:
        """What the public site and anonymous API callers see: open and suspended stations."""
        return self.filter(status__in=PUBLIC_STATUSES)

    def public_condition(self) -> StationSQL:
        """`public()` as a condition on the station row (for SQL built without a queryset)."""
        placeholders = ", ".join(["%s"] * len(PUBLIC_STATUSES))
        return StationSQL(f"{{station}}.status IN ({placeholders})", [status.value for status in PUBLIC_STATUSES],
                          models.BooleanField())

    def open_now_condition(self, at: dt.datetime | None = None) -> StationSQL:
        """True for stations open at `at`: status open, and a dated exception's hours, or else the
        24-hour flag or a weekly slot covering the local time.

        One SQL fragment rather than a tree of Q/Exists/OuterRef: it is built on every finder
        request, and building and compiling the ORM tree cost more than PostgreSQL's answer.
        `Station.is_open_at` is its Python twin; the tests hold the two to the same cases.
        """
        local = local_now(at)
        day, time = local.date(), local.time().replace(microsecond=0)
        second_of_week = local.weekday() * 86400 + time.hour * 3600 + time.minute * 60 + time.second
        return StationSQL(OPEN_NOW_SQL, [StationStatus.OPEN.value, day, day, time, time, second_of_week],
                          models.BooleanField())

    def open_now(self, at: dt.datetime | None = None) -> StationQuerySet:
        return self.filter(self.open_now_condition(at))

    def with_open_now(self, at: dt.datetime | None = None) -> StationQuerySet:
        return self.annotate(is_open_now_db=self.open_now_condition(at))

    def with_code_arrays(self) -> StationQuerySet:
        """`facility_codes` and `service_codes` as arrays read in the same query, in catalogue
        order: what a list needs, without two prefetch queries."""
        codes = ArrayField(models.CharField(max_length=40))
        return self.annotate(facility_codes=StationSQL(FACILITY_CODES_SQL, [], codes),
                             service_codes=StationSQL(SERVICE_CODES_SQL, [], codes))

    def near(self, lat: float, lng: float, limit: int = 20) -> StationQuerySet:
        """The `limit` stations of this queryset nearest to (lat, lng) in WGS-84, nearest first,
        each annotated with `distance_m`. Exact: see `stations.nearest`."""
        from stations.nearest import haversine_sql, nearest_ids

        found = nearest_ids(self, lat=lat, lng=lng, limit=limit)
        ids = [pk for pk, _distance in found]
        sql, params = haversine_sql(lat, lng, table=self.model._meta.db_table)
        # The ids already passed every filter of this queryset: keep its annotations, joins and
        # prefetches but not its WHERE, which PostgreSQL would otherwise evaluate again per row.
        answer = self._chain()
        answer.query.where = WhereNode()
        answer = (
            answer.filter(pk__in=ids)
            .annotate(distance_m=models.expressions.RawSQL(sql, params, output_field=models.FloatField()))  # noqa: S611 - constant SQL, values as parameters
            .order_by("distance_m", "pk")
        )
        answer._near_ranked = len(ids)  # what count() answers, until the queryset is changed
        return answer

    def count(self) -> int:
        # A nearest answer knows its size: paginating it needs no COUNT query. Any further
        # filter() or slice makes a new queryset without `_near_ranked`, which counts in SQL.
        ranked = getattr(self, "_near_ranked", None)
        if ranked is not None and self._result_cache is None:
            return ranked
        return super().count()


@audited(derived=list(SEARCH_MIRRORS))
class Station(OwnedModel):
    """A union service site: post station, work-break room, labour-relations station or point,
    or another union venue.

    The location is kept as captured (`lat`, `lng` in `coordinate_system`) and as a WGS-84 copy
    (`lat_wgs84`, `lng_wgs84`) that the nearest search and distances use; `station_create` and
    `station_update` keep the copy in step.
    """

    name = models.CharField(_("name"), max_length=128)
    kind = models.CharField(_("kind"), max_length=16, choices=StationKind.choices, db_index=True)
    status = models.CharField(
        _("status"), max_length=16, choices=StationStatus.choices, default=StationStatus.PLANNED, editable=False
    )
    status_changed_on = models.DateField(_("status changed on"), null=True, blank=True, editable=False)
    status_reason = models.CharField(_("reason for the status"), max_length=255, blank=True, editable=False)
    parent = models.ForeignKey(
        "self", verbose_name=_("labour-relations station"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="points", help_text=_("For a labour-relations point: the station it belongs to."),
    )
    region = models.ForeignKey(
        Region, verbose_name=_("region"), on_delete=models.PROTECT, related_name="+",
        help_text=_("The county, or the township within it."),
    )
    address = models.CharField(_("address"), max_length=255)
    host_enterprise = models.ForeignKey(
        Enterprise, verbose_name=_("host enterprise"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
    )
    area_m2 = models.DecimalField(
        _("area (m²)"), max_digits=8, decimal_places=1, null=True, blank=True,
        validators=[MinValueValidator(Decimal("0"))],
    )
    seats = models.PositiveIntegerField(_("seats"), default=0)
    beds = models.PositiveIntegerField(_("beds"), default=0)
    contact_phone = models.CharField(_("contact phone"), max_length=32, blank=True, validators=[validate_phone])
    description = models.TextField(_("description"), blank=True)
    lat = models.DecimalField(_("latitude (as captured)"), max_digits=9, decimal_places=6)
    lng = models.DecimalField(_("longitude (as captured)"), max_digits=10, decimal_places=6)
    coordinate_system = models.CharField(
        _("coordinate system"), max_length=8, choices=CoordinateSystem.choices, default=CoordinateSystem.GCJ02
    )
    lat_wgs84 = models.FloatField(_("latitude (WGS-84)"), editable=False)
    lng_wgs84 = models.FloatField(_("longitude (WGS-84)"), editable=False)
    is_24h = models.BooleanField(_("open 24 hours"), default=False)
    operation_mode = models.CharField(
        _("operation mode"), max_length=16, choices=OperationMode.choices, default=OperationMode.SELF_RUN
    )
    facilities = models.ManyToManyField(
        Facility, verbose_name=_("facilities"), through="StationFacility", blank=True, related_name="stations"
    )
    current_stars = models.PositiveSmallIntegerField(_("current stars"), null=True, blank=True, editable=False)
    last_verified_on = models.DateField(_("last verified on"), null=True, blank=True)
    has_platform = models.BooleanField(_("six haves: a platform"), default=False)
    has_team = models.BooleanField(_("six haves: a team"), default=False)
    has_rules = models.BooleanField(_("six haves: rules"), default=False)
    has_resources = models.BooleanField(_("six haves: resources"), default=False)
    has_standards = models.BooleanField(_("six haves: standards"), default=False)
    has_results = models.BooleanField(_("six haves: results"), default=False)
    # Search mirrors (see SEARCH_MIRRORS): kept by the database, never written by Python.
    service_ids = ArrayField(models.IntegerField(), verbose_name=_("service ids"), editable=False,
                             db_default=models.Value("{}"))
    facility_ids = ArrayField(models.IntegerField(), verbose_name=_("facility ids"), editable=False,
                              db_default=models.Value("{}"))
    weekly_seconds = IntMultiRangeField(_("weekly opening seconds"), editable=False, db_default=models.Value("{}"))
    exception_dates = ArrayField(models.DateField(), verbose_name=_("dates with exceptions"), editable=False,
                                 db_default=models.Value("{}"))

    objects = StationQuerySet.as_manager()

    class Meta:
        verbose_name = _("station")
        verbose_name_plural = _("stations")
        ordering = ["name", "pk"]
        indexes = [
            # The nearest search's prefilter: `point(lng, lat) <@ box(...)` (built-in GiST, no extension).
            GistIndex(
                models.Func(models.F("lng_wgs84"), models.F("lat_wgs84"), function="point",
                            output_field=models.Field()),
                name="stations_station_point_gist",
            ),
            models.Index(fields=["status", "kind"], name="stations_station_status_kind"),
            models.Index(fields=["region"], name="stations_station_region",
                         opclasses=["varchar_pattern_ops"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(lat_wgs84__gte=-90, lat_wgs84__lte=90, lng_wgs84__gte=-180, lng_wgs84__lte=180),
                name="stations_station_wgs84_range",
            ),
            models.CheckConstraint(
                condition=Q(current_stars__isnull=True) | Q(current_stars__gte=1, current_stars__lte=5),
                name="stations_station_stars_range",
            ),
            models.CheckConstraint(
                condition=~Q(kind=StationKind.LABOUR_POINT) | Q(parent__isnull=False),
                name="stations_station_point_has_station",
            ),
        ]
        triggers = [
            # Only the mirror triggers (whose updates run nested, at depth 1) may change the
            # mirrors. The test is the trigger's WHEN, not its body: a bulk load's refresh then
            # calls no function per station, whose cost grew with the load (each call opens a
            # subtransaction, slow beside a large queue of deferred foreign-key checks).
            pgtrigger.Trigger(
                name="keep_mirrors", when=pgtrigger.Before, operation=pgtrigger.Update,
                condition=pgtrigger.Condition(
                    "pg_trigger_depth() = 0 AND ("
                    + " OR ".join(f"OLD.{column} IS DISTINCT FROM NEW.{column}" for column in SEARCH_MIRRORS)
                    + ")"
                ),
                func=" ".join(f"NEW.{column} := OLD.{column};" for column in SEARCH_MIRRORS) + " RETURN NEW;",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("stations:detail", args=[self.pk])

    def clean(self) -> None:
        errors = {}
        if self.lat is not None and not (-90 <= self.lat <= 90):
            errors["lat"] = _("Latitude must be between -90 and 90.")
        if self.lng is not None and not (-180 <= self.lng <= 180):
            errors["lng"] = _("Longitude must be between -180 and 180.")
        if self.kind == StationKind.LABOUR_POINT:
            if self.parent_id is None:
                errors["parent"] = _("A labour-relations point belongs to a labour-relations station.")
            elif self.parent.kind != StationKind.LABOUR_STATION:
                errors["parent"] = _("The parent must be a labour-relations station.")
        elif self.parent_id is not None:
            errors["parent"] = _("Only labour-relations points have a parent station.")
        if self.host_enterprise_id and self.kind != StationKind.BREAK_ROOM:
            errors["host_enterprise"] = _("Only work-break rooms have a host enterprise.")
        if errors:
            raise ValidationError(errors)

    def set_wgs84(self) -> None:
        """Derive the WGS-84 copy from the captured location."""
        self.lng_wgs84, self.lat_wgs84 = coords.to_wgs84(self.coordinate_system, float(self.lng), float(self.lat))

    @property
    def coordinates(self) -> dict[str, list[float]]:
        return coords.all_systems(self.lng_wgs84, self.lat_wgs84)

    @property
    def six_haves(self) -> list[tuple[str, bool]]:
        return [(label, getattr(self, name)) for name, label in SIX_HAVES]

    def is_open_at(self, at: dt.datetime | None = None) -> bool:
        """Python twin of `StationQuerySet.open_now_condition`, over prefetched hours."""
        if self.status != StationStatus.OPEN:
            return False
        local = local_now(at)
        day, time = local.date(), local.time()
        exceptions = [item for item in self.exceptions.all() if item.date == day]
        if exceptions:
            return any(not item.closed and item.opens <= time < item.closes for item in exceptions)
        if self.is_24h:
            return True
        return any(
            slot.weekday == local.weekday() and slot.opens <= time < slot.closes for slot in self.slots.all()
        )

    @property
    def is_open_now(self) -> bool:
        annotated = getattr(self, "is_open_now_db", None)
        return annotated if annotated is not None else self.is_open_at()


class StationFacility(models.Model):
    station = models.ForeignKey(Station, verbose_name=_("station"), on_delete=models.CASCADE)
    facility = models.ForeignKey(Facility, verbose_name=_("facility"), on_delete=models.PROTECT)
    note = models.CharField(_("note"), max_length=128, blank=True)

    class Meta:
        verbose_name = _("station facility")
        verbose_name_plural = _("station facilities")
        constraints = [
            models.UniqueConstraint(fields=["station", "facility"], name="stations_stationfacility_unique")
        ]
        triggers = mirror_triggers("facility_ids")

    def __str__(self) -> str:
        return str(self.facility)


class StationPhoto(models.Model):
    station = models.ForeignKey(Station, verbose_name=_("station"), on_delete=models.CASCADE, related_name="photos")
    image = models.FileField(_("image"), upload_to="stations/photos/%Y/")
    caption = models.CharField(_("caption"), max_length=128, blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("photo")
        verbose_name_plural = _("photos")
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.caption or self.image.name

    def clean(self) -> None:
        if self.image and not self.image.name.lower().endswith((".jpg", ".jpeg", ".png", ".webp")):
            raise ValidationError({"image": _("Upload a JPEG, PNG or WebP image.")})


class OpeningSlot(models.Model):
    """A weekly opening slot in local time. A slot past midnight is entered as two slots."""

    station = models.ForeignKey(Station, verbose_name=_("station"), on_delete=models.CASCADE, related_name="slots")
    weekday = models.PositiveSmallIntegerField(
        _("weekday"), choices=[(0, _("Monday")), (1, _("Tuesday")), (2, _("Wednesday")), (3, _("Thursday")),
                               (4, _("Friday")), (5, _("Saturday")), (6, _("Sunday"))]
    )
    opens = models.TimeField(_("opens"))
    closes = models.TimeField(_("closes"))

    class Meta:
        verbose_name = _("weekly opening slot")
        verbose_name_plural = _("weekly opening hours")
        ordering = ["weekday", "opens"]
        indexes = [models.Index(fields=["station", "weekday"], name="stations_slot_station_day")]
        constraints = [
            models.CheckConstraint(condition=Q(opens__lt=models.F("closes")), name="stations_openingslot_order"),
            models.CheckConstraint(condition=Q(weekday__lte=6), name="stations_openingslot_weekday"),
        ]
        triggers = mirror_triggers("weekly_seconds")

    def __str__(self) -> str:
        return f"{self.get_weekday_display()} {self.opens:%H:%M}–{self.closes:%H:%M}"

    def clean(self) -> None:
        if self.opens and self.closes and self.opens >= self.closes:
            raise ValidationError({"closes": _("Closing time must be after opening time.")})


class OpeningException(models.Model):
    """A dated exception: closed all day (holiday, closure) or open on special hours."""

    station = models.ForeignKey(
        Station, verbose_name=_("station"), on_delete=models.CASCADE, related_name="exceptions"
    )
    date = models.DateField(_("date"))
    closed = models.BooleanField(_("closed all day"), default=True)
    opens = models.TimeField(_("opens"), null=True, blank=True)
    closes = models.TimeField(_("closes"), null=True, blank=True)
    reason = models.CharField(_("reason"), max_length=128, blank=True)

    class Meta:
        verbose_name = _("opening exception")
        verbose_name_plural = _("opening exceptions")
        ordering = ["date"]
        indexes = [models.Index(fields=["station", "date"], name="stations_exception_station_day")]
        constraints = [
            models.CheckConstraint(
                condition=Q(closed=True) | Q(opens__isnull=False, closes__isnull=False, opens__lt=models.F("closes")),
                name="stations_openingexception_hours",
            ),
        ]
        triggers = mirror_triggers("exception_dates")

    def __str__(self) -> str:
        return f"{self.date} {self.reason}"

    def clean(self) -> None:
        if not self.closed and (self.opens is None or self.closes is None or self.opens >= self.closes):
            raise ValidationError({"closes": _("Give opening and closing times, closing after opening.")})


class StatusChange(models.Model):
    """One dated step of a station's life (planned → open → suspended → de-listed), with its reason."""

    station = models.ForeignKey(
        Station, verbose_name=_("station"), on_delete=models.CASCADE, related_name="status_changes"
    )
    from_status = models.CharField(_("from"), max_length=16, choices=StationStatus.choices)
    to_status = models.CharField(_("to"), max_length=16, choices=StationStatus.choices)
    on = models.DateField(_("date"))
    reason = models.CharField(_("reason"), max_length=255)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now)

    class Meta:
        verbose_name = _("status change")
        verbose_name_plural = _("status changes")
        ordering = ["on", "recorded_at"]

    def __str__(self) -> str:
        return f"{self.on} {self.get_from_status_display()} → {self.get_to_status_display()}"


class MapListing(models.Model):
    """The station's POI on a map platform and whether it is listed there."""

    station = models.ForeignKey(Station, verbose_name=_("station"), on_delete=models.CASCADE, related_name="listings")
    platform = models.CharField(_("platform"), max_length=8, choices=MapPlatform.choices)
    poi_id = models.CharField(_("POI id"), max_length=64, blank=True)
    status = models.CharField(_("status"), max_length=16, choices=ListingStatus.choices,
                              default=ListingStatus.NOT_LISTED)
    checked_on = models.DateField(_("checked on"), null=True, blank=True)

    class Meta:
        verbose_name = _("map listing")
        verbose_name_plural = _("map listings")
        constraints = [
            models.UniqueConstraint(fields=["station", "platform"], name="stations_maplisting_unique_platform")
        ]

    def __str__(self) -> str:
        return f"{self.get_platform_display()}: {self.get_status_display()}"


class TeamMember(models.Model):
    """A member of a labour-relations station's team."""

    station = models.ForeignKey(Station, verbose_name=_("station"), on_delete=models.CASCADE, related_name="team")
    role = models.CharField(_("role"), max_length=24, choices=TeamRole.choices)
    name = models.CharField(_("name"), max_length=64)
    phone = models.CharField(_("phone"), max_length=32, blank=True, validators=[validate_phone])
    organization_name = models.CharField(_("works at"), max_length=128, blank=True)

    class Meta:
        verbose_name = _("team member")
        verbose_name_plural = _("team")
        ordering = ["role", "name"]

    def __str__(self) -> str:
        return f"{self.get_role_display()} {self.name}"


class ServiceOffering(models.Model):
    """A service item offered at a station, with notes and when."""

    station = models.ForeignKey(
        Station, verbose_name=_("station"), on_delete=models.CASCADE, related_name="offerings"
    )
    service = models.ForeignKey(ServiceItem, verbose_name=_("service"), on_delete=models.PROTECT,
                                related_name="offerings")
    notes = models.CharField(_("notes"), max_length=255, blank=True)
    schedule = models.CharField(
        _("schedule"), max_length=128, blank=True, help_text=_("For example 每周三 18:00–20:00.")
    )

    class Meta:
        verbose_name = _("service offering")
        verbose_name_plural = _("service offerings")
        ordering = ["service__group", "service__position"]
        constraints = [
            models.UniqueConstraint(fields=["station", "service"], name="stations_serviceoffering_unique")
        ]
        triggers = mirror_triggers("service_ids")

    def __str__(self) -> str:
        return str(self.service)


# --- Events ---------------------------------------------------------------------------------------


class EventQuerySet(OwnedQuerySet):
    def published(self) -> EventQuerySet:
        return self.filter(is_published=True, station__status__in=[StationStatus.OPEN, StationStatus.SUSPENDED])

    def upcoming(self, at: dt.datetime | None = None) -> EventQuerySet:
        """Events with an occurrence still to come: one-offs not ended, weekly series not over."""
        now = at or timezone.now()
        today = local_now(now).date()
        return self.filter(
            Q(recurrence=Recurrence.ONCE, ends_at__gte=now)
            | Q(recurrence=Recurrence.WEEKLY) & (Q(repeat_until__isnull=True) | Q(repeat_until__gte=today))
        )


@audited()
class Event(OwnedModel):
    """A one-off or weekly event at a station (the Wednesday film night). `starts_at`/`ends_at`
    are the first occurrence; a weekly event repeats on that weekday until `repeat_until`."""

    station = models.ForeignKey(
        Station, verbose_name=_("station"), on_delete=models.PROTECT, related_name="station_events"
    )
    title = models.CharField(_("title"), max_length=128)
    description = models.TextField(_("description"), blank=True)
    service = models.ForeignKey(ServiceItem, verbose_name=_("service"), null=True, blank=True,
                                on_delete=models.SET_NULL, related_name="events")
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    recurrence = models.CharField(_("repeats"), max_length=8, choices=Recurrence.choices, default=Recurrence.ONCE)
    repeat_until = models.DateField(_("repeats until"), null=True, blank=True)
    capacity = models.PositiveIntegerField(_("places"), null=True, blank=True,
                                           help_text=_("Per occurrence. Empty: no sign-up needed."))
    is_published = models.BooleanField(_("published"), default=True)

    objects = EventQuerySet.as_manager()

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        ordering = ["starts_at", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(starts_at__lt=models.F("ends_at")), name="stations_event_order"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("stations:event", args=[self.pk])

    def clean(self) -> None:
        if self.starts_at and self.ends_at and self.starts_at >= self.ends_at:
            raise ValidationError({"ends_at": _("The event must end after it starts.")})
        if self.recurrence == Recurrence.ONCE and self.repeat_until:
            raise ValidationError({"repeat_until": _("Only weekly events repeat.")})
        if self.starts_at and self.ends_at and self.ends_at - self.starts_at > dt.timedelta(days=1) \
                and self.recurrence == Recurrence.WEEKLY:
            raise ValidationError({"ends_at": _("A weekly event lasts less than a day.")})

    @property
    def signup_required(self) -> bool:
        return self.capacity is not None

    def occurrences(self, start: dt.date | None = None, count: int = 4) -> list[dt.datetime]:
        """Start times of the next `count` occurrences on or after `start` (default today)."""
        start = start or local_now().date()
        first = local_now(self.starts_at)
        if self.recurrence == Recurrence.ONCE:
            return [self.starts_at] if local_now(self.ends_at).date() >= start else []
        result, current = [], first
        if current.date() < start:
            weeks = (start - current.date()).days // 7
            current = current + dt.timedelta(weeks=weeks)
            if current.date() < start:
                current += dt.timedelta(weeks=1)
        while len(result) < count and (self.repeat_until is None or current.date() <= self.repeat_until):
            result.append(current)
            current += dt.timedelta(weeks=1)
        return result

    def is_occurrence(self, day: dt.date) -> bool:
        first = local_now(self.starts_at).date()
        if self.recurrence == Recurrence.ONCE:
            return day == first
        return (
            day >= first and (day - first).days % 7 == 0
            and (self.repeat_until is None or day <= self.repeat_until)
        )


class EventSignup(models.Model):
    """A worker's sign-up for one occurrence of an event. No account: name, phone and consent."""

    event = models.ForeignKey(Event, verbose_name=_("event"), on_delete=models.CASCADE, related_name="signups")
    occurrence = models.DateField(_("date"))
    name = models.CharField(_("name"), max_length=64)
    phone = models.CharField(_("phone"), max_length=32, validators=[validate_phone])
    consent = models.BooleanField(_("consent to keep these details for this event"))
    attended = models.BooleanField(_("attended"), null=True, blank=True)
    created_at = models.DateTimeField(_("signed up at"), default=timezone.now)

    class Meta:
        verbose_name = _("sign-up")
        verbose_name_plural = _("sign-ups")
        ordering = ["occurrence", "created_at"]
        constraints = [
            models.UniqueConstraint(fields=["event", "occurrence", "phone"], name="stations_eventsignup_once"),
            models.CheckConstraint(condition=Q(consent=True), name="stations_eventsignup_consent"),
        ]

    def __str__(self) -> str:
        return f"{self.name} · {self.occurrence}"


# --- Feedback -------------------------------------------------------------------------------------


@audited(exclude=["contact"])
class Feedback(OwnedModel):
    """Anonymous feedback from a station page or its plaque's QR code. Owned by the station's owner."""

    station = models.ForeignKey(Station, verbose_name=_("station"), on_delete=models.CASCADE, related_name="feedback")
    rating = models.PositiveSmallIntegerField(_("rating"), validators=[MinValueValidator(1), MaxValueValidator(5)])
    category = models.CharField(_("category"), max_length=16, choices=FeedbackCategory.choices)
    text = models.TextField(_("text"), max_length=2000, validators=[MaxLengthValidator(2000)])
    contact = models.CharField(_("contact (optional)"), max_length=64, blank=True)
    status = models.CharField(_("status"), max_length=16, choices=FeedbackStatus.choices,
                              default=FeedbackStatus.RECEIVED, editable=False)
    reply = models.TextField(_("public reply"), blank=True, editable=False)
    replied_at = models.DateTimeField(_("replied at"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("feedback")
        verbose_name_plural = _("feedback")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(condition=Q(rating__gte=1, rating__lte=5), name="stations_feedback_rating_range"),
        ]

    def __str__(self) -> str:
        return f"{self.station} · {self.rating}★"


# --- Evaluations ----------------------------------------------------------------------------------


class SubsidyRate(models.Model):
    """The subsidy a grade earns, per station kind: a construction and a yearly operations subsidy."""

    kind = models.CharField(_("kind"), max_length=16, choices=StationKind.choices)
    stars = models.PositiveSmallIntegerField(_("stars"), validators=[MinValueValidator(1), MaxValueValidator(5)])
    construction_yuan = models.DecimalField(_("construction subsidy (yuan)"), max_digits=10, decimal_places=2)
    operations_yuan = models.DecimalField(_("operations subsidy per year (yuan)"), max_digits=10, decimal_places=2)

    class Meta:
        verbose_name = _("subsidy rate")
        verbose_name_plural = _("subsidy rates")
        ordering = ["kind", "-stars"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "stars"], name="stations_subsidyrate_unique"),
            models.CheckConstraint(condition=Q(stars__gte=1, stars__lte=5), name="stations_subsidyrate_stars"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.stars}★"


@audited()
class Evaluation(OwnedModel):
    """An inspection team's visit: weighted checklist scores → stars → subsidy → outcome."""

    station = models.ForeignKey(Station, verbose_name=_("station"), on_delete=models.PROTECT,
                                related_name="evaluations")
    visited_on = models.DateField(_("visited on"))
    inspectors = models.CharField(_("inspectors"), max_length=255)
    scores = models.JSONField(_("checklist scores"), default=dict)
    total_score = models.DecimalField(_("weighted score"), max_digits=5, decimal_places=2)
    stars = models.PositiveSmallIntegerField(_("stars"))
    construction_subsidy = models.DecimalField(_("construction subsidy (yuan)"), max_digits=10, decimal_places=2,
                                               default=Decimal("0.00"))
    operations_subsidy = models.DecimalField(_("operations subsidy (yuan)"), max_digits=10, decimal_places=2,
                                             default=Decimal("0.00"))
    outcome = models.CharField(_("outcome"), max_length=16, choices=EvaluationOutcome.choices)
    rectify_by = models.DateField(_("rectify by"), null=True, blank=True)
    comments = models.TextField(_("comments"), blank=True)
    photo = models.FileField(_("photo"), upload_to="stations/evaluations/%Y/", blank=True)

    class Meta:
        verbose_name = _("evaluation")
        verbose_name_plural = _("evaluations")
        ordering = ["-visited_on", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(stars__gte=1, stars__lte=5), name="stations_evaluation_stars"),
            models.CheckConstraint(
                condition=~Q(outcome=EvaluationOutcome.RECTIFY) | Q(rectify_by__isnull=False),
                name="stations_evaluation_rectify_deadline",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.station} · {self.visited_on} · {self.stars}★"


# --- Coverage -------------------------------------------------------------------------------------


@audited()
class CoverageTarget(OwnedModel):
    """A coverage rule: in `region`, at least `minimum` stations of `kind` by `due`."""

    region = models.ForeignKey(Region, verbose_name=_("region"), on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("kind"), max_length=16, choices=StationKind.choices)
    scope = models.CharField(_("rule"), max_length=16, choices=CoverageScope.choices)
    minimum = models.PositiveIntegerField(_("minimum"))
    due = models.DateField(_("due by"))
    note = models.CharField(_("source"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("coverage target")
        verbose_name_plural = _("coverage targets")
        ordering = ["due", "region", "scope"]
        constraints = [
            models.UniqueConstraint(fields=["region", "kind", "scope", "due"], name="stations_coveragetarget_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.region} · {self.get_kind_display()} · ≥{self.minimum} · {self.due}"
