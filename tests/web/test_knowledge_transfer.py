"""``nlc import knowledge`` and ``nlc export knowledge``: CSV, XLSX and JSON Lines, all or
nothing with row errors, and an exact round trip (export, import into an empty area,
export again: the same file)."""

import json

import pytest
from click.testing import CliRunner
from knowledge_items import build_items

from nlc.cli import main

pytestmark = pytest.mark.usefixtures("small_area")


@pytest.fixture
def items(db, small_area):
    made = build_items(small_area)
    made.alpha_public.body = 'A body\nover lines, with "quotes", commas;\n\n- and a list\n=1+2'
    made.alpha_public.summary = "=SUM(A1:A2) looks like a formula"
    made.alpha_public.save()
    return made


def _run(*args):
    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    return result.exit_code, result.output


@pytest.mark.parametrize("suffix", [".csv", ".xlsx", ".jsonl"])
def test_export_then_import_gives_the_same_file(items, tmp_path, suffix):
    from nlc.web.knowledge.models import Item

    first = tmp_path / f"first{suffix}"
    code, out = _run("export", "knowledge", str(first))
    assert code == 0 and "9 knowledge items" in out
    Item.objects.all().delete()
    code, out = _run("import", "knowledge", str(first))
    assert code == 0, out
    assert "created 9" in out
    second = tmp_path / f"second{suffix}"
    _run("export", "knowledge", str(second))
    if suffix == ".xlsx":
        from nlc.network.tables import read_table

        assert read_table(first).records == read_table(second).records
    else:
        assert first.read_bytes() == second.read_bytes()
    again = Item.objects.get(title=items.alpha_public.title)
    assert again.body == items.alpha_public.body and again.public
    assert sorted(a.name for a in again.authors.all()) == ["Lena Leader"]  # never a pupil
    code, out = _run("import", "knowledge", str(first))
    assert "unchanged 9" in out


def test_jsonl_export_holds_lists_and_booleans(items, tmp_path):
    out = tmp_path / "k.jsonl"
    _run("export", "knowledge", str(out))
    rows = [json.loads(line) for line in out.read_text().splitlines()]
    public = next(r for r in rows if r["title"] == items.alpha_public.title)
    assert public["public"] is True and public["network"] == ["Alpha Network"]
    assert public["tags"] == ["enquiry", "networks"]
    assert public["authors"] == ["Lena Leader (Alpha Academy)"]


def test_an_import_with_bad_rows_writes_nothing_and_names_every_error(db, small_area, tmp_path):
    from nlc.web.knowledge.models import Item

    path = tmp_path / "bad.csv"
    path.write_text(
        "kind,title,network,date,ecm,authors,status,public\n"
        "tool,Fine one,Alpha Network,2025-01-01,be_healthy,Mo Member,draft,no\n"
        "poem,Bad kind,Alpha Network,2025-01-01,,,,\n"
        "tool,Bad network,Nowhere,2025-01-01,,,,\n"
        "tool,Bad date,Alpha Network,someday,,,,\n"
        "tool,Bad outcome,Alpha Network,2025-01-01,be_rich,,,\n"
        "tool,A pupil author,Alpha Network,2025-01-01,,Pip P.,,\n"
        "tool,Public draft,Alpha Network,2025-01-01,,,draft,yes\n"
    )
    code, out = _run("import", "knowledge", str(path))
    assert code == 2
    for row in range(3, 9):
        assert f"row {row}" in out, out
    assert not Item.objects.filter(title="Fine one").exists()


def test_an_import_may_create_published_public_items(db, small_area, tmp_path, client):
    path = tmp_path / "k.jsonl"
    row = {
        "kind": "Case study",
        "title": "Walking bus",
        "network": ["Alpha Network"],
        "date": "2025-02-02",
        "status": "published",
        "public": True,
        "authors": ["mo@example.org"],
        "organisations": ["Alpha Primary"],
        "ecm": ["Stay safe"],
    }
    path.write_text(json.dumps(row) + "\n")
    code, out = _run("import", "knowledge", str(path))
    assert code == 0, out
    assert "Walking bus" in client.get("/resource/").content.decode()


def test_a_broken_json_line_is_a_row_error(db, small_area, tmp_path):
    path = tmp_path / "k.jsonl"
    path.write_text('{"kind": "tool"}\n{not json\n[1, 2]\n')
    code, out = _run("import", "knowledge", str(path))
    assert code == 2 and "row 2" in out and "row 3" in out


def test_export_refuses_an_unknown_format(db, tmp_path):
    code, out = _run("export", "knowledge", str(tmp_path / "k.txt"))
    assert code == 2 and ".jsonl" in out


def test_namesakes_in_one_organisation_survive_the_round_trip(items, small_area, tmp_path):
    from nlc.web.knowledge.models import Item
    from nlc.web.registry.models import Person

    primary = small_area.organisations.primary
    first = Person.objects.create(organisation=primary, name="Sam Smith")
    second = Person.objects.create(organisation=primary, name="Sam Smith")
    items.alpha_published.authors.set([second])
    out = tmp_path / "k.csv"
    _run("export", "knowledge", str(out))
    assert f"Sam Smith (Alpha Primary) [person {second.pk}]" in out.read_text()
    Item.objects.all().delete()
    code, text = _run("import", "knowledge", str(out))
    assert code == 0, text
    again = Item.objects.get(title=items.alpha_published.title)
    assert list(again.authors.all()) == [second] and first not in again.authors.all()
