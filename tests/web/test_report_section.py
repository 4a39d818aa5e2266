"""The Report section, its downloads (HTML and PDF) and the area's report, for every role."""

from __future__ import annotations

import io

import pytest


def _pdf_available() -> bool:
    try:
        import weasyprint  # noqa: F401
    except (ImportError, OSError):
        return False
    return True


#: PDFs need WeasyPrint's system libraries (pango, harfbuzz); `.ci/run` installs them.
needs_pdf = pytest.mark.skipif(
    not _pdf_available(), reason="PDF needs pango and harfbuzz (apt-get; see the README)"
)


pytestmark = pytest.mark.usefixtures("small_area")

HEADINGS = (
    "Focus and goals",
    "The map",
    "Who is connected and how",
    "Change over time",
    "Activities and what was learnt",
    "Decisions and participation",
    "Outcomes",
    "Methods",
)


def _url(network, fmt: str) -> str:
    return f"/networks/{network.pk}/report/{fmt}/"


def _html(client, network) -> str:
    response = client.get(_url(network, "html"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    assert response["Content-Disposition"] == 'attachment; filename="alpha-network-report.html"'
    return response.content.decode()


def test_it_is_a_workspace_section_with_both_downloads(client_for, led_network):
    page = client_for("member").get(f"/networks/{led_network.pk}/report/").content.decode()
    assert "Download PDF" in page and "Download HTML" in page
    assert f'href="{_url(led_network, "pdf")}"' in page
    for heading in HEADINGS:
        assert heading in page


def test_the_html_report_has_every_section(client_for, led_network):
    document = _html(client_for("leader"), led_network)
    for heading in HEADINGS:
        assert f"<h2>{heading}</h2>" in document
    assert "Reading for pleasure" in document  # the network's focus
    assert "Alpha Library" in document  # the analysis report's content, embedded


@needs_pdf
def test_the_pdf_is_a_pdf_with_every_section(client_for, led_network):
    pypdf = pytest.importorskip("pypdf")
    response = client_for("leader").get(_url(led_network, "pdf"))
    if response.status_code == 503:
        pytest.skip(response.content.decode())
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")
    reader = pypdf.PdfReader(io.BytesIO(response.content))
    text = " ".join(" ".join(page.extract_text() for page in reader.pages).split())
    for heading in HEADINGS:
        assert heading in text


def test_the_leader_sees_names_and_their_pupil(client_for, led_network):
    document = _html(client_for("leader"), led_network)
    assert "Lena Leader" in document and "Pip P." in document


def test_the_evaluator_sees_pseudonyms(client_for, led_network, small_area):
    document = _html(client_for("evaluator"), led_network)
    assert "Lena Leader" not in document and "Fay Facilitator" not in document
    assert f"Person {small_area.people.leader.pk}" in document
    assert "Pip P." not in document
    assert "pseudonym" in document  # the methods note says so


def test_a_member_never_sees_the_pupils_name(client_for, led_network, small_area):
    document = _html(client_for("member"), led_network)
    assert "Lena Leader" in document
    assert "Pip P." not in document
    assert f"Pupil {small_area.people.pupil.pk}" in document


def test_who_may_not_view_the_network_may_not_have_its_report(client_for, other_network):
    client = client_for("leader")
    for url in (f"/networks/{other_network.pk}/report/", _url(other_network, "html")):
        assert client.get(url).status_code == 403


def test_signed_out_readers_are_sent_to_sign_in(client, led_network):
    assert client.get(_url(led_network, "pdf")).status_code == 302


def test_an_unknown_format_is_not_found(client_for, led_network):
    assert client_for("leader").get(_url(led_network, "docx")).status_code == 404


def test_the_area_report_sets_the_networks_side_by_side(client_for, small_area):
    response = client_for("admin").get(f"/areas/{small_area.area.pk}/report/html/")
    document = response.content.decode()
    assert response.status_code == 200
    assert "The networks side by side" in document
    assert "Alpha Network" in document and "Beta Network" in document


def test_the_area_report_is_for_those_who_see_the_whole_area(client_for, small_area):
    url = f"/areas/{small_area.area.pk}/report/html/"
    assert client_for("leader").get(url).status_code == 403
    document = client_for("evaluator").get(url).content.decode()
    assert "Lena Leader" not in document


def test_the_page_offers_the_area_report_to_its_administrators(client_for, led_network):
    page = client_for("admin").get(f"/networks/{led_network.pk}/report/").content.decode()
    assert "area-report-pdf" in page
    page = client_for("member").get(f"/networks/{led_network.pk}/report/").content.decode()
    assert "area-report-pdf" not in page


# nlc report ------------------------------------------------------------------------------


def _cli(*args):
    from click.testing import CliRunner

    from nlc.cli import main

    return CliRunner().invoke(main, ["report", *args])


@needs_pdf
def test_nlc_report_writes_the_html_and_pdf_naming_people_but_never_pupils(
    db, tmp_path, small_area
):
    html_out, pdf_out = tmp_path / "alpha.html", tmp_path / "alpha.pdf"
    result = _cli("--network", "Alpha Network", "--html", str(html_out), "--pdf", str(pdf_out))
    if result.exit_code == 1 and "WeasyPrint" in result.output:
        pytest.skip(result.output)
    assert result.exit_code == 0, result.output
    document = html_out.read_text(encoding="utf-8")
    for heading in HEADINGS:
        assert f"<h2>{heading}</h2>" in document
    assert "Lena Leader" in document  # the operator sees full names
    assert "Pip P." not in document and f"Pupil {small_area.people.pupil.pk}" in document
    assert pdf_out.read_bytes().startswith(b"%PDF-")


def test_nlc_report_writes_the_area_report(db, tmp_path, small_area):
    out = tmp_path / "area.html"
    result = _cli("--area", "Testshire", "--html", str(out))
    assert result.exit_code == 0, result.output
    assert "Beta Network" in out.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--network", "Nowhere", "--html", "x.html"], "no network named 'Nowhere'"),
        (["--area", "Nowhere", "--html", "x.html"], "no area named 'Nowhere'"),
        (["--network", "Alpha Network"], "give --pdf OUT.pdf and/or --html OUT.html"),
        (["--html", "x.html"], "give --network NAME"),
        (["--network", "Alpha Network", "--pdf", "/no/such/folder/x.pdf"], "does not exist"),
    ],
)
def test_nlc_report_says_clearly_what_is_wrong(db, tmp_path, monkeypatch, args, message):
    monkeypatch.chdir(tmp_path)
    result = _cli(*args)
    assert result.exit_code != 0
    assert message in result.output
    assert "Traceback" not in result.output


def test_the_network_page_links_to_the_report_in_one_click(client_for, led_network):
    page = client_for("partner").get(f"/networks/{led_network.pk}/").content.decode()
    assert f'href="{_url(led_network, "pdf")}"' in page
    assert f'href="{_url(led_network, "html")}"' in page
