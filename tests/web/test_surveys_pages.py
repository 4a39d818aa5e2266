"""The Surveys section for every role, and the respondent's page (no account)."""

from __future__ import annotations

import pytest
from conftest import ROLES, STEWARDS
from django.core import mail
from django.urls import reverse
from survey_helpers import answer, invite, make_survey, open_wave, token_of

from nlc.web.surveys import services
from nlc.web.surveys.models import Invitation, InvitationStatus, Survey
from nlc.web.ties.models import Tie

pytestmark = pytest.mark.usefixtures("small_area")
ANALYSTS_AND_EVALUATOR = STEWARDS | {"evaluator"}


@pytest.fixture
def answered(small_area, db):
    """A wave of the led network: the leader named Mo Member and Pip (a pupil is never on
    the roster, so Pip is named by the facilitator through an import-free service call)."""
    p = small_area.people
    wave = open_wave(make_survey(small_area, min_group_size=5))
    inv = invite(wave, p.leader, p.member, p.teacher)
    answer(inv[p.leader.pk], p.member)
    return wave


def url(name, wave, *more):
    return reverse(name, args=[wave.survey.network_id, wave.pk, *more])


@pytest.mark.parametrize("username", ROLES)
def test_everyone_of_the_network_sees_the_section(client_for, answered, username):
    client = client_for(username)
    response = client.get(reverse("network-surveys", args=[answered.survey.network_id]))
    assert response.status_code == 200
    assert ("new-survey" in response.content.decode()) == (username in STEWARDS)
    page = client.get(url("survey-wave", answered)).content.decode()
    assert ('id="named"' in page) == (username in ANALYSTS_AND_EVALUATOR)
    assert ("Mo Member" in page) == (username in STEWARDS)  # evaluators: pseudonyms
    # Three invited, fewer than the minimum group of five: figures hidden from the others.
    assert ("fewer than 5" in page) == (username not in STEWARDS)


def test_another_networks_surveys_are_refused(client_for, small_area, answered):
    client = client_for("member")
    assert client.get(reverse("network-surveys", args=[small_area.other.pk])).status_code == 403
    survey = make_survey(small_area)
    survey.network = small_area.other
    survey.save()
    assert (
        client.get(reverse("survey-detail", args=[small_area.other.pk, survey.pk])).status_code
        == 403
    )


@pytest.mark.parametrize("username", ROLES)
def test_only_analysts_run_surveys(client_for, small_area, answered, username):
    client = client_for(username)
    network = small_area.led.pk
    posts = [
        (
            reverse("survey-new", args=[network]),
            {"title": "T", "consent_text": "C", "min_group_size": 5, "sets": ["advice"]},
        ),
        (url("survey-wave-invite", answered), {"people": [small_area.people.mentor.pk]}),
        (
            url("survey-wave-close", answered),
            {"unreciprocated": "directed", "non_respondents": "keep"},
        ),
        (url("survey-wave-remind", answered), {}),
    ]
    for path, data in posts:
        status = client.post(path, data).status_code
        assert (status == 302) == (username in STEWARDS), path
        assert (status == 403) == (username not in STEWARDS), path
    for name in ("survey-wave-links", "survey-wave-export"):
        status = client.get(url(name, answered)).status_code
        allowed = STEWARDS if name == "survey-wave-links" else ANALYSTS_AND_EVALUATOR
        assert status == (200 if username in allowed else 403), name
    created = Survey.objects.filter(title="T").exists()
    assert created == (username in STEWARDS)


@pytest.mark.parametrize("username", ROLES)
def test_map_data_suppresses_small_groups(client_for, answered, username):
    data = client_for(username).get(url("survey-wave-map", answered)).json()
    academy = next(o for o in data["organisations"] if o["name"] == "Alpha Academy")
    assert (academy["complete"] is None) == (username not in STEWARDS)


def test_leader_designs_invites_and_emails(client_for, small_area, db):
    client = client_for("leader")
    network = small_area.led.pk
    response = client.post(
        reverse("survey-new", args=[network]),
        {
            "title": "Year one",
            "consent_text": "I agree",
            "min_group_size": 3,
            "sets": ["advice", "trust"],
        },
    )
    survey = Survey.objects.get(title="Year one")
    assert response.url == reverse("survey-detail", args=[network, survey.pk])
    assert survey.questions.count() == 3
    client.post(
        reverse("survey-question-new", args=[network, survey.pk]),
        {
            "kind": "scale",
            "text": "How well does the network work?",
            "scale_max": 5,
            "scope": "people",
        },
    )
    assert survey.questions.count() == 4
    response = client.post(
        reverse("survey-wave-open", args=[network, survey.pk]),
        {"opens_on": "2026-01-01", "closes_on": "2099-01-01"},
    )
    wave = survey.waves.get()
    p = small_area.people
    client.post(
        url("survey-wave-invite", wave),
        {"people": [p.leader.pk, p.member.pk, p.mentor.pk], "email": "1"},
    )
    assert wave.invitations.count() == 3
    assert len(mail.outbox) == 2  # the mentor has no e-mail address
    assert "/s/" in mail.outbox[0].body
    links = client.get(url("survey-wave-links", wave)).content.decode()
    assert links.count("/s/") == 3
    tokens_in_mail = {m.body.split("/s/")[1].split("/")[0] for m in mail.outbox}
    assert all(t in links for t in tokens_in_mail)
    client.post(url("survey-wave-remind", wave))
    assert len(mail.outbox) == 4 and mail.outbox[-1].subject.startswith("Reminder")


def test_links_csv_cells_cannot_run_as_formulas(client_for, small_area, answered):
    p = small_area.people
    p.teacher.name = "=HYPERLINK(1)"
    p.teacher.save()
    links = client_for("leader").get(url("survey-wave-links", answered)).content.decode()
    assert "'=HYPERLINK(1)" in links


def test_respondent_answers_resumes_and_finishes(client, small_area, answered):
    p = small_area.people
    inv = Invitation.objects.get(wave=answered, person=p.member)
    link = reverse("survey-respond", args=[token_of(inv)])
    page = client.get(link).content.decode()
    assert "consent-form" in page
    assert client.post(link, {"action": "consent"}).status_code == 302  # not ticked: no consent
    assert "consent-form" in client.get(link).content.decode()
    client.post(link, {"action": "consent", "agree": "1"})
    page = client.get(link).content.decode()
    assert "Lena Leader" in page and "Pip P." not in page  # pupils are never on the roster
    assert "Ben Teacher" not in page  # another network's people are not either
    assert f'value="p{p.member.pk}"' not in page  # nor the respondent themself
    assert f'value="p{p.mentor.pk}"' in page
    q = answered.survey.questions.first()
    client.post(
        link,
        {
            "action": "save",
            f"q{q.pk}-add": [f"p{p.leader.pk}"],
            f"q{q.pk}-other": "Sam from the council",
        },
    )
    inv.refresh_from_db()
    assert inv.status == InvitationStatus.PARTIAL
    named = {a.pk: a for a in inv.answers.all()}
    assert len(named) == 2
    leader_answer = next(a for a in named.values() if a.alter_person_id == p.leader.pk)
    response = client.post(link, {"action": "autosave", f"a{leader_answer.pk}-frequency": "4"})
    assert response.status_code == 204
    client.post(link, {"action": "finish"})
    inv.refresh_from_db()
    assert inv.status == InvitationStatus.COMPLETE
    assert inv.answers.get(alter_person=p.leader).interpreters == {"frequency": 4}
    assert inv.answers.filter(alter_text="Sam from the council").exists()


def test_wrong_and_withdrawn_links(client, small_area, answered):
    assert client.get(reverse("survey-respond", args=["x" * 43])).status_code == 404
    inv = Invitation.objects.get(wave=answered, person=small_area.people.leader)
    services.close_wave(answered)
    assert Tie.objects.filter(wave_tie__wave=answered).count() == 1
    link = reverse("survey-respond", args=[token_of(inv)])
    assert "closed" in client.get(link).content.decode()
    client.post(reverse("survey-withdraw", args=[token_of(inv)]), {"confirm": "1"})
    assert not Tie.objects.filter(wave_tie__wave=answered).exists()
    assert "withdrawn" in client.get(link).content.decode()


def test_import_roster_csv_all_or_nothing(client_for, small_area, db):
    from django.core.files.uploadedfile import SimpleUploadedFile

    wave = open_wave(make_survey(small_area))
    client = client_for("facilitator")
    p = small_area.people
    bad = f"respondent,alter,question,value\np{p.leader.pk},Mo Member,1,3\nnobody,Mo Member,1,2\n"
    client.post(
        url("survey-wave-import", wave),
        {"kind": "roster", "file": SimpleUploadedFile("w.csv", bad.encode())},
    )
    assert not wave.invitations.exists()
    good = f"respondent,alter,question,value\np{p.leader.pk},Mo Member,1,3\nmo@example.org,Lena Leader,1,4\n"
    response = client.post(
        url("survey-wave-import", wave),
        {"kind": "roster", "file": SimpleUploadedFile("w.csv", good.encode())},
    )
    assert response.status_code == 302
    weights = sorted(Tie.objects.filter(wave_tie__wave=wave).values_list("weight", flat=True))
    assert weights == [3.0, 4.0]


def test_wave_export_graphml_uses_pseudonyms_for_evaluators(client_for, small_area, answered):
    services.close_wave(answered)
    for username, shown in (("leader", True), ("evaluator", False)):
        body = (
            client_for(username)
            .get(url("survey-wave-export", answered) + "?format=graphml")
            .content.decode()
        )
        assert ("Mo Member" in body) == shown
        assert "<graphml" in body


def test_import_network_canvas_graphml(client_for, small_area, db):
    """A Network Canvas GraphML: the case id is the respondent; alters by name."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    wave = open_wave(make_survey(small_area))
    p = small_area.people
    graphml = f"""<?xml version="1.0" encoding="UTF-8"?>
<graphml xmlns="http://graphml.graphdrawing.org/xmlns" xmlns:nc="http://schema.networkcanvas.com/xmlns">
  <key id="label" for="node" attr.name="name" attr.type="string"/>
  <key id="type" for="node" attr.name="networkCanvasType" attr.type="string"/>
  <key id="uuid" for="node" attr.name="networkCanvasUUID" attr.type="string"/>
  <key id="freq" for="node" attr.name="frequency" attr.type="string"/>
  <graph edgedefault="undirected" nc:caseId="p{p.member.pk}">
    <node id="a-1"><data key="uuid">a-1</data><data key="type">Person</data><data key="label">Lena Leader</data><data key="freq">weekly</data></node>
    <node id="a-2"><data key="uuid">a-2</data><data key="type">Person</data><data key="label">Someone New</data></node>
  </graph>
</graphml>"""
    upload = SimpleUploadedFile("study.graphml", graphml.encode())
    response = client_for("leader").post(
        url("survey-wave-import", wave), {"kind": "canvas", "file": upload}
    )
    assert response.status_code == 302
    inv = Invitation.objects.get(wave=wave, person=p.member)
    assert inv.status == InvitationStatus.COMPLETE
    named = {(a.alter_person_id, a.alter_text) for a in inv.answers.all()}
    assert named == {(p.leader.pk, ""), (None, "Someone New")}
    tie = Tie.objects.get(wave_tie__wave=wave)
    assert (tie.source_person_id, tie.target_person_id, tie.weight) == (
        p.member.pk,
        p.leader.pk,
        4.0,
    )


@pytest.mark.parametrize("username", ["leader", "member"])
def test_wave_to_wave_change_on_the_wave_page(client_for, small_area, answered, username):
    p = small_area.people
    services.close_wave(answered)
    second = open_wave(answered.survey)
    inv = invite(second, p.leader, p.member)
    answer(inv[p.leader.pk], p.mentor)
    answer(inv[p.member.pk], p.leader)
    services.close_wave(second)
    page = client_for(username).get(url("survey-wave", second)).content.decode()
    assert "Change since wave 1" in page and 'id="measures-change"' in page
    assert "Density" in page or "density" in page
    # Who gained or lost a tie is for the analysts; members see counts and measures.
    assert ("Lena Leader → Mary Mentor" in page) == (username == "leader")


def test_survey_remind_command(small_area, answered, monkeypatch):
    from click.testing import CliRunner

    from nlc.web.surveys import cli

    monkeypatch.setattr(cli, "setup_django", lambda: None)
    result = CliRunner().invoke(cli.survey_remind, ["--site", "https://nlc.example.org"])
    assert result.exit_code == 0, result.output
    # Mo Member and Tom Teacher have not answered and have e-mail addresses; Lena finished.
    assert "2 reminders sent" in result.output
    assert sorted(m.to[0] for m in mail.outbox) == ["mo@example.org", "tom@example.org"]
    assert all("https://nlc.example.org/s/" in m.body for m in mail.outbox)
    bad = CliRunner().invoke(cli.survey_remind, ["--site", "nlc.example.org"])
    assert bad.exit_code != 0 and "https://" in bad.output
