"""Demo data of the jobs app: the 招聘加油站 of 达川区总工会 as the news reports describe it.

Delivery riders 200, sewing-machine operators 10, property security 20 (and elder carers) from
the demo enterprises; bulletin issue 10 (22 pages so far this year); a job fair for new-form
workers (1,200+ employers, 3,000+ positions); the order-based elder-care course (2 classes, 65
placed); job seekers with their intentions and matches. Idempotent: rows are found by natural keys.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta
from decimal import Decimal

from django.utils import timezone

from jobs import services
from jobs.choices import (
    AgeBand,
    Benefit,
    Education,
    EmploymentForm,
    EnrolmentStatus,
    MatchStatus,
    Occupation,
    PayUnit,
    PostingStatus,
    PriorityGroup,
    SeekerSource,
    VerificationResult,
)
from jobs.models import (
    Bulletin,
    BulletinPage,
    Employer,
    Enrolment,
    FairParticipation,
    JobFair,
    JobPosting,
    JobSeeker,
    Match,
    TrainingClass,
    TrainingCourse,
    TrainingSession,
)
from unions.models import Enterprise, Region, UnionOrganization

# (enterprise, hiring contact, phone, visit findings on conditions, on pay)
EMPLOYERS = [
    (
        "达州市达川区速达配送服务有限公司",
        "周志强",
        "13908181234",
        "骑手休息点配有饮水、充电和急救箱；电动车定期检修。",
        "按单计酬，每月10日前足额发放，有工资流水。",
    ),
    (
        "达州市锦程服饰有限公司",
        "何丽",
        "13881806789",
        "车间通风照明良好，每天工作不超过9小时。",
        "计件工资按月结清，未发现拖欠。",
    ),
    (
        "达州安居物业服务有限公司",
        "唐建军",
        "0818-5236688",
        "排班表公示，夜班有补贴，配发防寒服。",
        "工资不低于达州市最低工资标准，已缴纳五险。",
    ),
    (
        "达州康颐养老服务有限公司",
        "邓秀梅",
        "13518186655",
        "护理员两班倒，提供员工宿舍和工作餐。",
        "签订劳动合同，工资按月发放。",
    ),
]

# (enterprise, title, occupation, headcount, pay min, max, unit, form, age, education, skills, benefits,
#  hours, address, priority groups, description)
POSTINGS = [
    (
        "达州市达川区速达配送服务有限公司",
        "外卖骑手",
        Occupation.DELIVERY,
        200,
        "5000",
        "9000",
        PayUnit.MONTH,
        EmploymentForm.PLATFORM,
        (18, 55),
        Education.NONE,
        "会骑电动车，熟悉达川城区道路",
        [Benefit.SOCIAL_INSURANCE, Benefit.MEALS],
        "全职或兼职，可自选时段",
        "达州市达川区河市镇金河大道66号",
        [PriorityGroup.NEW_FORM, PriorityGroup.MIGRANT, PriorityGroup.UNEMPLOYED],
        "负责达川城区外卖配送。多劳多得，站点提供电动车租赁、换电和工会驿站休息点。",
    ),
    (
        "达州市锦程服饰有限公司",
        "针车工",
        Occupation.SEWING,
        10,
        "4000",
        "6500",
        PayUnit.MONTH,
        EmploymentForm.FULL_TIME,
        (18, 50),
        Education.NONE,
        "会操作平车、高车者优先，新手可带薪培训",
        [Benefit.SOCIAL_INSURANCE, Benefit.MEALS, Benefit.HOUSING],
        "8:00–12:00，13:30–18:00，月休4天",
        "达州市达川区三里坪工业园区8号",
        [PriorityGroup.MIGRANT, PriorityGroup.AGE_4050],
        "服装生产线针车工，计件工资，熟手月入6000元以上。包住宿，工作餐每餐补贴。",
    ),
    (
        "达州安居物业服务有限公司",
        "物业保安",
        Occupation.SECURITY,
        20,
        "2800",
        "3500",
        PayUnit.MONTH,
        EmploymentForm.FULL_TIME,
        (20, 58),
        Education.JUNIOR,
        "身体健康，有责任心，退役军人优先",
        [Benefit.SOCIAL_INSURANCE, Benefit.MEALS],
        "三班倒，每班8小时",
        "达州市达川区南外镇长田路32号",
        [PriorityGroup.AGE_4050, PriorityGroup.UNEMPLOYED],
        "小区门岗、巡逻和车辆引导。持保安员证者优先，公司可协助办理。",
    ),
    (
        "达州康颐养老服务有限公司",
        "养老护理员",
        Occupation.ELDER_CARE,
        30,
        "3500",
        "5000",
        PayUnit.MONTH,
        EmploymentForm.FULL_TIME,
        (18, 55),
        Education.JUNIOR,
        "有耐心，持养老护理员证优先（可参加工会订单班）",
        [Benefit.SOCIAL_INSURANCE, Benefit.MEALS, Benefit.HOUSING],
        "两班倒",
        "达州市达川区翠屏路15号",
        [PriorityGroup.AGE_4050, PriorityGroup.UNEMPLOYED, PriorityGroup.GRADUATE],
        "照护院内老人起居、饮食和康复活动。完成工会订单式培训的学员直接上岗。",
    ),
]

# (name, phone, age band, priority group, education, wanted, region, minimum pay, availability, skills, follow-up)
SEEKERS = [
    (
        "张伟",
        "13981801001",
        AgeBand.BAND_25,
        PriorityGroup.NEW_FORM,
        Education.SENIOR,
        [Occupation.DELIVERY],
        "511703",
        "6000",
        "now",
        "有电动车，跑过一年众包",
        MatchStatus.HIRED,
    ),
    (
        "李秀英",
        "13981801002",
        AgeBand.BAND_45,
        PriorityGroup.AGE_4050,
        Education.JUNIOR,
        [Occupation.SECURITY, Occupation.CLEANING],
        "511703",
        "2800",
        "week",
        "",
        MatchStatus.CONTACTED,
    ),
    (
        "王芳",
        "13981801003",
        AgeBand.BAND_35,
        PriorityGroup.MIGRANT,
        Education.JUNIOR,
        [Occupation.SEWING],
        "511703",
        "4500",
        "now",
        "在广东做过五年平车",
        MatchStatus.INTERVIEWED,
    ),
    (
        "刘洋",
        "13981801004",
        AgeBand.BAND_16,
        PriorityGroup.GRADUATE,
        Education.COLLEGE,
        [Occupation.ELDER_CARE, Occupation.OFFICE],
        "511702",
        "3500",
        "month",
        "护理专业应届毕业生",
        None,
    ),
    (
        "陈建国",
        "13981801005",
        AgeBand.BAND_55,
        PriorityGroup.UNEMPLOYED,
        Education.PRIMARY,
        [Occupation.SECURITY],
        "511703",
        None,
        "now",
        "",
        None,
    ),
    (
        "赵小兵",
        "13981801006",
        AgeBand.BAND_25,
        PriorityGroup.MIGRANT,
        Education.JUNIOR,
        [Occupation.DELIVERY, Occupation.DRIVING],
        "511702",
        "5000",
        "now",
        "C1驾照",
        None,
    ),
]

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
GIVEN = [
    "秀兰",
    "桂英",
    "玉梅",
    "建华",
    "春燕",
    "红梅",
    "丽娟",
    "志刚",
    "晓燕",
    "德明",
    "素芬",
    "凤英",
    "国庆",
    "海燕",
    "淑珍",
]


def _posting_status(posting: JobPosting) -> None:
    if posting.status == PostingStatus.DRAFT:
        services.posting_submit(posting=posting)
        services.posting_publish(posting=posting, comment="已实地核查，信息属实。")


def seed(stdout) -> None:
    today = timezone.localdate()
    dachuan = UnionOrganization.objects.get(name="达川区总工会")
    dazhou = UnionOrganization.objects.get(name="达州市总工会")
    region = Region.objects.get(code="511703")

    employers = {}
    for name, contact, phone, conditions, pay in EMPLOYERS:
        enterprise = Enterprise.objects.get(name=name)
        employer = Employer.objects.filter(enterprise=enterprise).first()
        if employer is None:
            employer = services.employer_create(
                owner=dachuan,
                name=name,
                credit_code=enterprise.credit_code,
                contact_name=contact,
                contact_phone=phone,
            )
        if not employer.visits.exists():
            services.verification_record(
                employer=employer,
                visited_on=today - timedelta(days=20),
                working_conditions=conditions,
                pay_findings=pay,
                result=VerificationResult.VERIFIED,
            )
        employers[name] = employer

    postings = []
    for name, title, occupation, headcount, pay_min, pay_max, unit, form, (
        age_min,
        age_max,
    ), education, skills, benefits, hours, address, groups, description in POSTINGS:
        employer = employers[name]
        posting = JobPosting.objects.filter(employer=employer, title=title).first()
        values = {
            "occupation": occupation,
            "headcount": headcount,
            "pay_min": Decimal(pay_min),
            "pay_max": Decimal(pay_max),
            "pay_unit": unit,
            "employment_form": form,
            "age_min": age_min,
            "age_max": age_max,
            "education": education,
            "skills": skills,
            "benefits": benefits,
            "hours": hours,
            "region": region,
            "address": address,
            "priority_groups": groups,
            "description": description,
            "contact_name": employer.contact_name,
            "contact_phone": employer.contact_phone,
        }
        if posting is None:
            posting = services.posting_create(
                owner=dachuan,
                employer=employer,
                title=title,
                valid_from=today - timedelta(days=10),
                valid_through=today + timedelta(days=80),
                **values,
            )
        elif posting.status in (PostingStatus.DRAFT, PostingStatus.PUBLISHED, PostingStatus.IN_REVIEW):
            services.posting_update(posting=posting, **values)
        _posting_status(posting)
        postings.append(posting)

    # Ten issues of the bulletin this year, 22 pages in all; issue 10 carries the postings above.
    pages_per_issue = [2, 2, 2, 2, 2, 2, 2, 3, 3, 2]
    for number, pages in enumerate(pages_per_issue, start=1):
        bulletin, _created = Bulletin.objects.update_or_create(
            owner=dachuan,
            year=today.year,
            number=number,
            defaults={"title": "达川区总工会招聘信息", "issued_on": today - timedelta(days=(10 - number) * 30 + 3)},
        )
        for page_number in range(1, pages + 1):
            BulletinPage.objects.update_or_create(
                bulletin=bulletin,
                number=page_number,
                defaults={"heading": ["服务业岗位", "制造业岗位", "公益性岗位"][page_number - 1]},
            )
        if number == 10:
            first, second = bulletin.pages.order_by("number")[:2]
            first.postings.set([postings[0], postings[2]])
            second.postings.set([postings[1], postings[3]])

    fair_start = timezone.make_aware(datetime.combine(today + timedelta(days=12), time(9, 0)))
    fair, _created = JobFair.objects.update_or_create(
        owner=dazhou,
        name="“就业暖心·工会助航”新就业形态劳动者专场招聘会",
        defaults={
            "starts_at": fair_start,
            "ends_at": fair_start + timedelta(hours=3, minutes=30),
            "venue": "达州市达川区工人文化宫广场（通州大道297号）",
            "region": region,
            "organiser": "达州市总工会、达川区总工会",
            "target_groups": [PriorityGroup.NEW_FORM, PriorityGroup.MIGRANT, PriorityGroup.GRADUATE],
            "description": "面向快递员、外卖骑手、网约车司机等新就业形态劳动者，现场提供岗位对接、政策咨询和工会入会服务。",
            "employers_reported": 1200,
            "positions_reported": 2800,
            "visitors": 4600,
            "intentions_reached": 860,
        },
    )
    for posting in postings:
        participation, _created = FairParticipation.objects.update_or_create(
            fair=fair,
            employer=posting.employer,
            defaults={"positions": posting.headcount},
        )
        participation.postings.set([posting])

    elder_employer = employers["达州康颐养老服务有限公司"]
    course, _created = TrainingCourse.objects.update_or_create(
        owner=dachuan,
        title="养老护理员订单式培训班",
        defaults={
            "employer": elder_employer,
            "occupation": Occupation.ELDER_CARE,
            "demand": 70,
            "description": "工会与达州康颐养老服务有限公司签订用工订单，免费培训养老护理技能，结业考核合格即上岗。",
        },
    )
    seeker_number = 0
    placed_total = 0
    for name, start_offset, trainees, placed in [("第一期", 120, 35, 33), ("第二期", 60, 34, 32)]:
        starts_on = today - timedelta(days=start_offset)
        training_class, _created = TrainingClass.objects.update_or_create(
            course=course,
            name=name,
            defaults={
                "seats": 35,
                "starts_on": starts_on,
                "ends_on": starts_on + timedelta(days=20),
                "venue": "达川区职工服务中心培训教室",
            },
        )
        for day, topic in enumerate(["老年人生活照料", "基础护理与安全防护", "康复护理与心理慰藉", "结业考核"]):
            TrainingSession.objects.update_or_create(
                training_class=training_class,
                topic=topic,
                defaults={
                    "starts_at": timezone.make_aware(datetime.combine(starts_on + timedelta(days=day * 6), time(9)))
                },
            )
        for index in range(trainees):
            seeker_number += 1
            name_ = SURNAMES[seeker_number % len(SURNAMES)] + GIVEN[seeker_number % len(GIVEN)]
            phone = f"1398180{2000 + seeker_number:04d}"
            seeker = JobSeeker.objects.filter(phone=phone).first()
            if seeker is None:
                seeker = services.seeker_register(
                    name=name_,
                    phone=phone,
                    age_band=AgeBand.BAND_45 if index % 2 else AgeBand.BAND_35,
                    consent=True,
                    region=region,
                    occupations=[Occupation.ELDER_CARE],
                    priority_group=PriorityGroup.AGE_4050 if index % 2 else PriorityGroup.UNEMPLOYED,
                    source=SeekerSource.STATION,
                    owner=dachuan,
                ).seeker
            enrolment = Enrolment.objects.filter(training_class=training_class, seeker=seeker).first()
            if enrolment is None:
                enrolment = services.enrolment_add(training_class=training_class, seeker=seeker)
            if enrolment.status == EnrolmentStatus.ENROLLED:
                services.enrolment_complete(enrolment=enrolment, on=training_class.ends_on)
            if index < placed and enrolment.placed_on is None:
                services.enrolment_place(enrolment=enrolment, on=training_class.ends_on + timedelta(days=3))
            placed_total += 1 if index < placed else 0

    for (
        name,
        phone,
        age_band,
        group,
        education,
        wanted,
        region_code,
        min_pay,
        availability,
        skills,
        follow_up,
    ) in SEEKERS:
        seeker = JobSeeker.objects.filter(phone=phone).first()
        if seeker is None:
            seeker = services.seeker_register(
                name=name,
                phone=phone,
                age_band=age_band,
                consent=True,
                region=Region.objects.get(code=region_code),
                occupations=wanted,
                priority_group=group,
                education=education,
                min_monthly_pay=Decimal(min_pay) if min_pay else None,
                availability=availability,
                skills=skills,
                source=SeekerSource.ONLINE,
            ).seeker
        match = Match.objects.filter(intention__seeker=seeker).order_by("-score").first()
        if follow_up and match is not None and match.status == MatchStatus.SUGGESTED:
            path = [MatchStatus.CONTACTED, MatchStatus.INTERVIEWED, MatchStatus.HIRED]
            for step in path[: path.index(follow_up) + 1]:
                match = services.match_advance(match=match, to=step, note="工会就业专干电话对接")

    # Demo matches are not news to the demo staff: no pile of notification e-mails on `make run`.
    Match.objects.filter(notified_at__isnull=True).update(notified_at=timezone.now())
    stdout.write(
        f"Jobs: {len(postings)} postings, {len(pages_per_issue)} bulletin issues ({sum(pages_per_issue)} pages), "
        f"1 fair, 1 course ({placed_total} placed), {Match.objects.count()} matches."
    )
