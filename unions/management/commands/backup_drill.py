"""The backup drill: dump, restore into a fresh scratch database, and prove nothing was lost.

Compares the row count and checksum of every sensitive table (organisation-owned records, their
trigger-kept history, the reveal log, memberships, API keys) and the set of triggers between the
live database and the restored copy. Exits non-zero on any difference. The scratch database is
dropped afterwards.
"""

import tempfile
from pathlib import Path

import psycopg2
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from unions import backup


class Command(BaseCommand):
    help = "Dump, restore into a scratch database, compare sensitive tables and triggers."

    def handle(self, *args, **options):
        tables = backup.sensitive_tables()
        with connection.cursor() as cursor:
            live = backup.table_fingerprints(cursor, tables)
            live_triggers = backup.trigger_names(cursor)
        scratch = f"{settings.DATABASES['default']['NAME']}_drill"
        with tempfile.TemporaryDirectory() as folder:
            dump_file = backup.dump(Path(folder) / "drill.dump")
            self._recreate(scratch)
            try:
                backup.restore(dump_file, database_name=scratch)
                restored, restored_triggers = self._inspect(scratch, tables)
            finally:
                self._drop(scratch)
        problems = [
            f"{table}: live {live[table]} ≠ restored {restored.get(table)}"
            for table in tables if live[table] != restored.get(table)
        ]
        if live_triggers != restored_triggers:
            problems.append(f"triggers differ: {sorted(set(live_triggers) ^ set(restored_triggers))}")
        for table in tables:
            self.stdout.write(f"  {table:<48} {live[table][0]:>8} rows  {live[table][1][:12]}")
        self.stdout.write(f"  triggers: {len(live_triggers)}")
        if problems:
            raise CommandError("Backup drill FAILED:\n" + "\n".join(problems))
        self.stdout.write(self.style.SUCCESS(
            f"Backup drill passed: {len(tables)} sensitive tables and {len(live_triggers)} triggers identical."
        ))

    def _admin_connection(self):
        database = settings.DATABASES["default"]
        conn = psycopg2.connect(
            dbname="postgres", user=database.get("USER") or None, password=database.get("PASSWORD") or None,
            host=database.get("HOST") or None, port=database.get("PORT") or None,
        )
        conn.autocommit = True
        return conn

    def _recreate(self, name):
        self._run_outside_transaction(f'DROP DATABASE IF EXISTS "{name}"', f'CREATE DATABASE "{name}"')

    def _drop(self, name):
        self._run_outside_transaction(f'DROP DATABASE IF EXISTS "{name}"')

    def _run_outside_transaction(self, *statements):
        # CREATE/DROP DATABASE refuse to run inside a transaction block.
        conn = self._admin_connection()
        try:
            with conn.cursor() as cursor:
                for statement in statements:
                    cursor.execute(statement)
        finally:
            conn.close()

    def _inspect(self, name, tables):
        database = settings.DATABASES["default"]
        conn = psycopg2.connect(
            dbname=name, user=database.get("USER") or None, password=database.get("PASSWORD") or None,
            host=database.get("HOST") or None, port=database.get("PORT") or None,
        )
        try:
            with conn.cursor() as cursor:
                return backup.table_fingerprints(cursor, tables), backup.trigger_names(cursor)
        finally:
            conn.close()
