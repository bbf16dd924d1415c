"""Spreadsheet import and export: encodings, XLSX, line numbers, bad files."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from unions.tabular import TableError, read_table, table_response


def upload(name, data):
    return SimpleUploadedFile(name, data)


def test_reads_utf8_csv_with_bom_and_skips_blank_lines():
    data = "\ufeff名称,地址\n劳动者大本营,通州大道297号\n,\n沁水驿站,嘉峰镇\n".encode()
    rows = list(read_table(upload("a.csv", data), required_headers=["名称"]))
    assert rows == [(2, {"名称": "劳动者大本营", "地址": "通州大道297号"}), (4, {"名称": "沁水驿站", "地址": "嘉峰镇"})]


def test_reads_gb18030_csv_as_excel_saves_it():
    data = "名称\n铁西区工间活动站\n".encode("gb18030")
    assert list(read_table(upload("a.csv", data))) == [(2, {"名称": "铁西区工间活动站"})]


def test_missing_header_is_reported():
    with pytest.raises(TableError, match=r"名称|Missing"):
        list(read_table(upload("a.csv", "地址\nx\n".encode()), required_headers=["名称"]))


@pytest.mark.parametrize(("name", "data"), [("a.pdf", b"%PDF"), ("a.xlsx", b"not a zip"), ("a.csv", b"")])
def test_unreadable_files_raise_table_error(name, data):
    with pytest.raises(TableError):
        list(read_table(upload(name, data)))


def test_xlsx_round_trip():
    response = table_response("站点", ["名称", "座位"], [["劳动者大本营", 12]], fmt="xlsx")
    rows = list(read_table(upload("站点.xlsx", response.content)))
    assert rows == [(2, {"名称": "劳动者大本营", "座位": "12"})]
    assert "filename*=UTF-8''" in response["Content-Disposition"]


def test_csv_export_has_bom_for_excel():
    response = table_response("站点", ["名称"], [["劳动者大本营"]])
    body = b"".join(response.streaming_content).decode("utf-8")
    assert body.startswith("\ufeff名称")
    assert io.StringIO(body).read().count("劳动者大本营") == 1
