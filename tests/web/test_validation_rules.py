"""One set of rules, three ways in: every rule a page's form enforces is enforced the same way
by the API (422, a JSON error naming the field) and by the imports (refused with file, row
and column, nothing written). Numbers that are not finite are refused everywhere."""

from __future__ import annotations

import json
from dataclasses import dataclass, field

import pytest
from django.urls import reverse

from nlc.web.imports.services import ImportFailed, import_organisations, import_people, import_ties
from nlc.web.registry.models import Network, Organisation, Person, Profile
from nlc.web.ties.models import Tie

pytestmark = pytest.mark.demo  # uses the demonstration area (see conftest.py)

NUL = "\x00"


@dataclass
class Rule:
    """One rule: the record it is about, the values that break it, the field it names."""

    model: str  # "person" or "organisation"
    values: dict
    field: str
    columns: dict = field(default_factory=dict)  # what the import file writes differently


RULES = {
    "pupil with an e-mail": Rule("person", {"is_pupil": True, "email": "kid@example.org"}, "email"),
    "pupil with a phone": Rule("person", {"is_pupil": True, "phone": "0121 000 0000"}, "phone"),
    "person with a blank name": Rule("person", {"name": "   "}, "name"),
    "NUL in a person's name": Rule("person", {"name": f"Ann{NUL}Smith"}, "name"),
    "NUL in a job title": Rule("person", {"job_title": f"Head{NUL}"}, "job_title"),
    "police with a school phase": Rule(
        "organisation", {"kind": "police", "phase": "primary"}, "phase"
    ),
    "easting without a northing": Rule("organisation", {"easting": 400000}, "northing"),
    "northing without an easting": Rule("organisation", {"northing": 280000}, "easting"),
    "organisation with a blank name": Rule("organisation", {"name": "  "}, "name"),
    "NUL in an organisation's name": Rule("organisation", {"name": f"Club{NUL}"}, "name"),
    "NUL in a trust": Rule("organisation", {"trust": f"Trust{NUL}"}, "trust"),
}


@pytest.fixture
def place(db):
    """The admin's area and a new organisation in it (for people)."""
    area = Profile.objects.get(user__username="admin").area
    school = Organisation.objects.create(area=area, name="Validation Test School", kind="school")
    return area, school


def _record(rule: Rule, place) -> dict:
    area, school = place
    if rule.model == "person":
        base = {"organisation": school.pk, "name": "Rule Tester", "is_pupil": False}
    else:
        base = {"area": area.pk, "name": "Rule Tester Org", "kind": "other"}
    return base | rule.values


def _count(rule: Rule) -> int:
    return (Person if rule.model == "person" else Organisation).objects.count()


@pytest.mark.parametrize("name", RULES)
def test_the_form_refuses(client_for, place, name):
    rule = RULES[name]
    data = {
        k: ("on" if v is True else v) for k, v in _record(rule, place).items() if v is not False
    }
    before = _count(rule)
    response = client_for("admin").post(reverse(f"{rule.model}-create"), data)
    assert response.status_code == 200
    assert response.context["form"].errors.get(rule.field), response.context["form"].errors
    assert _count(rule) == before


@pytest.mark.parametrize("name", RULES)
def test_the_api_refuses_with_a_json_error_naming_the_field(client_for, place, name):
    rule = RULES[name]
    url = "/api/people" if rule.model == "person" else "/api/organisations"
    before = _count(rule)
    response = client_for("admin").post(
        url, json.dumps(_record(rule, place)), content_type="application/json"
    )
    assert response.status_code == 422, response.content
    assert rule.field in response.json()["errors"], response.json()
    assert _count(rule) == before


@pytest.mark.parametrize("name", RULES)
def test_the_api_refuses_a_change_that_breaks_the_rule(client_for, place, name):
    rule = RULES[name]
    area, school = place
    if rule.model == "person":
        record = Person.objects.create(organisation=school, name="Patch Me")
        url = f"/api/people/{record.pk}"
    else:
        record = Organisation.objects.create(area=area, name="Patch Me Org", kind="other")
        url = f"/api/organisations/{record.pk}"
    response = client_for("admin").patch(
        url, json.dumps(rule.values), content_type="application/json"
    )
    assert response.status_code == 422, response.content
    assert rule.field in response.json()["errors"]
    record.refresh_from_db()
    assert record.name.startswith("Patch Me")


def _import_file(rule: Rule, place, tmp_path):
    area, school = place
    record = _record(rule, place)
    if rule.model == "person":
        record["organisation"] = school.name
        record["is_pupil"] = "yes" if record["is_pupil"] else "no"
    else:
        record.pop("area")
    header = list(record)
    path = tmp_path / f"{rule.model}s.csv"
    row = ",".join(str(record[k]) for k in header)
    path.write_text(",".join(header) + "\n" + row + "\n", encoding="utf-8")
    return path


@pytest.mark.parametrize("name", RULES)
def test_the_import_refuses_naming_file_row_and_column(place, tmp_path, name):
    rule = RULES[name]
    area, _ = place
    path = _import_file(rule, place, tmp_path)
    run = import_people if rule.model == "person" else import_organisations
    before = _count(rule)
    with pytest.raises(ImportFailed) as failed:
        run(path, area=area)
    errors = failed.value.errors
    assert any(e.path == str(path) and e.row == 2 and e.column == rule.field for e in errors), (
        failed.value.report()
    )
    assert _count(rule) == before


def test_an_import_update_that_breaks_a_rule_is_refused(place, tmp_path):
    """The rule holds for the record as it would be: a phase added to a police force."""
    area, _ = place
    Organisation.objects.create(area=area, name="County Police", kind="police")
    path = tmp_path / "phases.csv"
    path.write_text("name,kind,phase\nCounty Police,police,secondary\n", encoding="utf-8")
    with pytest.raises(ImportFailed) as failed:
        import_organisations(path, area=area)
    assert [(e.row, e.column) for e in failed.value.errors] == [(2, "phase")]
    assert Organisation.objects.get(name="County Police").phase == ""


def test_a_nul_in_a_network_name_is_refused_by_the_form(client_for, place):
    area, _ = place
    data = {"area": area.pk, "name": f"Net{NUL}work"}
    before = Network.objects.count()
    response = client_for("admin").post(reverse("network-create"), data)
    assert response.context["form"].errors["name"] == ["Null characters are not allowed."]
    assert Network.objects.count() == before


def test_the_model_itself_refuses_nul_bytes_and_infinite_weights(place):
    from django.core.exceptions import ValidationError

    area, school = place
    with pytest.raises(ValidationError) as error:
        Network(area=area, name="ok", focus=f"bad{NUL}").full_clean()
    assert "focus" in error.value.message_dict
    tie = Tie.objects.first()
    tie.weight = float("inf")
    with pytest.raises(ValidationError) as error:
        tie.full_clean()
    assert "weight" in error.value.message_dict


# ---- weights that are not finite -----------------------------------------------------------


@pytest.fixture
def led(db):
    return Network.objects.get(roles__person__user__username="leader", roles__role="leader")


def _tie_json(led, weight: str) -> str:
    a, b = led.memberships.order_by("pk").values_list("organisation_id", flat=True)[:2]
    return (
        f'{{"network": {led.pk}, "source_organisation": {a}, "target_organisation": {b}, '
        f'"type": "advice", "observed_on": "2025-05-01", "weight": {weight}}}'
    )


@pytest.mark.parametrize("weight", ["1e999", "-1e999", "Infinity", "NaN", "1e300"])
def test_the_api_refuses_a_weight_that_is_not_finite_or_too_large(client_for, led, weight):
    client = client_for("leader")
    before = Tie.objects.count()
    response = client.post("/api/ties", _tie_json(led, weight), content_type="application/json")
    assert response.status_code == 422, response.content
    assert "weight" in response.json()["errors"]
    tie = Tie.objects.filter(network=led).first()
    response = client.patch(
        f"/api/ties/{tie.pk}", f'{{"weight": {weight}}}', content_type="application/json"
    )
    assert response.status_code == 422, response.content
    assert Tie.objects.count() == before
    # Every answer of the API is still valid JSON.
    assert json.loads(client.get(f"/api/ties?network={led.pk}").content)


@pytest.mark.parametrize("weight", ["1e999", "inf", "nan", "1e300"])
def test_the_tie_form_refuses_a_weight_that_is_not_finite_or_too_large(client_for, led, weight):
    a, b = led.memberships.order_by("pk").values_list("organisation_id", flat=True)[:2]
    data = {
        "source_organisation": a,
        "target_organisation": b,
        "type": "advice",
        "weight": weight,
        "directed": "on",
        "observed_on": "2025-03-01",
        "provenance": "recorded",
    }
    before = Tie.objects.count()
    response = client_for("leader").post(reverse("tie-create", args=[led.pk]), data)
    assert response.context["form"].errors["weight"]
    assert Tie.objects.count() == before


def test_imported_weights_that_add_up_past_the_largest_weight_are_refused(led, tmp_path):
    """Each row's weight is fine; their sum (the one tie the rows make) is not. Before, two
    rows of 1e308 made a tie of weight Infinity, and the maps' JSON broke."""
    a, b = led.memberships.order_by("pk").values_list("organisation__name", flat=True)[:2]
    path = tmp_path / "ties.csv"
    path.write_text(f"source,target,weight\n{a},{b},600000000\n{a},{b},6e8\n", encoding="utf-8")
    before = Tie.objects.count()
    with pytest.raises(ImportFailed) as failed:
        import_ties(path, area=led.area, network=led)
    [error] = failed.value.errors
    assert (error.path, error.row, error.column) == (str(path), 3, "weight")
    assert "row 2" in error.message
    assert Tie.objects.count() == before


@pytest.mark.parametrize("weight", ["1e999", "inf", "nan", "-1", "1e300"])
def test_an_imported_weight_that_is_not_finite_or_too_large_is_refused(led, tmp_path, weight):
    a, b = led.memberships.order_by("pk").values_list("organisation__name", flat=True)[:2]
    path = tmp_path / "ties.csv"
    path.write_text(f"source,target,weight\n{a},{b},{weight}\n", encoding="utf-8")
    with pytest.raises(ImportFailed) as failed:
        import_ties(path, area=led.area, network=led)
    assert [(e.row, e.column) for e in failed.value.errors] == [(2, "weight")]


def test_the_maps_still_answer_json(client_for, led):
    response = client_for("leader").get(f"/networks/{led.pk}/map/data/")
    assert response.status_code == 200
    json.loads(response.content)
