"""The network's report in a real browser: the Report tab, Download PDF, and the PDF itself
(a PDF with the report's sections, its first page rendered to ``test-artifacts/`` as a
picture for a person to look at).

Uses the live server and Debian's chromium set up in ``test_browser.py``.
"""

import io
import shutil
import subprocess

import pytest
from test_browser import (  # noqa: F401  (fixtures, found by name)
    ARTIFACTS,
    _demo_loaded_again_afterwards,
    browser,
    demo,
    led_network,
    page,
    pytestmark,
    sign_in,
    site,
)


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


SECTIONS = ("Focus and goals", "The map", "Who is connected and how", "Change over time",
            "Activities and what was learnt", "Decisions and participation", "Outcomes",
            "Methods")  # fmt: skip


@needs_pdf
def test_download_pdf_from_the_report_tab(page):  # noqa: F811
    pypdf = pytest.importorskip("pypdf")
    network = led_network()
    sign_in(page, "leader")
    page.goto(f"/networks/{network.pk}/")
    page.click("#workspace-tabs >> text=Report")
    page.wait_for_url(f"**/networks/{network.pk}/report/")
    with page.expect_download(timeout=180_000) as caught:
        page.click("#report-pdf")
    download = caught.value
    ARTIFACTS.mkdir(exist_ok=True)
    pdf = ARTIFACTS / "network-report.pdf"
    download.save_as(pdf)
    data = pdf.read_bytes()
    assert download.suggested_filename.endswith("-report.pdf")
    assert data.startswith(b"%PDF-")
    reader = pypdf.PdfReader(io.BytesIO(data))
    text = " ".join(" ".join(p.extract_text() for p in reader.pages).split())
    assert network.name in text
    for heading in SECTIONS:
        assert heading in text
    if shutil.which("pdftoppm"):
        first = ARTIFACTS / "network-report-page"
        subprocess.run(
            ["pdftoppm", "-png", "-r", "70", "-f", "1", "-l", "2", str(pdf), str(first)],
            check=True,
        )
        assert list(ARTIFACTS.glob("network-report-page-*.png"))
