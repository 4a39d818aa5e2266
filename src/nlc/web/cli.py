"""Web commands of the ``nlc`` CLI: serve, worker, manage, demo, import, export."""

from __future__ import annotations

import os

import click

from nlc.web.bootstrap import setup_django
from nlc.web.imports.cli import import_command
from nlc.web.knowledge.cli import export_command


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


def run_server(host: str, port: int, threads: int) -> None:
    from django.conf import settings
    from waitress import serve as waitress_serve

    from nlc.web.imports.jobs import start_worker
    from nlc.web.wsgi import application

    start_worker()  # large imports run in the background (nlc.web.imports.jobs)
    click.echo(f"data folder: {settings.DATA_DIR} (set NLC_DATA_DIR to change)")
    warn_about_permissions()
    click.echo(f"database:    {_describe_database()} (set DATABASE_URL for PostgreSQL)")
    click.echo(f"serving on   http://{host}:{port}/  (Ctrl+C to stop)")
    waitress_serve(application, host=host, port=port, threads=threads, ident="nlc")


_serve_options = [
    click.option("--host", default="127.0.0.1", show_default=True),
    click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535)),
    click.option("--threads", default=8, show_default=True, type=click.IntRange(1, 64)),
]


def serve_options(func):
    for option in reversed(_serve_options):
        func = option(func)
    return func


@click.command()
@serve_options
def serve(host, port, threads):
    """Run the web app (SQLite in NLC_DATA_DIR, or DATABASE_URL)."""
    setup_django()
    run_server(host, port, threads)


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
def demo(host, port, threads, no_serve, scale):
    """Load the demonstration area (seven Community Leadership Networks) and serve it."""
    setup_django()
    from nlc.web.demo import load_demo

    summary = load_demo(scale=scale)
    click.echo(
        f"{summary.area}: {summary.organisations} organisations, {summary.people} "
        f"people, {summary.ties} ties"
    )
    click.echo("demo accounts (username / password / role):")
    for username, password, role in summary.accounts:
        click.echo(f"  {username:<12} {password}  {role}")
    if not no_serve:
        run_server(host, port, threads)


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


COMMANDS = [serve, worker, manage, demo, import_command, export_command]
