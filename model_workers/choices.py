"""Choices of the model_workers app: honours, living situations, the five must-visits, events,
care services and who pays for them."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Gender(models.TextChoices):
    MALE = "male", _("Male")
    FEMALE = "female", _("Female")


class Honour(models.TextChoices):
    NATIONAL_MODEL = "national_model", _("National model worker")
    NATIONAL_ADVANCED = "national_advanced", _("National advanced worker")
    PROVINCIAL = "provincial", _("Provincial or ministerial model worker")
    MUNICIPAL = "municipal", _("Municipal model worker")


# Honours that carry the allowance and the higher medical reimbursement by themselves; a
# municipal model worker has them only when granted "enjoys model-worker benefits".
HONOURS_WITH_BENEFITS = {Honour.NATIONAL_MODEL, Honour.NATIONAL_ADVANCED, Honour.PROVINCIAL}


class LivingSituation(models.TextChoices):
    ALONE = "alone", _("Living alone")
    WITH_SPOUSE = "with_spouse", _("With spouse")
    WITH_CHILDREN = "with_children", _("With children")
    NURSING_HOME = "nursing_home", _("In a nursing home")


class Mobility(models.TextChoices):
    INDEPENDENT = "independent", _("Independent")
    NEEDS_HELP = "needs_help", _("Needs help")
    BEDRIDDEN = "bedridden", _("Bedridden")


class VisitKind(models.TextChoices):
    """The five must-visits (五必访)."""

    FESTIVAL = "festival", _("Major festival")
    BIRTHDAY = "birthday", _("Birthday")
    ILLNESS = "illness", _("Illness or hospitalisation")
    HARDSHIP = "hardship", _("Sudden hardship")
    DISASTER = "disaster", _("Major disaster")


class Occasion(models.TextChoices):
    SPRING_FESTIVAL = "spring_festival", _("Spring Festival")
    MAY_DAY = "may_day", _("May Day")
    MID_AUTUMN = "mid_autumn", _("Mid-Autumn Festival")
    DOUBLE_NINTH = "double_ninth", _("Double Ninth Festival")
    BIRTHDAY = "birthday", _("Birthday")
    HOSPITAL_ADMISSION = "hospital_admission", _("Hospital admission")
    HARDSHIP = "hardship", _("Sudden hardship")
    DISASTER = "disaster", _("Disaster")


FESTIVALS = [Occasion.SPRING_FESTIVAL, Occasion.MAY_DAY, Occasion.MID_AUTUMN, Occasion.DOUBLE_NINTH]


class EventKind(models.TextChoices):
    HOSPITAL_ADMISSION = "hospital_admission", _("Hospital admission")
    HARDSHIP = "hardship", _("Sudden hardship")
    DISASTER = "disaster", _("Disaster")


# What visit an event calls for.
EVENT_VISIT = {
    EventKind.HOSPITAL_ADMISSION: (VisitKind.ILLNESS, Occasion.HOSPITAL_ADMISSION),
    EventKind.HARDSHIP: (VisitKind.HARDSHIP, Occasion.HARDSHIP),
    EventKind.DISASTER: (VisitKind.DISASTER, Occasion.DISASTER),
}


class VisitStatus(models.TextChoices):
    PLANNED = "planned", pgettext_lazy("visit status", "Planned")
    DONE = "done", _("Done")
    CANCELLED = "cancelled", _("Cancelled")


class VisitState(models.TextChoices):
    """What a visit means today: the stored status refined by its window (for filters)."""

    UPCOMING = "upcoming", _("Upcoming")
    DUE = "due", pgettext_lazy("visit state", "Due")
    OVERDUE = "overdue", pgettext_lazy("visit state", "Overdue")
    DONE = "done", _("Done")
    CANCELLED = "cancelled", _("Cancelled")


class CareKind(models.TextChoices):
    HAIRCUT = "haircut", _("Haircut")
    CARE_CLEANING = "care_cleaning", _("Care and cleaning")
    FAMILY_DOCTOR = "family_doctor", _("Family doctor")
    HOME_ADAPTATION = "home_adaptation", _("Age-friendly home adaptation")
    HOUSEKEEPING = "housekeeping", _("Housekeeping")
    COUNSELLING = "counselling", _("Counselling")


class PaidBy(models.TextChoices):
    BOUGHT = "bought", _("Bought service")
    VOLUNTEERS = "volunteers", _("Volunteers")


class CareOrderStatus(models.TextChoices):
    OPEN = "open", pgettext_lazy("care order", "Open")
    DELIVERED = "delivered", _("Delivered")
    CANCELLED = "cancelled", _("Cancelled")


class Benefit(models.TextChoices):
    HONOUR_ALLOWANCE = "honour_allowance", _("Honour allowance")
    HIGHER_MEDICAL = "higher_medical", _("Higher medical reimbursement")
    CARE_INSURANCE = "care_insurance", _("Long-term care insurance")
    NURSING_SUBSIDY = "nursing_subsidy", _("Nursing-home subsidy")
