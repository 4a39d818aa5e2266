"""Web commands of the ``nlc`` CLI: serve, worker, manage, demo, import, export, backup,
restore, person."""

from __future__ import annotations

import errno
import json
import os
import socket
import sys
from pathlib import Path

import click

from nlc.web.bootstrap import setup_django
from nlc.web.exports.cli import export_command as ties_export
from nlc.web.imports.cli import import_command
from nlc.web.knowledge.cli import ExportCommand
from nlc.web.reporting.cli import report_command
from nlc.web.surveys.cli import survey_remind


def _describe_database() -> str:
    from django.conf import settings

    db = settings.DATABASES["default"]
    if "sqlite" in db["ENGINE"]:
        return f"SQLite at {db['NAME']}"
    return f"{db['ENGINE'].rsplit('.', 1)[-1]} database {db.get('NAME')} on {db.get('HOST')}"


def warn_about_permissions() -> None:
    """Print one warning line per data file or folder that other users may read."""
    from django.conf import settings

    from nlc.web.site import permission_warnings

    db = settings.DATABASES["default"]
    database = db["NAME"] if "sqlite" in db["ENGINE"] else None
    for message in permission_warnings(settings.DATA_DIR, database):
        click.echo(f"warning: {message}", err=True)


def ensure_port_free(host: str, port: int) -> None:
    """Fail with a clear message, before anything else is done, when ``host:port`` is taken.

    Parameters
    ----------
    host : str
        The address the server would listen on.
    port : int
        The port it would listen on.

    Raises
    ------
    click.ClickException
        When the port is in use (naming it and how to choose another), or the address
        cannot be listened on.
    """
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
    except socket.gaierror as exc:
        raise click.ClickException(f"cannot listen on host {host!r}: {exc.strerror}") from None
    family, kind, proto, _, address = infos[0]
    with socket.socket(family, kind, proto) as probe:
        # As the server does: a port left in TIME_WAIT by a stopped server is free.
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(address)
        except OSError as exc:
            if exc.errno == errno.EADDRINUSE:
                other = port + 1 if port < 65535 else 8000
                raise click.ClickException(
                    f"port {port} on {host} is already in use (another server is running "
                    f"there); pick another with --port, e.g. --port {other} "
                    f"(make demo PORT={other})"
                ) from None
            raise click.ClickException(
                f"cannot listen on {host}:{port}: {exc.strerror}; pick another port with --port"
            ) from None


def run_server(host: str, port: int, threads: int, workers: int = 1) -> None:
    """Serve the app: one waitress process, or ``workers`` gunicorn processes.

    One process also runs the background-import worker in a thread; with several, gunicorn's
    master runs it as one child process (:mod:`nlc.web.gunicorn_conf`).
    """
    from django.conf import settings

    from nlc.web.imports.jobs import start_worker

    if workers == 1:
        start_worker()  # large imports run in the background (nlc.web.imports.jobs)
    click.echo(f"data folder: {settings.DATA_DIR} (set NLC_DATA_DIR to change)")
    warn_about_permissions()
    click.echo(f"database:    {_describe_database()} (set DATABASE_URL for PostgreSQL)")
    if workers > 1:
        if sys.platform == "win32":
            raise click.UsageError("--workers needs gunicorn, which does not run on Windows")
        from nlc.web import gunicorn_conf

        click.echo(
            f"serving on   http://{host}:{port}/  with {workers} processes of {threads} "
            "threads (gunicorn; Ctrl+C to stop)"
        )
        gunicorn_conf.run(host, port, workers=workers, threads=threads)
        return
    from waitress import serve as waitress_serve

    from nlc.web.wsgi import application

    click.echo(f"serving on   http://{host}:{port}/  (Ctrl+C to stop)")
    waitress_serve(application, host=host, port=port, threads=threads, ident="nlc")


def _count_option(name: str, default: int, help: str):
    """``name``: how many, from 1 to 64."""
    return click.option(
        name, default=default, show_default=True, type=click.IntRange(1, 64), help=help
    )


_serve_options = [
    click.option("--host", default="127.0.0.1", show_default=True),
    click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535)),
    _count_option("--threads", 8, "Threads per process."),
    _count_option("--workers", 1, "Server processes; more than 1 runs gunicorn (Linux, macOS)."),
]


def serve_options(func):
    for option in reversed(_serve_options):
        func = option(func)
    return func


@click.command()
@serve_options
def serve(host, port, threads, workers):
    """Run the web app (SQLite in NLC_DATA_DIR, or DATABASE_URL)."""
    ensure_port_free(host, port)
    setup_django()
    run_server(host, port, threads, workers)


@click.command(context_settings={"ignore_unknown_options": True, "help_option_names": []})
@click.argument("args", nargs=-1, type=click.UNPROCESSED)
def manage(args):
    """Run a Django management command: nlc manage createsuperuser, migrate, ..."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "nlc.web.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["nlc manage", *args])


@click.command()
@serve_options
@click.option("--no-serve", is_flag=True, help="Load the demonstration data and stop.")
@click.option(
    "--scale",
    default=1,
    show_default=True,
    type=click.IntRange(1, 50),
    help="Multiply people and ties (for load tests).",
)
def demo(host, port, threads, workers, no_serve, scale):
    """Load the demonstration area (seven Community Leadership Networks) and serve it."""
    if not no_serve:
        ensure_port_free(host, port)
    setup_django()
    from nlc.web.audit.registration import cli_context
    from nlc.web.demo import load_demo

    with cli_context("nlc demo"):
        summary = load_demo(scale=scale)
    click.echo(
        f"{summary.area}: {summary.organisations} organisations, {summary.people} "
        f"people, {summary.ties} ties, {summary.activities} learning activities"
    )
    click.echo("demo accounts (username / password / role):")
    for username, password, role in summary.accounts:
        click.echo(f"  {username:<12} {password}  {role}")
    if not no_serve:
        run_server(host, port, threads, workers)


@click.command()
@click.option(
    "--batch", is_flag=True, help="Run the jobs waiting now, then stop (otherwise wait for more)."
)
@click.option("--interval", default=1.0, show_default=True, type=click.FloatRange(0.1, 60))
def worker(batch, interval):
    """Run background jobs (large imports) without serving pages; `nlc serve` runs one too."""
    setup_django()
    from nlc.web.imports.jobs import worker as make_worker

    click.echo("worker: running background imports (Ctrl+C to stop)")
    runner = make_worker(interval=interval, batch=batch)
    runner.configure_signals()
    runner.run()


def _django_without_migrating() -> None:
    """Start Django but leave the database as it is (backup and restore must not change it)."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "nlc.web.settings")
    import django

    django.setup()


@click.command()
@click.argument("out", type=click.Path(dir_okay=False, path_type=Path))
def backup(out):
    """Copy the database to OUT while the app runs (SQLite file or pg_dump archive)."""
    _django_without_migrating()
    from nlc.web.backup import BackupError
    from nlc.web.backup import backup as backup_database

    try:
        written = backup_database(out)
    except BackupError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"backed up {_describe_database()} to {written}")


@click.command()
@click.argument("source", metavar="IN", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--force", is_flag=True, help="Replace a database that already holds data.")
def restore(source, force):
    """Replace the database with the backup IN (all or nothing). Stop the app first."""
    _django_without_migrating()
    from nlc.web.backup import BackupError
    from nlc.web.backup import restore as restore_database

    try:
        restore_database(source, force=force)
    except BackupError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"restored {source} into {_describe_database()}")


def _person(person_id: int):
    from nlc.web.registry.models import Person

    person = Person.objects.select_related("organisation__area").filter(pk=person_id).first()
    if person is None:
        raise click.ClickException(f"no person with id {person_id}")
    return person


@click.group()
def person():
    """A person's rights: export everything held about them, or erase them."""


@person.command("export")
@click.argument("person_id", type=int)
def person_export(person_id):
    """Print everything held about person PERSON_ID as JSON (subject access request)."""
    setup_django()
    from nlc.web.audit.subject import subject_access

    click.echo(json.dumps(subject_access(_person(person_id)), indent=2, ensure_ascii=False))


@person.command("erase")
@click.argument("person_id", type=int)
@click.option("--yes", is_flag=True, help="Erase without asking.")
def person_erase(person_id, yes):
    """Erase person PERSON_ID: ties, roles, user account and their data in the audit log."""
    setup_django()
    from nlc.web.audit.registration import cli_context
    from nlc.web.audit.subject import erase_person

    subject = _person(person_id)
    if not yes:
        click.confirm(
            f"Erase {subject.name} (person {subject.pk})? This cannot be undone", abort=True
        )
    with cli_context("nlc person erase"):
        erasure = erase_person(subject)
    click.echo(erasure.summary())


export_command = ExportCommand(ties_export)  # nlc export knowledge OUT: the knowledge items
COMMANDS = [
    serve,
    worker,
    manage,
    demo,
    import_command,
    export_command,
    backup,
    restore,
    person,
    report_command,
    survey_remind,
]
