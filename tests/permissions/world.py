"""The data the permission matrix runs against, built once per test module.

The same organisation tree and personas as tests/conftest.py (national → 四川 → 达州 → {达川, 通川};
辽宁 → 沈阳), and for every model behind an API route or an admin page one row owned by 达川区
("own": visible to 达川, 达州 and their keys) and one owned by 沈阳 ("other": visible only to the
superuser and 沈阳's key). Where a model is public when published (stations, postings), the own
detail object is a private one (planned, draft), so public reads cannot hide a scoping gap; a
public row per organisation exists too, for the lists.

Every ID number and phone is fictional but valid (GB 11643 check digit), so masking is what keeps
it off a page, not a validator refusing it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.test import Client
from django.utils import timezone

from jobs import services as jobs_services
from jobs.choices import Occupation, PostingStatus
from jobs.models import (
    Bulletin,
    Employer,
    Enrolment,
    FairParticipation,
    JobFair,
    JobPosting,
    TrainingClass,
    TrainingCourse,
)
from mediation import services as mediation_services
from mediation.choices import ReferralTarget, RiskKind, RiskLevel, RiskSource
from mediation.models import Case, Risk
from model_workers import services as worker_services
from model_workers.models import BenefitCheck, CareService, ModelWorker, Visit
from stations import services as station_services
from stations.choices import CoverageScope, StationKind, StationStatus
from stations.models import CoverageTarget, Event, Facility, ServiceItem, Station, SubsidyRate
from tests.jobs.factories import make_posting, register_seeker
from tests.mediation.factories import MediatorFactory, id_number, open_case
from tests.model_workers.factories import ModelWorkerFactory, id_number_for
from tests.stations.factories import make_station
from tests.unions.factories import EnterpriseFactory
from unions import services as union_services
from unions.choices import OrganizationLevel, Role
from unions.models import Region, RevealLog, UnionOrganization

PERSONAS = [
    "anonymous", "partner_read", "partner_write", "other_partner",
    "city_staff", "district_staff", "neighbour_staff", "readonly_staff", "superuser",
]
KEY_PERSONAS = {"partner_read", "partner_write", "other_partner"}

ALL_READ = ["unions:read", "stations:read", "jobs:read", "mediation:read", "model_workers:read"]
ALL_WRITE = ["stations:write", "jobs:write", "mediation:write", "model_workers:write"]


@dataclass
class World:
    orgs: dict[str, UnionOrganization]
    users: dict[str, object] = field(default_factory=dict)   # persona → user (staff personas)
    keys: dict[str, str] = field(default_factory=dict)       # persona → full API key
    own: dict[type, object] = field(default_factory=dict)    # model → 达川's row (or the one row)
    other: dict[type, object] = field(default_factory=dict)  # model → 沈阳's row
    public: dict[type, list] = field(default_factory=dict)   # model → rows public by design
    secrets: list[str] = field(default_factory=list)         # raw ID numbers that must never show
    sessions: dict[str, str] = field(default_factory=dict)   # persona → session key (staff personas)
    personas: tuple = tuple(PERSONAS)
    clients: dict = field(default_factory=dict)              # "api"/"admin" → probe.Clients

    def user_for(self, persona):
        """What `visible_to()` is asked with for this persona (None: anonymous)."""
        if persona in self.keys:
            from unions.api.authentication import PartnerPrincipal
            from unions.models import ApiKey

            return PartnerPrincipal(ApiKey.objects.select_related("organization").get(
                prefix=self.keys[persona].partition(".")[0]))
        return self.users.get(persona)


def _organizations() -> dict[str, UnionOrganization]:
    def make(name, level, parent=None, code=None):
        region = Region.objects.get(code=code) if code else None
        return union_services.organization_create(name=name, level=level, parent=parent, region=region)

    national = make("中华全国总工会", OrganizationLevel.NATIONAL)
    sichuan = make("四川省总工会", OrganizationLevel.PROVINCIAL, national, "510000")
    dazhou = make("达州市总工会", OrganizationLevel.MUNICIPAL, sichuan, "511700")
    dachuan = make("达川区总工会", OrganizationLevel.COUNTY, dazhou, "511703")
    tongchuan = make("通川区总工会", OrganizationLevel.COUNTY, dazhou, "511702")
    liaoning = make("辽宁省总工会", OrganizationLevel.PROVINCIAL, national, "210000")
    shenyang = make("沈阳市总工会", OrganizationLevel.MUNICIPAL, liaoning, "210100")
    return {"national": national, "sichuan": sichuan, "dazhou": dazhou, "dachuan": dachuan,
            "tongchuan": tongchuan, "liaoning": liaoning, "shenyang": shenyang}


def _personas(world: World) -> None:
    users = get_user_model().objects

    def staff(username, organization, role):
        # No password: the matrix logs in with force_login, and hashing one costs half a second.
        user = users.create_user(username=username, password=None)
        union_services.membership_grant(user=user, organization=world.orgs[organization], role=role)
        return users.get(pk=user.pk)

    world.users = {
        "city_staff": staff("city", "dazhou", Role.ADMINISTRATOR),
        "district_staff": staff("district", "dachuan", Role.ADMINISTRATOR),
        "neighbour_staff": staff("neighbour", "tongchuan", Role.ADMINISTRATOR),
        "readonly_staff": staff("readonly", "dachuan", Role.READ_ONLY),
        "superuser": users.create_superuser(username="root", password=None),
    }
    for persona, user in world.users.items():
        # A session made once per module: each test's clients carry its cookie, no login per test.
        client = Client()
        client.force_login(user)
        world.sessions[persona] = client.cookies[settings.SESSION_COOKIE_NAME].value
    for persona, organization, scopes in [
        ("partner_read", "dachuan", ALL_READ),
        ("partner_write", "dachuan", [*ALL_READ, *ALL_WRITE]),
        ("other_partner", "shenyang", [*ALL_READ, *ALL_WRITE]),
    ]:
        _api_key, full_key = union_services.api_key_create(
            organization=world.orgs[organization], name=persona, scopes=scopes)
        world.keys[persona] = full_key


def _add(world: World, side: str, *objects) -> None:
    target = world.own if side == "own" else world.other
    for obj in objects:
        target.setdefault(type(obj), obj)


def _owned_rows(world: World, side: str, n: int) -> None:
    """One row of every owned model for 达川 (side "own", n=1) or 沈阳 (side "other", n=2)."""
    owner = world.orgs["dachuan" if side == "own" else "shenyang"]
    county = "511703" if side == "own" else "210102"
    lat, lng = ("31.196", "107.511") if side == "own" else ("41.80", "123.43")
    place = {"region_code": county, "lat": lat, "lng": lng}
    today = timezone.localdate()
    user = world.users["district_staff" if side == "own" else "superuser"]

    # stations: a private (planned) station for detail routes, an open one for the public lists.
    private = make_station(owner, name=f"规划驿站{n}", status=StationStatus.PLANNED, **place)
    public = make_station(owner, name=f"开放驿站{n}", kind=StationKind.LABOUR_STATION, **place)
    start = timezone.now() + dt.timedelta(days=7)
    event = station_services.event_create(station=public, title=f"达工影院{n}", starts_at=start,
                                          ends_at=start + dt.timedelta(hours=2), capacity=20)
    feedback = station_services.feedback_submit(station=public, rating=4, category="facilities",
                                                text="饮水机坏了", contact="13800000000")
    evaluation = station_services.evaluation_record(
        station=public, visited_on=today, inspectors="第一巡回督查队",
        scores={"facilities": 95, "opening": 95, "services": 90, "use": 90, "management": 90, "visibility": 90})
    target = CoverageTarget.objects.create(owner=owner, region=Region.objects.get(code=county),
                                           kind=StationKind.POST_STATION, scope=CoverageScope.TOTAL,
                                           minimum=3, due=dt.date(2027, 12, 31))
    _add(world, side, private, event, feedback, evaluation, target)
    world.public.setdefault(Station, []).append(public)

    # jobs
    employer = jobs_services.employer_create(
        owner=owner, name=f"示范物流{n}有限公司", credit_code=_credit_code(900 + n, county),
        contact_name="刘经理", contact_phone="13800001111")
    visit = jobs_services.verification_record(employer=employer, visited_on=today, working_conditions="整洁",
                                              pay_findings="按月发放", result="verified", by=user)
    draft = make_posting(owner=owner, employer=employer, status=PostingStatus.DRAFT, title=f"草稿岗位{n}",
                         region=Region.objects.get(code=county))
    published = make_posting(owner=owner, employer=employer, title=f"外卖骑手{n}",
                             region=Region.objects.get(code=county))
    world.public.setdefault(JobPosting, []).append(published)
    bulletin = Bulletin.objects.create(owner=owner, year=today.year, number=n, title="招聘信息", issued_on=today)
    fair = JobFair.objects.create(owner=owner, name=f"专场招聘会{n}", starts_at=start, ends_at=start + dt.timedelta(hours=3),
                                  venue="工人文化宫", organiser=owner.name)
    FairParticipation.objects.create(fair=fair, employer=employer, positions=5)
    course = TrainingCourse.objects.create(owner=owner, title=f"养老护理员订单班{n}", employer=employer,
                                           occupation=Occupation.ELDER_CARE, demand=40)
    training_class = TrainingClass.objects.create(course=course, name="第一期", seats=30, starts_on=today,
                                                  ends_on=today + dt.timedelta(days=20))
    intention = register_seeker(name=f"求职者{n}", phone=f"1371234567{n}", region=Region.objects.get(code=county))
    seeker = intention.seeker
    enrolment = Enrolment.objects.create(training_class=training_class, seeker=seeker)
    match = intention.matches.first()
    _add(world, side, employer, visit, draft, bulletin, fair, course, training_class, seeker, intention, enrolment)
    if match is not None:
        _add(world, side, match)

    # mediation: one case in mediation with an agreement, one referred (for the referral routes).
    enterprise = EnterpriseFactory(owner=owner, credit_code=_credit_code(800 + n, county))
    mediator = MediatorFactory(owner=owner)
    applicant_id = id_number(n)
    case = open_case(owner, enterprise=enterprise, n=n,
                     applicants=[mediation_services.PartyData(name=f"王师傅{n}", id_number=applicant_id,
                                                              phone="13800138000")])
    mediation_services.case_accept(case=case)
    mediation_services.case_assign(case=case, team=mediator.team, mediators=[mediator])
    agreement = mediation_services.case_record_agreement(case=case, signed_on=today, total_amount=Decimal("1000"),
                                                         terms="一次性支付")
    referred_id = id_number(n + 10)
    referred = open_case(owner, enterprise=enterprise, n=n + 10,
                         applicants=[mediation_services.PartyData(name=f"李师傅{n}", id_number=referred_id,
                                                                  phone="13800138001")])
    mediation_services.case_accept(case=referred)
    referral = mediation_services.case_refer(case=referred, target=ReferralTarget.ARBITRATION, institution="劳动仲裁委")
    risk = mediation_services.risk_record(owner=owner, enterprise=enterprise, kind=RiskKind.WAGE_ARREARS,
                                          level=RiskLevel.HIGH, source=RiskSource.VISIT, description="拖欠工资迹象")
    world.secrets += [applicant_id, referred_id]
    _add(world, side, enterprise, Case.objects.get(pk=case.pk), agreement, mediator.team, mediator, referral, risk)

    # model workers
    birth = dt.date(1940, 3, 15)
    worker_id = id_number_for(birth, 100 + n)
    worker = ModelWorkerFactory(owner=owner, name=f"老劳模{n}", birth_date=birth, id_number=worker_id,
                                phone=f"1390000000{n}")
    event = worker_services.event_record(worker=worker, kind="hospital_admission", occurred_on=today)
    order = worker_services.care_order_create(worker=worker, service=CareService.objects.order_by("pk").first(),
                                              scheduled_on=today)
    worker_services.benefit_check_prepare(worker=worker, year=today.year)
    world.secrets.append(worker_id)
    _add(world, side, worker, event, Visit.objects.filter(worker=worker).order_by("pk").first(), order,
         BenefitCheck.objects.filter(worker=worker).first())


def _credit_code(n: int, region: str) -> str:
    from tests.unions.factories import valid_credit_code

    return valid_credit_code(n, region)


def build() -> World:
    world = World(orgs=_organizations())
    _personas(world)
    _owned_rows(world, "own", 1)
    _owned_rows(world, "other", 2)
    # Rows owned by no organisation: reference data and records of the site itself. The station
    # catalogues come from a data migration, which a transactional test's flush may have emptied.
    from stations.catalogue import seed_catalogues

    if not Facility.objects.exists() or not ServiceItem.objects.exists():
        seed_catalogues(Facility, ServiceItem)
    superuser = world.users["superuser"]
    for obj in (
        Region.objects.get(code="511703"), Facility.objects.order_by("pk").first(),
        ServiceItem.objects.order_by("pk").first(), CareService.objects.order_by("pk").first(),
        SubsidyRate.objects.create(kind=StationKind.POST_STATION, stars=5, construction_yuan=Decimal("50000.00"),
                                   operations_yuan=Decimal("20000.00")),
        Group.objects.get(name=Role.READ_ONLY.value),
    ):
        world.own[type(obj)] = obj
    world.own[UnionOrganization] = world.orgs["dachuan"]
    world.other[UnionOrganization] = world.orgs["shenyang"]
    world.own[get_user_model()] = world.users["readonly_staff"]
    from unions.models import ApiKey

    world.own[ApiKey] = ApiKey.objects.get(organization=world.orgs["dachuan"], name="partner_read")
    world.other[ApiKey] = ApiKey.objects.get(organization=world.orgs["shenyang"])
    world.own[RevealLog] = RevealLog.objects.create(user=superuser, object_id="1", fields=["id_number"],
                                                    content_type_id=_content_type(ModelWorker))
    for model in (Station, JobPosting, Employer, Risk, Event):
        assert model in world.own, model
    return world


def _content_type(model) -> int:
    from django.contrib.contenttypes.models import ContentType

    return ContentType.objects.get_for_model(model).pk
