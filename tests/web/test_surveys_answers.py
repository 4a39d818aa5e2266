"""A respondent's ordinary answers (text, multiple choice, scale) through the page and the API,
the link stopping on the wave's closing day, the consent version each response records, and
the content of the wave's CSV export."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import zipfile

import pytest
from django.test import Client
from django.urls import reverse
from survey_helpers import answer, invite, make_survey, open_wave, token_of

from nlc.web.surveys import services
from nlc.web.surveys.models import Invitation, QuestionKind

pytestmark = pytest.mark.usefixtures("small_area")


@pytest.fixture
def context_wave(small_area, db):
    """An open wave of a survey with a text, a multiple-choice and a 1..5 scale question;
    the member is invited. Returns (wave, invitation, {kind: question})."""
    survey = make_survey(small_area)
    asked = {
        QuestionKind.TEXT: services.add_question(
            survey, kind=QuestionKind.TEXT, text="What would help?"
        ),
        QuestionKind.MULTIPLE: services.add_question(
            survey,
            kind=QuestionKind.MULTIPLE,
            text="Which phases?",
            choices=["Early years", "Primary", "Secondary"],
        ),
        QuestionKind.SCALE: services.add_question(
            survey, kind=QuestionKind.SCALE, text="How useful is the network?", scale_max=5
        ),
    }
    wave = open_wave(survey)
    member = small_area.people.member
    return wave, invite(wave, member)[member.pk], asked


def values_of(invitation, asked) -> dict:
    return {
        kind: invitation.answers.filter(question=q).values_list("value", flat=True).first()
        for kind, q in asked.items()
    }


def post_page(client, link, asked, text, phases, point):
    t, m, s = (asked[k].pk for k in (QuestionKind.TEXT, QuestionKind.MULTIPLE, QuestionKind.SCALE))
    return client.post(
        link, {"action": "finish", f"q{t}": text, f"q{m}": phases, f"q{s}": point}, follow=True
    )


def test_ordinary_answers_on_the_respondent_page(client, context_wave):
    wave, inv, asked = context_wave
    link = reverse("survey-respond", args=[token_of(inv)])
    client.post(link, {"action": "consent", "agree": "1"})
    page = client.get(link).content.decode()
    assert f'name="q{asked[QuestionKind.TEXT].pk}"' in page
    assert page.count(f'name="q{asked[QuestionKind.SCALE].pk}"') == 5  # points 1..5

    page = post_page(client, link, asked, "More visits", ["Primary", "Secondary"], "4")
    assert values_of(inv, asked) == {
        QuestionKind.TEXT: "More visits",
        QuestionKind.MULTIPLE: ["Primary", "Secondary"],
        QuestionKind.SCALE: 4,
    }
    shown = page.content.decode()  # the answers come back on the page, to change later
    assert "More visits</textarea>" in shown
    assert 'value="Secondary" checked' in shown and 'value="Early years" checked' not in shown
    assert 'value="4" checked' in shown

    for phases, point, message in (
        (["Primary"], "6", "Choose a point from 1 to 5."),
        (["Primary"], "0", "Choose a point from 1 to 5."),
        (["Primary"], "lots", "Choose a point from 1 to 5."),
        (["Sixth form"], "3", "Choose among the options given."),
    ):
        refused = post_page(client, link, asked, "Changed", phases, point).content.decode()
        assert message in refused
        assert values_of(inv, asked)[QuestionKind.TEXT] == "More visits"  # nothing saved


def api_post(client, token, body):
    return client.post(
        f"/api/survey-responses/{token}", data=json.dumps(body), content_type="application/json"
    )


def test_ordinary_answers_through_the_api(context_wave):
    wave, inv, asked = context_wave
    token = token_of(inv)
    respondent = Client()

    def answers(text, phases, point):
        return [
            {"question": asked[QuestionKind.TEXT].pk, "value": text},
            {"question": asked[QuestionKind.MULTIPLE].pk, "value": phases},
            {"question": asked[QuestionKind.SCALE].pk, "value": point},
        ]

    done = api_post(
        respondent, token, {"consent": True, "answers": answers("Time", ["Early years"], 2)}
    )
    assert done.status_code == 200, done.content
    back = {a["question"]: a["value"] for a in done.json()["answers"]}
    assert back == {
        asked[QuestionKind.TEXT].pk: "Time",
        asked[QuestionKind.MULTIPLE].pk: ["Early years"],
        asked[QuestionKind.SCALE].pk: 2,
    }
    scale = next(q for q in done.json()["questions"] if q["kind"] == "scale")
    assert scale["scale_max"] == 5

    for bad, field, message in (
        (answers("Time", ["Early years"], 6), "answers.2", "Choose a point from 1 to 5."),
        (answers("Time", ["Early years"], 0), "answers.2", "Choose a point from 1 to 5."),
        (answers("Time", ["Nursery"], 3), "answers.1", "Choose among the options given."),
        (answers(["a", "b"], ["Primary"], 3), "answers.0", "Write the answer as text."),
    ):
        refused = api_post(respondent, token, {"answers": bad})
        assert refused.status_code == 422, (bad, refused.content)
        assert message in refused.json()["errors"][field]
        assert values_of(inv, asked)[QuestionKind.SCALE] == 2  # nothing saved


# ---- the link stops on the wave's closing day --------------------------------------------


def test_link_stops_working_once_the_closing_day_has_passed(client, small_area, db, monkeypatch):
    from django.utils import timezone

    p = small_area.people
    wave = open_wave(make_survey(small_area), days=3)
    inv = invite(wave, p.member)[p.member.pk]
    answer(inv, p.leader)
    link = reverse("survey-respond", args=[token_of(inv)])
    api = f"/api/survey-responses/{token_of(inv)}"

    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: wave.closes_on)
    assert "Lena Leader" in client.get(link).content.decode()  # the last day still works
    assert Client().get(api).status_code == 200

    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: wave.closes_on + dt.timedelta(1))
    page = client.get(link).content.decode()
    assert "This survey is closed" in page and "Lena Leader" not in page
    assert 'id="withdraw-form"' in page  # withdrawing still works after the closing day
    post = client.post(link, {"action": "finish"}).content.decode()
    assert "This survey is closed" in post
    for response in (Client().get(api), api_post(Client(), token_of(inv), {"answers": []})):
        assert response.status_code == 403
        assert "This survey is closed." in response.content.decode()
    inv.refresh_from_db()
    assert inv.answers.count() == 1  # the answers given before are kept


# ---- consent version per response --------------------------------------------------------


def test_each_response_records_the_consent_version_it_agreed(client, small_area, db):
    p = small_area.people
    survey = make_survey(small_area)
    wave = open_wave(survey)
    invited = invite(wave, p.member, p.mentor, p.teacher)
    member, mentor, teacher = (invited[x.pk] for x in (p.member, p.mentor, p.teacher))
    link = reverse("survey-respond", args=[token_of(member)])
    client.post(link, {"action": "consent", "agree": "1"})
    api_post(Client(), token_of(mentor), {"consent": True})
    for inv in (member, mentor):
        inv.refresh_from_db()
        assert inv.consent_version == 1 and inv.consent_at is not None

    services.update_consent(survey, "  I agree.  ")  # the same text: no new version
    assert survey.consent_version == 1
    services.update_consent(survey, "I agree, and my answers may be kept for five years.")
    survey.refresh_from_db()
    assert survey.consent_version == 2

    # Those who agreed to the first text are asked again; a later consent records version 2.
    assert "consent-form" in client.get(link).content.decode()
    assert "five years" in client.get(link).content.decode()
    refused = api_post(Client(), token_of(mentor), {"answers": []})
    assert refused.status_code == 422 and "consent" in refused.json()["errors"]
    client.post(link, {"action": "consent", "agree": "1"})
    api_post(Client(), token_of(teacher), {"consent": True})
    versions = dict(
        Invitation.objects.filter(wave=wave).values_list("person_id", "consent_version")
    )
    assert versions == {p.member.pk: 2, p.mentor.pk: 1, p.teacher.pk: 2}


# ---- the wave's CSV export ---------------------------------------------------------------


def exported_csv(client, wave) -> dict[str, list[list[str]]]:
    url = reverse("survey-wave-export", args=[wave.survey.network_id, wave.pk]) + "?format=csv"
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith('.zip"')
    with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
        return {
            name.rsplit("-", 1)[1]: list(csv.reader(io.StringIO(archive.read(name).decode())))
            for name in archive.namelist()
        }


def test_wave_csv_export_names_for_analysts_pseudonyms_for_evaluators(client_for, small_area):
    p = small_area.people
    wave = open_wave(make_survey(small_area))
    invited = invite(wave, p.leader, p.member)
    answer(invited[p.leader.pk], p.member, frequency=4)
    answer(invited[p.member.pk], p.leader, p.mentor, frequency=2)
    p.mentor.name = "=HYPERLINK(1)"
    p.mentor.save()
    services.close_wave(wave)

    tables = exported_csv(client_for("leader"), wave)
    assert set(tables) == {"ties.csv", "nodes.csv"}
    ties, nodes = tables["ties.csv"], tables["nodes.csv"]
    head = ties[0]
    assert head[:2] == ["source", "target"] and {"weight", "type", "wave"} <= set(head)
    rows = {(r[0], r[1]): dict(zip(head, r, strict=True)) for r in ties[1:]}
    leader, member, mentor = (f"p{x.pk}" for x in (p.leader, p.member, p.mentor))
    assert set(rows) == {(leader, member), (member, leader), (member, mentor)}
    assert {r["wave"] for r in rows.values()} == {"1"}
    assert {r["type"] for r in rows.values()} == {"advice"}
    assert float(rows[leader, member]["weight"]) > float(rows[member, mentor]["weight"])
    labels = {r[0]: dict(zip(nodes[0], r, strict=True)) for r in nodes[1:]}
    assert nodes[0][0] == "id" and "label" in nodes[0]
    assert labels[member]["label"] == "Mo Member" and labels[leader]["label"] == "Lena Leader"
    assert labels[mentor]["label"] == "'=HYPERLINK(1)"  # a cell that cannot run as a formula

    evaluator = exported_csv(client_for("evaluator"), wave)
    assert evaluator["ties.csv"] == ties  # the same ties ...
    shown = {r[0]: r[nodes[0].index("label")] for r in evaluator["nodes.csv"][1:]}
    assert set(shown) == set(labels)
    text = json.dumps(evaluator)  # ... under pseudonyms
    assert "Mo Member" not in text and "Lena Leader" not in text and "HYPERLINK" not in text
    assert len(set(shown.values())) == 3
