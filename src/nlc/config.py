"""Every environment variable NLC reads, in one table, with typed readers that fail loudly.

The table is data: the Django settings read through it, the CLI reads ``NLC_DEBUG`` through it,
and the README's "Settings" section is rendered from it (``scripts/render_settings.py``), with
a test that fails when the two differ or when code reads a variable the table lacks.

An empty value counts as unset. A bad value raises :class:`SettingError`, which names the
variable, says what it should be and shows what it is; the CLI prints it as an error (exit
code 2) and the web settings turn it into Django's ``ImproperlyConfigured``.

This module is framework-free: it imports neither Django nor click.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

from nlc.errors import InputError

__all__ = ["SETTINGS", "Setting", "SettingError", "default_data_dir", "markdown_table", "read"]

TYPES = ("bool", "int", "list", "path", "text", "url")
_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off"}


class SettingError(InputError):
    """An environment variable holds a value NLC cannot use."""


def default_data_dir() -> Path:
    """Return the default data folder: ``$XDG_DATA_HOME/nlc``, else ``~/.local/share/nlc``."""
    return Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share") / "nlc"


@dataclass(frozen=True)
class Setting:
    """One environment variable: its name, type, default and meaning.

    Parameters
    ----------
    name : str
        The variable's name, e.g. ``NLC_DEBUG``.
    type : str
        One of ``bool``, ``int``, ``list`` (comma-separated), ``path``, ``text``, ``url``.
    default : object or callable
        The value when unset (``None``: no value); a callable is called at read time.
    help : str
        What it does, one or two sentences of Markdown for the README.
    default_text : str
        How the default reads in the README, when ``repr`` of the value would not do.
    minimum : int, optional
        Smallest value an ``int`` setting accepts.
    """

    name: str
    type: str
    default: object | Callable[[], object]
    help: str
    default_text: str = ""
    minimum: int | None = None

    def describe_default(self) -> str:
        """Return the default as the README shows it."""
        if self.default_text:
            return self.default_text
        if self.default is None:
            return "unset"
        if self.type == "bool":
            return "true" if self.default else "false"
        if self.type == "list":
            return f"`{','.join(self.default)}`" if self.default else "empty"
        return f"`{self.default}`"

    def parse(self, value: str) -> object:
        """Turn the text of the variable into a typed value, or raise :class:`SettingError`."""
        if self.type == "bool":
            if value.lower() in _TRUE:
                return True
            if value.lower() in _FALSE:
                return False
            self._fail("true or false (1/0, yes/no, on/off)", value)
        if self.type == "int":
            try:
                number = int(value)
            except ValueError:
                self._fail("a whole number", value)
            if self.minimum is not None and number < self.minimum:
                self._fail(f"a whole number of at least {self.minimum}", value)
            return number
        if self.type == "list":
            return [item.strip() for item in value.split(",") if item.strip()]
        if self.type == "path":
            return Path(value).expanduser()
        if self.type == "url" and "://" not in value:
            self._fail("a URL such as postgres://user:password@host/database", value)
        return value

    def _fail(self, expected: str, value: str):
        raise SettingError(f"{self.name} must be {expected}, not {value!r}")


# Keep sorted by name: the README table follows this order.
SETTINGS: tuple[Setting, ...] = (
    Setting(
        "DATABASE_URL",
        "url",
        None,
        "Web app: the database, e.g. `postgres://user:password@host/database`. "
        "Nothing else changes with the database.",
        default_text="unset: SQLite at `NLC_DATA_DIR/nlc.sqlite3`",
    ),
    Setting(
        "GUNICORN_CMD_ARGS",
        "text",
        None,
        "Read by gunicorn under `nlc serve --workers N` (N > 1): further gunicorn options, "
        "e.g. `--access-logfile -` or `--timeout 300`.",
        default_text="unset: the options of `nlc.web.gunicorn_conf`",
    ),
    Setting(
        "NLC_ALLOWED_HOSTS",
        "list",
        ("localhost", "127.0.0.1", "[::1]"),
        "Web app: host names it answers to (Django `ALLOWED_HOSTS`), comma-separated.",
    ),
    Setting(
        "NLC_CSP_REPORT_ONLY",
        "bool",
        False,
        "Web app: send the Content-Security-Policy as report-only (browsers log what it would "
        "block, block nothing), to try a change of the policy.",
    ),
    Setting(
        "NLC_CSRF_TRUSTED_ORIGINS",
        "list",
        (),
        "Web app: origins trusted for form posts behind a proxy, e.g. "
        "`https://nlc.example.org` (Django `CSRF_TRUSTED_ORIGINS`), comma-separated.",
    ),
    Setting(
        "NLC_DATA_DIR",
        "path",
        default_data_dir,
        "Web app: folder for the SQLite database, the secret key and static files; "
        "made if missing, readable by its owner only (`nlc serve` warns when it or its "
        "files are open to others).",
        default_text="`$XDG_DATA_HOME/nlc`, else `~/.local/share/nlc`",
    ),
    Setting(
        "NLC_DEBUG",
        "bool",
        False,
        "CLI: let an internal error end with its traceback instead of a one-line message. "
        "Web app: Django's debug pages. Never in production.",
    ),
    Setting(
        "NLC_EMAIL_FROM",
        "text",
        "nlc@localhost",
        "Web app: the sender of the e-mails NLC sends (survey invitations and reminders).",
    ),
    Setting(
        "NLC_EMAIL_URL",
        "url",
        None,
        "Web app: how e-mail is sent: `smtp://user:password@host:587` (STARTTLS; "
        "`smtps://` for TLS from the start) or `file:///folder` (one file a message).",
        default_text="unset: printed to the server's console",
    ),
    Setting(
        "NLC_IMPORT_BACKGROUND_ROWS",
        "int",
        5000,
        "Web app: uploads with more rows than this are imported as a background job, in "
        "batches, with progress shown on the import page; smaller ones at once.",
        minimum=0,
    ),
    Setting(
        "NLC_IMPORT_BATCH_ROWS",
        "int",
        1000,
        "Web app: rows a background import writes per transaction (other users' changes "
        "wait at most one batch).",
        minimum=1,
    ),
    Setting(
        "NLC_LOGIN_ATTEMPTS",
        "int",
        5,
        "Web app: failed sign-ins allowed per pair of username and client address before "
        "that pair must wait `NLC_LOGIN_DELAY` seconds (answered 429 with `Retry-After`).",
        minimum=1,
    ),
    Setting(
        "NLC_LOGIN_DELAY",
        "int",
        60,
        "Web app: the first sign-in wait, in seconds; it doubles with each further failure, "
        "up to `NLC_LOGIN_WINDOW`.",
        minimum=1,
    ),
    Setting(
        "NLC_LOGIN_WINDOW",
        "int",
        15 * 60,
        "Web app: the longest sign-in wait, in seconds; a pair's failures are forgotten this "
        "long after its wait ends.",
        default_text="`900` (15 minutes)",
        minimum=1,
    ),
    Setting(
        "NLC_MAP_SCALE_TEST",
        "bool",
        False,
        "Tests: also run the slow test that times the map of 5,000 people and 20,000 ties.",
    ),
    Setting(
        "NLC_MAX_ERRORS_SHOWN",
        "int",
        200,
        "CLI and web app: the most errors a refused import lists (the rest are counted).",
        minimum=1,
    ),
    Setting(
        "NLC_MAX_TABLE_COLUMNS",
        "int",
        1000,
        "CLI and web app: the most columns a CSV, TSV or XLSX table may have.",
        minimum=1,
    ),
    Setting(
        "NLC_MAX_TABLE_ROWS",
        "int",
        2_000_000,
        "CLI and web app: the most rows a CSV, TSV or XLSX table may have (an XLSX sheet's "
        "declared size is ignored; its rows are counted as they are read).",
        minimum=1,
    ),
    Setting(
        "NLC_MAX_UPLOAD_BYTES",
        "int",
        20 * 1024 * 1024,
        "Web app: the largest file the import page accepts, in bytes.",
        default_text="`20971520` (20 MiB)",
        minimum=1,
    ),
    Setting(
        "NLC_MAX_XLSX_BYTES",
        "int",
        500 * 1024 * 1024,
        "CLI and web app: the most bytes an XLSX workbook may unpack to (the sizes its zip "
        "members declare, checked before it is opened; a member that unpacks to over 100 "
        "times its packed size, beyond 10 MiB, is refused too).",
        default_text="`524288000` (500 MiB)",
        minimum=1,
    ),
    Setting(
        "NLC_PG_PORT",
        "int",
        54329,
        "`scripts/test-postgres.sh`: port of the throwaway PostgreSQL server.",
        minimum=1,
    ),
    Setting(
        "NLC_PG_TESTS",
        "text",
        "tests/web",
        "`scripts/test-postgres.sh`: the test files or folders to run against PostgreSQL "
        "(space-separated), e.g. `tests/web/test_audit.py tests/web/test_backup.py`.",
    ),
    Setting(
        "NLC_POSTCODE_CENTROIDS",
        "path",
        None,
        "Web app: postcode centroid CSV (`aux_school_postcode_centroids_bng_census2011.csv`) "
        "that school census imports from the import page use to place schools on the map "
        "(`nlc import census` takes `--centroids` instead).",
        default_text="unset: uploaded schools get no map position",
    ),
    Setting(
        "NLC_PROXY_SSL_HEADER",
        "text",
        None,
        "Web app behind a TLS proxy: the header the proxy sets to `https` for secure "
        "requests, e.g. `X-Forwarded-Proto` (Django `SECURE_PROXY_SSL_HEADER`). Set it only "
        "when the proxy always sets or strips that header.",
        default_text="unset: only the server's own connection counts",
    ),
    Setting(
        "NLC_SEARCH_MODEL",
        "text",
        "wordllama",
        "Knowledge search: the embedding model. `wordllama` is the model bundled in the "
        "`wordllama` package (offline); a Model2Vec repository name such as "
        "`minishlab/potion-retrieval-32M` uses that model once fetched with "
        "`python -m nlc.knowledge.embeddings fetch` (needs internet once). Rebuild the "
        "search index after changing it.",
    ),
    Setting(
        "NLC_SECRET_KEY",
        "text",
        None,
        "Web app: Django's secret key, which signs sessions. Set it when several servers "
        "share one database.",
        default_text="random, made once and kept in `NLC_DATA_DIR/secret_key`",
    ),
    Setting(
        "NLC_SECURE_COOKIES",
        "bool",
        True,
        "Web app: send session and CSRF cookies over HTTPS only. Set false only to serve "
        "plain HTTP on a trusted machine (benchmarks do).",
    ),
    Setting(
        "NLC_SHARED",
        "path",
        None,
        "Tests and benchmarks: path of the shared reference-data folder for the extra "
        "published-table tests (and the real-data tests and benchmarks of England's schools).",
        default_text="unset: those tests skip",
    ),
    Setting(
        "NLC_SMALL_NUMBERS",
        "int",
        5,
        "Web app: pupil-level indicator values drawn from fewer pupils than this are suppressed.",
        minimum=1,
    ),
    Setting(
        "NLC_TIMINGS",
        "bool",
        False,
        "CLI: print to standard error how long each phase of the command took (start-up "
        "and imports, reading, building, running, writing) and the CPU time used.",
    ),
    Setting(
        "NLC_TRUSTED_PROXIES",
        "list",
        (),
        "Web app: addresses or networks (e.g. `10.0.0.0/8`) of the site's own proxies, "
        "comma-separated. With `NLC_TRUSTED_PROXY_HEADER`, the header is read only on requests "
        "from these, and the client is the right-most address in it that is not one of them.",
        default_text="empty: the header's right-most address is the client",
    ),
    Setting(
        "NLC_TRUSTED_PROXY_HEADER",
        "text",
        None,
        "Web app behind a proxy: the header holding the client's address, e.g. "
        "`X-Forwarded-For`, used for sign-in throttling.",
        default_text="unset: the connection's address (`REMOTE_ADDR`)",
    ),
    Setting(
        "NUMBA_CACHE_DIR",
        "path",
        None,
        "Read by numba: where the compiled analysis kernels are cached (`make install` "
        "fills the cache once; benchmarks point it at an empty folder to time a cold start).",
        default_text="numba's: `__pycache__` beside the package",
    ),
    Setting(
        "NUMBA_NUM_THREADS",
        "int",
        None,
        "Read by numba: threads for the parallel kernels of large networks.",
        default_text="numba's: the number of cores",
        minimum=1,
    ),
)

_BY_NAME = {setting.name: setting for setting in SETTINGS}


def read(name: str, environ: Mapping[str, str] | None = None) -> object:
    """Return the typed value of one setting, or its default when unset or empty.

    Parameters
    ----------
    name : str
        A name from :data:`SETTINGS`.
    environ : mapping, optional
        Where to look (default: ``os.environ``).

    Returns
    -------
    object
        ``bool``, ``int``, ``list[str]``, ``Path`` or ``str`` by the setting's type, or its
        default (``None`` for settings without one).

    Raises
    ------
    SettingError
        If the value cannot be read as the setting's type.
    KeyError
        If ``name`` is not in the table (a bug: every setting belongs there).

    Examples
    --------
    >>> read("NLC_LOGIN_ATTEMPTS", {"NLC_LOGIN_ATTEMPTS": "8"})
    8
    >>> read("NLC_DEBUG", {})
    False
    >>> read("NLC_DEBUG", {"NLC_DEBUG": "maybe"})
    Traceback (most recent call last):
    ...
    nlc.config.SettingError: NLC_DEBUG must be true or false (1/0, yes/no, on/off), not 'maybe'
    """
    setting = _BY_NAME[name]
    value = (os.environ if environ is None else environ).get(name, "")
    if value.strip():
        return setting.parse(value.strip())
    default = setting.default
    if callable(default):
        return default()
    return list(default) if isinstance(default, tuple) else default


def markdown_table() -> str:
    """Return the settings table in Markdown, as the README shows it.

    Returns
    -------
    str
        A table with columns name, type, default and meaning, one row per setting.
    """
    lines = ["| name | type | default | meaning |", "| --- | --- | --- | --- |"]
    for setting in SETTINGS:
        lines.append(
            f"| `{setting.name}` | {setting.type} | {setting.describe_default()} | {setting.help} |"
        )
    return "\n".join(lines) + "\n"
