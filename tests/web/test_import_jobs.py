"""Large imports run as background jobs, in batches, all-or-nothing (hardening issue #9,
finding 8).

The first test commits (``transaction=True``) so that the worker thread and the test's client
use separate connections, as a worker and a web server would; the demo data is loaded again
afterwards for the tests that follow. The others run the job in the test's own thread.
"""

import itertools
import threading

import pytest
from django.db import IntegrityError, connections
from django.urls import reverse

from nlc.web.imports import jobs
from nlc.web.imports import pipeline as p
from nlc.web.imports.models import ImportJob
from nlc.web.registry.models import Network, Person
from nlc.web.ties.models import Tie

pytestmark = pytest.mark.demo  # uses the demonstration area (see conftest.py)

TIES = 20_000


@pytest.fixture
def demo_again(django_db_blocker):
    """A transactional test empties the database when it ends: load the demo again."""
    yield
    from nlc.web.demo import load_demo

    with django_db_blocker.unblock():
        load_demo()


@pytest.fixture
def big_file(tmp_path, settings):
    """A CSV of TIES distinct ties between people of the led network's area."""
    settings.NLC_IMPORT_BACKGROUND_ROWS = 1000
    settings.NLC_IMPORT_BATCH_ROWS = 1000
    network = Network.objects.get(roles__person__user__username="leader", roles__role="leader")
    emails = list(
        Person.objects.filter(organisation__area=network.area)
        .exclude(email="")
        .order_by("pk")
        .values_list("email", flat=True)[:200]
    )
    pairs = itertools.islice(itertools.permutations(emails, 2), TIES)
    lines = ["source,target,type,date"]
    lines += [f"{a},{b},advice,2025-01-01" for a, b in pairs]
    path = tmp_path / "ties.csv"
    path.write_text("\n".join(lines) + "\n")
    return path, network


def upload(client, path, network):
    with path.open("rb") as handle:
        return client.post(
            reverse("import-upload"),
            {"kind": "ties", "file": handle, "network": network.pk, "area": network.area_id},
        )


def run_worker():
    """Run the queued jobs in a thread of its own (its own database connection)."""

    def run():
        try:
            jobs.worker(interval=0.05, batch=True).run()
        finally:
            connections.close_all()

    thread = threading.Thread(target=run)
    thread.start()
    return thread


@pytest.mark.django_db(transaction=True)
def test_a_large_import_runs_in_batches_while_others_write(
    demo_again, client_for, big_file, monkeypatch
):
    path, network = big_file
    before = Tie.objects.count()
    # Between two batches the worker lets the test write a tie through the API, and waits.
    halfway, written = threading.Event(), threading.Event()
    advance = p.Writer._advance

    def pause_halfway(self, rows):
        advance(self, rows)
        if self.done == TIES // 2:
            halfway.set()
            assert written.wait(30)

    monkeypatch.setattr(p.Writer, "_advance", pause_halfway)
    admin = client_for("admin")
    response = upload(admin, path, network)
    assert response.status_code == 302
    job = ImportJob.objects.get()
    assert response["Location"] == reverse("import-job", args=[job.pk])
    assert job.status == "queued"

    worker = run_worker()
    assert halfway.wait(60), "the job never got half way"
    state = admin.get(reverse("import-job-status", args=[job.pk])).json()
    assert state["status"] == "running" and state["percent"] == 50
    leader = client_for("leader")
    a, b = Person.objects.filter(organisation__memberships__network=network).order_by("pk")[:2]
    tie = {
        "network": network.pk,
        "source_person": a.pk,
        "target_person": b.pk,
        "type": "advice",
        "observed_on": "2025-02-01",
    }
    try:
        answer = leader.post("/api/ties", tie, content_type="application/json")
    finally:
        written.set()
        worker.join(60)
    assert answer.status_code == 201, answer.content

    admin = client_for("admin")  # the same test client, signed in as the leader meanwhile
    state = admin.get(reverse("import-job-status", args=[job.pk])).json()
    assert state["status"] == "done" and state["percent"] == 100, state
    assert state["counts"]["ties created"] == TIES
    assert Tie.objects.count() == before + TIES + 1
    page = admin.get(reverse("import-job", args=[job.pk])).content.decode()
    assert 'id="import-progress"' in page and "import_job.js" in page


def test_a_failure_in_a_late_batch_leaves_nothing_written(client_for, big_file, monkeypatch):
    path, network = big_file
    before = Tie.objects.count()
    calls = itertools.count(1)
    create = Tie.objects.bulk_create

    def fail_in_batch_18(objects, *args, **kwargs):
        if next(calls) == 18:
            raise IntegrityError("FOREIGN KEY constraint failed")
        return create(objects, *args, **kwargs)

    monkeypatch.setattr(Tie.objects, "bulk_create", fail_in_batch_18)
    admin = client_for("admin")
    assert upload(admin, path, network).status_code == 302
    job = ImportJob.objects.get()
    with pytest.raises(IntegrityError):
        jobs.run_job.call(job.pk)
    job.refresh_from_db()
    assert job.status == "failed" and job.done >= 17 * 1000
    assert "nothing was written" in job.summary
    assert Tie.objects.count() == before


def test_a_bad_row_at_the_end_fails_the_job_and_writes_nothing(client_for, big_file):
    path, network = big_file
    with path.open("a") as handle:
        handle.write("nobody@example.invalid,someone@example.invalid,advice,2025-01-01\n")
    before = Tie.objects.count()
    admin = client_for("admin")
    assert upload(admin, path, network).status_code == 302
    jobs.run_job.call(ImportJob.objects.get().pk)
    state = admin.get(reverse("import-job-status", args=[ImportJob.objects.get().pk])).json()
    assert state["status"] == "failed"
    assert [e[1] for e in state["errors"]] == [TIES + 2, TIES + 2]
    assert Tie.objects.count() == before


def test_only_its_author_sees_a_job(client_for, big_file):
    path, network = big_file
    assert upload(client_for("admin"), path, network).status_code == 302
    job = ImportJob.objects.get()
    assert client_for("leader").get(reverse("import-job-status", args=[job.pk])).status_code == 404
