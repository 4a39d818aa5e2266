"""The brokerage assistant's framework-free scoring: membership, partnerships, resources, the
introduction life cycle, dismissal fingerprints, the hold-back draw and the effect summary."""

import datetime as dt

import pytest

from nlc.brokerage import Suggestion
from nlc.brokerage.effect import PairChange, summarise
from nlc.brokerage.lifecycle import IntroductionError, next_status
from nlc.brokerage.membership import (
    Candidate,
    MemberActivity,
    NetworkProfile,
    drifting_members,
    invitations,
)
from nlc.brokerage.memory import fingerprint, held_back
from nlc.brokerage.partnership import gaps, partnerships
from nlc.brokerage.resources import Entry, match_resources
from nlc.brokerage.text import keywords, shared_keywords

NORTH = NetworkProfile(
    "n1",
    "North",
    focus="Family learning and reading",
    phases=frozenset({"primary"}),
    kinds=frozenset({"school", "health"}),
    places=frozenset({"Leeds"}),
)


def test_it_ranks_a_school_tied_to_members_above_one_only_nearby():
    tied = Candidate("o2", "Ash Primary", "school", phase="primary", tied_members=("Oak", "Elm"))
    near = Candidate("o3", "Birch Primary", "school", phase="primary", place="Leeds")
    found = invitations(NORTH, [near, tied])
    assert [s.target for s in found] == ["o2", "o3"]
    assert found[0].reasons[0] == "It already works with Oak and Elm."
    assert found[1].reasons[0] == "It is in Leeds, where the network works."


def test_it_does_not_invite_an_organisation_neither_tied_nor_near():
    far = Candidate("o4", "Far Primary", "school", phase="primary", place="York")
    assert invitations(NORTH, [far]) == []


def test_nearness_uses_coordinates_when_both_have_them():
    net = NetworkProfile("n1", "North", centre=(0.0, 0.0))
    close = Candidate("o5", "Close", "school", location=(3000.0, 4000.0))
    found = invitations(net, [close])
    assert found[0].reasons == ("It is 5.0 km from the network's centre.",)
    assert found[0].score == pytest.approx(1.0)  # 2 * 5000 / (5000 + 5000)


def test_a_matching_focus_is_a_reason():
    reader = Candidate("o6", "Library", "library", place="Leeds", focus="Reading for families")
    reasons = invitations(NORTH, [reader])[0].reasons
    assert "Its focus shares the network's: family, reading." in reasons
    assert "The network has no member of its kind (library)." in reasons


def test_a_member_whose_ties_halve_is_drifting_and_one_holding_steady_is_not():
    falling = MemberActivity("o1", "Vale", ties_before=6, ties_after=1, activities_before=2)
    steady = MemberActivity("o2", "Hill", ties_before=4, ties_after=3)
    found = drifting_members("n1", [falling, steady])
    assert [s.target for s in found] == ["o1"]
    assert found[0].score == pytest.approx(1 - 1 / 8)
    assert found[0].reasons[1].startswith("The activities it took part in fell from 2")


def test_drift_needs_enough_to_fall_from():
    assert drifting_members("n1", [MemberActivity("o1", "Vale", ties_before=2)]) == []


def test_gaps_are_lacking_kinds_and_thinly_tied_ones():
    found = gaps({"school": 5, "health": 1, "police": 1}, {"health": 4, "police": 1}, {})
    assert "health" not in found
    assert found["police"].lacking is False
    assert found["business"].lacking is True


def test_partnerships_offer_outsiders_of_a_lacking_kind_first():
    found_gaps = gaps({"health": 1}, {"health": 1}, {"health": "Health", "police": "Police"})
    police = Candidate("o8", "Leeds Police", "police", place="Leeds", networks=("South",))
    clinic = Candidate("o9", "Clinic", "health", tied_members=("Oak",))
    school = Candidate("o10", "Yew Primary", "school", place="Leeds")
    found = partnerships(NORTH, [clinic, police, school], found_gaps)
    assert [s.target for s in found] == ["o8", "o9"]
    assert found[0].reasons[-1] == "It would link the network to South."
    assert found[1].evidence == {"partner_kind": "health", "lacking": False}


def _entry(pk, org, kind, text, **more):
    return Entry(pk, org, f"Org {org}", kind, kind.title(), text, **more)


def test_offers_match_needs_of_the_same_kind_from_other_organisations():
    offers = [
        _entry(1, "o1", "expertise", "Speech and language therapy advice"),
        _entry(2, "o2", "venues", "Speech and language therapy room"),
    ]
    needs = [
        _entry(3, "o3", "expertise", "Advice on speech and language for reception"),
        _entry(4, "o1", "expertise", "Speech and language help"),
    ]
    found = match_resources(offers, needs)
    assert [(s.source, s.target) for s in found] == [("o1", "o3")]
    assert found[0].evidence["offer"] == 1 and found[0].evidence["need"] == 3
    assert found[0].reasons[1] == "Both speak of advice, language, speech."


def test_offers_and_needs_whose_dates_do_not_overlap_do_not_match():
    offer = _entry(1, "o1", "funding", "Grant", end=dt.date(2025, 1, 1))
    need = _entry(2, "o2", "funding", "Grant", start=dt.date(2025, 6, 1))
    assert match_resources([offer], [need]) == []


def test_the_life_cycle_needs_both_sides_before_a_meeting():
    status = next_status("proposed", "agree_b")
    assert status == "agreed_b"
    with pytest.raises(IntroductionError, match="Both sides must agree"):
        next_status(status, "met")
    status = next_status(status, "agree_a")
    assert next_status(next_status(status, "met"), "succeed") == "successful"


def test_a_closed_introduction_cannot_be_declined_or_reopened():
    with pytest.raises(IntroductionError):
        next_status("successful", "decline")
    with pytest.raises(IntroductionError, match="Unknown action"):
        next_status("proposed", "jump")


def test_a_fingerprint_changes_with_a_new_reason_not_with_the_score_or_order():
    a = Suggestion("o1", "o2", 1.0, ("x", "y"))
    assert fingerprint(a) == fingerprint(Suggestion("o1", "o2", 9.0, ("y", "x")))
    assert fingerprint(a) != fingerprint(Suggestion("o1", "o2", 1.0, ("x", "y", "z")))


def test_a_fingerprint_reads_only_the_simulations_verdict():
    def with_(sim):
        return fingerprint(Suggestion("o1", "o2", 1.0, ("x", sim)))

    none = "in simulation this tie makes no clear difference to how far a practice spreads"
    gain = "in simulation a practice would reach {} more members on average with this tie"
    assert with_(f"{none} (+0.01 members)") == with_(f"{none} (-0.03 members)")
    assert with_(gain.format("1.20")) == with_(gain.format("0.80"))
    assert with_(gain.format("1.20")) != with_(f"{none} (+0.01 members)")


def test_about_the_share_asked_for_is_held_back_and_always_the_same_ones():
    keys = [("relationship", f"o{i}", f"o{i + 1}") for i in range(2000)]
    drawn = [held_back(k, 0.2, seed=3) for k in keys]
    assert 0.17 < sum(drawn) / len(drawn) < 0.23
    assert drawn == [held_back(k, 0.2, seed=3) for k in keys]
    assert not any(held_back(k, 0.0) for k in keys)


def test_the_effect_summary_of_an_empty_group_has_no_figures():
    assert summarise([]).tied_after is None
    assert summarise([PairChange(pair_ties_after=2)]).tied_after == 1.0


def test_keywords_drop_stop_words_and_plurals():
    assert keywords("The schools and walks") == frozenset({"walk"})
    assert shared_keywords("", "anything") == (0.0, [])
