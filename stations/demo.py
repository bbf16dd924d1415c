"""Demo data of the stations app: 达川区's post stations (劳动者大本营 with the 达工影院 film night),
沈阳's work-break rooms, 沁水县嘉峰镇's labour-relations station with its points and team, and
山西's coverage targets. Idempotent: rows are found by natural keys and updated in place.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from stations import services
from stations.catalogue import seed_catalogues
from stations.choices import (
    CoordinateSystem,
    CoverageScope,
    FeedbackStatus,
    ListingStatus,
    MapPlatform,
    OperationMode,
    Recurrence,
    StationKind,
    StationStatus,
    TeamRole,
)
from stations.models import (
    CoverageTarget,
    Event,
    Facility,
    Feedback,
    MapListing,
    OpeningSlot,
    ServiceItem,
    ServiceOffering,
    Station,
    SubsidyRate,
    TeamMember,
)
from unions.demo import credit_code
from unions.models import Enterprise, Region, UnionOrganization

BASIC = ["drinking_water", "microwave", "charging", "toilet", "rest_seats", "first_aid", "air_conditioning", "wifi"]
BREAK_ROOM = ["drinking_water", "microwave", "rest_seats", "folding_beds", "massage_chair", "books", "chess",
              "fitness", "air_conditioning", "notice_board", "fridge"]
LABOUR = ["drinking_water", "rest_seats", "books", "air_conditioning", "wifi", "notice_board"]

WEEKDAYS_8_20 = [(day, dt.time(8), dt.time(20)) for day in range(7)]
OFFICE_HOURS = [(day, start, end) for day in range(5) for start, end in ((dt.time(8, 30), dt.time(12)),
                                                                        (dt.time(14, 30), dt.time(17, 30)))]
SHIFT_BREAKS = [(day, start, end) for day in range(6) for start, end in ((dt.time(11, 30), dt.time(13, 30)),
                                                                        (dt.time(17), dt.time(19)))]

# name, owner, kind, region, address, (lat, lng) captured in GCJ-02 from Amap, 24 h, hours, facilities,
# operation mode, opened on, seats, beds, area, phone, host enterprise (name) or None
STATIONS = [
    ("劳动者大本营", "达川区总工会", StationKind.POST_STATION, "511703", "达州市达川区通州大道297号",
     ("31.193520", "107.514980"), True, [], [*BASIC, "books", "chess", "umbrella"], OperationMode.SELF_RUN,
     dt.date(2023, 5, 1), 40, 4, "260.0", "0818-5122114", None),
    ("三里坪街道户外劳动者驿站", "达川区总工会", StationKind.POST_STATION, "511703", "达州市达川区三里坪街道长田坝路18号",
     ("31.205830", "107.520410"), True, [], BASIC, OperationMode.INCUBATION, dt.date(2024, 4, 28), 12, 0, "45.0",
     "0818-5133501", None),
    ("翠屏街道“点亮一盏灯”驿站", "达川区总工会", StationKind.POST_STATION, "511703", "达州市达川区翠屏路15号",
     ("31.199610", "107.506230"), True, [], [*BASIC, "umbrella"], OperationMode.COMMISSIONED, dt.date(2024, 9, 1),
     10, 0, "38.0", "0818-5133502", None),
    ("南外镇快递小哥驿站", "达川区总工会", StationKind.POST_STATION, "511703", "达州市达川区南外镇长田路32号",
     ("31.185470", "107.509880"), False, WEEKDAYS_8_20, BASIC, OperationMode.INCUBATION, dt.date(2024, 6, 15), 8, 0,
     "30.0", "0818-5133503", None),
    ("河市镇户外劳动者驿站", "达川区总工会", StationKind.POST_STATION, "511703", "达州市达川区河市镇金河大道66号",
     ("31.108720", "107.474350"), False, WEEKDAYS_8_20, BASIC, OperationMode.TENDERED, dt.date(2025, 3, 1), 8, 0,
     "32.0", "0818-5133504", None),
    ("达川区职工之家", "达川区总工会", StationKind.VENUE, "511703", "达州市达川区西外大道99号",
     ("31.209240", "107.497760"), False, OFFICE_HOURS, ["drinking_water", "books", "chess", "fitness", "toilet"],
     OperationMode.SELF_RUN, dt.date(2019, 5, 1), 120, 0, "900.0", "0818-5122115", None),
    ("西外镇环卫工人驿站", "通川区总工会", StationKind.POST_STATION, "511702", "达州市通川区西外镇金龙大道88号",
     ("31.223150", "107.473240"), True, [], BASIC, OperationMode.SELF_RUN, dt.date(2024, 1, 10), 10, 0, "36.0",
     "0818-2382115", None),
    ("辽沈工业集团总装车间工间活动站", "沈阳市总工会", StationKind.BREAK_ROOM, "210104", "沈阳市大东区东塔街2号总装车间东侧",
     ("41.811920", "123.482650"), False, SHIFT_BREAKS, BREAK_ROOM, OperationMode.INCUBATION, dt.date(2025, 5, 1),
     30, 6, "68.0", "024-24312115", "辽沈工业集团有限公司"),
    ("辽沈工业集团机加车间工间活动站", "沈阳市总工会", StationKind.BREAK_ROOM, "210104", "沈阳市大东区东塔街2号机加车间二楼",
     ("41.810480", "123.485170"), False, SHIFT_BREAKS, BREAK_ROOM, OperationMode.INCUBATION, dt.date(2025, 6, 1),
     24, 4, "52.0", "024-24312116", "辽沈工业集团有限公司"),
    ("北方重型机床工间活动站", "铁西区总工会", StationKind.BREAK_ROOM, "210106", "沈阳市铁西区开发大路17号3号厂房",
     ("41.792860", "123.356420"), False, SHIFT_BREAKS, BREAK_ROOM, OperationMode.INCUBATION, dt.date(2025, 4, 20),
     20, 4, "45.0", "024-25622115", "沈阳北方重型机床有限公司"),
    ("铁西精密铸造工间活动站", "铁西区总工会", StationKind.BREAK_ROOM, "210106", "沈阳市铁西区北二中路6号",
     ("41.801370", "123.367780"), False, SHIFT_BREAKS, BREAK_ROOM, OperationMode.SELF_RUN, dt.date(2025, 7, 1),
     16, 2, "28.0", "024-25622116", "沈阳铁西精密铸造有限公司"),
    ("嘉峰镇劳动关系公共服务站", "嘉峰镇工会", StationKind.LABOUR_STATION, "140521", "沁水县嘉峰镇嘉峰村府前街1号",
     ("35.758970", "112.455820"), False, OFFICE_HOURS, LABOUR, OperationMode.SELF_RUN, dt.date(2025, 6, 18), 20, 0,
     "120.0", "0356-7382114", None),
    ("沁水县龙港镇劳动关系公共服务站", "沁水县总工会", StationKind.LABOUR_STATION, "140521", "晋城市沁水县龙港镇杏园路12号",
     ("35.690420", "112.187960"), False, OFFICE_HOURS, LABOUR, OperationMode.SELF_RUN, dt.date(2025, 9, 1), 16, 0,
     "90.0", "0356-7022115", None),
    ("晋城市城区劳动关系公共服务站", "晋城市总工会", StationKind.LABOUR_STATION, "140502", "晋城市城区泽州路568号",
     ("35.496830", "112.853170"), False, OFFICE_HOURS, LABOUR, OperationMode.SELF_RUN, dt.date(2025, 11, 1), 20, 0,
     "110.0", "0356-2022115", None),
]

# name, station, address, (lat, lng)
POINTS = [
    ("嘉峰村劳动关系服务点", "嘉峰镇劳动关系公共服务站", "沁水县嘉峰镇嘉峰村村委会", ("35.760210", "112.452960")),
    ("李庄村劳动关系服务点", "嘉峰镇劳动关系公共服务站", "沁水县嘉峰镇李庄村（山西沁和嘉峰能源有限公司旁）", ("35.771380", "112.468450")),
    ("殷庄村劳动关系服务点", "嘉峰镇劳动关系公共服务站", "沁水县嘉峰镇殷庄村文化广场", ("35.745690", "112.441270")),
]

TEAM = [
    (TeamRole.COORDINATOR, "刘树理", "13934561201", "嘉峰镇工会"),
    (TeamRole.BARGAINING_INSTRUCTOR, "王晋生", "13934561202", "沁水县总工会"),
    (TeamRole.MEDIATOR, "张建国", "13934561203", "沁水县总工会"),
    (TeamRole.MEDIATOR, "赵红梅", "13934561204", "嘉峰镇司法所"),
    (TeamRole.LAW_SUPERVISOR, "李文斌", "13934561205", "嘉峰镇工会"),
    (TeamRole.COUNSELLOR, "郭丽萍", "13934561206", "沁水县人民医院"),
]

OFFERINGS = {
    "劳动者大本营": [
        ("water", "", "24小时"), ("food_heating", "", "24小时"), ("charging", "手机、电动车应急充电", "24小时"),
        ("rest", "", "24小时"), ("toilet", "", "24小时"),
        ("job_info", "招聘加油站：岗位信息每周更新，现场推荐", "每周一更新"),
        ("film_night", "主题放映，观众点片", "每周三 18:00–20:00"),
        ("legal_aid", "律师值班解答劳动法律问题", "每月第一个周五 14:30–17:00"),
        ("counselling", "心理团辅", "每月一次"), ("childcare", "职工子女暑期托管", "7月—8月"),
        ("summer_cooling", "送清凉", "夏季"), ("winter_warmth", "送温暖", "春节前"),
    ],
    "嘉峰镇劳动关系公共服务站": [
        ("mediation", "枫桥式调解，小事不出站", "工作日"), ("rights_consult", "", "工作日"),
        ("collective_bargaining", "", "按需预约"), ("legal_aid", "", "每周二"), ("counselling", "", "按需预约"),
    ],
}

SUBSIDIES = {  # kind → {stars: (construction, operations per year)}
    StationKind.POST_STATION: {5: ("30000.00", "12000.00"), 4: ("20000.00", "8000.00"), 3: ("10000.00", "5000.00")},
    StationKind.BREAK_ROOM: {5: ("50000.00", "20000.00"), 4: ("30000.00", "12000.00"), 3: ("15000.00", "6000.00")},
    StationKind.LABOUR_STATION: {5: ("100000.00", "50000.00"), 4: ("80000.00", "40000.00"),
                                 3: ("50000.00", "20000.00")},
}

EXTRA_ENTERPRISES = [
    ("沈阳铁西精密铸造有限公司", "铁西区总工会", "210106", "MA10C7D83", "铸造", "medium", "沈阳市铁西区北二中路6号"),
]


def _org(name: str) -> UnionOrganization:
    return UnionOrganization.objects.get(name=name)


def _upsert(name, owner, *, opened_on=None, facilities=None, **fields) -> Station:
    station = Station.objects.filter(owner=owner, name=name).first()
    if station is None:
        station = services.station_create(owner=owner, name=name, facilities=facilities, **fields)
    else:
        station = services.station_update(station=station, facilities=facilities, **fields)
    if station.status == StationStatus.PLANNED and opened_on is not None:
        station = services.station_open(station=station, reason="验收合格，挂牌运行", on=opened_on)
    return station


def seed(stdout) -> None:
    seed_catalogues(Facility, ServiceItem)
    for kind, grades in SUBSIDIES.items():
        for stars, (construction, operations) in grades.items():
            SubsidyRate.objects.update_or_create(kind=kind, stars=stars, defaults={
                "construction_yuan": Decimal(construction), "operations_yuan": Decimal(operations)})
    for name, owner, region, org_code, industry, size, address in EXTRA_ENTERPRISES:
        Enterprise.objects.update_or_create(credit_code=credit_code(region, org_code), defaults={
            "name": name, "owner": _org(owner), "region_id": region, "industry": industry, "size": size,
            "address": address})

    by_name: dict[str, Station] = {}
    for (name, owner, kind, region, address, (lat, lng), is_24h, hours, facilities, mode, opened_on, seats, beds,
         area, phone, host) in STATIONS:
        station = _upsert(
            name, _org(owner), kind=kind, region=Region.objects.get(code=region), address=address,
            lat=Decimal(lat), lng=Decimal(lng), coordinate_system=CoordinateSystem.GCJ02, is_24h=is_24h,
            operation_mode=mode, seats=seats, beds=beds, area_m2=Decimal(area), contact_phone=phone,
            host_enterprise=Enterprise.objects.get(name=host) if host else None, facilities=facilities,
            last_verified_on=dt.date(2026, 10, 15), opened_on=opened_on,
            **({"has_platform": True, "has_team": True, "has_rules": True, "has_resources": True,
                "has_standards": True, "has_results": name.startswith("嘉峰")} if kind == StationKind.LABOUR_STATION
               else {}),
        )
        OpeningSlot.objects.filter(station=station).delete()
        OpeningSlot.objects.bulk_create([OpeningSlot(station=station, weekday=d, opens=o, closes=c) for d, o, c in hours])
        by_name[name] = station

    jiafeng = by_name["嘉峰镇劳动关系公共服务站"]
    for name, _parent, address, (lat, lng) in POINTS:
        point = _upsert(
            name, jiafeng.owner, kind=StationKind.LABOUR_POINT, parent=jiafeng, region=jiafeng.region,
            address=address, lat=Decimal(lat), lng=Decimal(lng), coordinate_system=CoordinateSystem.GCJ02,
            facilities=["drinking_water", "rest_seats", "notice_board"], opened_on=dt.date(2025, 7, 1),
            contact_phone="0356-7382114", last_verified_on=dt.date(2026, 10, 15),
        )
        OpeningSlot.objects.filter(station=point).delete()
        OpeningSlot.objects.bulk_create([OpeningSlot(station=point, weekday=d, opens=o, closes=c)
                                         for d, o, c in OFFICE_HOURS])
    TeamMember.objects.filter(station=jiafeng).delete()
    TeamMember.objects.bulk_create([TeamMember(station=jiafeng, role=r, name=n, phone=p, organization_name=o)
                                    for r, n, p, o in TEAM])

    for station_name, items in OFFERINGS.items():
        station = by_name[station_name]
        for code, notes, schedule in items:
            ServiceOffering.objects.update_or_create(
                station=station, service=ServiceItem.objects.get(code=code),
                defaults={"notes": notes, "schedule": schedule})
    for station in by_name.values():
        if station.kind == StationKind.POST_STATION and station.name not in OFFERINGS:
            for code in ("water", "food_heating", "charging", "rest", "toilet"):
                ServiceOffering.objects.get_or_create(station=station, service=ServiceItem.objects.get(code=code))
        if station.kind == StationKind.BREAK_ROOM:
            for code in ("water", "food_heating", "rest", "reading", "chess", "fitness"):
                ServiceOffering.objects.get_or_create(station=station, service=ServiceItem.objects.get(code=code))

    base = by_name["劳动者大本营"]
    for platform, poi, status in [(MapPlatform.AMAP, "B0FFHJ7K2M", ListingStatus.LISTED),
                                  (MapPlatform.BAIDU, "a7f3c1e29b5d4e8f", ListingStatus.LISTED),
                                  (MapPlatform.TENCENT, "", ListingStatus.SUBMITTED)]:
        MapListing.objects.update_or_create(station=base, platform=platform, defaults={
            "poi_id": poi, "status": status, "checked_on": dt.date(2026, 10, 15)})

    tz = timezone.get_default_timezone()
    today = timezone.localdate()
    _event(base, "达工影院·周三观影夜", "免费观影，每期一个主题，片单由观众投票选出。", "film_night",
           dt.datetime(2026, 3, 4, 18, tzinfo=tz), dt.datetime(2026, 3, 4, 20, tzinfo=tz), Recurrence.WEEKLY,
           dt.date(2027, 12, 29), 60)
    soon = today + dt.timedelta(days=(5 - today.weekday()) % 7 or 7)  # next Saturday
    _event(base, "送法律进驿站：欠薪与工伤咨询", "律师现场解答劳动合同、欠薪、工伤认定问题。", "legal_aid",
           dt.datetime.combine(soon, dt.time(9, 30), tz), dt.datetime.combine(soon, dt.time(11, 30), tz),
           Recurrence.ONCE, None, None)
    _event(base, "职工家属开放日", "带上家人参观驿站，亲子手工与义诊。", "open_day",
           dt.datetime.combine(soon + dt.timedelta(days=14), dt.time(14), tz),
           dt.datetime.combine(soon + dt.timedelta(days=14), dt.time(17), tz), Recurrence.ONCE, None, 80)
    _event(jiafeng, "劳动法律进企业宣讲", "劳动合同法、工资支付条例解读。", "legal_aid",
           dt.datetime.combine(soon + dt.timedelta(days=3), dt.time(15), tz),
           dt.datetime.combine(soon + dt.timedelta(days=3), dt.time(17), tz), Recurrence.ONCE, None, 50)

    if not Feedback.objects.filter(station=base).exists():
        services.feedback_submit(station=base, rating=5, category="facilities", text="半夜送单能在这里热饭充电，太方便了。")
        answered = services.feedback_submit(station=base, rating=4, category="suggestion",
                                            text="希望周三电影能多放一些新片。", contact="138****5678")
        services.feedback_answer(feedback=answered, status=FeedbackStatus.RESOLVED,
                                 reply="已收集大家的片单，每月最后一个周三放映观众投票最多的新片。")
        services.feedback_submit(station=by_name["南外镇快递小哥驿站"], rating=3, category="hours",
                                 text="晚上八点就关门了，夜班骑手用不上。")

    if not base.evaluations.exists():
        services.evaluation_record(
            station=base, visited_on=dt.date(2026, 10, 15), inspectors="达川区第一巡回督查队：李娟、郑海",
            scores={"facilities": 96, "opening": 98, "services": 95, "use": 92, "management": 90, "visibility": 94},
            comments="24小时开放，设施齐全，达工影院常态化开展。")
        services.evaluation_record(
            station=by_name["南外镇快递小哥驿站"], visited_on=dt.date(2026, 10, 16),
            inspectors="达川区第二巡回督查队", scores={"facilities": 70, "opening": 55, "services": 60, "use": 65,
                                                       "management": 70, "visibility": 60},
            comments="开放时间不足，夜间无法使用，限期整改。")

    shanxi, owner = Region.objects.get(code="140000"), _org("山西省总工会")
    for scope, minimum, due, note in [
        (CoverageScope.PER_COUNTY, 1, dt.date(2025, 12, 31), "2025年底前每个县（市、区）至少建成1个"),
        (CoverageScope.PER_COUNTY, 3, dt.date(2027, 12, 31), "2027年底前每个县（市、区）不少于3个"),
        (CoverageScope.TOTAL, 400, dt.date(2027, 12, 31), "2027年底前全省不少于400个"),
        (CoverageScope.NEW_PER_YEAR, 150, dt.date(2026, 12, 31), "2026年新建不少于150个"),
        (CoverageScope.NEW_PER_YEAR, 150, dt.date(2027, 12, 31), "2027年新建不少于150个"),
    ]:
        CoverageTarget.objects.update_or_create(
            region=shanxi, kind=StationKind.LABOUR_STATION, scope=scope, due=due,
            defaults={"minimum": minimum, "note": note, "owner": owner})
    stdout.write(f"Stations: {Station.objects.count()}, events: {Event.objects.count()}, "
                 f"coverage targets: {CoverageTarget.objects.count()}.")


def _event(station, title, description, service_code, starts_at, ends_at, recurrence, repeat_until, capacity):
    event = Event.objects.filter(station=station, title=title).first()
    fields = {"description": description, "service": ServiceItem.objects.get(code=service_code),
              "starts_at": starts_at, "ends_at": ends_at, "recurrence": recurrence, "repeat_until": repeat_until,
              "capacity": capacity}
    if event is None:
        return services.event_create(station=station, title=title, **fields)
    for key, value in fields.items():
        setattr(event, key, value)
    event.full_clean()
    event.save()
    return event
