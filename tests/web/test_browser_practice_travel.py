"""Where a practice travelled, on the map in a real browser: the "Practices" control lists
the network's practices; choosing one rings its source organisations and adopters and draws
dated arrows from the sources to the adopters as an overlay, which goes away again.

Uses the live server, Debian's chromium and the fixtures of ``test_browser`` (skipped
without /usr/bin/chromium), on the demonstration area (whose activities spread practices).
"""

import test_browser as shared

pytestmark = shared.pytestmark
_demo_loaded_again_afterwards = shared._demo_loaded_again_afterwards
browser, demo, site, page = shared.browser, shared.demo, shared.site, shared.page


def test_choosing_a_practice_draws_where_it_travelled(page):
    from nlc.web.learning.services import adoption_events

    network = shared.led_network()
    events = adoption_events(network)
    assert events, "the demo's led network has adoptions"
    practice = events[0].practice
    travelled = [e for e in events if e.practice == practice]
    adopters = {f"o{e.adopter_organisation}" for e in travelled}
    sources = {f"o{pk}" for e in travelled for pk in e.source_organisations}
    arrows = sorted(
        (f"o{pk}", f"o{e.adopter_organisation}", e.adopted_on.isoformat())
        for e in travelled
        for pk in e.source_organisations
    )

    shared.sign_in(page, "leader")
    shared.open_map(page, network)
    ties = shared.shown_ties(page)
    names = page.eval_on_selector_all("#practice option", "os => os.map(o => o.value)")
    assert names[0] == "" and practice in names
    assert sorted(names[1:]) == sorted({e.practice for e in events})

    page.select_option("#practice", practice)
    page.wait_for_function(f"() => document.body.dataset.practice === {practice!r}")
    drawn = page.evaluate(
        """() => window.nlcMap.cy.edges('.travel').map(e =>
            [e.data('source'), e.data('target'), e.data('date')])"""
    )
    assert sorted(map(tuple, drawn)) == arrows
    ringed = page.evaluate(
        """() => [window.nlcMap.cy.nodes('.practice-source').map(n => n.id()),
                  window.nlcMap.cy.nodes('.practice-adopter').map(n => n.id())]"""
    )
    assert set(ringed[0]) == sources and set(ringed[1]) == adopters
    # The overlay has its own style (not a tie's) and does not count as a tie.
    style = page.evaluate(
        """() => { const e = window.nlcMap.cy.edges('.travel')[0];
                   return [e.style('line-color'), e.style('target-arrow-shape'), e.style('label')]; }"""
    )
    assert (
        style[0] == "rgb(217,119,6)"
        and style[1] == "triangle"
        and style[2] in {a[2] for a in arrows}
    )
    assert shared.shown_ties(page) == ties
    assert page.locator("#practice-travel li").count() == len(arrows) + 1  # and the key
    page.screenshot(path=str(shared.ARTIFACTS / "map-practice-travel.png"))

    page.select_option("#practice", "")
    page.wait_for_function("() => document.body.dataset.practice === ''")
    assert page.evaluate("window.nlcMap.cy.edges('.travel').length") == 0
    assert page.evaluate("window.nlcMap.cy.nodes('.practice-adopter').length") == 0
