"""Survey export benchmark (issue #15 "Export"): 100,000 responses of one region as XLSX, time
and peak memory, against 20,000 of them to show memory does not grow with the rows.

Run: PYTHONPATH=. .venv/bin/python benchmarks/bench_survey_export.py
     BENCH_DATABASE_URL=postgresql://postgres@127.0.0.1:5432/cxflow_bench \\
       PYTHONPATH=. .venv/bin/python benchmarks/bench_survey_export.py   (an empty database)
"""

import datetime as dt
import os
import random
import resource
import tempfile
import time
import tracemalloc
from pathlib import Path

import sqlalchemy as sa

from benchmarks.bench_foundation import PASSWORD
from cxflow.app import create_app
from cxflow.core.extensions import db
from cxflow.demo import seed_demo
from cxflow.index.models.surveys import SurveyFlag, SurveyResponse
from cxflow.index.services import export
from cxflow.orgs.models import Office, Region
from tests.helpers import survey_body

RESPONSES = int(os.environ.get("BENCH_RESPONSES", 100_000))
CHUNK = 5_000
START = dt.date(2026, 1, 1)


def _database_url() -> str:
    url = os.environ.get("BENCH_DATABASE_URL")
    return url or f"sqlite:///{Path(tempfile.mkdtemp()) / 'bench.sqlite3'}"


def _row(n: int, office_ids: list[int], region_id: int, rng: random.Random) -> dict:
    respondent = "seeker" if n % 4 else "employer"
    body = survey_body(
        respondent,
        **{f"q{q}": rng.randint(1, 10) for q in (1, 5, 6, 8, 9, 10, 11)},
        comment="Всё хорошо, спасибо" if n % 10 == 0 else None,
    )
    day = START + dt.timedelta(days=n * 365 // RESPONSES)
    return {
        "office_id": office_ids[n % len(office_ids)],
        "region_id": region_id,
        "respondent": respondent,
        "questionnaire_key": "survey-2022",
        "questionnaire_version": 1,
        "answers": body["answers"],
        "profile": body["profile"],
        "comment": body.get("comment", ""),
        "received_at": dt.datetime.combine(day, dt.time(10), tzinfo=dt.UTC),
        "received_on": day,
        "device_hash": f"{n % 997:064d}",
        "answers_hash": f"{n:064d}",
        "counted": n % 50 != 0,
    }


def _generate(region: Region) -> None:
    """RESPONSES answers over a year across the region's offices; every 50th flagged."""
    office_ids = list(db.session.scalars(sa.select(Office.id).where(Office.region_id == region.id)))
    rng = random.Random(15)
    for first in range(0, RESPONSES, CHUNK):
        rows = [_row(n, office_ids, region.id, rng) for n in range(first, first + CHUNK)]
        db.session.execute(sa.insert(SurveyResponse), rows)
    flagged = db.session.execute(
        sa.select(SurveyResponse.id, SurveyResponse.office_id).where(~SurveyResponse.counted)
    ).all()
    db.session.execute(
        sa.insert(SurveyFlag),
        [
            {"response_id": rid, "office_id": oid, "region_id": region.id, "reasons": ["burst"]}
            for rid, oid in flagged
        ],
    )
    db.session.commit()


def _export(region: Region, date_to: dt.date | None) -> tuple[float, int, int]:
    """Seconds, file bytes and rows of one export (the service, as both routes call it)."""
    start = time.perf_counter()
    found = export.filters(region, date_to=date_to)
    out = export.workbook_file(region, found)
    size = out.seek(0, os.SEEK_END)
    out.close()
    elapsed = time.perf_counter() - start
    rows = db.session.scalar(
        sa.select(sa.func.count(SurveyResponse.id)).where(
            SurveyResponse.region_id == region.id,
            SurveyResponse.received_on <= (date_to or dt.date.max),
        )
    )
    return elapsed, size, rows


def _peak(region: Region, date_to: dt.date | None) -> int:
    """Peak Python heap (tracemalloc) during one export, in bytes."""
    tracemalloc.start()
    try:
        export.workbook_file(region, export.filters(region, date_to=date_to)).close()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def main() -> None:
    url = _database_url()
    app = create_app(
        {"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "bench", "RATELIMIT_ENABLED": False}
    )
    with app.app_context():
        db.drop_all()
        db.create_all()
        seed_demo(PASSWORD)
        db.session.commit()
        region = db.session.scalar(sa.select(Region).where(Region.code == "52"))
        start = time.perf_counter()
        _generate(region)
        print(f"database: {sa.make_url(url).get_backend_name()}")
        print(f"generated {RESPONSES} responses: {time.perf_counter() - start:.1f} s")
        part = START + dt.timedelta(days=72)  # about a fifth of the year
        for label, date_to in (("a fifth", part), ("all", None)):
            rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
            elapsed, size, rows = _export(region, date_to)
            rss_after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
            peak = _peak(region, date_to)
            print(
                f"export {label}: {rows} rows, {size / 2**20:.1f} MiB, {elapsed:.1f} s "
                f"({rows / elapsed:.0f} rows/s), tracemalloc peak {peak / 2**20:.1f} MiB, "
                f"max RSS {rss_before / 1024:.0f} → {rss_after / 1024:.0f} MiB"
            )

    client = app.test_client()
    token = client.post(
        "/api/v1/auth/token", json={"email": "consultant@cxflow.local", "password": PASSWORD}
    ).json["token"]
    with app.app_context():
        region_id = db.session.scalar(sa.select(Region.id).where(Region.code == "52"))
    start = time.perf_counter()
    response = client.get(
        f"/api/v1/regions/{region_id}/survey-responses.xlsx",
        headers={"Authorization": f"Bearer {token}"},
        buffered=False,
    )
    size = sum(len(chunk) for chunk in response.response)
    response.close()
    print(
        f"GET /api/v1/regions/<52>/survey-responses.xlsx: {response.status_code}, "
        f"{size / 2**20:.1f} MiB in {time.perf_counter() - start:.1f} s, "
        f"max RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB"
    )


if __name__ == "__main__":
    main()
