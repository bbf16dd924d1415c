"""Factories for the foundation's models."""

import factory
from stdnum.cn import uscc

from unions.models import Enterprise


def valid_credit_code(n: int, region: str = "511703") -> str:
    body = f"91{region}MA{n:07d}"
    return body + uscc.calc_check_digit(body)


class EnterpriseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Enterprise

    name = factory.Sequence(lambda n: f"达州市示范企业{n}有限公司")
    credit_code = factory.Sequence(valid_credit_code)
    industry = "制造业"
