"""Choices of the mediation app: channels, dispute types, case states, parties, teams, risks."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class IntakeChannel(models.TextChoices):
    WALK_IN = "walk_in", _("Walk-in")
    HOTLINE = "hotline", _("Hotline")
    ONLINE = "online", _("Online application")
    COURT = "court", _("Referral from a court")
    ARBITRATION = "arbitration", _("Referral from an arbitration committee")
    INSPECTION = "inspection", _("Referral from labour inspection")
    EARLY_WARNING = "early_warning", _("Early warning")


class DisputeType(models.TextChoices):
    WAGE_ARREARS = "wage_arrears", _("Wage arrears")
    WORK_INJURY = "work_injury", _("Work injury")
    WORK_INJURY_DEATH = "work_injury_death", _("Work-injury death")
    SOCIAL_INSURANCE = "social_insurance", _("Social insurance")
    CONTRACT = "contract", _("Contract or dismissal")
    OVERTIME = "overtime", _("Overtime")
    DISPATCH = "dispatch", _("Labour dispatch")
    OTHER = "other", _("Other")


class CaseStatus(models.TextChoices):
    RECEIVED = "received", pgettext_lazy("case status", "Received")
    ACCEPTED = "accepted", pgettext_lazy("case status", "Accepted")
    DECLINED = "declined", pgettext_lazy("case status", "Declined")
    IN_MEDIATION = "in_mediation", pgettext_lazy("case status", "In mediation")
    AGREEMENT = "agreement", pgettext_lazy("case status", "Agreement reached")
    NO_AGREEMENT = "no_agreement", pgettext_lazy("case status", "No agreement")
    WITHDRAWN = "withdrawn", pgettext_lazy("case status", "Withdrawn")
    REFERRED = "referred", pgettext_lazy("case status", "Referred to arbitration or court")
    CLOSED = "closed", pgettext_lazy("case status", "Closed")


# States in which the statutory 15-day period is running.
RUNNING_STATES = (CaseStatus.ACCEPTED, CaseStatus.IN_MEDIATION)
# States in which a case still needs work from staff.
OPEN_STATES = (CaseStatus.RECEIVED, CaseStatus.ACCEPTED, CaseStatus.IN_MEDIATION, CaseStatus.AGREEMENT,
               CaseStatus.NO_AGREEMENT, CaseStatus.WITHDRAWN, CaseStatus.REFERRED)

# The allowed workflow: state → states a service may move it to.
TRANSITIONS = {
    CaseStatus.RECEIVED: {CaseStatus.ACCEPTED, CaseStatus.DECLINED},
    CaseStatus.ACCEPTED: {CaseStatus.IN_MEDIATION, CaseStatus.WITHDRAWN, CaseStatus.REFERRED},
    CaseStatus.IN_MEDIATION: {CaseStatus.AGREEMENT, CaseStatus.NO_AGREEMENT, CaseStatus.WITHDRAWN,
                              CaseStatus.REFERRED},
    CaseStatus.AGREEMENT: {CaseStatus.CLOSED, CaseStatus.REFERRED},
    CaseStatus.NO_AGREEMENT: {CaseStatus.CLOSED, CaseStatus.REFERRED},
    CaseStatus.WITHDRAWN: {CaseStatus.CLOSED},
    CaseStatus.REFERRED: {CaseStatus.CLOSED},
    CaseStatus.DECLINED: set(),
    CaseStatus.CLOSED: set(),
}


class PartyRole(models.TextChoices):
    APPLICANT = "applicant", _("Applicant")
    WORKER = "worker", _("Worker concerned")


class RespondentRole(models.TextChoices):
    EMPLOYER = "employer", _("Employer")
    DISPATCH_AGENCY = "dispatch_agency", _("Labour-dispatch agency")


class ReferralTarget(models.TextChoices):
    ARBITRATION = "arbitration", _("Labour arbitration committee")
    COURT = "court", _("People's court")


class FulfilmentStatus(models.TextChoices):
    PENDING = "pending", _("Not yet due or not yet paid")
    PARTLY_PAID = "partly_paid", _("Partly paid")
    PAID = "paid", _("Paid in full")
    DEFAULTED = "defaulted", _("Defaulted")


class TeamKind(models.TextChoices):
    LABOUR_MEDIATION = "labour_mediation", _("Labour-relations mediation team")
    LEGAL_PUBLICITY = "legal_publicity", _("Legal publicity team")
    BARGAINING = "bargaining", _("Collective-bargaining guidance team")
    HEALTH = "health", _("Health guidance team")
    LAWYERS = "lawyers", _("Workers' rights lawyers team")


class MemberKind(models.TextChoices):
    STAFF = "staff", _("Staff")
    VOLUNTEER = "volunteer", _("Volunteer")


class RiskKind(models.TextChoices):
    WAGE_ARREARS = "wage_arrears", _("Signs of wage arrears")
    NO_INJURY_INSURANCE = "no_injury_insurance", _("No work-injury insurance")
    MASS_LAYOFF = "mass_layoff", _("Mass lay-offs")
    DISPATCH = "dispatch", _("Labour-dispatch irregularities")
    OTHER = "other", _("Other")


class RiskLevel(models.TextChoices):
    LOW = "low", _("Low")
    MEDIUM = "medium", _("Medium")
    HIGH = "high", _("High")


class RiskSource(models.TextChoices):
    GRID = "grid", _("Grid worker report")
    VISIT = "visit", _("Station visit")
    HOTLINE = "hotline", _("Hotline")
    INSPECTION = "inspection", _("Labour inspection")
    OTHER = "other", _("Other")


class RiskStatus(models.TextChoices):
    OPEN = "open", pgettext_lazy("risk status", "Open")
    FOLLOWING = "following", pgettext_lazy("risk status", "Being followed up")
    RESOLVED = "resolved", pgettext_lazy("risk status", "Resolved")
