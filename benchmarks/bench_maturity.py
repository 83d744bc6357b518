"""Maturity benchmarks (issue #14 "Speed"): one region's level, page and API on 85 regions ×
2,500 offices of generated data, with the number of queries each takes (the federal board:
bench_maturity_board.py).

Run: PYTHONPATH=. .venv/bin/python benchmarks/bench_maturity.py
     BENCH_DATABASE_URL=postgresql://postgres@127.0.0.1:5432/cxflow_bench \\
       PYTHONPATH=. .venv/bin/python benchmarks/bench_maturity.py   (an empty database)
"""

import datetime as dt
import os
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

import sqlalchemy as sa

from benchmarks.bench_foundation import PASSWORD, timed
from cxflow.app import create_app
from cxflow.core.extensions import db
from cxflow.demo import seed_demo
from cxflow.maturity.models.controls import MaturityControl
from cxflow.maturity.services import assessments, levels
from cxflow.maturity.services.matrix import matrix
from cxflow.orgs.models import Office, Region
from cxflow.users.models import User

REGIONS = int(os.environ.get("BENCH_REGIONS", 85))
OFFICES = int(os.environ.get("BENCH_OFFICES", 2_500))
ANSWERS = {
    "profiles": "three_plus",
    "routes": "one",
    "feedback": "sources_1_2",
    "committee": "regular",
    "training": ["leaders_intro", "trainings"],
    "events": "twice_a_year",
    "knowledge_bank": "irregular",
    "motivation": "code_only",
}


def _database_url() -> str:
    url = os.environ.get("BENCH_DATABASE_URL")
    return url or f"sqlite:///{Path(tempfile.mkdtemp()) / 'bench.sqlite3'}"


def _generate() -> int:
    """Regions up to 85, each filled to 2,500 offices; every region a self-assessment; region
    52's office controls all operating (the largest snapshot a region can have). Returns 52's id."""
    existing = {r.code for r in db.session.scalars(sa.select(Region))}
    codes = [f"{n:02d}" for n in range(1, 100) if f"{n:02d}" not in existing]
    for code in codes[: REGIONS - len(existing)]:
        db.session.add(Region(code=code, name=f"Регион {code}"))
    db.session.flush()
    regions = list(db.session.scalars(sa.select(Region).order_by(Region.code)))
    for region in regions:
        have = db.session.scalar(
            sa.select(sa.func.count(Office.id)).where(Office.region_id == region.id)
        )
        rows = [
            {"region_id": region.id, "name": f"ЦЗН № {n} ({region.code})"}
            for n in range(have, OFFICES)
        ]
        db.session.execute(sa.insert(Office), rows)
    admin = db.session.scalar(sa.select(User).where(User.role == "admin"))
    for region in regions:
        data = {"filled_on": dt.date(2026, 11, 2), "filled_by": "Бенчмарк", "answers": ANSWERS}
        assessments.create_assessment(admin, region, data, {})
    region52 = next(r for r in regions if r.code == "52")
    the_matrix = matrix()
    offices = db.session.scalars(sa.select(Office.id).where(Office.region_id == region52.id))
    office_ids = list(offices)
    numbers = [a.number for a in the_matrix.activities if a.has_scope("office")]
    db.session.execute(
        sa.insert(MaturityControl),
        [
            {
                "region_id": region52.id,
                "number": number,
                "office_id": office_id,
                "office_key": office_id,
                "status": "operating",
                "matrix_key": the_matrix.key,
                "matrix_version": the_matrix.version,
                "evidence_url": "https://example.org/evidence.pdf",
            }
            for number in numbers
            for office_id in office_ids
        ],
    )
    db.session.commit()
    return region52.id


@contextmanager
def counted():
    """The number of SQL statements run inside the block."""
    calls = []

    def count(*_args):
        calls.append(1)

    sa.event.listen(db.engine, "before_cursor_execute", count)
    try:
        yield calls
    finally:
        sa.event.remove(db.engine, "before_cursor_execute", count)


def main() -> None:
    url = _database_url()
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
        start = time.perf_counter()
        region_id = _generate()
        print(f"database: {sa.make_url(url).get_backend_name()}")
        elapsed = time.perf_counter() - start
        print(f"generated {REGIONS} regions × {OFFICES} offices: {elapsed:.1f} s")
        controls = db.session.scalar(sa.select(sa.func.count(MaturityControl.id)))
        print(f"maturity controls stored: {controls}")
        region = db.session.get(Region, region_id)
        with counted() as calls:
            level = levels.snapshot(region).level
        print(f"levels.snapshot(52): level {level}, {len(calls)} queries")
        median, p95 = timed(lambda: levels.snapshot(region), 5)
        print(f"levels.snapshot(52): median {median:.0f} ms, p95 {p95:.0f} ms")

    client = app.test_client()
    client.post("/auth/login", data={"email": "consultant@cxflow.local", "password": PASSWORD})
    token = client.post(
        "/api/v1/auth/token", json={"email": "consultant@cxflow.local", "password": PASSWORD}
    ).json["token"]
    bearer = {"Authorization": f"Bearer {token}"}
    pages = [
        (f"/regions/{region_id}/maturity", {}),
        (f"/api/v1/regions/{region_id}/maturity", bearer),
        (f"/api/v1/regions/{region_id}/maturity-assessments", bearer),
        ("/maturity/assessments/", {}),
    ]
    with app.app_context():
        for path, headers in pages:
            with counted() as calls:
                status = client.get(path, headers=headers).status_code
            median, p95 = timed(lambda p=path, h=headers: client.get(p, headers=h), 5)
            print(
                f"GET {path}: {status}, {len(calls)} queries, "
                f"median {median:.0f} ms, p95 {p95:.0f} ms"
            )


if __name__ == "__main__":
    main()
