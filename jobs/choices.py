"""Choices of the jobs app: posting workflow, pay units, employment forms, priority groups."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Occupation(models.TextChoices):
    """Occupation categories as the boards group them (close to the GB/T 6565 major groups)."""

    DELIVERY = "delivery", _("Delivery and couriers")
    DRIVING = "driving", _("Drivers and transport")
    MANUFACTURING = "manufacturing", _("Factory and production line")
    SEWING = "sewing", _("Sewing and garments")
    SECURITY = "security", _("Security and property")
    CLEANING = "cleaning", _("Cleaning")
    ELDER_CARE = "elder_care", _("Elder care")
    DOMESTIC = "domestic", _("Domestic services and maternity care")
    CONSTRUCTION = "construction", _("Construction")
    ELECTRICAL = "electrical", _("Electricians and maintenance")
    CATERING = "catering", _("Catering")
    RETAIL = "retail", _("Retail and sales")
    OFFICE = "office", _("Office and administration")
    OTHER = "other", _("Other")


class PayUnit(models.TextChoices):
    HOUR = "hour", _("per hour")
    DAY = "day", _("per day")
    MONTH = "month", _("per month")
    PIECE = "piece", _("per piece")


# Monthly equivalents used to compare pay across units (21.75 working days, 8 hours a day).
MONTHLY_FACTOR = {PayUnit.HOUR: "174", PayUnit.DAY: "21.75", PayUnit.MONTH: "1"}

# schema.org JobPosting baseSalary unitText.
SCHEMA_UNIT = {PayUnit.HOUR: "HOUR", PayUnit.DAY: "DAY", PayUnit.MONTH: "MONTH", PayUnit.PIECE: "PIECE"}


class EmploymentForm(models.TextChoices):
    FULL_TIME = "full_time", _("Full-time")
    PART_TIME = "part_time", _("Part-time")
    PLATFORM = "platform", _("Platform / new-form work")
    DISPATCH = "dispatch", _("Dispatch")
    SEASONAL = "seasonal", _("Seasonal")
    INTERNSHIP = "internship", _("Internship")


SCHEMA_EMPLOYMENT_TYPE = {
    EmploymentForm.FULL_TIME: "FULL_TIME",
    EmploymentForm.PART_TIME: "PART_TIME",
    EmploymentForm.PLATFORM: "CONTRACTOR",
    EmploymentForm.DISPATCH: "TEMPORARY",
    EmploymentForm.SEASONAL: "TEMPORARY",
    EmploymentForm.INTERNSHIP: "INTERN",
}


class PriorityGroup(models.TextChoices):
    MIGRANT = "migrant", _("Migrant workers")
    UNEMPLOYED = "unemployed", _("Unemployed")
    GRADUATE = "graduate", _("Graduates")
    AGE_4050 = "4050", _("“4050” (women over 40, men over 50)")
    DISABLED = "disabled", _("Disabled people")
    NEW_FORM = "new_form", _("New-form workers")


class Education(models.IntegerChoices):
    NONE = 0, _("No requirement")
    PRIMARY = 1, _("Primary school")
    JUNIOR = 2, _("Junior secondary")
    SENIOR = 3, _("Senior secondary or vocational")
    COLLEGE = 4, _("Junior college")
    BACHELOR = 5, _("Bachelor or above")


class Benefit(models.TextChoices):
    SOCIAL_INSURANCE = "social_insurance", _("Social insurance")
    MEALS = "meals", _("Meals")
    HOUSING = "housing", _("Housing")
    TRANSPORT = "transport", _("Transport")


class PostingStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    IN_REVIEW = "in_review", _("In review")
    PUBLISHED = "published", _("Published")
    FILLED = "filled", _("Filled")
    EXPIRED = "expired", _("Expired")
    WITHDRAWN = "withdrawn", pgettext_lazy("posting status", "Withdrawn")


class VerificationResult(models.TextChoices):
    UNVERIFIED = "unverified", _("Not yet verified")
    VERIFIED = "verified", _("Verified")
    CONCERNS = "concerns", _("Concerns")
    BLACKLISTED = "blacklisted", _("Blacklisted")


class AgeBand(models.TextChoices):
    # Values are "low-high" years: matching reads them in SQL with split_part.
    BAND_16 = "16-24", _("16–24")
    BAND_25 = "25-34", _("25–34")
    BAND_35 = "35-44", _("35–44")
    BAND_45 = "45-54", _("45–54")
    BAND_55 = "55-64", _("55–64")


class Availability(models.TextChoices):
    NOW = "now", _("Immediately")
    WEEK = "week", _("Within a week")
    MONTH = "month", _("Within a month")
    LATER = "later", _("Later")


class SeekerSource(models.TextChoices):
    ONLINE = "online", _("Online")
    STATION = "station", _("At a station")
    FAIR = "fair", _("At a job fair")


class MatchStatus(models.TextChoices):
    SUGGESTED = "suggested", _("Suggested")
    CONTACTED = "contacted", _("Contacted")
    INTERVIEWED = "interviewed", _("Interviewed")
    HIRED = "hired", _("Hired")
    NOT_HIRED = "not_hired", _("Not hired")
    DISMISSED = "dismissed", _("Dismissed")


class EnrolmentStatus(models.TextChoices):
    ENROLLED = "enrolled", _("Enrolled")
    COMPLETED = "completed", _("Completed")
    DROPPED = "dropped", _("Dropped out")
