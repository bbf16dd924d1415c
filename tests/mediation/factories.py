"""Factories and helpers for the mediation tests."""

from __future__ import annotations

from decimal import Decimal

import factory
from stdnum.cn import ric

from mediation import services
from mediation.choices import DisputeType, IntakeChannel, RespondentRole, TeamKind
from mediation.models import Team, TeamMember
from mediation.services import PartyData
from tests.unions.factories import EnterpriseFactory


def id_number(n: int = 1, region: str = "110101", birth: str = "19800101") -> str:
    """A fictional ID number with a correct GB 11643 check digit."""
    body = f"{region}{birth}{n % 1000:03d}"
    return body + ric.calc_check_digit(body + "0")


class TeamFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Team

    name = factory.Sequence(lambda n: f"劳动关系调解队{n}")
    kind = TeamKind.LABOUR_MEDIATION
    station_place = "达川区劳动关系公共服务站"


class MediatorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TeamMember

    team = factory.SubFactory(TeamFactory, owner=factory.SelfAttribute("..owner"))
    name = factory.Sequence(lambda n: f"调解员{n}")
    is_mediator = True
    email = factory.Sequence(lambda n: f"mediator{n}@example.org")


def open_case(owner, *, enterprise=None, n: int = 1, by=None, **overrides):
    """A wage-arrears case with an applicant, a worker, an employer and two claims."""
    enterprise = enterprise or EnterpriseFactory(owner=owner)
    options = {
        "owner": owner,
        "channel": IntakeChannel.WALK_IN,
        "dispute_type": DisputeType.WAGE_ARREARS,
        "facts": "拖欠三个月工资",
        "applicants": [PartyData(name=f"王师傅{n}", id_number=id_number(n), phone="13800138000")],
        "worker": None,
        "respondents": [(enterprise, RespondentRole.EMPLOYER)],
        "claims": [("工资", Decimal("12000.00")), ("经济补偿金", Decimal("3000.50"))],
        "station_place": "达川区劳动关系公共服务站",
        "by": by,
    }
    options.update(overrides)
    return services.case_open(**options)


def mediating_case(owner, **kwargs):
    case = open_case(owner, **kwargs)
    services.case_accept(case=case)
    mediator = MediatorFactory(owner=owner)
    return services.case_assign(case=case, team=mediator.team, mediators=[mediator])
