"""Demo data of the model-worker ledger: fictional 天津 model workers aged 80–95, in the care of
天津市总工会, 和平区总工会, 河西区总工会 and 天津渤化集团工会, with the 2027 visit plan, a national
model worker over 90 whose birthday visit a city-union leader makes, one in hospital with a visit
due, care orders and benefit checks with exceptions.

Names, addresses, phones and ID numbers are invented; the ID numbers only pass the check digit.
Idempotent: ledger entries are found by ID number, orders and events by their natural keys.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from django.contrib.auth import get_user_model
from stdnum.cn import ric

from model_workers import services
from model_workers.choices import CareKind, EventKind, Gender, Honour, LivingSituation, Mobility, PaidBy
from model_workers.models import CareOrder, CareService, ModelWorker, WorkerEvent, today
from unions.models import UnionOrganization

PLAN_YEAR = 2027


def fictional_id(region: str, birth: date, serial: int) -> str:
    body = f"{region}{birth:%Y%m%d}{serial:03d}"
    return body + ric.calc_check_digit(body + "0")


# (name, gender, birth date, lunar birthday, honour, year, benefits, owner, contact, living, mobility,
#  low income, care insurance, address, phone, health, family)
WORKERS = [
    ("王守业", Gender.MALE, date(1936, 5, 8), False, Honour.NATIONAL_MODEL, 1959, True, "和平区总工会", "heping",
     LivingSituation.WITH_CHILDREN, Mobility.NEEDS_HELP, False, True, "天津市和平区示例路12号3门201", "13920000101",
     "高血压，轻度认知障碍", "王小梅 女儿 13920000102"),
    ("李德福", Gender.MALE, date(1938, 9, 26), True, Honour.NATIONAL_MODEL, 1977, True, "和平区总工会", "heping",
     LivingSituation.ALONE, Mobility.INDEPENDENT, False, False, "天津市和平区示例里5号", "13920000201",
     "糖尿病", "李建新 儿子 13920000202"),
    ("张秀兰", Gender.FEMALE, date(1941, 2, 14), False, Honour.PROVINCIAL, 1983, True, "和平区总工会", "heping",
     LivingSituation.WITH_SPOUSE, Mobility.INDEPENDENT, False, False, "天津市和平区示范大街88号", "022-27000301",
     "", "刘长顺 配偶 022-27000301"),
    ("刘振华", Gender.MALE, date(1933, 11, 2), True, Honour.NATIONAL_ADVANCED, 1956, True, "河西区总工会", "tianjin",
     LivingSituation.NURSING_HOME, Mobility.BEDRIDDEN, True, False, "天津市河西区某养老院（示例）", "13920000401",
     "脑梗后遗症，长期卧床", "刘桂芝 女儿 13920000402"),
    ("陈桂英", Gender.FEMALE, date(1944, 4, 30), False, Honour.MUNICIPAL, 1988, True, "河西区总工会", "tianjin",
     LivingSituation.ALONE, Mobility.NEEDS_HELP, True, False, "天津市河西区示例道17号", "13920000501",
     "骨质疏松", "陈立 侄子 13920000502"),
    ("赵铁成", Gender.MALE, date(1935, 7, 19), False, Honour.NATIONAL_MODEL, 1965, True, "天津渤化集团工会", "tianjin",
     LivingSituation.WITH_SPOUSE, Mobility.INDEPENDENT, False, True, "天津市和平区示例化工宿舍2栋", "13920000601",
     "冠心病", "孙淑珍 配偶 13920000602"),
    ("孙玉珍", Gender.FEMALE, date(1946, 1, 8), True, Honour.MUNICIPAL, 1990, False, "天津渤化集团工会", "tianjin",
     LivingSituation.WITH_CHILDREN, Mobility.INDEPENDENT, False, False, "天津市河西区示例新村9号", "13920000701",
     "", "周强 儿子 13920000702"),
    ("周国栋", Gender.MALE, date(1932, 3, 3), False, Honour.NATIONAL_MODEL, 1956, True, "天津市总工会", "tianjin",
     LivingSituation.WITH_CHILDREN, Mobility.NEEDS_HELP, False, True, "天津市南开区示例路3号", "13920000801",
     "慢阻肺", "周丽 女儿 13920000802"),
]

REGION_OF = {"和平区总工会": "120101", "河西区总工会": "120103", "天津渤化集团工会": "120101", "天津市总工会": "120104"}


def seed(stdout) -> None:
    User = get_user_model()
    organizations = {org.name: org for org in UnionOrganization.objects.filter(name__in=REGION_OF)}
    users = {user.username: user for user in User.objects.filter(username__in=["tianjin", "heping"])}
    workers = {}
    for serial, row in enumerate(WORKERS, start=901):
        (name, gender, birth, lunar, honour, year, benefits, owner, contact, living, mobility, low_income,
         insurance, address, phone, health, family) = row
        id_number = fictional_id(REGION_OF[owner], birth, serial)
        worker = ModelWorker.objects.filter(id_number=id_number).first() or ModelWorker(id_number=id_number)
        worker.name, worker.gender, worker.birth_date, worker.birthday_lunar = name, gender, birth, lunar
        worker.honour, worker.honour_year, worker.enjoys_benefits = honour, year, benefits
        worker.owner, worker.contact_person = organizations[owner], users.get(contact)
        worker.living_situation, worker.mobility, worker.low_income = living, mobility, low_income
        worker.long_term_care_insurance, worker.address, worker.phone = insurance, address, phone
        worker.health_conditions, worker.family_contacts = health, family
        worker.needs = "定期上门理发、陪同就医" if mobility != Mobility.INDEPENDENT else ""
        workers[name] = services.worker_save(worker=worker, by=users.get(contact))

    plan = services.plan_visits(year=PLAN_YEAR)

    # One in hospital, with the prompt visit due.
    hospitalised = workers["李德福"]
    if not WorkerEvent.objects.filter(worker=hospitalised, kind=EventKind.HOSPITAL_ADMISSION,
                                      discharged_on__isnull=True).exists():
        services.event_record(
            worker=hospitalised, kind=EventKind.HOSPITAL_ADMISSION, occurred_on=today() - timedelta(days=1),
            hospital="天津市第一中心医院（示例）", description="肺部感染，住院治疗", by=users.get("heping"),
        )

    # Care orders: haircut at home, family doctor, housekeeping; one delivered. The catalogue comes
    # from a data migration, but a flushed test database has lost it.
    catalogue = {kind: CareService.objects.get_or_create(kind=kind)[0] for kind in CareKind.values}
    orders = [
        ("王守业", "haircut", "和平区助老志愿服务队（示例）", Decimal("0.00"), PaidBy.VOLUNTEERS, -10, True),
        ("王守业", "family_doctor", "和平区社区卫生服务中心（示例）", Decimal("200.00"), PaidBy.BOUGHT, 3, False),
        ("刘振华", "care_cleaning", "河西区康养护理站（示例）", Decimal("360.00"), PaidBy.BOUGHT, 2, False),
        ("陈桂英", "housekeeping", "河西区家政服务公司（示例）", Decimal("150.00"), PaidBy.BOUGHT, 5, False),
        ("陈桂英", "home_adaptation", "河西区适老化改造项目（示例）", Decimal("2800.00"), PaidBy.BOUGHT, 14, False),
    ]
    for name, kind, provider, cost, paid_by, days, delivered in orders:
        worker = workers[name]
        scheduled = today() + timedelta(days=days)
        order = CareOrder.objects.filter(worker=worker, service=catalogue[kind], provider=provider).first()
        if order is None:
            order = services.care_order_create(
                worker=worker, service=catalogue[kind], scheduled_on=scheduled, provider=provider, cost=cost,
                paid_by=paid_by,
            )
        if delivered and order.status == "open" and order.scheduled_on <= today():
            services.care_order_deliver(order=order, delivered_on=order.scheduled_on)

    # This year's benefit checks; two exceptions found.
    year = today().year
    found_missing = {"赵铁成": {"higher_medical"}, "刘振华": {"nursing_subsidy"}}
    for name, worker in workers.items():
        check, _created = services.benefit_check_prepare(worker=worker, year=year)
        if check.checked_on:
            continue
        missing = found_missing.get(name, set())
        found = {}
        for benefit in ("honour_allowance", "higher_medical", "care_insurance", "nursing_subsidy"):
            if getattr(check, f"{benefit}_expected"):
                found[benefit] = benefit not in missing
        notes = "核查发现待遇未落实，已转相关部门（示例）" if missing else ""
        services.benefit_check_record(check=check, found=found, checked_on=today(), notes=notes)

    stdout.write(
        f"Model workers: {len(workers)}, plan {PLAN_YEAR}: {plan.created} visits created, {plan.updated} updated."
    )
