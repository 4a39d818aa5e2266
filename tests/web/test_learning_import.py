"""Importing learning activities and participants: all-or-nothing, every row error reported,
co-participation ties made."""

import pytest

from nlc.web.imports.services import ImportFailed, run_import
from nlc.web.learning.models import Activity
from nlc.web.ties.models import Provenance, Tie

pytestmark = [pytest.mark.usefixtures("small_area"), pytest.mark.django_db]

GOOD = """activity,kind,start_date,status,host,person,organisation,role
Reading walk,Networked Learning Walk,2025-02-03,done,Alpha Academy,lena@example.org,,host
Reading walk,learning_walk,2025-02-03,done,,Mo Member,,walker
Reading walk,learning_walk,2025-02-03,done,,Fay Facilitator,Alpha Library,observer
Futures day,futures,2025-06-01,planned,,,,
"""


def write(tmp_path, text):
    path = tmp_path / "activities.csv"
    path.write_text(text)
    return path


def test_it_imports_activities_participants_and_their_ties(tmp_path, small_area):
    result = run_import("activities", write(tmp_path, GOOD), network=small_area.led)
    assert result.counts["activities created"] == 2
    assert result.counts["participants added"] == 3
    walk = Activity.objects.get(title="Reading walk")
    assert walk.kind == "learning_walk" and walk.status == "done"
    assert [h.name for h in walk.hosts.all()] == ["Alpha Academy"]
    assert {p.role for p in walk.participants.all()} == {"host", "walker", "observer"}
    ties = Tie.objects.filter(network=small_area.led, provenance=Provenance.ACTIVITY)
    assert ties.filter(source_person__isnull=False).count() == 3
    again = run_import("activities", write(tmp_path, GOOD), network=small_area.led)
    assert again.counts["activities created"] == 0 and again.counts["participants added"] == 0
    assert ties.count() == Tie.objects.filter(network=small_area.led, provenance="activity").count()


def test_it_reports_every_bad_row_and_writes_nothing(tmp_path, small_area):
    bad = """activity,kind,start_date,status,person
Walk,learning_walk,2025-02-03,done,nobody@example.org
Walk,enquiry,2025-02-03,done,Mo Member
Study,lesson-ish,2025-13-01,done,
Visit,futures,2025-02-03,done,Hal Nurse
"""
    with pytest.raises(ImportFailed) as failure:
        run_import("activities", write(tmp_path, bad), network=small_area.led)
    report = failure.value.report()
    assert "row 3" in report and "differs from row 2" in report
    assert "lesson-ish" in report
    assert Activity.objects.count() == 0
    with pytest.raises(ImportFailed) as failure:
        run_import(
            "activities",
            write(
                tmp_path,
                bad.replace("Walk,enquiry", "Walk,learning_walk").replace(
                    "Study,lesson-ish,2025-13-01", "Study,lesson_study,2025-01-13"
                ),
            ),
            network=small_area.led,
        )
    report = failure.value.report()
    assert "nobody@example.org" in report and "Hal Nurse" in report  # not in the network
    assert Activity.objects.count() == 0


def test_it_needs_a_network(tmp_path):
    with pytest.raises(ImportFailed, match="1 error"):
        run_import("activities", write(tmp_path, GOOD))
