"""Solution-map benchmarks: the map page and its workbook, the overdue dashboard, the
knowledge bank's Russian search, on the demo data plus 2 000 generated solutions.

Run: PYTHONPATH=. .venv/bin/python benchmarks/bench_solutions.py
     BENCH_DATABASE_URL=postgresql://postgres@127.0.0.1:5432/cxflow_bench \\
       PYTHONPATH=. .venv/bin/python benchmarks/bench_solutions.py   (an empty database)
"""

import datetime as dt
import itertools
import os
import tempfile
import time
from pathlib import Path

import sqlalchemy as sa

from benchmarks.bench_foundation import PASSWORD, timed
from cxflow.app import create_app
from cxflow.core.extensions import db
from cxflow.demo import seed_demo
from cxflow.journeys.models import PainPoint
from cxflow.pilots.models import Pilot
from cxflow.solutions import services
from cxflow.solutions.models import Solution
from cxflow.users.models import User

GENERATED = 2_000


def _database_url() -> str:
    url = os.environ.get("BENCH_DATABASE_URL")
    return url or f"sqlite:///{Path(tempfile.mkdtemp()) / 'bench.sqlite3'}"


def _generate(count: int) -> None:
    """Copies of the demo solutions with varied words and due dates, in both demo pilots."""
    demo = list(db.session.scalars(sa.select(Solution).order_by(Solution.id)))
    coordinators = {
        u.region_id: u
        for u in db.session.scalars(sa.select(User).where(User.role == "regional_coordinator"))
    }
    start = time.perf_counter()
    for n, source in zip(range(count), itertools.cycle(demo), strict=False):
        services.create_solution(
            coordinators[source.region_id],
            source.pilot,
            {
                "stage_id": source.stage_id,
                "pain_point_id": source.pain_point_id,
                "solution": f"{source.solution} (вариант {n})",
                "planned_result": source.planned_result,
                "owner": source.owner,
                "due_date": source.pilot.start_date + dt.timedelta(days=n % 120),
                "tier": ("quick_win", "long_term", "deferred")[n % 3],
            },
        )
    db.session.commit()
    elapsed = time.perf_counter() - start
    print(f"create_solution × {count}: {elapsed:.1f} s ({elapsed / count * 1000:.1f} ms each)")


def _measure(client, urls) -> None:
    for url, headers in urls:
        assert client.get(url, headers=headers).status_code == 200, url
        median, p95 = timed(lambda u=url, h=headers: client.get(u, headers=h), 20)
        print(f"GET {url}: median {median:.2f} ms, p95 {p95:.2f} ms")


def _map_rows(pilot_id: int) -> int:
    stmt = sa.select(sa.func.count(Solution.id)).where(Solution.pilot_id == pilot_id)
    return db.session.scalar(stmt)


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
        start = time.perf_counter()
        seed_demo(PASSWORD)
        db.session.commit()
        print(f"seed_demo: {(time.perf_counter() - start) * 1000:.0f} ms")
        pilot_id = db.session.scalar(sa.select(Pilot.id).where(Pilot.title.like("%инвалид%")))
        pain_id = db.session.scalar(
            sa.select(PainPoint.id).where(PainPoint.stage.has(pilot_id=pilot_id)).limit(1)
        )
        print(f"database: {sa.make_url(url).get_backend_name()}")
        print(f"the demo 52 map: {_map_rows(pilot_id)} rows")

    client = app.test_client()
    token = client.post(
        "/api/v1/auth/token", json={"email": "consultant@cxflow.local", "password": PASSWORD}
    ).json["token"]
    bearer = {"Authorization": f"Bearer {token}"}
    client.post("/auth/login", data={"email": "consultant@cxflow.local", "password": PASSWORD})
    maps = [
        (f"/pilots/{pilot_id}/solutions", {}),
        (f"/api/v1/pilots/{pilot_id}/solutions", bearer),
        (f"/pilots/{pilot_id}/solutions.xlsx?layout=full", {}),
    ]
    _measure(client, maps)
    with app.app_context():
        _generate(GENERATED)
        print(f"after generating, the 52 map: {_map_rows(pilot_id)} rows (a stress case)")
    _measure(
        client,
        [
            *maps,
            ("/quick-wins", {}),
            ("/quick-wins?tier=any&show=open", {}),
            ("/api/v1/quick-wins?overdue=true&per_page=200", bearer),
            ("/knowledge-bank?q=инвалид", {}),
            ("/knowledge-bank?q=обучение+специалистов+колл-центра", {}),
            ("/api/v1/knowledge-bank?q=инвалид", bearer),
            (f"/api/v1/pain-points/{pain_id}/similar", bearer),
        ],
    )
    with app.app_context():
        db.session.remove()
        if url.startswith("postgresql"):
            db.drop_all()
        db.engine.dispose()


if __name__ == "__main__":
    main()
