"""Foundation benchmarks: working-day arithmetic and list pages on the demo data.

Run: PYTHONPATH=. .venv/bin/python benchmarks/bench_foundation.py
"""

import datetime as dt
import random
import statistics
import tempfile
import time
import tracemalloc
from pathlib import Path

from cxflow.app import create_app
from cxflow.calendar.services import add_working_days
from cxflow.core.extensions import db
from cxflow.demo import seed_demo

PASSWORD = "bench-password"


def timed(fn, repeat: int) -> tuple[float, float]:
    """Median and 95th percentile in milliseconds."""
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1000)
    samples.sort()
    return statistics.median(samples), samples[int(len(samples) * 0.95) - 1]


def bench_roadmaps(app, client, bearer) -> None:
    """A pilot per region from the journey template, then the pages that read them."""
    regions = client.get("/api/v1/regions?per_page=200", headers=bearer).json["items"]
    samples = []
    for region in regions:
        start = time.perf_counter()
        response = client.post(
            "/api/v1/pilots",
            headers=bearer,
            json={
                "region_id": region["id"],
                "direction": "journey",
                "title": "Бенчмарк",
                "template": "journey-2021",
                "start_date": "2026-09-01",
            },
        )
        samples.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 201
    samples.sort()
    print(
        f"POST /api/v1/pilots (journey-2021, 19 lines): median {statistics.median(samples):.1f} ms,"
        f" max {samples[-1]:.1f} ms"
    )
    pilot_id = response.json["id"]
    feed = client.post("/api/v1/feeds", headers=bearer, json={"pilot_id": pilot_id}).json
    feed_path = "/feeds/" + feed["url"].rsplit("/feeds/", 1)[1]
    for url, headers in [
        (f"/pilots/{pilot_id}", {}),
        ("/reports/monitoring?direction=journey", {}),
        (f"/pilots/{pilot_id}/roadmap.xlsx", {}),
        ("/reports/monitoring.xlsx?direction=journey", {}),
        (feed_path, {}),
        (f"/api/v1/pilots/{pilot_id}", bearer),
    ]:
        assert client.get(url, headers=headers).status_code == 200, url
        median, p95 = timed(lambda u=url, h=headers: client.get(u, headers=h), 50)
        print(f"GET {url}: median {median:.2f} ms, p95 {p95:.2f} ms")


def main() -> None:
    database = Path(tempfile.mkdtemp()) / "bench.sqlite3"
    app = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{database}",
            "SECRET_KEY": "bench",
            "RATELIMIT_ENABLED": False,
            "WTF_CSRF_ENABLED": False,
        }
    )
    with app.app_context():
        db.create_all()
        seed_demo(PASSWORD)
        db.session.commit()
        rng = random.Random(1)
        starts = [dt.date(2025, 1, 1) + dt.timedelta(days=rng.randrange(900)) for _ in range(500)]
        for days in (20, 250):
            it = iter(starts * 10)
            median, p95 = timed(lambda d=days, i=it: add_working_days(next(i), d), 500)
            print(f"add_working_days(n={days}): median {median:.3f} ms, p95 {p95:.3f} ms")

    client = app.test_client()
    start = time.perf_counter()
    token = client.post(
        "/api/v1/auth/token", json={"email": "admin@cxflow.local", "password": PASSWORD}
    ).json["token"]
    print(f"POST /api/v1/auth/token (scrypt): {(time.perf_counter() - start) * 1000:.0f} ms")
    bearer = {"Authorization": f"Bearer {token}"}
    signed_in = client.post(
        "/auth/login", data={"email": "admin@cxflow.local", "password": PASSWORD}
    )
    assert signed_in.status_code == 302
    for url, headers in [
        ("/api/v1/offices?per_page=53", bearer),
        ("/api/v1/regions", bearer),
        ("/offices", {}),
        ("/regions", {}),
        ("/admin/users/", {}),
        ("/calendar/?year=2026", {}),
    ]:
        assert client.get(url, headers=headers).status_code == 200
        median, p95 = timed(lambda u=url, h=headers: client.get(u, headers=h), 200)
        print(f"GET {url}: median {median:.2f} ms, p95 {p95:.2f} ms")

    bench_roadmaps(app, client, bearer)

    tracemalloc.start()
    for _ in range(200):
        client.get("/api/v1/offices?per_page=53", headers=bearer)
    current, peak = tracemalloc.get_traced_memory()
    print(
        f"200 × GET /api/v1/offices: traced memory now {current / 1024:.0f} KiB, "
        f"peak {peak / 1024:.0f} KiB"
    )


if __name__ == "__main__":
    main()
