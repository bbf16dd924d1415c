"""Demo data of mediation: the 嘉峰镇 labour-relations station's five teams (沁水县总工会's
"树理公惠" brand) and the work-injury death case the news report tells, settled at ¥1,300,000.00;
plus a few cases in other states so the dashboard and the deadline list have something to show.

Idempotent: teams and members are found by name; a case is created once (found by its applicant
and dispute type) and then left alone. ID numbers are fictional (they only pass the check digit).
"""

from __future__ import annotations

from datetime import datetime, time, timedelta
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.utils import timezone

from mediation import services
from mediation.choices import (
    CaseStatus,
    DisputeType,
    IntakeChannel,
    MemberKind,
    RespondentRole,
    RiskKind,
    RiskLevel,
    RiskSource,
    TeamKind,
)
from mediation.models import Case, Risk, Team, TeamMember
from mediation.services import PartyData
from unions.models import Enterprise, UnionOrganization

STATION = "沁水县嘉峰镇劳动关系公共服务站"
MEDIATION_TEAM = "树理劳动关系调解队"

# (team, kind, description, [(member, kind, username, qualifications, is_mediator)])
TEAMS = [
    ("普法宣传队", TeamKind.LEGAL_PUBLICITY, "进企业、进工地宣讲劳动合同法、工伤保险条例。", [
        ("王秀兰", MemberKind.VOLUNTEER, None, "退休教师，普法志愿者", False),
    ]),
    (MEDIATION_TEAM, TeamKind.LABOUR_MEDIATION,
     "运用“赵树理调解”工作法：上土炕说土理、用土办法解决土事情。", [
         ("刘树理", MemberKind.STAFF, "jiafeng", "劳动争议调解员", True),
         ("张建国", MemberKind.STAFF, "qinshui", "劳动关系协调员、劳动争议调解员", True),
         ("赵德明", MemberKind.VOLUNTEER, None, "退休法官，人民调解员", True),
     ]),
    ("集体协商指导队", TeamKind.BARGAINING, "指导企业开展工资集体协商。", [
        ("李红梅", MemberKind.STAFF, None, "集体协商指导员", False),
    ]),
    ("健康指导队", TeamKind.HEALTH, "职业健康宣传、心理疏导。", [
        ("陈静", MemberKind.VOLUNTEER, None, "心理咨询师", False),
    ]),
    ("职工维权律师队", TeamKind.LAWYERS, "为职工提供法律咨询和代理。", [
        ("郭志强", MemberKind.VOLUNTEER, None, "律师（山西某律师事务所）", True),
    ]),
]


def _team_members(owner: UnionOrganization) -> dict[str, TeamMember]:
    users = {user.username: user for user in get_user_model().objects.filter(username__in=["jiafeng", "qinshui"])}
    members = {}
    for name, kind, description, people in TEAMS:
        team, _created = Team.objects.update_or_create(
            owner=owner, name=name,
            defaults={"kind": kind, "station_place": STATION, "description": description},
        )
        for person, member_kind, username, qualifications, is_mediator in people:
            user = users.get(username)
            member, _created = TeamMember.objects.update_or_create(
                team=team, name=person,
                defaults={"owner": owner, "kind": member_kind, "user": user, "qualifications": qualifications,
                          "is_mediator": is_mediator, "email": user.email if user else ""},
            )
            members[person] = member
    return members


def _station(owner):
    """The stations app's 嘉峰镇 labour-relations station, when its demo data is loaded."""
    from stations.models import Station

    return Station.objects.filter(owner=owner, kind="labour_station", name__startswith="嘉峰镇").first()


def _at(day, hour):
    return timezone.make_aware(datetime.combine(day, time(hour)))


def _death_case(owner, members, agency, employer) -> Case | None:
    if Case.objects.filter(owner=owner, dispute_type=DisputeType.WORK_INJURY_DEATH,
                           parties__name="张长鱼").exists():
        return None
    risk = services.risk_record(
        owner=owner, enterprise=employer, kind=RiskKind.NO_INJURY_INSURANCE, level=RiskLevel.HIGH,
        source=RiskSource.VISIT, reported_on=timezone.localdate() - timedelta(days=165),
        description="走访发现企业使用的劳务派遣人员未全部缴纳工伤保险。",
    )
    received = timezone.localdate() - timedelta(days=150)
    case = services.case_open(
        owner=owner, channel=IntakeChannel.WALK_IN, dispute_type=DisputeType.WORK_INJURY_DEATH,
        station_place=STATION, handling_station=_station(owner), received_on=received, risk=risk,
        facts=("晋城市聚合通人力资源有限公司劳务派遣工张占宏在参加企业活动时突然因病去世。企业没有为张占宏"
               "缴纳工伤保险，家属与企业未就赔偿问题达成一致意见。张占宏父亲张长鱼到嘉峰劳动关系公共服务站"
               "申请调解。"),
        applicants=[PartyData(name="张长鱼", relation="父亲", id_number="140521198503120319",
                              phone="13934560781")],
        worker=PartyData(name="张占宏", id_number="140521200505200136"),
        respondents=[(agency, RespondentRole.DISPATCH_AGENCY), (employer, RespondentRole.EMPLOYER)],
        claims=[("一次性工亡补助金", Decimal("1036420.00")), ("丧葬补助金", Decimal("45000.00")),
                ("供养亲属抚恤金", Decimal("300000.00"))],
    )
    services.case_accept(case=case, accepted_on=received)
    team = members["刘树理"].team
    services.case_assign(case=case, team=team, mediators=[members["刘树理"], members["张建国"]])
    for offset, notes in [
        (3, "分别听取家属和企业意见；说明工伤认定及未参保时由用人单位按工伤保险待遇标准支付的规定。"),
        (7, "“上土炕说土理”：到张长鱼家中座谈，请村干部、老党员参与，稳定家属情绪。"),
        (12, "三方面对面协商，企业同意承担工伤抚恤金和赔偿金，分两期支付。"),
    ]:
        services.session_record(case=case, held_at=_at(received + timedelta(days=offset), 9), place=STATION,
                                participants="张长鱼及家属、聚合通公司代表、用工企业代表、刘树理、张建国",
                                notes=notes)
    signed = received + timedelta(days=13)
    agreement = services.case_record_agreement(
        case=case, signed_on=signed, total_amount=Decimal("1300000.00"),
        terms="用人单位一次性支付工伤抚恤金和赔偿金共计人民币壹佰叁拾万元整，分两期支付。",
        instalments=[(signed + timedelta(days=5), Decimal("800000.00")),
                     (signed + timedelta(days=35), Decimal("500000.00"))],
    )
    for instalment in agreement.instalments.order_by("due_on"):
        services.instalment_record_payment(instalment=instalment, amount=instalment.amount,
                                           paid_on=instalment.due_on)
    services.risk_follow_up(risk=risk, note="企业已为全部派遣人员补缴工伤保险。", resolved=True)
    return services.case_close(case=case, note="协议已全部履行。")


def _other_cases(owner, members, employer):
    today = timezone.localdate()
    if not Case.objects.filter(owner=owner, parties__name="王建军").exists():
        case = services.case_open(
            owner=owner, channel=IntakeChannel.HOTLINE, handling_station=_station(owner),
            dispute_type=DisputeType.WAGE_ARREARS,
            station_place=STATION, received_on=today - timedelta(days=13),
            facts="煤矿外包工程队拖欠 6 名工人两个月工资。",
            applicants=[PartyData(name="王建军", id_number="140521199007080228", phone="13803561234")],
            respondents=[(employer, RespondentRole.EMPLOYER)],
            claims=[("拖欠工资（6 人两个月）", Decimal("86400.00"))],
        )
        services.case_accept(case=case, accepted_on=today - timedelta(days=13))
        services.case_assign(case=case, team=members["刘树理"].team, mediators=[members["赵德明"], members["刘树理"]])
    if not Case.objects.filter(owner=owner, parties__name="李春生").exists():
        case = services.case_open(
            owner=owner, channel=IntakeChannel.WALK_IN, dispute_type=DisputeType.CONTRACT,
            handling_station=_station(owner),
            station_place=STATION, received_on=today - timedelta(days=2),
            facts="未签订书面劳动合同即被辞退。",
            applicants=[PartyData(name="李春生", id_number="140521198702110455", phone="15935601122")],
            respondents=[(employer, RespondentRole.EMPLOYER)],
            claims=[("未签劳动合同二倍工资差额", Decimal("24000.00")), ("经济补偿金", Decimal("4000.00"))],
        )
    if not Case.objects.filter(owner=owner, channel=IntakeChannel.ONLINE).exists():
        services.case_apply_online(applicant_name="赵小燕", applicant_phone="18835609876",
                                   dispute_type=DisputeType.SOCIAL_INSURANCE,
                                   facts="公司两年没有给我交社保。", consent=True, organization=owner)
    if not Risk.objects.filter(owner=owner, kind=RiskKind.WAGE_ARREARS).exists():
        services.risk_record(owner=owner, enterprise=employer, kind=RiskKind.WAGE_ARREARS, level=RiskLevel.MEDIUM,
                             source=RiskSource.GRID, description="网格员反映外包工程队工资连续两月推迟发放。")


def seed(stdout) -> None:
    owner = UnionOrganization.objects.get(name="嘉峰镇工会")
    agency = Enterprise.objects.get(name="晋城市聚合通人力资源有限公司")
    employer = Enterprise.objects.get(name="山西沁和嘉峰能源有限公司")
    members = _team_members(owner)
    _death_case(owner, members, agency, employer)
    _other_cases(owner, members, employer)
    station = _station(owner)
    if station is not None:
        # Cases seeded before the stations app had its demo station get it now.
        Case.objects.filter(owner=owner, handling_station__isnull=True).exclude(
            channel=IntakeChannel.ONLINE).update(handling_station=station)
    cases = Case.objects.filter(owner=owner)
    stdout.write(
        f"Mediation: {Team.objects.filter(owner=owner).count()} teams, {cases.count()} cases "
        f"({cases.filter(status=CaseStatus.CLOSED).count()} closed)."
    )
