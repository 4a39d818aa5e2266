"""The URL patterns the apps' ``urls.py`` share (``nlc.web.routes``)."""

from types import SimpleNamespace

from nlc.web.routes import actions, network_page, new_and_existing


def _view(request, **kwargs):
    return None


def _other(request, **kwargs):
    return None


def _rows(patterns):
    return [(str(p.pattern), p.name, p.callback) for p in patterns]


def test_a_network_page_is_named_for_its_section():
    page = network_page("plan", _view)
    assert (str(page.pattern), page.name) == ("networks/<int:pk>/plan/", "network-plan")
    renamed = network_page("report", _view, name="network-report-page")
    assert renamed.name == "network-report-page"


def test_new_and_existing_serve_both_pages_with_one_view_unless_given_two():
    assert _rows(new_and_existing("p/", "meeting", "plan-meeting", _view)) == [
        ("p/meetings/new/", "plan-meeting-new", _view),
        ("p/meetings/<int:meeting>/", "plan-meeting", _view),
    ]
    pair = new_and_existing("p/", "proposal", "plan-proposal", _view, _other)
    assert [callback for *_, callback in _rows(pair)] == [_view, _other]


def test_actions_follow_the_noun_verb_convention_or_the_patterns_given():
    views = SimpleNamespace(wave_invite=_view, wave_close=_other, act=_view)
    assert _rows(actions("w/", views, "wave", "invite", "close", name="survey-wave-{verb}")) == [
        ("w/invite/", "survey-wave-invite", _view),
        ("w/close/", "survey-wave-close", _other),
    ]
    assert _rows(actions("b/", views, "brokerage", "act", view="{verb}")) == [
        ("b/act/", "brokerage-act", _view)
    ]
