"""Survey intake on the production server (issue #15): responses per second of
POST /api/v1/surveys/<token>/responses beside GET /healthz, same gunicorn, same run.

The issue wants the intake at least half of the health check's rate. The script makes a fresh
PostgreSQL database (`bench_c` by default), migrates it with `flask db upgrade`, adds one
region and office, starts gunicorn with the survey rate limit out of the way, then drives both
endpoints from a thread pool of clients (http.client, one connection per request, as gunicorn's
sync workers close it anyway).

Run: PYTHONPATH=. .venv/bin/python benchmarks/bench_survey_intake.py
  [--workers N] [--clients N] [--seconds S] [--database bench_c]
Needs a PostgreSQL server the user `postgres` can create databases on
(BENCH_ADMIN_URL, default postgresql://postgres@127.0.0.1:5432/postgres).
"""

import argparse
import concurrent.futures
import http.client
import json
import os
import random
import secrets
import subprocess
import sys
import threading
import time
from pathlib import Path

import psycopg

ROOT = Path(__file__).resolve().parent.parent
VENV = ROOT / ".venv" / "bin"
ADMIN_URL = os.environ.get("BENCH_ADMIN_URL", "postgresql://postgres@127.0.0.1:5432/postgres")


def fresh_database(name: str) -> str:
    with psycopg.connect(ADMIN_URL, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    return ADMIN_URL.rsplit("/", 1)[0] + "/" + name


def server_env(database_url: str) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in ("REDIS_URL", "TEST_DATABASE_URL")}
    return env | {
        "DATABASE_URL": database_url,
        "SECRET_KEY": "bench-" + secrets.token_hex(8),
        "CXFLOW_SURVEY_RATE_LIMIT": "1000000 per minute",  # the limit is not what we measure
        "PYTHONPATH": str(ROOT),
    }


def migrate_and_add_office(env: dict) -> str:
    """`flask db upgrade`, then one region and office; returns the office's survey token."""
    subprocess.run(
        [VENV / "flask", "--app", "wsgi", "db", "upgrade"],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
    )
    script = (
        "from cxflow.app import create_app\n"
        "from cxflow.core.extensions import db\n"
        "from cxflow.orgs.models import Office, Region\n"
        "app = create_app()\n"
        "with app.app_context():\n"
        "    region = Region(code='52', name='Нижегородская область', network='decentralized',"
        " timezone='Europe/Moscow')\n"
        "    office = Office(region=region, name='ЦЗН Нижнего Новгорода',"
        " opening_hours='пн-пт 09:00-18:00')\n"
        "    db.session.add(office)\n"
        "    db.session.commit()\n"
        "    print(office.survey_token)\n"
    )
    out = subprocess.run(
        [VENV / "python", "-c", script], cwd=ROOT, env=env, check=True, capture_output=True
    )
    return out.stdout.decode().strip().splitlines()[-1]


def start_gunicorn(env: dict, port: int, workers: int) -> subprocess.Popen:
    server = subprocess.Popen(
        [
            VENV / "gunicorn",
            "--workers",
            str(workers),
            "--bind",
            f"127.0.0.1:{port}",
            "--log-level",
            "warning",
            "wsgi:app",
        ],
        cwd=ROOT,
        env=env,
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            if request(port, "GET", "/healthz")[0] == 200:
                return server
        except OSError:
            time.sleep(0.2)
    server.terminate()
    raise RuntimeError("gunicorn did not start")


def request(port: int, method: str, path: str, body: bytes | None = None, cookie: str = ""):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    headers = {"Content-Type": "application/json"} if body else {}
    if cookie:
        headers["Cookie"] = f"cxflow_device={cookie}"
    try:
        conn.request(method, path, body=body, headers=headers)
        response = conn.getresponse()
        response.read()
        return response.status, None
    finally:
        conn.close()


def survey_body(rng: random.Random) -> bytes:
    """A valid seeker's answers (API.md), varied as real clients' would be."""
    answers = {f"q{n}": rng.randint(5, 10) for n in range(1, 12)} | {
        "q4": rng.choice(["yes", "dont_know", "no"]),
        "q12": {"used": False, "score": None},
        "q13": {"used": True, "score": rng.randint(6, 10)},
        "q14": rng.choice(["office", "website", "contact_center"]),
        "q15": {
            "office": rng.randint(6, 10),
            "website": None,
            "social": None,
            "contact_center": None,
        },
    }
    profile = {"sex": rng.choice(["male", "female"]), "age": "30_39", "categories": ["none"]}
    return json.dumps({"respondent": "seeker", "answers": answers, "profile": profile}).encode()


def drive(port: int, clients: int, seconds: float, make_call) -> tuple[float, dict]:
    """Run `make_call()` from `clients` threads for `seconds`; requests per second, statuses."""
    stop = time.monotonic() + seconds
    statuses: dict[int, int] = {}
    lock = threading.Lock()

    def loop(seed: int) -> int:
        call = make_call(seed)
        done = 0
        seen: dict[int, int] = {}
        while time.monotonic() < stop:
            status = call()
            seen[status] = seen.get(status, 0) + 1
            done += 1
        with lock:
            for status, n in seen.items():
                statuses[status] = statuses.get(status, 0) + n
        return done

    start = time.monotonic()
    with concurrent.futures.ThreadPoolExecutor(clients) as pool:
        total = sum(pool.map(loop, range(clients)))
    return total / (time.monotonic() - start), statuses


def main() -> None:
    parser = argparse.ArgumentParser()
    cores = os.cpu_count() or 1
    parser.add_argument("--workers", type=int, default=2 * cores + 1)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--seconds", type=float, default=15)
    parser.add_argument("--database", default="bench_c")
    parser.add_argument("--port", type=int, default=8765)
    args = parser.parse_args()

    env = server_env(fresh_database(args.database))
    token = migrate_and_add_office(env)
    server = start_gunicorn(env, args.port, args.workers)
    path = f"/api/v1/surveys/{token}/responses"
    try:

        def health(_seed):
            return lambda: request(args.port, "GET", "/healthz")[0]

        def intake(seed):
            rng = random.Random(seed)
            # a new device per response: many clients' phones, as in an office's day
            return lambda: request(
                args.port, "POST", path, survey_body(rng), cookie=secrets.token_hex(8)
            )[0]

        drive(args.port, args.clients, 2, health)  # warm up every worker
        drive(args.port, args.clients, 2, intake)
        rounds = []
        for _ in range(2):  # alternate, so neither side gets the quieter half of the run
            rounds.append(
                (
                    drive(args.port, args.clients, args.seconds / 2, health),
                    drive(args.port, args.clients, args.seconds / 2, intake),
                )
            )
    finally:
        server.terminate()
        server.wait(10)
    for (_rate, health_statuses), (_rate2, intake_statuses) in rounds:
        if set(health_statuses) != {200} or set(intake_statuses) != {201}:
            raise SystemExit(f"unexpected statuses: {health_statuses} {intake_statuses}")
    health_rate = sum(r[0][0] for r in rounds) / len(rounds)
    intake_rate = sum(r[1][0] for r in rounds) / len(rounds)
    print(f"machine: {cores} cores, Python {sys.version.split()[0]}, PostgreSQL")
    print(f"gunicorn sync workers: {args.workers}; concurrent clients: {args.clients}")
    print(f"GET /healthz: {health_rate:.0f} req/s  statuses {[r[0][1] for r in rounds]}")
    statuses = [r[1][1] for r in rounds]
    print(f"POST .../responses: {intake_rate:.0f} responses/s  statuses {statuses}")
    ratio = intake_rate / health_rate
    print(f"intake / health: {ratio:.2f} (the issue wants >= 0.5)")


if __name__ == "__main__":
    main()
