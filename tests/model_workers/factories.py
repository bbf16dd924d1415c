"""Factories for the model_workers app. ID numbers are fictional but pass the GB 11643 check."""

from datetime import date

import factory
from stdnum.cn import ric

from model_workers import services
from model_workers.choices import Gender, Honour, LivingSituation
from model_workers.models import CareService, ModelWorker


def id_number_for(birth_date: date, serial: int, region: str = "120101") -> str:
    body = f"{region}{birth_date:%Y%m%d}{serial % 1000:03d}"
    return body + ric.calc_check_digit(body + "0")


class ModelWorkerFactory(factory.django.DjangoModelFactory):
    """Saved through `services.worker_save`, as the admin and the import do."""

    class Meta:
        model = ModelWorker

    name = factory.Sequence(lambda n: f"测试劳模{n}")
    gender = Gender.MALE
    birth_date = date(1940, 3, 15)
    id_number = factory.LazyAttributeSequence(lambda o, n: id_number_for(o.birth_date, n + 1))
    honour = Honour.NATIONAL_MODEL
    honour_year = 1979
    living_situation = LivingSituation.WITH_SPOUSE

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        return services.worker_save(worker=model_class(*args, **kwargs))


def care_service(kind: str) -> CareService:
    return CareService.objects.get(kind=kind)
