"""Exports from the web (pages, API, ``nlc export``) and the network report download: each role
gets exactly what the map shows it, no more, and every export reads back with nlc.network."""

import io
import json
import zipfile

import pytest
from click.testing import CliRunner
from conftest import ROLES
from django.urls import reverse

from nlc.network import build_network, read_nodes, read_ties
from nlc.web.exports.services import FORMATS, LEVELS

pytestmark = [pytest.mark.django_db, pytest.mark.demo]


def _export(client, network, fmt="kumu", level="organisations", **extra):
    return client.get(f"/networks/{network.pk}/export/", {"format": fmt, "level": level, **extra})


def _kumu(response) -> dict:
    assert response.status_code == 200, response.content[:300]
    assert response["Content-Disposition"].startswith("attachment;")
    return json.loads(response.content)


def _map(client, network, view):
    response = client.get(f"/networks/{network.pk}/map/data/", {"view": view})
    assert response.status_code == 200
    return response.json()


@pytest.mark.parametrize("username", ROLES)
def test_it_exports_the_organisations_and_ties_the_map_shows(client_for, username, led_network):
    client = client_for(username)
    blueprint = _kumu(_export(client, led_network))
    shown = _map(client, led_network, "organisations")
    elements = {e["id"]: e for e in blueprint["elements"]}
    assert set(elements) == {n["id"] for n in shown["nodes"]}
    assert all(elements[n["id"]]["label"] == n["label"] for n in shown["nodes"])
    assert {c["tie"] for c in blueprint["connections"]} == {str(i) for i in shown["ties"]["id"]}
    first = blueprint["connections"][0]
    assert {"from", "to", "type", "weight", "date", "provenance", "directed"} <= set(first)


@pytest.mark.parametrize("username", ROLES)
def test_it_names_people_as_the_map_does_and_no_one_else(client_for, username, led_network):
    from nlc.web.registry.models import Person

    client = client_for(username)
    blueprint = _kumu(_export(client, led_network, level="people"))
    shown = _map(client, led_network, "people")
    labels = {e["id"]: e["label"] for e in blueprint["elements"]}
    assert labels == {
        f"p{pk}": label
        for pk, label in zip(shown["people"]["pk"], shown["people"]["label"], strict=True)
    }
    person_ties = {
        str(i)
        for i, s in zip(shown["ties"]["id"], shown["ties"]["source"], strict=True)
        if s[0] == "p"
    }
    assert {c["tie"] for c in blueprint["connections"]} == person_ties
    text = json.dumps(blueprint)
    assert "email" not in text and "@" not in text  # never contact details
    pupils = Person.objects.filter(pk__in=[int(i[1:]) for i in labels], is_pupil=True)
    hidden = [p for p in pupils if labels[f"p{p.pk}"] != p.name]
    if username in ("member", "partner", "evaluator"):
        assert pupils and len(hidden) == len(pupils)
        for pupil in pupils:
            assert pupil.name not in text
    if username == "evaluator":
        assert all(label.startswith(("Person ", "Pupil ")) for label in labels.values())


@pytest.mark.parametrize("username", ROLES)
def test_it_refuses_networks_the_user_may_not_open(client_for, username, other_network):
    client = client_for(username)
    expected = 200 if username in ("admin", "evaluator") else 403
    assert _export(client, other_network).status_code == expected
    assert client.get(f"/networks/{other_network.pk}/report.html").status_code == expected
    api = client.get(f"/api/networks/{other_network.pk}/export", {"format": "kumu"})
    assert api.status_code == expected


@pytest.mark.parametrize("username", ROLES)
def test_only_area_administrators_export_the_whole_area(client_for, username, led_network):
    client = client_for(username)
    response = client.get(f"/areas/{led_network.area_id}/export/", {"format": "kumu"})
    api = client.get(f"/api/areas/{led_network.area_id}/export", {"format": "kumu"})
    if username != "admin":
        assert response.status_code == 403 and api.status_code == 403
        return
    blueprint = _kumu(response)
    assert blueprint == json.loads(api.content)
    from nlc.web.ties.models import Tie

    ties = Tie.objects.filter(area_id=led_network.area_id, source_organisation__isnull=False)
    assert {c["tie"] for c in blueprint["connections"]} == {
        str(pk) for pk in ties.values_list("pk", flat=True)
    }


def test_bad_format_or_level_is_a_message(client_for, led_network):
    client = client_for("leader")
    response = _export(client, led_network, fmt="docx")
    assert response.status_code == 400 and b"format must be one of" in response.content
    assert _export(client, led_network, level="pupils").status_code == 400
    api = client.get(f"/api/networks/{led_network.pk}/export", {"format": "docx"})
    assert api.status_code == 422
    assert client.get("/networks/999999/export/").status_code == 404


def _read_back(response, fmt, tmp_path):
    """The export's ties read with nlc.network (a zip's two files for CSV and TSV)."""
    if fmt in ("csv", "tsv"):
        with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
            archive.extractall(tmp_path)
            names = sorted(archive.namelist())
        nodes, ties = (tmp_path / name for name in names)
        table = read_ties(ties)
        table.nodes = read_nodes(nodes)
        return table
    name = response["Content-Disposition"].split('filename="')[1].rstrip('"')
    path = tmp_path / name
    path.write_bytes(response.content)
    return read_ties(path)


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_web_export_reads_back_as_the_network_the_site_measures(
    client_for, led_network, fmt, tmp_path
):
    from nlc.web.ties.services import organisation_network

    response = _export(client_for("leader"), led_network, fmt=fmt)
    assert response.status_code == 200
    assert response["Content-Type"] == FORMATS[fmt].content_type
    read = build_network(_read_back(response, fmt, tmp_path), directed=True)
    site = organisation_network(led_network)
    assert sorted(read.ids) == sorted(f"o{i}" for i in site.ids)
    arcs = {
        (read.ids[s], read.ids[t]): w
        for s, t, w in zip(read.source, read.target, read.weight, strict=True)
    }
    assert arcs == {
        (f"o{site.ids[s]}", f"o{site.ids[t]}"): w
        for s, t, w in zip(site.source, site.target, site.weight, strict=True)
    }
    if fmt != "dl":  # DL keeps no attributes
        names = dict(zip(read.ids, read.attributes["label"], strict=True))
        assert names == {
            f"o{i}": name for i, name in zip(site.ids, site.attributes["name"], strict=True)
        }


@pytest.mark.parametrize("level", LEVELS)
def test_the_api_gives_the_file_the_page_gives(client_for, led_network, level):
    client = client_for("member")
    page = _export(client, led_network, fmt="xlsx", level=level)
    api = client.get(f"/api/networks/{led_network.pk}/export", {"format": "xlsx", "level": level})
    assert api.status_code == 200
    assert api["Content-Disposition"] == page["Content-Disposition"]
    import openpyxl

    def cells(data):
        book = openpyxl.load_workbook(io.BytesIO(data))
        return {s.title: [list(r) for r in s.iter_rows(values_only=True)] for s in book}

    assert cells(api.content) == cells(page.content)


@pytest.mark.parametrize("username", ["leader", "evaluator"])
def test_the_report_downloads_as_the_cli_builds_it(client_for, username, led_network):
    response = client_for(username).get(f"/networks/{led_network.pk}/report.html")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="')
    html = response.content.decode()
    assert f"Network analysis of {led_network.name}" in html
    assert "<html" in html


def test_signed_out_visitors_are_sent_to_sign_in(client, led_network):
    response = client.get(f"/networks/{led_network.pk}/export/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert client.get(f"/api/networks/{led_network.pk}/export").status_code == 401


def test_the_links_partial_lists_every_format(client_for, led_network):
    from django.template import Context, Template

    user = client_for("admin").get("/").wsgi_request.user
    html = Template("{% load exports %}{% export_links network %}").render(
        Context({"network": led_network, "user": user})
    )
    for fmt in FORMATS:
        assert f"format={fmt}&amp;level=people" in html
    assert f"/networks/{led_network.pk}/report.html" in html
    assert f"/areas/{led_network.area_id}/export/" in html


def test_nlc_export_writes_a_network_or_an_area(led_network, tmp_path):
    from nlc.cli import main

    runner = CliRunner()
    out = tmp_path / "led.graphml"
    result = runner.invoke(main, ["export", "--network", led_network.name, str(out)])
    assert result.exit_code == 0, result.output
    assert build_network(read_ties(out)).n > 0
    out = tmp_path / "area.csv"
    area = led_network.area.name
    result = runner.invoke(
        main, ["export", "--area", area, "--people", "--format", "csv", str(out)]
    )
    assert result.exit_code == 0, result.output
    nodes = read_nodes(tmp_path / "area-nodes.csv")
    from nlc.web.registry.models import Person

    pupil = Person.objects.filter(is_pupil=True).first()
    assert pupil.name in nodes.attributes["label"]  # an administrator's view
    result = runner.invoke(main, ["export", "--network", "No such", str(out)])
    assert result.exit_code == 2 and "0 networks are called 'No such'" in result.output
    result = runner.invoke(
        main, ["export", "--network", led_network.name, "--format", "gexf", str(out)]
    )
    assert result.exit_code == 2 and ".gexf" in result.output


def test_the_network_overview_offers_the_exports_and_the_report(client_for, led_network):
    page = client_for("member").get(reverse("network-detail", args=[led_network.pk]))
    html = page.content.decode()
    assert reverse("network-report", args=[led_network.pk]) in html
    assert reverse("network-export", args=[led_network.pk]) + "?format=graphml" in html
