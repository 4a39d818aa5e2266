"""Hostile tables: weights past the float range, XLSX sheets that declare a huge size, deflate
bombs, too many rows or columns. Each is refused quickly with a located message (exit code 2
from the CLI, no traceback), or read quickly when it is only the declaration that lies."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner
from openpyxl.worksheet._read_only import ReadOnlyWorksheet

from nlc.cli import main
from nlc.errors import InputError
from nlc.network.io import read_ties
from nlc.network.model import build_network
from nlc.network.tables import parse_weight, read_table

SHEET = "xl/worksheets/sheet1.xml"


def workbook(path: Path, rows: list[list], *, sheet_xml=None) -> Path:
    """An XLSX file of ``rows``; ``sheet_xml(text) -> text`` rewrites its sheet's XML."""
    book = openpyxl.Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    if sheet_xml is None:
        path.write_bytes(buffer.getvalue())
        return path
    with zipfile.ZipFile(buffer) as source, zipfile.ZipFile(path, "w") as target:
        for member in source.infolist():
            data = source.read(member)
            if member.filename == SHEET:
                data = sheet_xml(data.decode()).encode()
            target.writestr(member, data, compress_type=zipfile.ZIP_DEFLATED)
    return path


TIES = [["source", "target", "weight"], ["a", "b", 1], ["b", "c", 2]]


def analyse(path: Path, tmp_path: Path):
    return CliRunner().invoke(main, ["analyse", str(path), "--json", str(tmp_path / "o.json")])


def refused(result, *fragments):
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    for fragment in fragments:
        assert fragment in result.output, result.output


# ---- weights ---------------------------------------------------------------------------------


@pytest.mark.parametrize("text", ["inf", "-inf", "nan", "1e999", "Infinity", "-1"])
def test_parse_weight_refuses_numbers_that_are_not_finite(text):
    with pytest.raises(ValueError, match="weight must be a number"):
        parse_weight(text)


def test_duplicate_ties_whose_weights_add_up_past_the_float_range_are_refused(tmp_path):
    path = tmp_path / "ties.csv"
    path.write_text("source,target,weight\na,b,1e308\na,b,1e308\nb,c,1\n", encoding="utf-8")
    with pytest.raises(InputError, match="add up to more than the largest number") as error:
        build_network(read_ties(path))
    assert error.value.path == str(path)
    refused(analyse(path, tmp_path), "ties.csv", "a to b")
    assert not (tmp_path / "o.json").exists()


def test_duplicate_ties_with_large_finite_sums_are_still_merged(tmp_path):
    path = tmp_path / "ties.csv"
    path.write_text("source,target,weight\na,b,1e307\na,b,1e307\n", encoding="utf-8")
    assert build_network(read_ties(path)).weight.tolist() == [2e307]


# ---- XLSX ------------------------------------------------------------------------------------


def test_a_sheet_that_declares_every_cell_of_excel_is_read_by_what_it_holds(tmp_path, monkeypatch):
    """The declared size is ignored: no row is padded out to the 16,384 columns the sheet
    claims (which made a 100,000-row sheet take minutes), and the rows are as written."""

    def huge(xml: str) -> str:
        start = xml.index("<dimension ")
        end = xml.index("/>", start) + 2
        return xml[:start] + '<dimension ref="A1:XFD1048576"/>' + xml[end:]

    rows = [TIES[0]] + [[f"a{i}", f"b{i}", 1] for i in range(200)]
    path = workbook(tmp_path / "ties.xlsx", rows, sheet_xml=huge)
    assert path.stat().st_size < 20_000
    widths = []
    real = ReadOnlyWorksheet._get_row

    def measured(self, *args, **kwargs):
        row = real(self, *args, **kwargs)
        widths.append(len(row))
        return row

    monkeypatch.setattr(ReadOnlyWorksheet, "_get_row", measured)
    table = read_table(path)
    assert len(table.records) == 200 and table.header == TIES[0]
    assert max(widths) == 3


def test_a_deflate_bomb_is_refused_before_it_is_unpacked(tmp_path):
    padding = " " * (12 * 1024 * 1024)  # 12 MiB of spaces pack into a few kilobytes

    def bomb(xml: str) -> str:
        return xml.replace("<sheetData>", "<sheetData>" + padding, 1)

    path = workbook(tmp_path / "ties.xlsx", TIES, sheet_xml=bomb)
    assert path.stat().st_size < 100_000
    with pytest.raises(InputError, match="unpacks to"):
        read_table(path)
    refused(analyse(path, tmp_path), "ties.xlsx", "unpacks to")


def test_a_workbook_that_unpacks_past_the_cap_is_refused(tmp_path, monkeypatch):
    monkeypatch.setenv("NLC_MAX_XLSX_BYTES", "2000")
    path = workbook(tmp_path / "ties.xlsx", TIES)
    with pytest.raises(InputError, match="NLC_MAX_XLSX_BYTES"):
        read_table(path)


def test_a_sheet_with_too_many_rows_is_refused(tmp_path, monkeypatch):
    monkeypatch.setenv("NLC_MAX_TABLE_ROWS", "5")
    rows = [["source", "target"]] + [[f"a{i}", f"b{i}"] for i in range(10)]
    path = workbook(tmp_path / "ties.xlsx", rows)
    with pytest.raises(InputError, match="more than 5 rows") as error:
        read_table(path)
    assert error.value.row == 7
    csv = tmp_path / "ties.csv"
    csv.write_text("\n".join(",".join(r) for r in rows) + "\n", encoding="utf-8")
    with pytest.raises(InputError, match="more than 5 rows"):
        read_table(csv)


def test_a_sheet_with_a_cell_in_the_last_column_of_excel_is_refused(tmp_path):
    book = openpyxl.Workbook()
    for row in TIES:
        book.active.append(row)
    book.active.cell(row=3, column=16384, value="far away")
    path = tmp_path / "ties.xlsx"
    book.save(path)
    with pytest.raises(InputError, match="16,384 columns") as error:
        read_table(path)
    assert error.value.row == 3
    refused(analyse(path, tmp_path), "16,384 columns")


def test_a_csv_with_too_many_columns_is_refused(tmp_path, monkeypatch):
    monkeypatch.setenv("NLC_MAX_TABLE_COLUMNS", "3")
    path = tmp_path / "ties.csv"
    path.write_text("source,target,weight,type\na,b,1,x\n", encoding="utf-8")
    with pytest.raises(InputError, match="4 columns"):
        read_table(path)


def test_an_ordinary_workbook_is_read_as_before(tmp_path):
    table = read_table(workbook(tmp_path / "ties.xlsx", TIES))
    assert table.header == ["source", "target", "weight"]
    assert table.records == [(2, ["a", "b", "1"]), (3, ["b", "c", "2"])]
