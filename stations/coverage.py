"""Coverage against targets: per county actual, target and shortfall; totals; counties short first.

Counted: stations of the target's kind that are open or suspended (built and not de-listed) in the
county (its code prefix covers townships under it). "New per year" counts stations whose first
opening falls in the due date's year.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Count, Min

from stations.choices import CoverageScope, StationStatus
from stations.models import CoverageTarget, Station, StatusChange
from unions.models import Region

COUNTED = [StationStatus.OPEN, StationStatus.SUSPENDED]


@dataclass
class CountyRow:
    code: str
    name: str
    actual: int
    target: int

    @property
    def shortfall(self) -> int:
        return max(0, self.target - self.actual)


@dataclass
class RuleRow:
    target: CoverageTarget
    actual: int

    @property
    def shortfall(self) -> int:
        return max(0, self.target.minimum - self.actual)


@dataclass
class CoverageReport:
    region: Region
    kind: str
    due: dt.date | None
    counties: list[CountyRow] = field(default_factory=list)
    rules: list[RuleRow] = field(default_factory=list)

    @property
    def total_actual(self) -> int:
        return sum(row.actual for row in self.counties)

    @property
    def total_target(self) -> int:
        return sum(row.target for row in self.counties)

    @property
    def total_shortfall(self) -> int:
        return sum(row.shortfall for row in self.counties)

    @property
    def counties_short(self) -> int:
        return sum(1 for row in self.counties if row.shortfall)


def coverage_report(*, within: Region, targets=None, due: dt.date | None = None) -> CoverageReport | None:
    """The report for `within` (a province or city) against its per-county target due on `due`
    (default: the earliest per-county target), with every other rule's province figure."""
    prefix = within.code_prefix
    targets = (targets if targets is not None else CoverageTarget.objects.all()).filter(
        region__code__in=[within.code, *_ancestor_codes(within)]
    ).select_related("region")
    per_county = [t for t in targets if t.scope == CoverageScope.PER_COUNTY and (due is None or t.due == due)]
    if not per_county:
        return None
    main = min(per_county, key=lambda t: t.due)
    county_totals = _county_totals(main.kind, prefix)
    counties = Region.objects.counties().filter(code__startswith=prefix).order_by("code")
    report = CoverageReport(region=within, kind=main.kind, due=main.due)
    report.counties = sorted(
        (CountyRow(code=c.code, name=c.name, actual=county_totals.get(c.code, 0), target=main.minimum)
         for c in counties),
        key=lambda row: (-row.shortfall, row.code),
    )
    for target in sorted(targets, key=lambda t: (t.due, t.scope)):
        report.rules.append(RuleRow(target=target, actual=_rule_actual(target, prefix)))
    return report


def _county_totals(kind: str, prefix: str) -> dict[str, int]:
    """County code → stations counted, in one grouped query (townships roll up to their county)."""
    rows = (
        Station.objects.filter(kind=kind, status__in=COUNTED, region__code__startswith=prefix)
        .values("region__code").annotate(n=Count("pk")).values_list("region__code", "n")
    )
    totals: dict[str, int] = {}
    for code, n in rows:
        totals[code[:6]] = totals.get(code[:6], 0) + n
    return totals


def _rule_actual(target: CoverageTarget, prefix: str) -> int:
    """Per-county rule: counties meeting it; total rule: stations; new-per-year: first openings."""
    stations = Station.objects.filter(kind=target.kind, region__code__startswith=prefix)
    if target.scope == CoverageScope.PER_COUNTY:
        return sum(1 for n in _county_totals(target.kind, prefix).values() if n >= target.minimum)
    if target.scope == CoverageScope.TOTAL:
        return stations.filter(status__in=COUNTED).count()
    year = target.due.year
    first_opened = (
        StatusChange.objects.filter(station__in=stations, to_status=StationStatus.OPEN)
        .values("station").annotate(first=Min("on")).filter(first__year=year)
    )
    return first_opened.count()


def _ancestor_codes(region: Region) -> list[str]:
    codes, current = [], region.parent
    while current is not None:
        codes.append(current.code)
        current = current.parent
    return codes
