"""Markdown and attachments cannot inject script: ``<script>``, ``javascript:`` links,
``onerror=`` attributes, SVG and HTML uploads, on the signed-in and the public pages."""

from html.parser import HTMLParser

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from knowledge_items import build_items

from nlc.web.knowledge.markdown import render_markdown

pytestmark = pytest.mark.usefixtures("small_area")

HOSTILE = [
    "<script>alert(1)</script>",
    "[click](javascript:alert(1))",
    "[click](JaVaScRiPt:alert(1))",
    "<img src=x onerror=alert(1)>",
    "![x](javascript:alert(1))",
    '<a href="javascript:alert(1)">x</a>',
    "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    '<svg onload="alert(1)"></svg>',
    "<iframe src=https://evil.example></iframe>",
    '<p style="background:url(javascript:alert(1))">x</p>',
]


class _Live(HTMLParser):
    """Collects what a browser would run: script-like elements, event handler and style
    attributes, and links or sources with a script or data scheme."""

    def __init__(self):
        super().__init__()
        self.found = []

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "iframe", "svg", "object", "embed", "style"):
            self.found.append(tag)
        for name, value in attrs:
            scheme = (value or "").strip().lower().replace("\t", "").split(":")[0]
            if name.startswith("on") or name == "style":
                self.found.append(f"{tag} {name}")
            elif (
                name in ("href", "src", "action")
                and scheme in ("javascript", "vbscript")
                or tag in ("a", "iframe", "object", "embed")
                and scheme == "data"
            ):
                self.found.append(f"{tag} {name}={value}")


def live(html: str) -> list[str]:
    parser = _Live()
    parser.feed(html)
    return parser.found


@pytest.mark.parametrize("text", HOSTILE)
def test_markdown_keeps_no_live_element_or_attribute(text):
    assert live(str(render_markdown(text))) == []


def test_safe_markdown_still_renders():
    html = str(render_markdown("# Heading\n\n- a **b**\n\n[site](https://example.org)"))
    assert "<h2>Heading</h2>" in html and "<strong>b</strong>" in html
    assert 'href="https://example.org"' in html and "noopener" in html


@pytest.fixture
def items(db, small_area):
    return build_items(small_area)


def test_hostile_bodies_are_inert_on_item_and_public_pages(client_for, client, items):
    from nlc.web.knowledge import services

    item = items.alpha_public
    item.body = "\n\n".join(HOSTILE)
    item.title = "<script>alert('title')</script>"
    services.save_item(item)
    for page in (
        client_for("admin").get(f"/knowledge/{item.pk}/"),
        client.get(f"/resource/{item.pk}/"),
        client.get("/resource/", {"q": "alert"}),
    ):
        assert page.status_code == 200
        assert live(page.content.decode()) == []


def _upload(client, item, name, content, content_type="application/octet-stream"):
    return client.post(
        f"/knowledge/{item.pk}/edit/",
        {
            "kind": item.kind,
            "title": item.title,
            "networks": [n.pk for n in item.networks.all()],
            "authors": [a.pk for a in item.authors.all()],
            "date": item.date.isoformat(),
            "attachment": SimpleUploadedFile(name, content, content_type),
        },
    )


@pytest.mark.parametrize(
    "name, content",
    [
        ("picture.svg", b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>'),
        ("page.html", b"<html><script>alert(1)</script></html>"),
        ("page.htm", b"<script>alert(1)</script>"),
        ("notes.txt", b"hello <script>alert(1)</script>"),
        ("data.csv", b"a,b\n<svg onload=alert(1)>,2\n"),
        ("fake.pdf", b"<html><script>alert(1)</script></html>"),
        ("fake.png", b"<svg onload=alert(1)>"),
        ("script.js", b"alert(1)"),
        ("noextension", b"%PDF-1.4"),
    ],
)
def test_hostile_uploads_are_refused(client_for, items, name, content):
    answer = _upload(client_for("member"), items.alpha_draft, name, content, "text/html")
    assert answer.status_code == 200  # the form again, with the error
    assert items.alpha_draft.attachments.count() == 0


def test_an_upload_over_the_limit_is_refused(client_for, items, settings):
    settings.NLC_MAX_UPLOAD_BYTES = 100
    answer = _upload(client_for("member"), items.alpha_draft, "big.pdf", b"%PDF-1.4" + b"x" * 200)
    assert answer.status_code == 200 and items.alpha_draft.attachments.count() == 0


def test_a_good_upload_is_kept_and_served_as_a_download(
    client_for, client, items, settings, tmp_path
):
    settings.DATA_DIR = tmp_path
    member = client_for("member")
    answer = _upload(member, items.alpha_draft, "../../evil name.pdf", b"%PDF-1.4 fine")
    assert answer.status_code == 302
    attachment = items.alpha_draft.attachments.get()
    assert attachment.name == "evil_name.pdf"
    assert str(tmp_path) in attachment.file.path
    got = member.get(f"/knowledge/files/{attachment.pk}/")
    assert got.status_code == 200 and got["Content-Type"] == "application/pdf"
    assert got["Content-Disposition"].startswith("attachment")
    assert got["X-Content-Type-Options"] == "nosniff"
    assert b"".join(got.streaming_content) == b"%PDF-1.4 fine"
    assert client_for("partner").get(f"/knowledge/files/{attachment.pk}/").status_code == 403
    assert client.get(f"/resource/files/{attachment.pk}/").status_code == 404
