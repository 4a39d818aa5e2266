"""Hostile files through the import page: a deflate bomb or a sheet with a cell in Excel's
last column is refused with a message (not minutes of work, not a 500); a file with very
many bad rows lists the first errors and says how many more there are."""

from __future__ import annotations

import io
import zipfile

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from nlc.web.registry.models import Organisation

pytestmark = pytest.mark.demo  # uses the demonstration area (see conftest.py)

URL = "/imports/"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _xlsx(rows, *, pad: int = 0, far_cell: bool = False) -> bytes:
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    if far_cell:
        book.active.cell(row=2, column=16384, value="far away")
    buffer = io.BytesIO()
    book.save(buffer)
    if not pad:
        return buffer.getvalue()
    out = io.BytesIO()
    with zipfile.ZipFile(buffer) as source, zipfile.ZipFile(out, "w") as target:
        for member in source.infolist():
            data = source.read(member)
            if member.filename == "xl/worksheets/sheet1.xml":
                data = data.replace(b"<sheetData>", b"<sheetData>" + b" " * pad, 1)
            target.writestr(member, data, compress_type=zipfile.ZIP_DEFLATED)
    return out.getvalue()


def _upload(client, content: bytes, name="organisations.xlsx", kind="organisations"):
    return client.post(
        URL, {"kind": kind, "file": SimpleUploadedFile(name, content, content_type=XLSX)}
    )


ROWS = [["name", "kind"], ["Bomb Club", "voluntary"]]


def test_a_deflate_bomb_is_refused_with_a_message(client_for):
    content = _xlsx(ROWS, pad=12 * 1024 * 1024)
    assert len(content) < 100_000
    response = _upload(client_for("admin"), content)
    assert response.status_code == 400
    assert "unpacks to" in response.content.decode()
    assert not Organisation.objects.filter(name="Bomb Club").exists()


def test_a_cell_in_the_last_column_of_excel_is_refused_with_a_message(client_for):
    response = _upload(client_for("admin"), _xlsx(ROWS, far_cell=True))
    assert response.status_code == 400
    assert "16,384 columns" in response.content.decode()
    assert not Organisation.objects.filter(name="Bomb Club").exists()


def test_the_error_list_is_capped_and_says_how_many_more(client_for, monkeypatch):
    monkeypatch.setenv("NLC_MAX_ERRORS_SHOWN", "10")
    text = "name,kind\n" + "".join(f"Club {i},spaceship\n" for i in range(25))
    file = SimpleUploadedFile("clubs.csv", text.encode(), content_type="text/csv")
    response = client_for("admin").post(URL, {"kind": "organisations", "file": file})
    assert response.status_code == 400
    page = response.content.decode()
    assert "25 errors" in page
    assert page.count("<td>clubs.csv</td>") == 10
    assert "15 more errors" in page


def test_the_command_line_report_is_capped_too(monkeypatch):
    from nlc.errors import InputError
    from nlc.web.imports.pipeline import ImportFailed

    monkeypatch.setenv("NLC_MAX_ERRORS_SHOWN", "10")
    failed = ImportFailed([InputError("bad", path="f.csv", row=i) for i in range(2, 27)], "f.csv")
    lines = failed.report().splitlines()
    assert lines[0] == "f.csv: 25 errors; nothing was written"
    assert len(lines) == 12 and lines[-1] == "  ... and 15 more"
