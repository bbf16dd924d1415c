"""The demo: 嘉峰镇's five teams and the work-injury death case settled at ¥1,300,000.00."""

import io
from decimal import Decimal

import pytest

from mediation import demo
from mediation.choices import CaseStatus, FulfilmentStatus, RespondentRole
from mediation.models import Case, Team
from unions import demo as union_demo

pytestmark = pytest.mark.django_db


def test_demo_is_idempotent_and_holds_the_death_case():
    union_demo.seed(io.StringIO())
    demo.seed(io.StringIO())
    demo.seed(io.StringIO())
    assert sorted(Team.objects.values_list("name", flat=True)) == sorted(
        ["普法宣传队", "树理劳动关系调解队", "集体协商指导队", "健康指导队", "职工维权律师队"])
    case = Case.objects.get(dispute_type="work_injury_death")
    assert case.status == CaseStatus.CLOSED
    assert case.agreement.total_amount == Decimal("1300000.00")
    assert case.agreement.fulfilment == FulfilmentStatus.PAID
    applicant = case.parties.get(role="applicant")
    assert (applicant.name, applicant.relation) == ("张长鱼", "父亲")
    assert case.respondents.get(role=RespondentRole.DISPATCH_AGENCY).enterprise.name == "晋城市聚合通人力资源有限公司"
    assert {m.user.username for m in case.mediators.all()} == {"jiafeng", "qinshui"}
    assert case.deadline >= case.agreement.signed_on  # settled inside the 15 days
    assert Case.objects.count() == 4
