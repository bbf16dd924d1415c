#!/usr/bin/env python
"""Benchmark of the jobs app at scale: 1,000,000 postings seeded with COPY, measured against the
raw-SQL floor in the same run (interleaved A/B rounds, medians), printing every ratio and the
EXPLAIN of what runs. Exits 1 when a goal is missed.

Goals (issue 4):
- keyword count (电工, 月嫂, 塔吊: under 2 % of rows) served by the bigram GIN index and ≥ 20×
  faster than a sequential scan; a keyword with no hits in ≤ 5 ms;
- the partner list (a page of 50) ≥ 60 % of the throughput of a bare Django view returning the
  same rows with one query; a deep cursor page as fast as the first (≤ 1.5×);
- every filter combination's count on an index (no sequential scan of the postings);
- matching 10,000 intentions against the postings: in SQL, its cost printed.

The data lives in its own database (`<your database>_bench_jobs`, created on the same server);
a second run reuses it and starts measuring at once. `make bench-jobs`; `--reseed` starts over.
"""

from __future__ import annotations

import io
import itertools
import os
import random
import statistics
import sys
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

BASE = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(BASE))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
# The bench measures the code, not the rate limits.
for _name in ("THROTTLE_ANON", "THROTTLE_API_KEY", "THROTTLE_STAFF"):
    os.environ[_name] = "100000000/min"
os.environ.setdefault("LOG_LEVEL", "WARNING")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402

# Throttle counters in process memory, standing in for the Redis a production deployment uses
# (REDIS_URL): the database cache's COMMIT per request would measure this disk's fsync.
settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

from django.core.management import call_command  # noqa: E402
from django.core.serializers.json import DjangoJSONEncoder  # noqa: E402
from django.db import connection, connections, transaction  # noqa: E402
from django.http import JsonResponse  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import include, path  # noqa: E402

N_POSTINGS = int(os.environ.get("BENCH_POSTINGS", "1000000"))
N_INTENTIONS = int(os.environ.get("BENCH_INTENTIONS", "10000"))
N_EMPLOYERS = 500
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "7"))
SEED = 20261128
FAILURES: list[str] = []


def say(text: str = "") -> None:
    print(text, flush=True)


def goal(ok: bool, text: str) -> None:
    say(("  ok    " if ok else "  MISSED ") + text)
    if not ok:
        FAILURES.append(text)


# --- The bench database -----------------------------------------------------------------------------


def use_bench_database() -> None:
    default = connections["default"]
    name = os.environ.get("BENCH_DATABASE") or f"{default.settings_dict['NAME']}_bench_jobs"
    with default.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        exists = cursor.fetchone() is not None
    if not exists:
        default.ensure_connection()
        default.connection.autocommit = True
        with default.connection.cursor() as cursor:
            cursor.execute(f'CREATE DATABASE "{name}"')
    default.close()
    default.settings_dict["NAME"] = name
    settings.DATABASES["default"]["NAME"] = name
    say(f"Bench database: {name}")
    with connection.cursor() as cursor:
        # Loading and indexing a million rows takes longer than a web request may.
        cursor.execute("SET statement_timeout = 0")
    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)
    from unions.models import Region

    if not Region.objects.exists():
        call_command("load_regions", verbosity=0, stdout=open(os.devnull, "w"))  # noqa: SIM115


# --- Seeding with COPY ------------------------------------------------------------------------------

# (title, occupation, weight in ‰): 电工, 月嫂 and 塔吊 are the rare keywords of the goal.
TITLES = [
    ("维修电工", "electrical", 10),
    ("金牌月嫂", "domestic", 5),
    ("塔吊司机", "construction", 2),
    ("外卖骑手", "delivery", 90),
    ("快递员", "delivery", 70),
    ("同城配送员", "delivery", 40),
    ("网约车司机", "driving", 40),
    ("货车司机", "driving", 30),
    ("普工", "manufacturing", 90),
    ("流水线操作工", "manufacturing", 60),
    ("质检员", "manufacturing", 30),
    ("针车工", "sewing", 40),
    ("服装熨烫工", "sewing", 15),
    ("物业保安", "security", 60),
    ("小区门岗", "security", 20),
    ("保洁员", "cleaning", 50),
    ("家政保洁", "domestic", 20),
    ("育婴员", "domestic", 10),
    ("养老护理员", "elder_care", 40),
    ("护工", "elder_care", 20),
    ("钢筋工", "construction", 15),
    ("木工", "construction", 15),
    ("焊工", "construction", 12),
    ("厨师", "catering", 30),
    ("服务员", "catering", 50),
    ("洗碗工", "catering", 15),
    ("收银员", "retail", 30),
    ("导购员", "retail", 30),
    ("仓库管理员", "office", 20),
    ("行政文员", "office", 20),
    ("客服专员", "office", 20),
    ("装卸工", "other", 15),
]
EMPLOYER_WORDS = [
    "达州",
    "锦程",
    "安居",
    "康颐",
    "速达",
    "巴山",
    "秦巴",
    "渠江",
    "州河",
    "凤凰",
    "金龙",
    "翠屏",
    "莲湖",
    "宏达",
    "鑫源",
]
EMPLOYER_KINDS = [
    "配送服务",
    "服饰",
    "物业服务",
    "养老服务",
    "建筑劳务",
    "餐饮管理",
    "商贸",
    "机械制造",
    "家政服务",
    "物流",
]
PHRASES = [
    "多劳多得，按月足额发放工资。",
    "提供员工宿舍和工作餐。",
    "缴纳五险，签订劳动合同。",
    "新手可带薪培训，师傅带教。",
    "工作环境干净整洁，通风良好。",
    "月休四天，节假日按规定安排。",
    "夜班另有补贴。",
    "熟手优先，待遇面议。",
    "公司交通便利，有班车接送。",
    "身体健康，吃苦耐劳。",
    "有相关工作经验者优先。",
    "年龄十八至五十岁。",
    "包住不包吃，住宿免费。",
    "按件计酬，上不封顶。",
    "工会驿站就在附近，可休息充电饮水。",
    "表现优秀者可转正晋升。",
]
SKILLS = ["", "会骑电动车", "持C1驾照", "会用智能手机", "能适应倒班", "持健康证", "会平车高车", "持证上岗"]
COLUMNS = [
    "owner_id",
    "created_at",
    "updated_at",
    "created_by_id",
    "version",
    "employer_id",
    "title",
    "occupation",
    "description",
    "headcount",
    "pay_min",
    "pay_max",
    "pay_unit",
    "employment_form",
    "age_min",
    "age_max",
    "education",
    "experience_years",
    "skills",
    "certificates",
    "benefits",
    "hours",
    "region_id",
    "address",
    "latitude",
    "longitude",
    "priority_groups",
    "contact_name",
    "contact_phone",
    "valid_from",
    "valid_through",
    "status",
    "reviewer_comment",
    "published_at",
    "search_vector",
]
FORMS = ["full_time"] * 5 + ["part_time"] * 2 + ["platform"] * 2 + ["dispatch", "seasonal", "internship"]
GROUPS = ["migrant", "unemployed", "graduate", "4050", "disabled", "new_form"]
STATUSES = ["published"] * 90 + ["draft"] * 3 + ["in_review"] * 2 + ["filled"] * 2 + ["expired"] * 2 + ["withdrawn"]
PAY = {"month": (2500, 9000), "day": (120, 300), "hour": (18, 40), "piece": (1, 5)}
UNITS = ["month"] * 7 + ["day", "hour", "piece"]
NULL = "\\N"  # COPY's text format
MIN_PAYS = [NULL, "3000", "4500", "6000"]
BANDS = ["16-24", "25-34", "35-44", "45-54", "55-64"]


def seeded(expected: int) -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM jobs_jobposting")
        postings = cursor.fetchone()[0]
        cursor.execute("SELECT count(*) FROM jobs_jobintention")
        intentions = cursor.fetchone()[0]
    return postings == expected and intentions == N_INTENTIONS


def seed() -> None:
    from jobs.search import bigram_document
    from unions import services as union_services
    from unions.choices import OrganizationLevel
    from unions.models import Enterprise, Region, UnionOrganization

    rng = random.Random(SEED)
    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("TRUNCATE jobs_jobposting, jobs_jobintention, jobs_jobseeker, jobs_match, jobs_employer CASCADE")
    org = UnionOrganization.objects.filter(name="基准测试总工会").first() or union_services.organization_create(
        name="基准测试总工会",
        level=OrganizationLevel.NATIONAL,
    )
    from stdnum.cn import uscc

    from jobs.models import Employer

    enterprises = []
    for n in range(N_EMPLOYERS):
        body = f"91510000BJ{n:07d}"
        name = f"{rng.choice(EMPLOYER_WORDS)}{rng.choice(EMPLOYER_WORDS)}{rng.choice(EMPLOYER_KINDS)}有限公司{n}"
        enterprises.append(Enterprise(owner=org, name=name, credit_code=body + uscc.calc_check_digit(body)))
    Enterprise.objects.filter(credit_code__startswith="91510000BJ").delete()
    enterprises = Enterprise.objects.bulk_create(enterprises)
    employers = Employer.objects.bulk_create(
        [
            Employer(
                owner=org, enterprise=e, contact_name="人事部", contact_phone="13800000000", verification="verified"
            )
            for e in enterprises
        ]
    )
    counties = list(Region.objects.counties().values_list("code", flat=True))

    # 3,000 text profiles (title, employer, skills, description), each with its bigram document.
    weights = [w for _t, _o, w in TITLES]
    profiles = []
    for n in range(3000):
        title, occupation, _w = TITLES[n % len(TITLES)] if n < len(TITLES) * 20 else rng.choices(TITLES, weights)[0]
        employer = employers[n % N_EMPLOYERS]
        skills = rng.choice(SKILLS)
        description = "".join(rng.sample(PHRASES, 3))
        document = bigram_document(title, employer.enterprise.name, skills, "", description)
        profiles.append((title, occupation, employer.pk, skills, description, document))
    by_title = {}
    for index, profile in enumerate(profiles):
        by_title.setdefault(profile[0], []).append(index)
    title_names = [t for t, _o, _w in TITLES]

    now = datetime.now(UTC)
    today = date.today()
    say(f"Seeding {N_POSTINGS:,} postings with COPY …")
    # One transaction: DDL is transactional, so an interrupted load leaves the indexes in place.
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexdef, indexname FROM pg_indexes"
            " WHERE tablename = 'jobs_jobposting' AND indexname NOT LIKE '%%pkey'"
        )
        indexes = cursor.fetchall()
        for _definition, name in indexes:
            cursor.execute(f'DROP INDEX IF EXISTS "{name}"')
        # Triggers (audit, version) are for edits, not for a bulk load of test data.
        cursor.execute("SET LOCAL session_replication_role = replica")
        chunk = 100_000
        for start in range(0, N_POSTINGS, chunk):
            buffer = io.StringIO()
            picks = rng.choices(range(len(TITLES)), weights=weights, k=min(chunk, N_POSTINGS - start))
            for pick in picks:
                title_idx = rng.choice(by_title[title_names[pick]])
                title, occupation, employer_id, skills, description, document = profiles[title_idx]
                unit = rng.choice(UNITS)
                low, high = PAY[unit]
                pay_min = rng.randint(low, high)
                pay_max = pay_min + rng.randint(0, high // 3)
                status = rng.choice(STATUSES)
                created = now - timedelta(minutes=rng.randint(0, 60 * 24 * 180))
                groups = "{" + ",".join(rng.sample(GROUPS, rng.randint(0, 2))) + "}"
                age_min = rng.choice(["\\N", "18", "20"])
                age_max = rng.choice(["\\N", "45", "50", "55"])
                buffer.write(
                    f"{org.pk}\t{created.isoformat()}\t{created.isoformat()}\t\\N\t1\t{employer_id}\t{title}\t{occupation}\t"
                    f"{description}\t{rng.randint(1, 50)}\t{pay_min}.00\t{pay_max}.00\t{unit}\t{rng.choice(FORMS)}\t"
                    f"{age_min}\t{age_max}\t{rng.randint(0, 3)}\t{rng.randint(0, 3)}\t{skills}\t\t{{meals}}\t8小时\t"
                    f"{rng.choice(counties)}\t工业园区{rng.randint(1, 300)}号\t{NULL}\t{NULL}\t{groups}\t"
                    "人事部\t13800000000\t"
                    f"{today - timedelta(days=30)}\t{today + timedelta(days=rng.randint(1, 90))}\t{status}\t\t"
                    f"{created.isoformat() if status != 'draft' else NULL}\t{document}\n"
                )
            buffer.seek(0)
            cursor.copy_expert(f"COPY jobs_jobposting ({', '.join(COLUMNS)}) FROM STDIN", buffer)
            say(f"  {start + len(picks):>9,} rows  {time.perf_counter() - started:6.1f} s")
        # 10,000 job seekers with one intention each, spread like the postings.
        seekers = io.StringIO()
        for n in range(N_INTENTIONS):
            seekers.write(
                f"{org.pk}\t{now.isoformat()}\t{now.isoformat()}\t\\N\t1\t求职者{n}\t139{n:08d}\t"
                f"{rng.choice(BANDS)}\t{rng.choice([*GROUPS, ''])}\t{rng.randint(0, 4)}\t"
                f"online\t{now.isoformat()}\n"
            )
        seekers.seek(0)
        cursor.copy_expert(
            "COPY jobs_jobseeker (owner_id, created_at, updated_at, created_by_id, version, name, phone, age_band, "
            "priority_group, education, source, consent_at) FROM STDIN",
            seekers,
        )
        cursor.execute("SELECT id FROM jobs_jobseeker ORDER BY id")
        seeker_ids = [row[0] for row in cursor.fetchall()]
        intentions = io.StringIO()
        occupations = sorted({o for _t, o, _w in TITLES})
        for seeker_id in seeker_ids:
            wanted = ",".join(rng.sample(occupations, rng.randint(1, 2)))
            intentions.write(
                f"{org.pk}\t{now.isoformat()}\t{now.isoformat()}\t\\N\t1\t{seeker_id}\t{{{wanted}}}\t{{}}\t"
                f"{rng.choice(counties)}\t{rng.choice(MIN_PAYS)}\tnow\t\t\\N\tt\n"
            )
        intentions.seek(0)
        cursor.copy_expert(
            "COPY jobs_jobintention (owner_id, created_at, updated_at, created_by_id, version, seeker_id, occupations, "
            "employment_forms, region_id, min_monthly_pay, availability, skills, interested_in_id, active) FROM STDIN",
            intentions,
        )
        cursor.execute("SET LOCAL session_replication_role = DEFAULT")
        say(f"  loaded in {time.perf_counter() - started:.1f} s; building {len(indexes)} indexes …")
        cursor.execute("SET LOCAL maintenance_work_mem = '512MB'")
        cursor.execute("SET LOCAL max_parallel_maintenance_workers = 2")
        for definition, name in indexes:
            tick = time.perf_counter()
            cursor.execute(definition)
            say(f"    {name:<32} {time.perf_counter() - tick:6.1f} s")
    connection.ensure_connection()
    old_autocommit = connection.connection.autocommit
    connection.connection.autocommit = True
    with connection.connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE jobs_jobposting")
        cursor.execute("VACUUM ANALYZE jobs_jobintention")
        cursor.execute("VACUUM ANALYZE jobs_jobseeker")
    connection.connection.autocommit = old_autocommit
    say(f"Seeded in {time.perf_counter() - started:.1f} s.")


# --- Timing helpers -----------------------------------------------------------------------------------


def timed(function) -> float:
    start = time.perf_counter()
    function()
    return (time.perf_counter() - start) * 1000


def interleaved(variants: dict, rounds: int = ROUNDS) -> dict[str, float]:
    """Median milliseconds of each variant, measured A, B, A, B … after one warm-up each."""
    samples = {name: [] for name in variants}
    for function in variants.values():
        function()
    for _round in range(rounds):
        for name, function in variants.items():
            samples[name].append(timed(function))
    return {name: statistics.median(values) for name, values in samples.items()}


def scalar(sql: str, params=None):
    with connection.cursor() as cursor:
        cursor.execute(sql, params or [])
        return cursor.fetchone()[0]


def explain(sql: str, params, analyze: bool = True) -> str:
    with connection.cursor() as cursor:
        cursor.execute(("EXPLAIN (ANALYZE, BUFFERS) " if analyze else "EXPLAIN ") + sql, params)
        return "\n".join("      " + row[0] for row in cursor.fetchall())


# --- 1. Keyword search ----------------------------------------------------------------------------------


def bench_keywords() -> None:
    from jobs.models import JobPosting
    from jobs.search import keyword_query

    say("\n1. Chinese keyword count (bigram tsvector + GIN) against the raw SQL floor and a sequential scan")
    published = scalar("SELECT count(*) FROM jobs_jobposting WHERE status = 'published'")
    say(f"   published postings: {published:,}")
    say(f"   {'keyword':<10}{'hits':>9}{'share':>8}{'ORM ms':>9}{'raw ms':>9}{'ORM/raw':>9}{'seq ms':>9}{'seq/ORM':>9}")
    for keyword in ["电工", "月嫂", "塔吊", "焊", "骑手", "外卖骑手", "宇航员"]:
        literal = keyword_query(keyword)
        queryset = JobPosting.objects.public().keyword(keyword)
        raw_sql = "SELECT count(*) FROM jobs_jobposting WHERE status = 'published' AND search_vector @@ %s::tsquery"
        like = f"%{keyword}%"
        seq_sql = (
            "SELECT count(*) FROM jobs_jobposting WHERE status = 'published' AND "
            "(title LIKE %s OR description LIKE %s OR skills LIKE %s)"
        )

        def seq():
            with transaction.atomic(), connection.cursor() as cursor:
                cursor.execute("SET LOCAL enable_bitmapscan = off; SET LOCAL enable_indexscan = off")
                cursor.execute(seq_sql, [like, like, like])  # noqa: B023
                cursor.fetchone()

        times = interleaved(
            {
                "orm": queryset.count,
                "raw": lambda: scalar(raw_sql, [literal]),  # noqa: B023
            }
        )
        seq_ms = statistics.median(timed(seq) for _ in range(3))
        hits = queryset.count()
        share = hits / published
        say(
            f"   {keyword:<10}{hits:>9,}{share:>8.2%}{times['orm']:>9.2f}{times['raw']:>9.2f}"
            f"{times['orm'] / times['raw']:>8.2f}×{seq_ms:>9.1f}{seq_ms / times['orm']:>8.1f}×"
        )
        sql, params = queryset.order_by().values("pk").query.sql_with_params()
        plan = explain(f"SELECT count(*) FROM ({sql}) counted", params, analyze=True)
        if keyword in ("电工", "宇航员"):
            say(plan)
        goal("jobs_posting_search" in plan, f"{keyword}: the GIN index serves the count")
        if hits == 0:
            goal(times["orm"] <= 5, f"{keyword}: no hits answered in {times['orm']:.2f} ms (≤ 5 ms)")
        elif share < 0.02:
            speedup = seq_ms / times["orm"]
            goal(speedup >= 20, f"{keyword}: {speedup:.0f}× faster than a sequential scan (≥ 20×)")


# --- 2. Partner list ---------------------------------------------------------------------------------------


def bare_postings(request):
    """The floor: the same rows, one query, no framework."""
    from django.contrib.postgres.expressions import ArraySubquery
    from django.db.models import OuterRef

    from jobs.api.serializers import LIST_VALUES
    from jobs.models import JobPosting

    # The same columns as the API, station ids included (one query: the array is a subquery).
    station_ids = ArraySubquery(
        JobPosting.stations.through.objects.filter(jobposting_id=OuterRef("pk"))
        .order_by("station_id")
        .values("station_id")
    )
    rows = list(
        JobPosting.objects.filter(status="published")
        .order_by("-id")
        .annotate(station_ids=station_ids)
        .values(*LIST_VALUES, "station_ids")[:50]
    )
    return JsonResponse({"results": rows}, encoder=DjangoJSONEncoder, json_dumps_params={"ensure_ascii": False})


urlpatterns = [path("bench/bare-postings/", bare_postings), path("", include("config.urls"))]


def bench_partner_list() -> None:
    from unions import services as union_services
    from unions.models import UnionOrganization

    say("\n2. Partner list, a page of 50 (cursor pagination) against a bare Django view with one query")
    settings.ROOT_URLCONF = __name__
    from unions.choices import OrganizationLevel

    # A partner of another organisation: it reads the published board, as the map apps do.
    partner = UnionOrganization.objects.filter(name="基准测试合作方工会").first() or union_services.organization_create(
        name="基准测试合作方工会",
        level=OrganizationLevel.NATIONAL,
    )
    _api_key, full_key = union_services.api_key_create(organization=partner, name="bench", scopes=["jobs:read"])
    client = Client(HTTP_HOST="127.0.0.1", HTTP_AUTHORIZATION=f"Api-Key {full_key}")
    api_url = "/api/v1/postings/?page_size=50"
    first = client.get(api_url)
    assert first.status_code == 200, first.content[:500]
    assert len(first.json()["results"]) == 50
    bare = client.get("/bench/bare-postings/").json()["results"]
    assert [row["id"] for row in bare] == [row["id"] for row in first.json()["results"]], "not the same rows"

    def burst(url, count=20):
        def run():
            for _ in range(count):
                response = client.get(url)
                assert response.status_code == 200

        return run

    times = interleaved({"api": burst(api_url), "bare": burst("/bench/bare-postings/")}, rounds=ROUNDS)
    api_rps, bare_rps = 20_000 / times["api"], 20_000 / times["bare"]
    say(f"   API  {api_rps:8.1f} req/s   bare view {bare_rps:8.1f} req/s   ratio {api_rps / bare_rps:.0%}")
    goal(api_rps / bare_rps >= 0.60, f"partner list at {api_rps / bare_rps:.0%} of the bare view (≥ 60 %)")

    from rest_framework.pagination import Cursor, CursorPagination

    deep_id = scalar("SELECT id FROM jobs_jobposting WHERE status = 'published' ORDER BY id LIMIT 1 OFFSET 1000")
    pagination = CursorPagination()
    pagination.base_url = "http://127.0.0.1" + api_url
    deep_url = pagination.encode_cursor(Cursor(offset=0, reverse=False, position=str(deep_id)))
    deep_url = deep_url.replace("http://127.0.0.1", "")
    assert len(client.get(deep_url).json()["results"]) == 50
    pages = interleaved({"first": burst(api_url, 10), "deep": burst(deep_url, 10)})
    depth = scalar("SELECT count(*) FROM jobs_jobposting WHERE status = 'published' AND id > %s", [deep_id]) // 50
    say(f"   first page {pages['first'] / 10:.2f} ms, page {depth:,} {pages['deep'] / 10:.2f} ms")
    goal(pages["deep"] <= pages["first"] * 1.5, f"deep page {pages['deep'] / pages['first']:.2f}× the first (≤ 1.5×)")


# --- 3. Filter combinations -------------------------------------------------------------------------------------


def bench_filter_counts() -> None:
    from jobs.filtersets import PostingFilterSet
    from jobs.models import JobPosting
    from jobs.views import PAGE_SIZE, CappedPaginator

    say("\n3. Every filter combination's count, as the board shows it (capped at the 50 pages a person can")
    say('   reach: "1,000+"), on an index')
    filters = {
        "q": "电工",
        "region": "511700",
        "occupation": "delivery",
        "employment_form": "platform",
        "priority_group": "4050",
        "min_pay": "7000",
    }
    combos = [(), *((name,) for name in filters), *itertools.combinations(filters, 2)]
    say(f"   {'filters':<34}{'count':>9}{'ms':>9}  plan")
    for combo in combos:
        data = {name: filters[name] for name in combo}
        filterset = PostingFilterSet(data, queryset=JobPosting.objects.public())
        assert filterset.is_valid(), filterset.errors
        queryset = filterset.qs

        def count():
            paginator = CappedPaginator(queryset, PAGE_SIZE)  # noqa: B023
            return paginator.count, paginator.capped

        sql, params = queryset.order_by().values("pk")[: 50 * PAGE_SIZE + 1].query.sql_with_params()
        plan = explain(f"SELECT count(*) FROM ({sql}) counted", params, analyze=False)
        ms = statistics.median(timed(count) for _ in range(3))
        found, capped = count()
        uses_index = "Seq Scan on jobs_jobposting" not in plan
        nodes = sorted({line.strip().split(" on ")[-1].split(" ")[0] for line in plan.splitlines() if "Index" in line})
        shown = f"{found:,}+" if capped else f"{found:,}"
        say(f"   {'+'.join(combo) or '(none)':<34}{shown:>9}{ms:>9.1f}  {', '.join(nodes) or 'SEQ SCAN'}")
        goal(uses_index, f"count with {'+'.join(combo) or 'no filter'} on an index")


# --- 4. Matching -------------------------------------------------------------------------------------------------


def bench_matching() -> None:
    from django.utils import timezone

    from jobs.matching import MATCH_SQL, run_matching
    from jobs.services import REFRESH_BATCH

    batch = REFRESH_BATCH
    say(f"\n4. Matching intentions against {N_POSTINGS:,} postings (one INSERT … SELECT per {batch:,} intentions)")
    with connection.cursor() as cursor:
        cursor.execute("TRUNCATE jobs_match")
        cursor.execute("SELECT id FROM jobs_jobintention ORDER BY id")
        ids = [row[0] for row in cursor.fetchall()]
    started = time.perf_counter()
    rows = run_matching(intention_ids=ids[:batch])
    seconds = time.perf_counter() - started
    per = seconds / batch * 1000
    say(f"   {batch:,} intentions: {len(rows):,} matches written in {seconds:.1f} s ({per:.1f} ms per intention)")
    say(
        f"   all {len(ids):,} intentions (the nightly refresh, {len(ids) // batch} statements): "
        f"about {per * len(ids) / 1000:.0f} s"
    )
    one = ids[-1]
    single = statistics.median(timed(lambda: run_matching(intention_ids=[one])) for _ in range(5))
    say(f"   one intention (a registration, in real time): {single:.1f} ms")
    params = {
        "today": timezone.localdate(),
        "now": timezone.now(),
        "posting_id": None,
        "top": 20,
        "min_score": 40,
        "all_intentions": False,
        "intention_ids": [one],
    }
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN " + MATCH_SQL, params)
        say("\n".join("      " + row[0][:160] for row in cursor.fetchall() if "Sort Key" not in row[0]))
    goal(single < 200, f"matching one intention in {single:.1f} ms (< 200 ms, real time)")


def main() -> int:
    use_bench_database()
    if "--reseed" in sys.argv or not seeded(N_POSTINGS):
        seed()
    else:
        say(f"Reusing {N_POSTINGS:,} seeded postings (--reseed to start over).")
    bench_keywords()
    bench_partner_list()
    bench_filter_counts()
    bench_matching()
    say("")
    if FAILURES:
        say(f"{len(FAILURES)} goal(s) missed:")
        for failure in FAILURES:
            say(f"  - {failure}")
        return 1
    say("All goals met.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
