"""Check the installed packages for known vulnerabilities with pip-audit (CI runs this).

Usage: ``python scripts/audit.py`` with the environment's own Python, after
``pip install -e '.[audit]'``. Exit status 1 when a known vulnerability is found; otherwise 0.
pip-audit needs the network to fetch the vulnerability data: when it cannot (no network,
or every package comes back "not found"), a warning says so and the exit status is 0, so
an offline CI run is not failed by the audit alone. NLC itself (installed editable) is
skipped: it is not a published package.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path

WARNING = "warning: pip-audit could not check the packages"


def run_pip_audit(python: str = sys.executable) -> tuple[int, str | None, str]:
    """Run pip-audit on the packages installed for ``python``.

    Returns
    -------
    tuple
        ``(exit status, JSON report or None when none was written, error output)``.
    """
    with tempfile.TemporaryDirectory() as folder:
        report = Path(folder) / "audit.json"
        command = [python, "-m", "pip_audit", "--skip-editable", "--progress-spinner", "off"]
        command += ["--format", "json", "--output", str(report)]
        try:
            done = subprocess.run(command, capture_output=True, text=True, timeout=600)
        except subprocess.TimeoutExpired:
            return 1, None, "pip-audit took more than 10 minutes"
        text = report.read_text() if report.exists() else None
        return done.returncode, text, done.stderr


def verdict(status: int, report: str | None, errors: str) -> tuple[int, list[str]]:
    """Decide the exit status and the lines to print from one pip-audit run.

    Parameters
    ----------
    status : int
        pip-audit's exit status (1 both for vulnerabilities found and for failures).
    report : str or None
        Its JSON report, or None when it wrote none (it failed before auditing).
    errors : str
        Its error output, shown in the warning when it failed.

    Returns
    -------
    tuple
        ``(exit status, lines)``: 1 when a known vulnerability was found, else 0.

    Examples
    --------
    >>> verdict(0, '{"dependencies": [{"name": "a", "version": "1", "vulns": []}]}', "")
    (0, ['pip-audit: 1 packages checked, no known vulnerabilities'])
    """
    try:
        dependencies = json.loads(report)["dependencies"] if report else None
    except (ValueError, KeyError, TypeError):
        dependencies = None
    if dependencies is None:
        last = errors.strip().splitlines()[-1:] or [f"exit status {status}"]
        return 0, [f"{WARNING} (no report; vulnerability data unreachable?): {last[0]}"]
    audited = [d for d in dependencies if "skip_reason" not in d]
    found = [
        f"{d['name']} {d['version']}: {v['id']} (fixed in {', '.join(v['fix_versions']) or '-'})"
        for d in audited
        for v in d.get("vulns", [])
    ]
    if found:
        return 1, [f"pip-audit: {len(found)} known vulnerabilities:", *found]
    if not audited:
        return 0, [f"{WARNING}: none of {len(dependencies)} was found (data unreachable?)"]
    lines = [f"pip-audit: {len(audited)} packages checked, no known vulnerabilities"]
    if skipped := len(dependencies) - len(audited):
        lines.append(f"pip-audit: {skipped} packages could not be checked (not found)")
    return 0, lines


def main() -> int:
    status, report, errors = run_pip_audit()
    code, lines = verdict(status, report, errors)
    for line in lines:
        print(line, file=sys.stderr if code or line.startswith("warning") else sys.stdout)
    return code


if __name__ == "__main__":
    sys.exit(main())
