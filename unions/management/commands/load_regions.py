"""Load every province, prefecture and county-level division (GB/T 2260, 2024-12-31).

The table ships with the project (unions/data/gbt2260-2024.txt, CC0, from the Ministry of Civil
Affairs' published codes). Idempotent: rows are upserted, so running it again changes nothing
and a newer table updates names in place.
"""

from pathlib import Path

from django.core.management.base import BaseCommand
from django.db import transaction

from unions.choices import RegionLevel
from unions.models import Region

DATA_FILE = Path(__file__).resolve().parents[2] / "data" / "gbt2260-2024.txt"


def read_divisions(path: Path = DATA_FILE) -> list[tuple[str, str]]:
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        code, _space, name = line.strip().partition(" ")
        if code:
            rows.append((code, name.strip()))
    return rows


def level_of(code: str) -> str:
    if code.endswith("0000"):
        return RegionLevel.PROVINCE
    if code.endswith("00"):
        return RegionLevel.PREFECTURE
    return RegionLevel.COUNTY


def parent_of(code: str, known: set[str]) -> str | None:
    """A county's parent is its prefecture, or its province when it has none (直辖市, 省直辖县)."""
    level = level_of(code)
    if level == RegionLevel.PROVINCE:
        return None
    prefecture = code[:4] + "00"
    if level == RegionLevel.COUNTY and prefecture in known:
        return prefecture
    return code[:2] + "0000"


class Command(BaseCommand):
    help = "Load GB/T 2260 provinces, prefectures and counties (idempotent)."

    def handle(self, *args, **options):
        divisions = read_divisions()
        known = {code for code, _name in divisions}
        regions = [
            Region(code=code, name=name, level=level_of(code), parent_id=parent_of(code, known))
            for code, name in divisions
        ]
        with transaction.atomic():
            # Parents first: provinces, then prefectures, then counties.
            order = {RegionLevel.PROVINCE: 0, RegionLevel.PREFECTURE: 1, RegionLevel.COUNTY: 2}
            regions.sort(key=lambda region: (order[region.level], region.code))
            Region.objects.bulk_create(
                regions, batch_size=1000, update_conflicts=True,
                unique_fields=["code"], update_fields=["name", "level", "parent"],
            )
        counts = {level: sum(1 for r in regions if r.level == level) for level in order}
        self.stdout.write(
            self.style.SUCCESS(
                f"Regions loaded: {counts[RegionLevel.PROVINCE]} provinces, "
                f"{counts[RegionLevel.PREFECTURE]} prefectures, {counts[RegionLevel.COUNTY]} counties."
            )
        )
