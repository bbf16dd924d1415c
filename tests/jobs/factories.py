"""Factories for the jobs app. Postings go through the service so their search index is built."""

from datetime import timedelta
from decimal import Decimal

import factory
from django.utils import timezone

from jobs import services
from jobs.choices import AgeBand, EmploymentForm, Occupation, PayUnit, PostingStatus, VerificationResult
from jobs.models import Employer, JobPosting
from tests.unions.factories import EnterpriseFactory
from unions.models import Region


class EmployerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Employer

    enterprise = factory.SubFactory(EnterpriseFactory, owner=factory.SelfAttribute("..owner"))
    contact_name = "刘经理"
    contact_phone = "13800001111"
    verification = VerificationResult.VERIFIED


def make_posting(*, owner, employer=None, status=PostingStatus.PUBLISHED, **fields) -> JobPosting:
    """A posting made by posting_create; `status` is then set directly (tests of the workflow call services)."""
    employer = employer or EmployerFactory(owner=owner)
    values = {
        "title": "外卖骑手",
        "occupation": Occupation.DELIVERY,
        "description": "负责达川城区外卖配送，多劳多得。",
        "headcount": 10,
        "pay_min": Decimal("5000"),
        "pay_max": Decimal("8000"),
        "pay_unit": PayUnit.MONTH,
        "employment_form": EmploymentForm.PLATFORM,
        "region": Region.objects.get(code="511703"),
        "address": "达州市达川区通州大道1号",
        "contact_name": "王站长",
        "contact_phone": "13900002222",
        "valid_through": timezone.localdate() + timedelta(days=30),
    }
    values.update(fields)
    posting = services.posting_create(owner=owner, employer=employer, **values)
    if status != PostingStatus.DRAFT:
        JobPosting.objects.filter(pk=posting.pk).update(status=status, published_at=timezone.now())
        posting.refresh_from_db()
    return posting


def register_seeker(**fields):
    values = {
        "name": "张三",
        "phone": "13712345678",
        "age_band": AgeBand.BAND_25,
        "consent": True,
        "region": Region.objects.get(code="511703"),
        "occupations": [Occupation.DELIVERY],
    }
    values.update(fields)
    return services.seeker_register(**values)
