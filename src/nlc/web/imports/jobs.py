"""Large imports as background jobs (hardening issue #9, finding 8).

One transaction for a 250,000-tie import held SQLite's write lock for 27 s, and every other
writer meanwhile failed with "database is locked". An upload with more rows than
``NLC_IMPORT_BACKGROUND_ROWS`` is therefore kept in an :class:`ImportJob` row and run by a
worker (Django's tasks framework: ``django-tasks`` with the ``django-tasks-db`` database
backend; ``nlc serve`` runs a worker thread, ``nlc worker`` a standalone one). The job writes
in batches of ``NLC_IMPORT_BATCH_ROWS``, each its own transaction, and stays all-or-nothing
(:class:`~nlc.web.imports.pipeline.BatchedWriter`); the import page polls
:func:`nlc.web.imports.views.job_status` for its progress. Smaller uploads, and ``nlc import``,
run at once as before.
"""

from __future__ import annotations

import tempfile
import threading
from pathlib import Path

from django.conf import settings
from django.db import close_old_connections
from django.utils import timezone
from django_tasks import task

from nlc.errors import InputError
from nlc.web.imports.models import ImportJob, JobStatus
from nlc.web.imports.pipeline import BatchedWriter, ImportFailed
from nlc.web.imports.services import run_import
from nlc.web.registry.models import Area, Network

__all__ = ["enqueue", "run_job", "start_worker"]


def enqueue(kind: str, path: Path, *, file_name: str, rows: int, user, options: dict) -> ImportJob:
    """Keep the file at ``path`` in a new job and queue it for the worker.

    ``options`` are those of :func:`~nlc.web.imports.services.run_import`, with ``area`` and
    ``network`` as ids (or None).
    """
    job = ImportJob.objects.create(
        kind=kind,
        file_name=file_name[:300],
        content=path.read_bytes(),
        options=options,
        created_by=user if user.is_authenticated else None,
        rows=rows,
    )
    run_job.enqueue(job.pk)
    return job


def _errors(exc: ImportFailed) -> list[list]:
    return [[e.path or "", e.row, e.column, e.message] for e in exc.errors]


def _finish(job_id: int, **fields) -> None:
    ImportJob.objects.filter(pk=job_id).update(content=b"", finished=timezone.now(), **fields)


@task()
def run_job(job_id: int) -> None:
    """Run the import kept in job ``job_id`` in batches, recording progress and outcome."""
    job = ImportJob.objects.get(pk=job_id)
    ImportJob.objects.filter(pk=job_id).update(status=JobStatus.RUNNING)
    options = dict(job.options)
    area, network = options.pop("area", None), options.pop("network", None)

    def progress(done: int, total: int) -> None:
        ImportJob.objects.filter(pk=job_id).update(done=done, total=total)

    writer = BatchedWriter(batch=settings.NLC_IMPORT_BATCH_ROWS, progress=progress)
    with tempfile.TemporaryDirectory(prefix="nlc-job-") as folder:
        path = Path(folder) / f"upload{Path(job.file_name).suffix.lower()}"
        path.write_bytes(bytes(job.content))
        try:
            result = run_import(
                job.kind,
                path,
                area=Area.objects.get(pk=area) if area else None,
                network=Network.objects.get(pk=network) if network else None,
                display_name=job.file_name,
                writer=writer,
                **options,
            )
        except ImportFailed as exc:
            _finish(job_id, status=JobStatus.FAILED, summary=str(exc), errors=_errors(exc))
            return
        except InputError as exc:
            failed = ImportFailed([exc])
            _finish(job_id, status=JobStatus.FAILED, summary=str(failed), errors=_errors(failed))
            return
        except Exception:
            _finish(
                job_id, status=JobStatus.FAILED, summary="The import failed; nothing was written."
            )
            raise
    _finish(job_id, status=JobStatus.DONE, summary=result.summary(), counts=result.counts)


def worker(*, interval: float = 1.0, batch: bool = False):
    """A ``django-tasks-db`` worker of the default queue (``batch``: stop when it is empty)."""
    from django_tasks_db.management.commands.db_worker import Worker

    return Worker(
        queue_names=["default"],
        interval=interval,
        batch=batch,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="nlc-worker",
    )


def start_worker() -> threading.Thread:
    """Run a worker in a daemon thread of this process (``nlc serve``)."""

    def run() -> None:
        try:
            worker().run()
        finally:
            close_old_connections()

    thread = threading.Thread(target=run, name="nlc-import-worker", daemon=True)
    thread.start()
    return thread
