"""Benchmark: 300 survey respondents submitting within 10 minutes on SQLite (issue 11).

A fresh data folder gets the demonstration (``nlc demo --no-serve``); a setup step adds
300 staff to the first network's schools, creates a survey from the library (advice and
collaboration, frequency and strength interpreters), opens a wave and invites them all.
``nlc serve`` then runs on 127.0.0.1 (loopback only) and each respondent, without an
account, reads their survey (``GET /api/survey-responses/{token}``) and submits consent,
five named colleagues with interpreters and "finished" (``POST``) — the respondents start
at random moments spread over ``--window`` seconds (600 by default: the issue's ten
minutes; shorter windows are harsher), at most ``--concurrency`` at once.

Checks: every request answers 200 (a 503 "busy, retry" answer is retried after its
``Retry-After`` and counted), every invitation is complete and the database holds exactly
the answers sent (no lost answer). Exit status 1 otherwise. Bounded: the run stops after
``--window`` + 120 seconds whatever happens.

Run::

    python benchmarks/bench_surveys.py                  # 300 respondents over 10 minutes
    python benchmarks/bench_surveys.py --window 60      # the same 300 within one minute
    python benchmarks/bench_surveys.py --window 60 --write   # also add to RESULTS-web.md
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from bench_web import free_port, machine, start_server

HERE = Path(__file__).resolve().parent
RESULTS = HERE / "RESULTS-web.md"
NAMED = 5

SETUP = """
import datetime as dt, json, sys, django
django.setup()
from nlc.web.registry.models import Network, Person, OrganisationKind
from nlc.web.surveys import services, tokens
n = int(sys.argv[1])
network = Network.objects.order_by("pk").first()
schools = list(services.member_organisations(network).filter(kind=OrganisationKind.SCHOOL))
Person.objects.bulk_create(
    Person(organisation=schools[i % len(schools)], name=f"Bench Respondent {i}")
    for i in range(n)
)
people = list(Person.objects.filter(name__startswith="Bench Respondent ").order_by("pk"))
survey = services.create_survey(
    network, title="Benchmark survey", consent_text="I agree.", sets=["advice", "collaboration"]
)
today = dt.date.today()
wave = services.open_wave(survey, opens_on=today, closes_on=today + dt.timedelta(days=30))
services.invite(wave, [p.pk for p in people])
print(json.dumps({
    "wave": wave.pk,
    "questions": list(survey.questions.values_list("pk", flat=True)),
    "people": [p.pk for p in people],
    "tokens": [tokens.token_for(i.nonce) for i in wave.invitations.order_by("pk")],
}))
"""

CHECK = """
import json, sys, django
django.setup()
from nlc.web.surveys.models import Answer, Invitation
wave = int(sys.argv[1])
print(json.dumps({
    "complete": Invitation.objects.filter(wave_id=wave, status="complete").count(),
    "answers": Answer.objects.filter(invitation__wave_id=wave).count(),
}))
"""


def django(code: str, env: dict, *args: str) -> dict:
    env = env | {"DJANGO_SETTINGS_MODULE": "nlc.web.settings"}
    done = subprocess.run(
        [sys.executable, "-c", code, *args], env=env, capture_output=True, text=True
    )
    if done.returncode != 0:
        sys.exit(f"setup failed:\n{done.stderr}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def call(url: str, body: dict | None, stats: dict, lock: threading.Lock) -> dict:
    """One request (GET, or POST of JSON), retried on 503 busy; raises on other errors."""
    data = None if body is None else json.dumps(body).encode()
    headers = {"Content-Type": "application/json"}
    for _ in range(20):
        started = time.perf_counter()
        try:
            with urllib.request.urlopen(
                urllib.request.Request(url, data=data, headers=headers), timeout=60
            ) as answer:
                payload = json.loads(answer.read())
            with lock:
                stats["latency"].append(time.perf_counter() - started)
            return payload
        except urllib.error.HTTPError as error:
            if error.code != 503:
                raise RuntimeError(f"{url}: {error.code} {error.read()[:200]!r}") from None
            with lock:
                stats["busy"] += 1
            time.sleep(float(error.headers.get("Retry-After", "1")))
    raise RuntimeError(f"{url}: still busy after 20 tries")


def respondent(base: str, token: str, setup: dict, start: float, stats: dict, lock) -> int:
    """One respondent: wait for their moment, read, answer; returns the answers sent."""
    time.sleep(max(0.0, start - time.monotonic()))
    rng = random.Random(token)
    survey = call(f"{base}/api/survey-responses/{token}", None, stats, lock)
    roster = [p["id"] for p in survey["roster"]["people"]]
    advice, collaboration = setup["questions"][:2]
    answers = [
        {"question": advice, "person": pk, "interpreters": {"frequency": rng.randrange(1, 5)}}
        for pk in rng.sample(roster, NAMED - 1)
    ]
    answers.append(
        {
            "question": collaboration,
            "person": rng.choice(roster),
            "interpreters": {"frequency": 3, "strength": 2},
        }
    )
    body = {"consent": True, "complete": True, "answers": answers}
    done = call(f"{base}/api/survey-responses/{token}", body, stats, lock)
    if done["status"] != "complete" or len(done["answers"]) != len(answers):
        raise RuntimeError(f"respondent {token[:6]}: answer not kept")
    return len(answers)


def run(args) -> dict:
    data = Path(tempfile.mkdtemp(prefix="nlc-bench-surveys-"))
    env = os.environ | {"NLC_DATA_DIR": str(data), "NLC_SECURE_COOKIES": "false"}
    subprocess.run(
        [sys.executable, "-m", "nlc.cli", "demo", "--no-serve"],
        env=env,
        check=True,
        capture_output=True,
    )
    setup = django(SETUP, env, str(args.respondents))
    port = free_port()
    server = start_server(env, port, args.threads, data / "serve.log", workers=args.workers)
    base = f"http://127.0.0.1:{port}"
    stats, lock, errors = {"latency": [], "busy": 0}, threading.Lock(), []
    rng = random.Random(11)
    began = time.monotonic()
    starts = sorted(began + rng.uniform(0, args.window) for _ in setup["tokens"])
    sent = 0
    try:
        with ThreadPoolExecutor(max_workers=args.concurrency) as pool:
            futures = [
                pool.submit(respondent, base, token, setup, start, stats, lock)
                for token, start in zip(setup["tokens"], starts, strict=True)
            ]
            for future in futures:
                try:
                    sent += future.result(
                        timeout=max(1.0, began + args.window + 120 - time.monotonic())
                    )
                except Exception as error:  # noqa: BLE001 - every failure is reported
                    errors.append(str(error)[:300])
        elapsed = time.monotonic() - began
    finally:
        server.terminate()
        server.wait(timeout=30)
    stored = django(CHECK, env, str(setup["wave"]))
    latency = sorted(stats["latency"])
    return {
        "respondents": len(setup["tokens"]),
        "window_s": args.window,
        "elapsed_s": round(elapsed, 1),
        "requests": len(latency),
        "p50_ms": round(1000 * statistics.median(latency), 1) if latency else None,
        "p95_ms": round(1000 * latency[int(0.95 * (len(latency) - 1))], 1) if latency else None,
        "max_ms": round(1000 * latency[-1], 1) if latency else None,
        "busy_retries": stats["busy"],
        "errors": errors,
        "answers_sent": sent,
        "answers_stored": stored["answers"],
        "complete": stored["complete"],
        "threads": args.threads,
        "workers": args.workers,
        "concurrency": args.concurrency,
    }


COLUMNS = [
    ("respondents", "respondents", ""),
    ("done in", "elapsed_s", " s"),
    ("requests", "requests", ""),
    ("p50", "p50_ms", " ms"),
    ("p95", "p95_ms", " ms"),
    ("max", "max_ms", " ms"),
    ("busy retries", "busy_retries", ""),
    ("answers sent", "answers_sent", ""),
    ("answers stored", "answers_stored", ""),
    ("complete", "complete", ""),
]


def write(result: dict, command: str) -> None:
    ok = not result["errors"] and result["answers_sent"] == result["answers_stored"]
    header = [name for name, _, _ in COLUMNS] + ["errors"]
    row = [f"{result[key]}{unit}" for _, key, unit in COLUMNS] + [str(len(result["errors"]))]
    text = (
        f"\n\n## Survey respondents (issue 11): {dt.date.today()}\n\n"
        f"`{command}` on {machine()}: {result['respondents']} respondents without an "
        f"account, each reading their survey and submitting {NAMED} named colleagues with "
        "interpreters through `/api/survey-responses/{token}`, starting at random over "
        f"{result['window_s']} s (at most {result['concurrency']} at once), against "
        f"`nlc serve --threads {result['threads']} --workers {result['workers']}` on SQLite, "
        "loopback.\n\n"
        + "| "
        + " | ".join(header)
        + " |\n"
        + "|"
        + " ---: |" * len(header)
        + "\n"
        + "| "
        + " | ".join(row)
        + " |\n\n"
        + ("No error and no lost answer.\n" if ok else "FAILED: see the errors.\n")
    )
    with RESULTS.open("a") as out:
        out.write(text)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--respondents", type=int, default=300)
    parser.add_argument("--window", type=float, default=600.0, help="seconds to spread starts")
    parser.add_argument("--concurrency", type=int, default=30, help="respondents at once")
    parser.add_argument("--threads", type=int, default=8, help="nlc serve --threads")
    parser.add_argument("--workers", type=int, default=1, help="nlc serve --workers")
    parser.add_argument("--write", action="store_true", help="add the result to RESULTS-web.md")
    args = parser.parse_args()
    result = run(args)
    print(json.dumps(result, indent=2))
    if args.write:
        write(result, "python benchmarks/" + " ".join([Path(sys.argv[0]).name, *sys.argv[1:]]))
    if result["errors"] or result["answers_sent"] != result["answers_stored"]:
        sys.exit(1)
    if result["complete"] != result["respondents"]:
        sys.exit(1)


if __name__ == "__main__":
    main()
