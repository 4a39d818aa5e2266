"""Content-Security-Policy, running behind a TLS proxy, allowed hosts, the API docs, private
data files and the start-up warning about them, and the dependency audit's verdicts."""

import importlib.util
import json
import os
import sqlite3
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from accounts import accounts  # noqa: F401  (a fixture)
from django.test import RequestFactory

from nlc import config
from nlc.web import settings as web_settings
from nlc.web.site import make_sqlite_private, permission_warnings

pytestmark = pytest.mark.usefixtures("accounts")

ROOT = Path(__file__).resolve().parents[2]


def _policy(response) -> dict[str, str]:
    header = response["Content-Security-Policy"]
    parts = [part.strip().split(" ", 1) for part in header.split(";") if part.strip()]
    return {name: (rest[0] if rest else "") for name, *rest in parts}


@pytest.mark.parametrize(
    "url", ["/", "/networks/", "/accounts/password/", "/api/docs", "/admin/login/"]
)
def test_every_page_has_a_content_security_policy(client_for, url):
    response = client_for("admin").get(url)
    assert response.status_code in (200, 302)
    policy = _policy(response)
    assert policy["default-src"] == "'self'"
    assert policy["script-src"] == "'self'"  # no inline scripts, no eval
    assert policy["object-src"] == "'none'" and policy["frame-ancestors"] == "'none'"


def test_the_sign_in_page_has_one_too(client, db):
    assert _policy(client.get("/accounts/login/"))["script-src"] == "'self'"


def test_pages_with_a_style_element_carry_the_nonce_of_their_policy(client_for, led_network):
    response = client_for("leader").get(f"/networks/{led_network.pk}/map/")
    nonce = _policy(response)["style-src"].split("'nonce-")[1].split("'")[0]
    page = response.content.decode()
    assert f'<style nonce="{nonce}"' in page
    assert "onsubmit=" not in page and "onclick=" not in page  # inline handlers are blocked


def test_a_forwarded_proto_header_counts_only_when_configured(settings):
    forwarded = RequestFactory().get("/", HTTP_X_FORWARDED_PROTO="https")
    assert settings.SECURE_PROXY_SSL_HEADER is None  # off unless NLC_PROXY_SSL_HEADER is set
    assert not forwarded.is_secure()
    settings.SECURE_PROXY_SSL_HEADER = web_settings.proxy_ssl_header("X-Forwarded-Proto")
    assert forwarded.is_secure()
    assert not RequestFactory().get("/").is_secure()
    assert not RequestFactory().get("/", HTTP_X_FORWARDED_PROTO="http").is_secure()


def test_a_proxied_https_request_gets_secure_redirects(client, db, settings):
    settings.SECURE_PROXY_SSL_HEADER = web_settings.proxy_ssl_header("x-forwarded-proto")
    response = client.get("/", HTTP_X_FORWARDED_PROTO="https")
    assert response.status_code == 302
    assert response.wsgi_request.is_secure()
    assert not client.get("/").wsgi_request.is_secure()


def test_testserver_is_not_an_allowed_host_by_default():
    assert "testserver" not in config.read("NLC_ALLOWED_HOSTS", {})
    assert config.read("NLC_ALLOWED_HOSTS", {"NLC_ALLOWED_HOSTS": "a.org,b.org"}) == [
        "a.org",
        "b.org",
    ]


def test_proxy_settings_read_from_the_environment():
    env = {"NLC_TRUSTED_PROXY_HEADER": "X-Real-IP", "NLC_TRUSTED_PROXIES": "10.0.0.0/8, ::1"}
    assert config.read("NLC_TRUSTED_PROXY_HEADER", env) == "X-Real-IP"
    assert config.read("NLC_TRUSTED_PROXIES", env) == ["10.0.0.0/8", "::1"]
    assert config.read("NLC_PROXY_SSL_HEADER", {}) is None


def test_the_api_docs_need_sign_in(client, db):
    docs = client.get("/api/docs")
    assert docs.status_code == 302 and docs.url.startswith("/accounts/login/")
    assert client.get("/api/openapi.json").status_code == 302


def test_the_api_docs_work_for_signed_in_users(client_for):
    assert client_for("member").get("/api/docs").status_code == 200


def _mode(path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


def test_a_new_sqlite_connection_makes_the_database_and_its_wal_files_private(
    tmp_path, django_db_blocker
):
    from django.db.backends.sqlite3.base import DatabaseWrapper

    database = tmp_path / "nlc.sqlite3"
    with sqlite3.connect(database) as made:  # made by someone else, with the usual 644
        made.execute("create table t (x)")
    os.chmod(database, 0o644)
    settings_dict = {
        "NAME": str(database),
        "OPTIONS": {"init_command": "PRAGMA journal_mode=WAL;"},
        "TIME_ZONE": None,
        "CONN_MAX_AGE": 0,
        "CONN_HEALTH_CHECKS": False,
        "AUTOCOMMIT": True,
        "ATOMIC_REQUESTS": False,
    }
    wrapper = DatabaseWrapper(settings_dict)
    with django_db_blocker.unblock():
        try:
            wrapper.ensure_connection()
            with wrapper.cursor() as cursor:
                cursor.execute("insert into t values (1)")
            files = [database, Path(f"{database}-wal"), Path(f"{database}-shm")]
            assert all(path.exists() for path in files)
            assert [_mode(path) for path in files] == [0o600, 0o600, 0o600]
        finally:
            wrapper.close()


def test_the_handler_leaves_other_databases_alone(tmp_path):
    class Connection:
        vendor = "postgresql"
        settings_dict = {"NAME": str(tmp_path / "x")}

    (tmp_path / "x").write_text("")
    os.chmod(tmp_path / "x", 0o644)
    make_sqlite_private(sender=None, connection=Connection())
    assert _mode(tmp_path / "x") == 0o644


def test_the_data_folder_is_made_private(tmp_path):
    data = tmp_path / "new" / "nlc"
    env = {**os.environ, "NLC_DATA_DIR": str(data), "NLC_SECRET_KEY": ""}
    code = "import nlc.web.settings"
    subprocess.run([sys.executable, "-c", code], env=env, check=True, timeout=120)
    assert _mode(data) == 0o700
    assert _mode(data / "secret_key") == 0o600


def test_it_warns_about_each_data_file_open_to_others(tmp_path):
    (tmp_path / "secret_key").write_text("k")
    os.chmod(tmp_path / "secret_key", 0o600)
    database = tmp_path / "nlc.sqlite3"
    database.write_text("")
    Path(f"{database}-wal").write_text("")
    os.chmod(tmp_path, 0o755)
    os.chmod(database, 0o644)
    os.chmod(f"{database}-wal", 0o600)
    warnings = permission_warnings(tmp_path, database)
    assert warnings == [
        f"{tmp_path} is open to other users (755): run chmod 700 {tmp_path}",
        f"{database} is open to other users (644): run chmod 600 {database}",
    ]
    os.chmod(tmp_path, 0o700)
    os.chmod(database, 0o600)
    assert permission_warnings(tmp_path, database) == []


def test_nlc_serve_prints_the_warning_at_start(tmp_path, settings, capsys, monkeypatch):
    from nlc.web import cli

    os.chmod(tmp_path, 0o755)
    settings.DATA_DIR = tmp_path  # (the tests' database is in memory: nothing to warn of)
    monkeypatch.setattr("waitress.serve", lambda *args, **kwargs: None)
    # no background-import worker thread left running in the test process
    monkeypatch.setattr("nlc.web.imports.jobs.start_worker", lambda: None)
    cli.run_server("127.0.0.1", 8000, 1)
    err = capsys.readouterr().err.strip().splitlines()
    assert err == [f"warning: {tmp_path} is open to other users (755): run chmod 700 {tmp_path}"]


def _audit():
    spec = importlib.util.spec_from_file_location("audit", ROOT / "scripts/audit.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _report(*dependencies) -> str:
    return json.dumps({"dependencies": list(dependencies), "fixes": []})


def test_the_audit_fails_on_a_known_vulnerability():
    vulnerable = {
        "name": "django",
        "version": "5.2.0",
        "vulns": [{"id": "PYSEC-2025-1", "fix_versions": ["5.2.1"], "aliases": []}],
    }
    code, lines = _audit().verdict(1, _report(vulnerable), "")
    assert code == 1
    assert lines == [
        "pip-audit: 1 known vulnerabilities:",
        "django 5.2.0: PYSEC-2025-1 (fixed in 5.2.1)",
    ]


def test_the_audit_passes_a_clean_environment():
    clean = {"name": "numpy", "version": "2.0.0", "vulns": []}
    skipped = {"name": "nlc-local", "skip_reason": "Dependency not found on PyPI"}
    code, lines = _audit().verdict(0, _report(clean, skipped), "")
    assert code == 0
    assert lines[0] == "pip-audit: 1 packages checked, no known vulnerabilities"


@pytest.mark.parametrize(
    ("status", "report", "errors"),
    [
        (1, None, "ConnectionError: Max retries exceeded\n"),  # no network
        (0, _report({"name": "numpy", "skip_reason": "Dependency not found on PyPI"}), ""),
        (1, "not json", "boom"),
    ],
)
def test_the_audit_only_warns_when_it_cannot_reach_its_data(status, report, errors):
    code, lines = _audit().verdict(status, report, errors)
    assert code == 0
    assert len(lines) == 1 and lines[0].startswith("warning: pip-audit could not check")


def test_ci_runs_the_audit_from_the_optional_extra():
    ci = (ROOT / ".ci/run").read_text()
    assert "pip install --quiet -e '.[audit]'" in ci and "scripts/audit.py" in ci
    pyproject = (ROOT / "pyproject.toml").read_text()
    assert 'audit = ["pip-audit' in pyproject
    assert '"django-csp>=4' in pyproject
