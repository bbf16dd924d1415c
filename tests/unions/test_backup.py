"""Backups: the drill dumps, restores into a scratch database and finds every row and trigger."""

import pytest
from django.core.management import CommandError, call_command

from tests.unions.factories import EnterpriseFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_backup_drill_restores_everything(orgs, capsys):
    enterprise = EnterpriseFactory(owner=orgs.dachuan, name="备份演练企业")
    enterprise.industry = "物流"
    enterprise.save()
    call_command("backup_drill")
    out = capsys.readouterr().out
    assert "Backup drill passed" in out
    assert "unions_enterpriseevent" in out


def test_backup_drill_fails_on_a_difference(orgs, monkeypatch):
    from unions.management.commands import backup_drill

    EnterpriseFactory(owner=orgs.dachuan)
    original = backup_drill.Command._inspect

    def lossy(self, name, tables):
        fingerprints, triggers = original(self, name, tables)
        fingerprints["unions_enterprise"] = (0, "")
        return fingerprints, triggers

    monkeypatch.setattr(backup_drill.Command, "_inspect", lossy)
    with pytest.raises(CommandError, match="unions_enterprise"):
        call_command("backup_drill")


def test_backup_and_restore_commands(tmp_path, orgs):
    from django.db import connection

    from unions.models import Enterprise

    EnterpriseFactory(owner=orgs.dachuan, name="恢复前企业")
    target = tmp_path / "portal.dump"
    call_command("backup", "--output", str(target))
    assert target.stat().st_size > 0
    with connection.cursor() as cursor:  # raw, as a careless operator would
        cursor.execute("DELETE FROM unions_enterprise WHERE name = %s", ["恢复前企业"])
    assert not Enterprise.objects.filter(name="恢复前企业").exists()
    call_command("restore", str(target), "--yes")
    assert Enterprise.objects.filter(name="恢复前企业").exists()


def test_restore_refuses_a_missing_file():
    with pytest.raises(CommandError, match="No such file"):
        call_command("restore", "/nonexistent.dump", "--yes")
