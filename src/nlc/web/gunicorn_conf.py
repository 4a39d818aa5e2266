"""Several server processes: ``nlc serve --workers N`` runs gunicorn (Linux and macOS).

Without ``--workers`` (or with 1), ``nlc serve`` stays one waitress process with threads.
With ``--workers N`` gunicorn's master process forks N worker processes that share the
listening socket:

* **Workers**: gunicorn's ``sync`` workers when ``--threads`` is 1, else ``gthread`` workers
  with ``--threads`` threads each.
* **The app is loaded once**, in the master before forking (``preload_app``), so Django's
  imports are shared copy-on-write; the master's database connections are closed before
  any worker is forked, so no worker inherits one.
* **numba kernels**: the analysis kernels are compiled into numba's on-disk cache once, in a
  short subprocess before the first fork (``on_starting``); each worker then loads machine
  code from that cache instead of compiling its own (the master runs no kernel itself: a
  process whose numba thread pool has started must not fork).
* **Background imports**: exactly one worker of the import queue runs, ``nlc worker`` as a
  child process of the master (started when gunicorn is ready, stopped when it exits); the
  web workers only queue jobs.
* **Static files**: WhiteNoise serves them from inside the app, in every worker.
* **Sign-in throttle**: its counts are in the database cache (``settings.CACHES["shared"]``),
  which every worker reads and writes alike.

Further gunicorn settings can be given in ``GUNICORN_CMD_ARGS`` (for example
``--access-logfile -``). The module also works as a gunicorn configuration file::

    gunicorn -c python:nlc.web.gunicorn_conf -w 3 nlc.web.wsgi:application
"""

from __future__ import annotations

import subprocess
import sys

from gunicorn.app.base import BaseApplication

__all__ = ["NLCServer", "run"]

# Settings gunicorn reads when this module is its configuration file (``-c python:...``).
preload_app = True
worker_class = "gthread"
threads = 8
#: Seconds a worker may spend on one request before the master restarts it (the largest
#: area map takes about a second; an analysis of a big network several).
timeout = 120
graceful_timeout = 20
#: Seconds an idle connection stays open (gthread workers). gunicorn's default of 2 closes
#: the connection of a user who pauses to read a page, and a request sent just as the server
#: closes it fails; waitress keeps idle connections for 120 s.
keepalive = 20
#: No control socket (gunicorn 24+): one fixed path per user would clash between servers.
control_socket_disable = True

_import_worker: subprocess.Popen | None = None

WARM_UP = "from nlc.analysis.precompile import warm_up; warm_up()"


def on_starting(server) -> None:
    """Before the first fork: bring the database up to date, fill numba's kernel cache."""
    from django.db import connections

    from nlc.web.bootstrap import setup_django

    setup_django()
    connections.close_all()
    done = subprocess.run([sys.executable, "-c", WARM_UP], capture_output=True, text=True)
    if done.returncode != 0:
        server.log.warning("numba warm-up failed; workers compile on first use:\n%s", done.stderr)


def when_ready(server) -> None:
    """Start the one worker of the background-import queue, as a child of the master."""
    global _import_worker
    _import_worker = subprocess.Popen([sys.executable, "-m", "nlc.cli", "worker"])
    server.log.info("background imports: nlc worker (pid %s)", _import_worker.pid)


def on_exit(server) -> None:
    """Stop the background-import worker with the server."""
    global _import_worker
    if _import_worker is None:
        return
    _import_worker.terminate()
    try:
        _import_worker.wait(timeout=graceful_timeout)
    except subprocess.TimeoutExpired:
        _import_worker.kill()
        _import_worker.wait()
    _import_worker = None


class NLCServer(BaseApplication):
    """gunicorn serving :data:`nlc.web.wsgi.application` with this module's settings.

    Parameters
    ----------
    options : dict
        gunicorn settings (``bind``, ``workers``, ``threads``, ...) over this module's;
        ``GUNICORN_CMD_ARGS`` comes last.
    """

    def __init__(self, options: dict) -> None:
        self.options = options
        super().__init__()

    def load_config(self) -> None:
        """Set this module's settings, then ``options``, then ``GUNICORN_CMD_ARGS``."""
        module = sys.modules[__name__]
        for name in (
            "preload_app",
            "worker_class",
            "threads",
            "timeout",
            "graceful_timeout",
            "keepalive",
            "control_socket_disable",
            "on_starting",
            "when_ready",
            "on_exit",
        ):
            self.cfg.set(name, getattr(module, name))
        for name, value in self.options.items():
            self.cfg.set(name, value)
        from_env = self.cfg.parser().parse_args(self.cfg.get_cmd_args_from_env())
        for name, value in vars(from_env).items():
            if value is not None and name != "args":
                self.cfg.set(name.lower(), value)

    def load(self):
        """Return the WSGI application (loaded once, in the master: ``preload_app``)."""
        from nlc.web.wsgi import application

        return application


def run(host: str, port: int, *, workers: int, threads: int) -> None:
    """Serve on ``host:port`` with ``workers`` processes of ``threads`` threads each.

    Parameters
    ----------
    host, port : str, int
        Where to listen.
    workers : int
        Number of worker processes.
    threads : int
        Threads per worker; 1 uses gunicorn's ``sync`` workers, more its ``gthread`` workers.
    """
    NLCServer(
        {
            "bind": f"{host}:{port}",
            "workers": workers,
            "threads": threads,
            "worker_class": "sync" if threads == 1 else "gthread",
            "proc_name": "nlc",
        }
    ).run()
