"""The area map in a real browser: a legend naming each network, rings on organisations in
several networks, and the geographic layout from eastings and northings (issue 8).

Uses the live server and Debian's chromium set up in ``test_browser.py``.
"""

from test_browser import (  # noqa: F401  (fixtures, found by name)
    ARTIFACTS,
    _demo_loaded_again_afterwards,
    browser,
    demo,
    page,
    pytestmark,
    sign_in,
    site,
)


def positions(page) -> dict:  # noqa: F811
    return page.evaluate(
        """() => {
          const out = {};
          window.nlcMap.cy.nodes('.organisation').forEach(n => {
            out[n.data('pk')] = [n.position('x'), n.position('y')];
          });
          return out;
        }"""
    )


def test_the_area_map_names_its_networks_and_places_organisations_on_the_grid(page):  # noqa: F811
    from nlc.web.registry.models import Membership, Network, Organisation

    networks = list(Network.objects.order_by("name", "pk"))
    first, second = networks[0], networks[1]
    shared = first.memberships.first().organisation
    Membership.objects.create(network=second, organisation=shared, role="member")
    west, east, north = (
        m.organisation for m in second.memberships.exclude(organisation=shared)[:3]
    )
    Organisation.objects.filter(pk=west.pk).update(easting=400_000, northing=300_000)
    Organisation.objects.filter(pk=east.pk).update(easting=410_000, northing=300_000)
    Organisation.objects.filter(pk=north.pk).update(easting=400_000, northing=310_000)

    sign_in(page, "admin")
    page.goto("/area/map/")
    page.wait_for_function("() => window.nlcMap && window.nlcMap.ready")

    # The legend names every network, and says what a ring means.
    legend = page.inner_text("#legend")
    for network in networks:
        assert network.name in legend
    assert "in several networks (1)" in legend
    assert page.evaluate("window.nlcMap.cy.nodes('.several').length") == 1
    labels = page.evaluate("window.nlcMap.cy.nodes('.network-label').map(n => n.data('label'))")
    assert sorted(labels) == sorted(n.name for n in networks)

    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "area-map.png"))

    # The shared organisation's details list both networks.
    page.fill("#map-search", shared.name)
    page.press("#map-search", "Enter")
    page.locator("#node-details").wait_for(state="visible")
    details = page.inner_text("#details-extra")
    assert first.name in details and second.name in details

    # The geographic layout: east is right of west, north is above (smaller y).
    before = positions(page)
    page.check("input[name=layout][value=geographic]")
    page.wait_for_function("() => document.body.dataset.mapLayout === 'geographic'")
    placed = positions(page)
    assert placed != before
    assert placed[str(east.pk)][0] > placed[str(west.pk)][0]
    assert placed[str(east.pk)][1] == placed[str(west.pk)][1]
    assert placed[str(north.pk)][1] < placed[str(west.pk)][1]
    assert "no grid reference" in page.inner_text("#layout-note")
    page.screenshot(path=str(ARTIFACTS / "area-map-geographic.png"))

    # And back to the layout by ties.
    page.check("input[name=layout][value=network]")
    page.wait_for_function("() => document.body.dataset.mapLayout === 'network'")
    assert positions(page) == before
