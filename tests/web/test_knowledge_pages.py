"""The knowledge pages besides the item's own: the network's Knowledge section, an
organisation's knowledge on its page, the item page's provenance and people to ask, and
the rebuild command."""

import re

import pytest
from django.core.management import call_command
from knowledge_items import READS, build_items

pytestmark = pytest.mark.usefixtures("small_area")


@pytest.fixture
def items(db, small_area):
    return build_items(small_area)


def _shown(html: str) -> set[int]:
    return {int(i) for i in re.findall(r'data-item="(\d+)"', html)}


@pytest.mark.parametrize(
    "role", ["admin", "leader", "facilitator", "member", "partner", "evaluator"]
)
def test_the_network_section_lists_its_items_the_role_may_read(client_for, items, small_area, role):
    page = client_for(role).get(f"/networks/{small_area.led.pk}/knowledge/")
    assert page.status_code == 200
    alpha = {getattr(items, n).pk for n in READS[role] if not n.startswith("beta")}
    assert _shown(page.content.decode()) == alpha


def test_the_network_section_suggests_items_for_its_focus(client_for, items, small_area):
    network = small_area.other
    network.focus = "Healthy children and school nursing"
    network.save()
    html = client_for("admin").get(f"/networks/{network.pk}/knowledge/").content.decode()
    focus = html.split('id="focus-items"', 1)[1].split("</ul>", 1)[0]
    assert items.alpha_published.title in focus or items.alpha_public.title in focus
    assert items.beta_published.title not in focus  # the network's own items are listed apart
    assert items.alpha_draft.title not in focus  # published items only


def test_the_network_section_is_refused_to_those_outside(client_for, small_area):
    assert (
        client_for("member").get(f"/networks/{small_area.other.pk}/knowledge/").status_code == 403
    )


def test_an_organisations_page_lists_its_knowledge(client_for, items, small_area):
    url = f"/organisations/{small_area.organisations.primary.pk}/"
    admin = client_for("admin").get(url).content.decode()
    section = admin.split('id="organisation-knowledge"', 1)[1]
    assert items.alpha_draft.title in section and items.alpha_review.title in section
    partner = client_for("partner").get(url).content.decode()
    assert items.alpha_draft.title not in partner


def test_the_item_page_shows_provenance_and_people_to_ask(client_for, items, small_area):
    html = client_for("admin").get(f"/knowledge/{items.alpha_draft.pk}/").content.decode()
    provenance = html.split('id="provenance"', 1)[1].split("</section>", 1)[0]
    assert "Alpha Network" in provenance and "Alpha Primary" in provenance
    assert "Mo Member" in provenance
    ask = html.split('id="people-to-ask"', 1)[1].split("</section>", 1)[0]
    assert "Lena Leader" in ask  # tied to the author on the map
    assert "Pip P." not in ask  # never a pupil


def test_the_rebuild_command_indexes_every_item(items, capsys):
    from nlc.web.knowledge.index import search

    call_command("rebuild_knowledge_index")
    assert "indexed 9 knowledge items" in capsys.readouterr().out
    hits = search("referral form nurses", {items.beta_published.pk, items.alpha_draft.pk})
    assert hits[0].id == str(items.beta_published.pk)
