"""Twenty people save the same record at the same moment, all having read the same version.

Exactly one of them wins; the other nineteen are told the record changed under them (412 in the
API, the conflict message in the admin) and nothing they sent is written. The threads start
together behind a barrier and each uses its own database connection, so the row lock taken by
`OptimisticLockMixin` / the admin's version check is what decides, not the test's ordering.

Three simultaneous sends of one partner write under one `Idempotency-Key` make one row. The other
concurrency proofs live with their apps: the last seat of an event (tests/stations/test_services.py),
two case openings (tests/mediation/test_services.py) and sequential `Idempotency-Key` replays and
the 422 for a changed payload (tests/jobs/test_api.py).
"""

from __future__ import annotations

import threading

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from jobs.models import IdempotencyRecord, JobPosting
from stations.models import Station
from tests.jobs.factories import EmployerFactory
from tests.jobs.test_api import posting_body
from tests.stations.factories import make_station
from tests.unions.factories import EnterpriseFactory
from unions.models import Enterprise

PARALLEL = 20


def run_together(work, parallel: int = PARALLEL) -> list:
    """Run `work(n)` in `parallel` threads released at once; return their results in order."""
    barrier = threading.Barrier(parallel)
    results: list = [None] * parallel

    def worker(n):
        try:
            barrier.wait()
            results[n] = work(n)
        except Exception as error:  # a crash must show up as a result, not vanish in a thread
            results[n] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(parallel)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return results


@pytest.mark.django_db(transaction=True)
def test_twenty_api_updates_with_one_version_give_one_success_and_nineteen_412(orgs, partner_write_key):
    station = make_station(orgs.dachuan, seats=1)
    url = f"/api/v1/stations/{station.pk}/"
    _api_key, full_key = partner_write_key
    reader = APIClient(HTTP_AUTHORIZATION=f"Api-Key {full_key}")
    etag = reader.get(url)["ETag"]
    assert etag == f'"{station.version}"'

    def patch(n):
        client = APIClient(HTTP_AUTHORIZATION=f"Api-Key {full_key}")
        response = client.patch(url, {"seats": 100 + n}, format="json", HTTP_IF_MATCH=etag)
        return response.status_code, response.json()

    results = run_together(patch)
    statuses = sorted(status for status, _body in results)
    assert statuses == [200] + [412] * (PARALLEL - 1), results
    winner = next(body for status, body in results if status == 200)
    station.refresh_from_db()
    assert station.seats == winner["seats"]
    assert station.version == int(etag.strip('"')) + 1
    refused = [body for status, body in results if status == 412]
    assert all(body["errors"][0]["code"] == "precondition_failed" for body in refused)


@pytest.mark.django_db(transaction=True)
def test_twenty_admin_saves_of_one_version_give_one_success_and_nineteen_conflicts(orgs, district_staff):
    enterprise = EnterpriseFactory(owner=orgs.dachuan, name="并发企业", industry="制造业")
    url = reverse("admin:unions_enterprise_change", args=[enterprise.pk])
    seen = str(enterprise.version)

    def save(n):
        client = Client()
        client.force_login(district_staff)
        response = client.post(url, {
            "owner": orgs.dachuan.pk, "name": "并发企业", "credit_code": enterprise.credit_code,
            "industry": f"行业{n}", "seen_version": seen,
        })
        return response.status_code, response.content.decode() if response.status_code == 200 else ""

    results = run_together(save)
    assert sorted(status for status, _html in results) == [200] * (PARALLEL - 1) + [302], results
    assert all("已被他人修改" in html for status, html in results if status == 200)
    enterprise.refresh_from_db()
    assert enterprise.version == int(seen) + 1
    assert enterprise.industry.startswith("行业")
    assert Enterprise.objects.count() == 1
    assert Station.objects.count() == 0


@pytest.mark.django_db(transaction=True)
def test_one_idempotency_key_sent_three_times_at_once_makes_one_posting(orgs, partner_write_key):
    _api_key, full_key = partner_write_key
    body = posting_body(EmployerFactory(owner=orgs.dachuan))

    def send(_n):
        client = APIClient(HTTP_AUTHORIZATION=f"Api-Key {full_key}")
        response = client.post("/api/v1/postings/", body, format="json", HTTP_IDEMPOTENCY_KEY="retry-7f3a")
        return response.status_code, response.json()

    results = run_together(send, parallel=3)
    assert [status for status, _body in results] == [201, 201, 201], results
    assert len({body["id"] for _status, body in results}) == 1
    assert JobPosting.objects.count() == 1
    assert IdempotencyRecord.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_a_keyed_write_whose_session_is_killed_mid_way_is_done_once_on_a_new_connection(
        orgs, partner_write_key, monkeypatch):
    from jobs import services as job_services
    from tests.unions.test_db import kill_current_backend

    _api_key, full_key = partner_write_key
    body = posting_body(EmployerFactory(owner=orgs.dachuan))
    real_create, calls = job_services.posting_create, []

    def create_on_a_dying_session(**kwargs):
        calls.append(connection.connection.info.backend_pid)
        if len(calls) == 1:
            kill_current_backend()  # an administrator terminates the session mid-request
        return real_create(**kwargs)

    monkeypatch.setattr(job_services, "posting_create", create_on_a_dying_session)
    client = APIClient(HTTP_AUTHORIZATION=f"Api-Key {full_key}")
    response = client.post("/api/v1/postings/", body, format="json", HTTP_IDEMPOTENCY_KEY="killed-1")
    assert response.status_code == 201, response.content
    assert len(calls) == 2 and calls[0] != calls[1]
    assert JobPosting.objects.count() == 1 and IdempotencyRecord.objects.count() == 1
    again = client.post("/api/v1/postings/", body, format="json", HTTP_IDEMPOTENCY_KEY="killed-1")
    assert again["Idempotent-Replayed"] == "true" and again.json()["id"] == response.json()["id"]


@pytest.mark.parametrize(("pgcode", "died"), [(None, True), ("57P01", True), ("57014", False), ("40P01", False)])
def test_only_a_lost_session_makes_a_keyed_write_run_again(pgcode, died):
    from django.db import OperationalError

    from unions.db import session_died

    class ServerError(Exception):
        pass

    cause = ServerError()
    cause.pgcode = pgcode  # 57014: statement timeout; 40P01: deadlock
    error = OperationalError("from the server")
    error.__cause__ = cause
    assert session_died(error) is died
