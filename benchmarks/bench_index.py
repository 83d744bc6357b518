"""The customer-centricity index on 2 000 000 survey responses across 2 500 offices in 85
regions (issue #16, "Speed"): an office's and a region's index (services.index.office_index /
region_index) beside the bare SQL aggregate over the same rows in the same run (goal: the app
within 1.5× of the bare query), and the federal board of 85 regions with its query count.

Run: BENCH_DATABASE_URL=postgresql://postgres@127.0.0.1:5432/bench_ix_boards \\
       PYTHONPATH=. .venv/bin/python benchmarks/bench_index.py   (an empty database)
     PYTHONPATH=. .venv/bin/python benchmarks/bench_index.py     (a SQLite file)
     BENCH_RESPONSES=200000 … for a quicker run; BENCH_REPEAT=… samples per measurement;
     BENCH_KEEP=1 measures again on the data a previous run left in the database;
     BENCH_PARTS=index,board,pages (the default) chooses what is measured.

Regions and offices as benchmarks/bench_survey_stats.py makes them; the responses have the
answers' shape of tests/index/test_index_scores.py `answers()` with varied values (512 answer
sets drawn at random: 1–10 scales, some left blank or «not applicable», Q4 yes / don't know /
no, Q12/Q13 used or not, Q14 a channel, Q15 per channel or blank), spread over the year up to
today, 1.2 % not counted (flagged or rejected). Each region has two periods: the baseline (the
first half of the year) and the current one (the second half), two chosen objective
indicators with a checklist at every office, and one office in ten annulled.
"""

import datetime as dt
import json
import os
import random
import statistics
import time

import sqlalchemy as sa

from benchmarks.bench_foundation import PASSWORD
from benchmarks.bench_solutions import _database_url
from benchmarks.bench_survey_stats import COLUMNS, OFFICES, REGIONS, _add_regions_and_offices
from cxflow.app import create_app
from cxflow.core.extensions import db
from cxflow.dashboards.services import index_board
from cxflow.demo import seed_demo
from cxflow.index.models.index import (
    Annulment,
    Checklist,
    IndexPeriod,
    IndicatorSelection,
)
from cxflow.index.models.surveys import SurveyResponse
from cxflow.index.services import index, indicators, stats
from cxflow.index.services.answers import aggregate_statement
from cxflow.orgs.models import Office, Region
from cxflow.users.models import User

RESPONSES = int(os.environ.get("BENCH_RESPONSES", "2000000"))
REPEAT = int(os.environ.get("BENCH_REPEAT", "9"))
BOARD_REPEAT = 3  # the federal board reads every answer: a few samples
KEEP = os.environ.get("BENCH_KEEP") == "1"  # measure again on the data of a previous run
PARTS = set(os.environ.get("BENCH_PARTS", "index,board,pages").split(","))
DAYS = 365
VARIANTS = 512
CHOSEN = ("vacancy_dynamics", "staff_appearance")
# the scored questions of indicators-2022 as the bare query reads them (path in the answers)
SCALES = (
    ("q1",),
    ("q2",),
    ("q3",),
    ("q5",),
    ("q6",),
    ("q7",),
    ("q8",),
    ("q9",),
    ("q10",),
    ("q11",),
    ("q12", "score"),
    ("q13", "score"),
    ("q15", "office"),
    ("q15", "website"),
    ("q15", "social"),
    ("q15", "contact_center"),
)
CHANNELS = ("office", "website", "social", "contact_center", "other")


# --- the data --------------------------------------------------------------------------------


def _answers(rng: random.Random) -> dict:
    """One answer set shaped like tests/index/test_index_scores.py `answers()`."""

    def scale() -> int:
        return rng.choice((rng.randint(1, 10), rng.randint(6, 10), rng.randint(8, 10)))

    def optional() -> int | None:
        return None if rng.random() < 0.15 else scale()

    answers = {f"q{n}": scale() for n in (1, 5, 6, 8, 9, 10, 11)}
    answers |= {"q2": optional(), "q3": optional(), "q7": optional()}
    answers["q4"] = rng.choice(("yes", "yes", "dont_know", "no"))
    for question, share in (("q12", 0.2), ("q13", 0.3)):
        used = rng.random() < share
        answers[question] = {"used": used, "score": scale() if used else None}
    answers["q14"] = rng.choice(CHANNELS)
    answers["q15"] = {c: optional() if rng.random() < 0.6 else None for c in CHANNELS[:4]}
    return answers


FIELDS = COLUMNS[1:]  # bench_survey_stats.COLUMNS but the id: the demo has answers already


def _rows(offices, today: dt.date):
    """RESPONSES rows (tuples of FIELDS), the answers and profiles as JSON text."""
    rng = random.Random(16)
    bodies = [json.dumps(_answers(rng)) for _ in range(VARIANTS)]
    profiles = {
        "seeker": json.dumps({"sex": "female", "age": "30_39", "categories": ["none"]}),
        "employer": json.dumps({"ownership": "private", "size": "16_100", "categories": []}),
    }
    for n in range(1, RESPONSES + 1):
        office, region = offices[rng.randrange(len(offices))]
        day = today - dt.timedelta(days=rng.randrange(DAYS))
        respondent = "seeker" if rng.random() < 0.75 else "employer"
        received_at = dt.datetime.combine(day, dt.time(6 + n % 10, n % 60), tzinfo=dt.UTC)
        yield (
            region,
            office,
            respondent,
            "survey-2022",
            1,
            bodies[rng.randrange(VARIANTS)],
            profiles[respondent],
            "",
            received_at,
            day,
            f"{n % 9973:064x}",
            f"{n % 101:064x}",
            rng.random() >= 0.012,
        )


def _load_postgresql(offices, today) -> None:
    raw = db.engine.raw_connection()
    try:
        connection = raw.driver_connection
        copy_sql = f"COPY survey_responses ({', '.join(FIELDS)}) FROM STDIN"
        with connection.cursor() as cursor, cursor.copy(copy_sql) as copy:
            for row in _rows(offices, today):
                copy.write_row(row)
        connection.commit()
        connection.autocommit = True
        connection.execute("VACUUM ANALYZE")  # what autovacuum soon does after a bulk load
    finally:
        raw.close()


def _load_sqlite(offices, today) -> None:
    """Plain executemany of the driver: the JSON text as it is (the ORM's JSON type would
    encode it again), dates and times as SQLAlchemy writes them on SQLite."""
    marks = ", ".join("?" for _ in FIELDS)
    insert = f"INSERT INTO survey_responses ({', '.join(FIELDS)}) VALUES ({marks})"
    at, on = FIELDS.index("received_at"), FIELDS.index("received_on")
    batch = []
    with db.engine.begin() as connection:
        for row in _rows(offices, today):
            row = list(row)
            row[at] = row[at].strftime("%Y-%m-%d %H:%M:%S.%f")
            row[on] = row[on].isoformat()
            row[-1] = int(row[-1])
            batch.append(tuple(row))
            if len(batch) == 50_000:
                connection.exec_driver_sql(insert, batch)
                batch = []
        if batch:
            connection.exec_driver_sql(insert, batch)
        connection.exec_driver_sql("ANALYZE")


def _periods(today: dt.date) -> tuple[dt.date, dt.date, dt.date, dt.date]:
    start = today - dt.timedelta(days=DAYS - 1)
    middle = start + dt.timedelta(days=DAYS // 2)
    return start, middle - dt.timedelta(days=1), middle, today


def _index_data(today: dt.date) -> None:
    """Per region: a baseline and a current period, two chosen indicators, a checklist of
    each at every office, the first office managing, one office in ten annulled."""
    in_force = indicators.current()
    b_start, b_end, c_start, c_end = _periods(today)
    regions = list(db.session.scalars(sa.select(Region.id).order_by(Region.id)))
    for dates in ((b_start, b_end), (c_start, c_end)):
        db.session.execute(
            sa.insert(IndexPeriod),
            [
                {
                    "region_id": region,
                    "start": dates[0],
                    "end": dates[1],
                    "methodology_key": in_force.key,
                    "methodology_version": in_force.version,
                    "version": 1,
                }
                for region in regions
            ],
        )
    periods = list(db.session.execute(sa.select(IndexPeriod.id, IndexPeriod.region_id)))
    db.session.execute(
        sa.insert(IndicatorSelection),
        [
            {"period_id": p, "region_id": r, "indicator_key": key}
            for p, r in periods
            for key in CHOSEN
        ],
    )
    offices = list(db.session.execute(sa.select(Office.id, Office.region_id).order_by(Office.id)))
    managing = {}
    for office_id, region_id in offices:
        managing.setdefault(region_id, office_id)
    db.session.execute(
        sa.update(Office).where(Office.id.in_(managing.values())).values(is_managing_office=True)
    )
    rng = random.Random(17)
    by_region: dict[int, list[int]] = {}
    for period_id, region_id in periods:
        by_region.setdefault(region_id, []).append(period_id)
    checklists, annulments = [], []
    for office_id, region_id in offices:
        for period_id in by_region[region_id]:
            checklists += [
                {
                    "office_id": office_id,
                    "period_id": period_id,
                    "region_id": region_id,
                    "indicator_key": "vacancy_dynamics",
                    "methodology_version": in_force.version,
                    "values": {"current": 100 + rng.randrange(60), "previous": 100},
                    "score": round(rng.random() * 1.2, 2),
                    "max": 2,
                    "version": 1,
                },
                {
                    "office_id": office_id,
                    "period_id": period_id,
                    "region_id": region_id,
                    "indicator_key": "staff_appearance",
                    "methodology_version": in_force.version,
                    "values": {},
                    "score": 0.2 * rng.randrange(6),
                    "max": 1,
                    "version": 1,
                },
            ]
        if office_id % 10 == 0:
            annulments.append(
                {
                    "office_id": office_id,
                    "period_id": max(by_region[region_id]),
                    "region_id": region_id,
                    "action": "annul",
                    "reason": "бенчмарк: фото не соответствуют",
                }
            )
    db.session.execute(sa.insert(Checklist), checklists)
    db.session.execute(sa.insert(Annulment), annulments)
    db.session.commit()


# --- the bare query ------------------------------------------------------------------------


RECORD = (
    "json_to_record(r.answers) AS a(q1 int, q2 int, q3 int, q4 text, q5 int, q6 int, q7 int, "
    "q8 int, q9 int, q10 int, q11 int, q12 json, q13 json, q14 text, q15 json)"
)


def _value(postgresql: bool, path: tuple[str, ...]) -> str:
    if not postgresql:
        return f"json_extract(r.answers, '$.{'.'.join(path)}')"
    if len(path) == 1:
        return f"a.{path[0]}"
    return f"(a.{path[0]} ->> '{path[1]}')::int"


def bare_sql(postgresql: bool, where: str) -> str:
    """Hand-written SQL: per period (baseline or current), office and respondent, each scored
    question's positives (8–10) and answers given, Q4 «да» among «да»/«нет», Q14 per channel,
    the count — what the app aggregates, over the same rows. On PostgreSQL each row's answers
    are parsed once (json_to_record), the fastest way we found to read a `json` column."""
    columns = []
    for path in SCALES:
        value = _value(postgresql, path)
        name = "_".join(path)
        columns.append(f"sum(CASE WHEN {value} BETWEEN 8 AND 10 THEN 1 ELSE 0 END) AS {name}_p")
        columns.append(f"count({value}) AS {name}_n")
    q4 = "a.q4" if postgresql else "json_extract(r.answers, '$.q4')"
    q14 = "a.q14" if postgresql else "json_extract(r.answers, '$.q14')"
    columns.append(f"sum(CASE WHEN {q4} = 'yes' THEN 1 ELSE 0 END) AS q4_p")
    columns.append(f"sum(CASE WHEN {q4} IN ('yes', 'no') THEN 1 ELSE 0 END) AS q4_n")
    columns += [f"sum(CASE WHEN {q14} = '{c}' THEN 1 ELSE 0 END) AS q14_{c}" for c in CHANNELS]
    counted = "r.counted IS true" if postgresql else "r.counted = 1"
    record = f" CROSS JOIN LATERAL {RECORD}" if postgresql else ""
    return (
        "SELECT CASE WHEN r.received_on >= :c_start THEN 'current' ELSE 'baseline' END AS period,"
        " r.office_id, r.respondent, count(*) AS responses, "
        + ", ".join(columns)
        + f" FROM survey_responses r{record} WHERE {where} AND {counted}"
        " AND r.received_on BETWEEN :b_start AND :c_end"
        " GROUP BY 1, r.office_id, r.respondent"
    )


# --- measuring -----------------------------------------------------------------------------


def _sample(prepare, run) -> float:
    """One run of `run(*prepare())` in ms, as a new request: a new session, its inputs (the
    office, the period…) loaded first and not timed, as a page's loaders do."""
    db.session.remove()
    args = prepare()
    start = time.perf_counter()
    run(*args)
    return (time.perf_counter() - start) * 1000


def _count_queries(prepare, run) -> int:
    counter = {"n": 0}

    def count(*_args):
        counter["n"] += 1

    db.session.remove()
    args = prepare()
    sa.event.listen(db.engine, "before_cursor_execute", count)
    try:
        run(*args)
    finally:
        sa.event.remove(db.engine, "before_cursor_execute", count)
    return counter["n"]


def _compare(label: str, prepare, run, bare: str, params: dict, repeat: int = REPEAT) -> None:
    """The app and the bare query alternately (the same cache state for both), then medians."""
    rows = db.session.execute(sa.text(bare), params).all()  # warm both
    _sample(prepare, run)
    app_samples, bare_samples = [], []
    for _ in range(repeat):
        bare_samples.append(
            _sample(lambda: (), lambda: db.session.execute(sa.text(bare), params).all())
        )
        app_samples.append(_sample(prepare, run))
    app, raw = statistics.median(app_samples), statistics.median(bare_samples)
    queries = _count_queries(prepare, run)
    print(
        f"{label}: app median {app:.1f} ms ({queries} queries), bare SQL median {raw:.1f} ms "
        f"({len(rows)} groups), ratio {app / raw:.2f}"
    )


def _check_same_numbers(region_id: int, office_id: int, bare: str, params: dict) -> None:
    """The app's q10 positives and n of the office equal the bare query's."""
    period = _current(region_id)
    mine = index.office_index(db.session.get(Office, office_id), period)
    result = mine.result("professional_competence")
    rows = db.session.execute(sa.text(bare), params).mappings().all()
    current = [r for r in rows if r["period"] == "current"]
    positive = sum(r["q10_p"] for r in current)
    answered = sum(r["q10_n"] for r in current)
    assert (result.subjective.positive, result.subjective.responses) == (positive, answered), (
        result.subjective,
        positive,
        answered,
    )
    assert mine.responses == sum(r["responses"] for r in current)


def _current(region_id: int) -> IndexPeriod:
    stmt = (
        sa.select(IndexPeriod)
        .where(IndexPeriod.region_id == region_id)
        .order_by(IndexPeriod.start.desc())
        .limit(1)
    )
    return db.session.scalar(stmt)


def _explain(bare: str, params: dict, app_statement: sa.Select) -> None:
    """PostgreSQL's plans of the bare query and of the app's aggregate, run."""
    app_sql = str(app_statement.compile(db.engine, compile_kwargs={"literal_binds": True}))
    for label, sql, args in (("bare", bare, params), ("app", app_sql, {})):
        plan = db.session.execute(sa.text("EXPLAIN (ANALYZE, BUFFERS) " + sql), args).scalars()
        print(f"--- EXPLAIN ANALYZE, {label}")
        for line in plan:
            print("   ", line)


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
        print(f"database: {sa.make_url(url).get_backend_name()}")
        if KEEP:
            first = db.session.scalar(sa.select(sa.func.min(IndexPeriod.start)))
            today = first + dt.timedelta(days=DAYS - 1)
        else:
            db.drop_all()
            db.create_all()
            seed_demo(PASSWORD)
            db.session.commit()
            start = time.perf_counter()
            offices = _add_regions_and_offices()
            today = stats.federal_today()
            (_load_postgresql if postgresql else _load_sqlite)(offices, today)
            _index_data(today)
            print(
                f"{REGIONS} regions, {len(offices)} of {OFFICES} offices, {RESPONSES} responses,"
                f" periods and checklists: {time.perf_counter() - start:.0f} s"
            )
        b_start, _b_end, c_start, c_end = _periods(today)
        params = {"b_start": b_start, "c_start": c_start, "c_end": c_end}
        # the busiest office (not an annulled one) and its region
        region_id, office_id = db.session.execute(
            sa.select(Office.region_id, Office.id)
            .join(SurveyResponse, SurveyResponse.office_id == Office.id)
            .where(Office.id % 10 != 0)
            .group_by(Office.region_id, Office.id)
            .order_by(sa.func.count().desc())
            .limit(1)
        ).one()
        region_rows = db.session.scalar(
            sa.select(sa.func.count()).where(SurveyResponse.region_id == region_id)
        )
        office_rows = db.session.scalar(
            sa.select(sa.func.count()).where(SurveyResponse.office_id == office_id)
        )
        print(f"office {office_id}: {office_rows} responses; region {region_id}: {region_rows}")

        office_sql = bare_sql(postgresql, "r.office_id = :office_id")
        region_sql = bare_sql(postgresql, "r.region_id = :region_id")
        office_params = params | {"office_id": office_id}
        region_params = params | {"region_id": region_id}
        _check_same_numbers(region_id, office_id, office_sql, office_params)

        if "index" in PARTS:
            _compare(
                "office_index (period + baseline)",
                lambda: (db.session.get(Office, office_id), _current(region_id)),
                index.office_index,
                office_sql,
                office_params,
            )
            _compare(
                "region_index (period + baseline)",
                lambda: (db.session.get(Region, region_id), _current(region_id)),
                index.region_index,
                region_sql,
                region_params,
            )
        if "board" in PARTS:
            admin_id = db.session.scalar(sa.select(User.id).where(User.role == "admin").limit(1))
            _compare(
                f"federal board, {REGIONS} regions (all periods and baselines)",
                lambda: (db.session.get(User, admin_id),),
                index_board.board,
                bare_sql(postgresql, "r.region_id IS NOT NULL"),
                params,
                BOARD_REPEAT,
            )
        if postgresql and "index" in PARTS:
            current = _current(region_id)
            methodology = indicators.of_version(current.methodology_version)
            _explain(
                region_sql,
                region_params,
                aggregate_statement(methodology, period_ids=[current.id]),
            )
        db.session.remove()
    if "pages" in PARTS:
        _pages(app, region_id)
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


def _pages(app, region_id: int) -> None:
    """The pages and the API as a federal consultant sees them (sign-in included)."""
    client = app.test_client()
    client.post("/auth/login", data={"email": "consultant@cxflow.local", "password": PASSWORD})
    token = client.post(
        "/api/v1/auth/token", json={"email": "consultant@cxflow.local", "password": PASSWORD}
    ).json["token"]
    bearer = {"Authorization": f"Bearer {token}"}
    for url, headers, repeat in (
        (f"/regions/{region_id}/index/board", {}, REPEAT),
        (f"/api/v1/regions/{region_id}/index", bearer, REPEAT),
        ("/index/board", {}, BOARD_REPEAT),
        ("/api/v1/index/board", bearer, BOARD_REPEAT),
        ("/index/comparison", {}, BOARD_REPEAT),
        (f"/index/scores.xlsx?region_code={_code(app, region_id)}", {}, BOARD_REPEAT),
        ("/index/scores.xlsx", {}, 1),
    ):
        samples, queries = [], 0
        for n in range(repeat + 1):  # the first warms
            counter = {"n": 0}

            def count(*_args, counter=counter):
                counter["n"] += 1

            with app.app_context():
                engine = db.engine
            sa.event.listen(engine, "before_cursor_execute", count)
            start = time.perf_counter()
            response = client.get(url, headers=headers)
            elapsed = (time.perf_counter() - start) * 1000
            sa.event.remove(engine, "before_cursor_execute", count)
            assert response.status_code == 200, url
            if n:
                samples.append(elapsed)
                queries = counter["n"]
        size = (
            f", {len(response.data) / 1024:.0f} KiB"
            if url.endswith(".xlsx") or ".xlsx?" in url
            else ""
        )
        print(f"GET {url}: median {statistics.median(samples):.0f} ms, {queries} queries{size}")


def _code(app, region_id: int) -> str:
    with app.app_context():
        return db.session.get(Region, region_id).code


if __name__ == "__main__":
    main()
