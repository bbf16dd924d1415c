"""Compile every .po catalogue of the project to .mo with polib: no system gettext needed.

Django's own `compilemessages` calls GNU msgfmt, which a fresh machine may not have. Only
catalogues newer than their .mo are compiled, so this is instant when nothing changed.
"""

from pathlib import Path

import polib
from django.conf import settings
from django.core.management.base import BaseCommand

SKIP = {".venv", "var", "node_modules", ".git"}


def catalogues(root: Path):
    for po_path in root.rglob("locale/*/LC_MESSAGES/*.po"):
        if not SKIP.intersection(po_path.relative_to(root).parts):
            yield po_path


class Command(BaseCommand):
    help = "Compile the project's .po files to .mo (no GNU gettext required)."

    def handle(self, *args, **options):
        compiled = 0
        for po_path in catalogues(Path(settings.BASE_DIR)):
            mo_path = po_path.with_suffix(".mo")
            if mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
                continue
            polib.pofile(str(po_path)).save_as_mofile(str(mo_path))
            compiled += 1
        if options["verbosity"] > 1 or compiled:
            self.stdout.write(f"Compiled {compiled} translation catalogue(s).")
