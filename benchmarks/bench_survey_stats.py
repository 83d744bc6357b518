"""Survey statistics on 2 000 000 stored responses across 2 500 offices in 85 regions (issue #15,
"Speed"): the office page and API, the region page and API, the federal landing page, with the
number of SQL statements each runs (fixed: tests/index/test_survey_stats.py checks it).

Run: BENCH_DATABASE_URL=postgresql://postgres@127.0.0.1:5432/bench_d \\
       PYTHONPATH=. .venv/bin/python benchmarks/bench_survey_stats.py   (an empty database)
     PYTHONPATH=. .venv/bin/python benchmarks/bench_survey_stats.py     (a SQLite file)
     BENCH_RESPONSES=200000 … for a quicker run.

The responses are spread over the year up to today (region dates), both respondent types, 1 %
flagged and waiting for review, 0.2 % rejected; they are loaded with COPY on PostgreSQL and
executemany on SQLite, not through intake (its speed is the intake benchmark's).
"""

import datetime as dt
import json
import os
import random
import time

import sqlalchemy as sa

from benchmarks.bench_foundation import PASSWORD, timed
from benchmarks.bench_solutions import _database_url
from cxflow.app import create_app
from cxflow.core.extensions import db
from cxflow.demo import seed_demo
from cxflow.index.models.surveys import SurveyFlag, SurveyResponse
from cxflow.index.services import stats
from cxflow.orgs.models import Office, Region, new_survey_token
from cxflow.users.models import User
from cxflow.users.services import hash_password
from tests.helpers import survey_body

REGIONS = 85
OFFICES = 2_500
RESPONSES = int(os.environ.get("BENCH_RESPONSES", "2000000"))
DAYS = 365
REPEAT = 15
COORDINATOR = "bench-coordinator@cxflow.local"
COLUMNS = (
    "id",
    "region_id",
    "office_id",
    "respondent",
    "questionnaire_key",
    "questionnaire_version",
    "answers",
    "profile",
    "comment",
    "received_at",
    "received_on",
    "device_hash",
    "answers_hash",
    "counted",
)


def _add_regions_and_offices() -> list[tuple[int, int]]:
    """Regions up to REGIONS and offices up to OFFICES, spread evenly; (office, region) ids."""
    used = set(db.session.scalars(sa.select(Region.code)))
    free = (f"{n:02d}" for n in range(1, 100) if f"{n:02d}" not in used)
    for _ in range(REGIONS - len(used)):
        code = next(free)
        db.session.add(Region(code=code, name=f"Регион {code}"))
    db.session.flush()
    regions = list(db.session.scalars(sa.select(Region.id).order_by(Region.id)))
    have = db.session.scalar(sa.select(sa.func.count()).select_from(Office))
    rows = [
        {
            "region_id": regions[n % len(regions)],
            "name": f"ЦЗН № {n + 1}",
            "address": "",
            "survey_token": new_survey_token(),
            "opening_hours": "",
        }
        for n in range(OFFICES - have)
    ]
    db.session.execute(sa.insert(Office), rows)
    db.session.commit()
    return [tuple(r) for r in db.session.execute(sa.select(Office.id, Office.region_id))]


def _rows(offices, today: dt.date, flags: list):
    """RESPONSES rows (tuples of COLUMNS); `flags` gets (id, response, office, region, status)."""
    rng = random.Random(15)
    seeker, employer = survey_body("seeker"), survey_body("employer")
    bodies = {
        "seeker": (json.dumps(seeker["answers"]), json.dumps(seeker["profile"])),
        "employer": (json.dumps(employer["answers"]), json.dumps(employer["profile"])),
    }
    for n in range(1, RESPONSES + 1):
        office, region = offices[rng.randrange(len(offices))]
        day = today - dt.timedelta(days=rng.randrange(DAYS))
        respondent = "seeker" if rng.random() < 0.75 else "employer"
        answers, profile = bodies[respondent]
        roll = rng.random()
        status = "pending" if roll < 0.01 else "rejected" if roll < 0.012 else None
        if status:
            flags.append((n, n, office, region, status))
        received_at = dt.datetime.combine(day, dt.time(6 + n % 10, n % 60), tzinfo=dt.UTC)
        yield (
            n,
            region,
            office,
            respondent,
            "survey-2022",
            1,
            answers,
            profile,
            "",
            received_at,
            day,
            f"{n % 9973:064x}",
            f"{n % 101:064x}",
            status is None,
        )


def _load_postgresql(offices, today) -> None:
    raw = db.engine.raw_connection()
    try:
        connection = raw.driver_connection
        flags = []
        with connection.cursor() as cursor:
            with cursor.copy(f"COPY survey_responses ({', '.join(COLUMNS)}) FROM STDIN") as copy:
                for row in _rows(offices, today, flags):
                    copy.write_row(row)
            with cursor.copy(
                "COPY survey_flags (id, response_id, office_id, region_id, status, reasons, "
                "created_at, comment) FROM STDIN"
            ) as copy:
                now = dt.datetime.now(dt.UTC)
                for flag in flags:
                    copy.write_row((*flag[:4], flag[4], '["burst"]', now, ""))
            cursor.execute("SELECT setval('survey_responses_id_seq', %s)", (RESPONSES,))
            cursor.execute("SELECT setval('survey_flags_id_seq', %s)", (max(len(flags), 1),))
        connection.commit()
        # What autovacuum does soon after a bulk load (an insert-only table is vacuumed since
        # PostgreSQL 13): the visibility map lets the counts read the index alone.
        connection.autocommit = True
        connection.execute("VACUUM ANALYZE")
    finally:
        raw.close()


def _load_sqlite(offices, today) -> None:
    insert = sa.insert(SurveyResponse.__table__)
    flags, batch = [], []
    with db.engine.begin() as connection:
        for row in _rows(offices, today, flags):
            batch.append(dict(zip(COLUMNS, row, strict=True)))
            if len(batch) == 50_000:
                connection.execute(insert, batch)
                batch = []
        if batch:
            connection.execute(insert, batch)
        now = dt.datetime.now(dt.UTC)
        connection.execute(
            sa.insert(SurveyFlag.__table__),
            [
                {
                    "id": i,
                    "response_id": r,
                    "office_id": o,
                    "region_id": g,
                    "status": s,
                    "reasons": ["burst"],
                    "created_at": now,
                    "comment": "",
                }
                for i, r, o, g, s in flags
            ],
        )
        connection.execute(sa.text("ANALYZE"))


def _generate(postgresql: bool) -> None:
    start = time.perf_counter()
    offices = _add_regions_and_offices()
    today = stats.federal_today()
    (_load_postgresql if postgresql else _load_sqlite)(offices, today)
    elapsed = time.perf_counter() - start
    print(f"{REGIONS} regions, {len(offices)} offices, {RESPONSES} responses: {elapsed:.0f} s")


def _queries(client, url, headers) -> int:
    counter = {"n": 0}

    def count(*_args):
        counter["n"] += 1

    with client.application.app_context():
        engine = db.engine
    sa.event.listen(engine, "before_cursor_execute", count)
    try:
        assert client.get(url, headers=headers).status_code == 200, url
    finally:
        sa.event.remove(engine, "before_cursor_execute", count)
    return counter["n"]


def _measure(client, urls, headers=None) -> None:
    headers = headers or {}
    for url in urls:
        assert client.get(url, headers=headers).status_code == 200, url  # warm
        queries = _queries(client, url, headers)
        median, p95 = timed(lambda u=url: client.get(u, headers=headers), REPEAT)
        print(f"GET {url}: median {median:.1f} ms, p95 {p95:.1f} ms, {queries} queries")


def main() -> None:
    url = _database_url()
    postgresql = url.startswith("postgresql")
    app = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": url,
            "SECRET_KEY": "bench",
            "RATELIMIT_ENABLED": False,
            "WTF_CSRF_ENABLED": False,
        }
    )
    with app.app_context():
        db.drop_all()
        db.create_all()
        seed_demo(PASSWORD)
        db.session.commit()
        print(f"database: {sa.make_url(url).get_backend_name()}")
        _generate(postgresql)
        # The busiest office of the busiest region, and its coordinator (made one).
        region_id, office_id = db.session.execute(
            sa.select(Office.region_id, Office.id)
            .join(SurveyResponse, SurveyResponse.office_id == Office.id)
            .group_by(Office.region_id, Office.id)
            .order_by(sa.func.count().desc())
            .limit(1)
        ).one()
        offices_there = db.session.scalar(
            sa.select(sa.func.count()).where(Office.region_id == region_id)
        )
        db.session.add(
            User(
                email=COORDINATOR,
                full_name="Бенчмарк",
                role="regional_coordinator",
                region_id=region_id,
                password_hash=hash_password(PASSWORD),
            )
        )
        db.session.commit()
        print(f"office {office_id}, region {region_id} with {offices_there} offices")
    client = app.test_client()
    client.post("/auth/login", data={"email": COORDINATOR, "password": PASSWORD})
    year = f"from={(stats.federal_today() - dt.timedelta(days=364)).isoformat()}"
    _measure(
        client,
        [
            f"/offices/{office_id}/surveys",
            f"/offices/{office_id}/surveys?{year}",
            f"/regions/{region_id}/surveys",
            f"/regions/{region_id}/surveys?sort=-total&{year}",
        ],
    )
    token = client.post(
        "/api/v1/auth/token", json={"email": COORDINATOR, "password": PASSWORD}
    ).json["token"]
    bearer = {"Authorization": f"Bearer {token}"}
    _measure(
        client,
        [
            f"/api/v1/offices/{office_id}/survey-stats",
            f"/api/v1/offices/{office_id}/survey-stats?{year}",
            f"/api/v1/regions/{region_id}/survey-stats",
            f"/api/v1/regions/{region_id}/survey-stats?{year}",
        ],
        bearer,
    )
    federal = app.test_client()
    federal.post("/auth/login", data={"email": "consultant@cxflow.local", "password": PASSWORD})
    _measure(federal, ["/surveys", f"/surveys?{year}"])
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


if __name__ == "__main__":
    main()
