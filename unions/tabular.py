"""Spreadsheet import and export shared by the apps: CSV (UTF-8, UTF-8 with BOM or GB18030, as
Excel in China saves it) and XLSX, with Chinese column headers.

Import contract: `read_table(upload)` yields `(line_number, {header: text})` rows; the app
validates each row, collects `RowError`s in an `ImportReport`, and saves nothing when any row is
bad (all-or-nothing, so a half-imported file never needs cleaning up). The admin template
`admin/tabular_import.html` renders the upload form and the report.

Export: `table_response(filename, headers, rows, fmt)` streams CSV (with a BOM so Excel opens it
as UTF-8) or XLSX.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from django.http import HttpResponse, StreamingHttpResponse
from django.utils.translation import gettext as _

MAX_UPLOAD_BYTES = 50 * 1024 * 1024


class TableError(ValueError):
    """The file as a whole cannot be read (wrong type, encoding, missing headers)."""


@dataclass
class RowError:
    line: int
    column: str
    message: str


@dataclass
class ImportReport:
    created: int = 0
    updated: int = 0
    errors: list[RowError] = field(default_factory=list)
    rows: int = 0

    @property
    def ok(self) -> bool:
        return not self.errors

    def add(self, line: int, column: str, message: str) -> None:
        self.errors.append(RowError(line=line, column=column, message=str(message)))


def _decode(raw: bytes) -> str:
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise TableError(_("The file is neither UTF-8 nor GB18030 text."))


def read_table(upload, required_headers: Iterable[str] = ()) -> Iterator[tuple[int, dict[str, str]]]:
    """Rows of an uploaded CSV or XLSX file as (line number, {header: stripped text}).

    Line numbers are those a person sees in Excel: the header is line 1, the first row line 2.
    Raises `TableError` for an unreadable file or missing required headers.
    """
    name = (getattr(upload, "name", "") or "").lower()
    if getattr(upload, "size", 0) and upload.size > MAX_UPLOAD_BYTES:
        raise TableError(_("The file is larger than 50 MB."))
    if name.endswith(".xlsx"):
        rows = _xlsx_rows(upload)
    elif name.endswith((".csv", ".txt")):
        rows = csv.reader(io.StringIO(_decode(upload.read())))
    else:
        raise TableError(_("Upload a .csv or .xlsx file."))
    try:
        headers = [str(cell or "").strip() for cell in next(rows)]
    except StopIteration as error:
        raise TableError(_("The file is empty.")) from error
    missing = [header for header in required_headers if header not in headers]
    if missing:
        raise TableError(_("Missing column(s): %(columns)s.") % {"columns": "、".join(missing)})
    for line, values in enumerate(rows, start=2):
        cells = ["" if value is None else str(value).strip() for value in values]
        if not any(cells):
            continue
        yield line, dict(zip(headers, cells + [""] * (len(headers) - len(cells)), strict=False))


def _xlsx_rows(upload) -> Iterator[list]:
    from zipfile import BadZipFile

    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        workbook = load_workbook(upload, read_only=True, data_only=True)
    except (BadZipFile, InvalidFileException, KeyError, OSError, ValueError) as error:
        raise TableError(_("This is not a readable .xlsx file.")) from error
    sheet = workbook.worksheets[0]
    for values in sheet.iter_rows(values_only=True):
        yield [_cell_text(value) for value in values]
    workbook.close()


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if hasattr(value, "date") and hasattr(value, "hour"):
        return value.date().isoformat() if (value.hour, value.minute) == (0, 0) else value.isoformat()
    return str(value)


class _Echo:
    def write(self, value):
        return value


def table_response(filename: str, headers: list[str], rows: Iterable[Iterable], fmt: str = "csv") -> HttpResponse:
    """A download of the rows as CSV (streamed, BOM for Excel) or XLSX."""
    if fmt == "xlsx":
        from openpyxl import Workbook

        workbook = Workbook(write_only=True)
        sheet = workbook.create_sheet()
        sheet.append(headers)
        for row in rows:
            sheet.append([_xlsx_value(value) for value in row])
        buffer = io.BytesIO()
        workbook.save(buffer)
        response = HttpResponse(
            buffer.getvalue(),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        response["Content-Disposition"] = _disposition(f"{filename}.xlsx")
        return response

    writer = csv.writer(_Echo())

    def lines():
        yield "\ufeff" + writer.writerow(headers)
        for row in rows:
            yield writer.writerow(["" if value is None else value for value in row])

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = _disposition(f"{filename}.csv")
    return response


def _xlsx_value(value):
    if value is None:
        return ""
    if isinstance(value, (int, float, str)):
        return value
    return str(value)


def _disposition(filename: str) -> str:
    from urllib.parse import quote

    return f"attachment; filename=\"export.{filename.rsplit('.', 1)[-1]}\"; filename*=UTF-8''{quote(filename)}"
