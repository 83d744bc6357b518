"""The federal maturity board (issue #14, "Speed"): the page, a sorted page and its workbook on
85 regions (the demo catalogue and generated ones), each with three self-assessments and a
recorded level.

Run: PYTHONPATH=. .venv/bin/python benchmarks/bench_maturity_board.py
     BENCH_DATABASE_URL=postgresql://postgres@127.0.0.1:5432/cxflow_bench \\
       PYTHONPATH=. .venv/bin/python benchmarks/bench_maturity_board.py   (an empty database)
"""

import datetime as dt
import time

import sqlalchemy as sa

from benchmarks.bench_foundation import PASSWORD
from benchmarks.bench_solutions import _database_url, _measure
from cxflow.app import create_app
from cxflow.core.extensions import db
from cxflow.demo import seed_demo
from cxflow.maturity.models.controls import RegionMaturity
from cxflow.maturity.services import assessments, matrix
from cxflow.orgs.models import Region
from cxflow.users.models import User

ASSESSMENTS = 3
REGIONS = 85  # the federation's subjects in the benchmark
# Three answer sets, worst to best (option codes of seed 004 §3).
ANSWERS = [
    {
        "profiles": profiles,
        "routes": profiles,
        "feedback": feedback,
        "committee": committee,
        "training": training,
        "events": events,
        "knowledge_bank": bank,
        "motivation": motivation,
    }
    for profiles, feedback, committee, training, events, bank, motivation in (
        ("none", "none", "none", [], "none", "none", "none"),
        ("one", "sources_1_2", "regular", ["leaders_intro"], "irregular", "none", "code_only"),
        (
            "five_plus",
            "sources_5_plus",
            "monthly",
            ["leaders_intro", "trainings"],
            "six_a_year",
            "monthly",
            "code_system_working",
        ),
    )
]


def _add_regions() -> None:
    """Regions up to REGIONS, with two-digit codes the demo catalogue does not use."""
    used = set(db.session.scalars(sa.select(Region.code)))
    free = (f"{n:02d}" for n in range(1, 100) if f"{n:02d}" not in used)
    for _ in range(REGIONS - len(used)):
        code = next(free)
        db.session.add(Region(code=code, name=f"Регион {code}"))
    db.session.flush()


def _generate() -> int:
    """Three assessments and a recorded level for every region without them."""
    _add_regions()
    admin = db.session.scalar(sa.select(User).where(User.role == "admin"))
    current = matrix.document()
    have = set(db.session.scalars(sa.select(RegionMaturity.region_id)))
    regions = list(db.session.scalars(sa.select(Region).order_by(Region.code)))
    start = time.perf_counter()
    for n, region in enumerate(regions):
        for k in range(ASSESSMENTS):
            data = {
                "filled_on": dt.date(2026, 3 + 3 * k, 1 + n % 28),
                "filled_by": "Бенчмарк",
                "answers": ANSWERS[(n + k) % len(ANSWERS)],
            }
            assessments.create_assessment(admin, region, data)
        if region.id not in have:
            db.session.add(
                RegionMaturity(
                    region_id=region.id,
                    level=f"level_{n % 5}",
                    matrix_key=current.key,
                    matrix_version=current.version,
                )
            )
    db.session.commit()
    elapsed = time.perf_counter() - start
    print(f"{len(regions)} regions × {ASSESSMENTS} assessments: {elapsed:.1f} s")
    return len(regions)


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
        print(f"database: {sa.make_url(url).get_backend_name()}")
        _generate()
    client = app.test_client()
    client.post("/auth/login", data={"email": "consultant@cxflow.local", "password": PASSWORD})
    _measure(
        client,
        [
            ("/reports/maturity", {}),
            ("/reports/maturity?sort=-score", {}),
            ("/reports/maturity.xlsx", {}),
        ],
    )
    with app.app_context():
        db.session.remove()
        if url.startswith("postgresql"):
            db.drop_all()
        db.engine.dispose()


if __name__ == "__main__":
    main()
