"""Import and export of the ledger as CSV or Excel with Chinese column headers.

Import is all-or-nothing: every row is checked first (ID number, organisation, dates, choices)
and nothing is saved if any row is wrong; the report names the line and column of each problem.
A row whose ID number is already on the ledger updates that entry.
"""

from __future__ import annotations

from datetime import date

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from model_workers import services
from model_workers.choices import Gender, Honour, LivingSituation
from model_workers.models import ModelWorker, today
from unions.models import RevealLog, UnionOrganization
from unions.privacy import can_reveal
from unions.tabular import ImportReport, read_table
from unions.validators import mask_id_number, mask_phone, normalize_id_number, validate_id_number

# Column header → model field. Headers are Chinese: the file is made and read by Chinese staff.
COLUMNS = {
    "姓名": "name",
    "性别": "gender",
    "出生日期": "birth_date",
    "农历生日": "birthday_lunar",
    "身份证号": "id_number",
    "荣誉": "honour",
    "荣誉年份": "honour_year",
    "享受劳模待遇": "enjoys_benefits",
    "责任单位": "owner",
    "联系人": "contact_person",
    "住址": "address",
    "电话": "phone",
    "居住状况": "living_situation",
    "长期护理保险": "long_term_care_insurance",
    "低收入": "low_income",
}
REQUIRED = ["姓名", "性别", "出生日期", "身份证号", "荣誉", "责任单位"]
HEADER_OF = {field: header for header, field in COLUMNS.items()}
YES = {"是", "1", "true", "yes", "y", "√", "✓"}
NO = {"否", "0", "false", "no", "n", ""}


def column_help() -> list[tuple[str, str]]:
    return [
        ("姓名", _("Required.")),
        ("性别", _("Required: 男 or 女.")),
        ("出生日期", _("Required: YYYY-MM-DD, not in the future.")),
        ("农历生日", _("是 if the birthday is kept by the lunar calendar.")),
        ("身份证号", _("Required: 18 characters with a correct check digit. "
                      "An ID number already on the ledger updates that entry.")),
        ("荣誉", _("Required: 全国劳动模范, 全国先进工作者, 省部级劳动模范 or 市级劳动模范.")),
        ("荣誉年份", _("Year the honour was awarded.")),
        ("享受劳模待遇", _("是 or 否.")),
        ("责任单位", _("Required: the exact name of a union organisation you manage.")),
        ("联系人", _("User name of the staff member who is the contact person.")),
        ("住址", ""),
        ("电话", _("Mobile or landline with area code.")),
        ("居住状况", _("独居, 与配偶同住, 与子女同住 or 入住养老机构.")),
        ("长期护理保险", _("是 or 否.")),
        ("低收入", _("是 or 否.")),
    ]


def _labels(choices) -> dict[str, str]:
    """Accept the stored value, the Chinese label and the English label."""
    mapping = {}
    for value, label in choices.choices:
        mapping[value] = value
        for language in ("zh-hans", "en"):
            with translation.override(language):
                mapping[str(label)] = value
    return mapping


GENDERS = {**_labels(Gender), "男": Gender.MALE, "女": Gender.FEMALE}
HONOURS = {
    **_labels(Honour),
    "全国劳动模范": Honour.NATIONAL_MODEL, "全国劳模": Honour.NATIONAL_MODEL,
    "全国先进工作者": Honour.NATIONAL_ADVANCED,
    "省部级劳动模范": Honour.PROVINCIAL, "省部级劳模": Honour.PROVINCIAL,
    "市级劳动模范": Honour.MUNICIPAL, "市级劳模": Honour.MUNICIPAL,
}
LIVING = {
    **_labels(LivingSituation),
    "独居": LivingSituation.ALONE, "与配偶同住": LivingSituation.WITH_SPOUSE,
    "与子女同住": LivingSituation.WITH_CHILDREN, "入住养老机构": LivingSituation.NURSING_HOME,
    "养老院": LivingSituation.NURSING_HOME,
}


def import_ledger(upload, *, user) -> ImportReport:
    """Check every row; save all of them, or none if any is wrong."""
    report = ImportReport()
    organizations = {org.name: org for org in UnionOrganization.objects.visible_to(user)}
    users = {u.username: u for u in get_user_model().objects.filter(is_active=True, is_staff=True)}
    pending: list[tuple[ModelWorker, bool]] = []
    seen_ids: dict[str, int] = {}
    rows = list(read_table(upload, required_headers=REQUIRED))
    ids = [normalize_id_number(values.get("身份证号", "")) for _line, values in rows]
    existing = {w.id_number: w for w in ModelWorker.objects.filter(id_number__in=ids).select_related("owner")}
    visible = set(ModelWorker.objects.visible_to(user).filter(id_number__in=ids).values_list("pk", flat=True))
    for line, values in rows:
        report.rows += 1
        errors_before = len(report.errors)
        fields = _parse_row(line, values, report, organizations, users)
        id_number = fields.get("id_number", "")
        if id_number in seen_ids:
            report.add(line, "身份证号", _("The same ID number is on line %(line)d.") % {"line": seen_ids[id_number]})
        seen_ids.setdefault(id_number, line)
        worker = existing.get(id_number)
        if worker is not None and worker.pk not in visible:
            report.add(line, "身份证号", _("This person is on the ledger of another organisation."))
            continue
        is_new = worker is None
        worker = worker or ModelWorker()
        for name, value in fields.items():
            setattr(worker, name, value)
        if len(report.errors) == errors_before:
            worker.id_number_masked = mask_id_number(worker.id_number)
            try:
                worker.full_clean(validate_unique=False)
            except ValidationError as error:
                for name, messages in error.message_dict.items():
                    for message in messages:
                        report.add(line, HEADER_OF.get(name, ""), message)
        pending.append((worker, is_new))
    if report.ok:
        with transaction.atomic():
            for worker, is_new in pending:
                services.worker_save(worker=worker, by=user)
                if is_new:
                    report.created += 1
                else:
                    report.updated += 1
    return report


def _yes_no(line, header, text, report) -> bool:
    value = text.strip().lower()
    if value in YES:
        return True
    if value not in NO:
        report.add(line, header, _("Write 是 or 否."))
    return False


def _parse_row(line, values, report, organizations, users) -> dict:
    fields: dict = {}
    fields["name"] = values.get("姓名", "").strip()
    if not fields["name"]:
        report.add(line, "姓名", _("The name is missing."))
    for header, field, mapping in (("性别", "gender", GENDERS), ("荣誉", "honour", HONOURS)):
        text = values.get(header, "").strip()
        if text not in mapping:
            report.add(line, header, _("Unknown value “%(value)s”.") % {"value": text})
        else:
            fields[field] = mapping[text]
    text = values.get("居住状况", "").strip()
    if text:
        if text not in LIVING:
            report.add(line, "居住状况", _("Unknown value “%(value)s”.") % {"value": text})
        else:
            fields["living_situation"] = LIVING[text]
    text = values.get("出生日期", "").strip().replace("/", "-").replace(".", "-")
    try:
        fields["birth_date"] = date.fromisoformat(text[:10])
    except ValueError:
        report.add(line, "出生日期", _("Write the birth date as YYYY-MM-DD."))
    else:
        if fields["birth_date"] > today():
            report.add(line, "出生日期", _("The birth date is in the future."))
    fields["id_number"] = normalize_id_number(values.get("身份证号", ""))
    try:
        validate_id_number(fields["id_number"])
    except ValidationError as error:
        report.add(line, "身份证号", error.messages[0])
    owner_name = values.get("责任单位", "").strip()
    if owner_name not in organizations:
        message = _("Unknown organisation “%(name)s”, or not one you manage.") % {"name": owner_name}
        report.add(line, "责任单位", message)
    else:
        fields["owner"] = organizations[owner_name]
    contact = values.get("联系人", "").strip()
    if contact:
        if contact not in users:
            report.add(line, "联系人", _("No staff user “%(name)s”.") % {"name": contact})
        else:
            fields["contact_person"] = users[contact]
    year = values.get("荣誉年份", "").strip()
    if year:
        if not year.isdigit():
            report.add(line, "荣誉年份", _("Write the year as four digits."))
        else:
            fields["honour_year"] = int(year)
    for header in ("农历生日", "享受劳模待遇", "长期护理保险", "低收入"):
        fields[COLUMNS[header]] = _yes_no(line, header, values.get(header, ""), report)
    fields["address"] = values.get("住址", "").strip()
    fields["phone"] = values.get("电话", "").strip()
    return fields


# --- Export ---------------------------------------------------------------------------------------


def export_rows(queryset, *, user, path: str = ""):
    """Rows for `unions.tabular.table_response`: ID numbers and phones masked unless the user may
    reveal them, in which case each exported record is logged as revealed."""
    reveal = can_reveal(user, ModelWorker)
    workers = list(queryset.select_related("owner", "contact_person"))
    if reveal and workers:
        content_type = ContentType.objects.get_for_model(ModelWorker)
        RevealLog.objects.bulk_create(
            RevealLog(user=user, content_type=content_type, object_id=str(worker.pk),
                      fields=["id_number", "phone"], path=path[:255])
            for worker in workers
        )
    headers = list(COLUMNS)
    rows = []
    with translation.override("zh-hans"):
        for worker in workers:
            rows.append([
                worker.name, worker.get_gender_display(), worker.birth_date.isoformat(),
                "是" if worker.birthday_lunar else "否",
                worker.id_number if reveal else worker.id_number_masked,
                worker.get_honour_display(), worker.honour_year or "",
                "是" if worker.enjoys_benefits else "否", worker.owner.name,
                worker.contact_person.username if worker.contact_person else "", worker.address,
                worker.phone if reveal else mask_phone(worker.phone), worker.get_living_situation_display(),
                "是" if worker.long_term_care_insurance else "否", "是" if worker.low_income else "否",
            ])
    return headers, rows
