"""CX-cycle benchmarks on the demo data: the cycle, working-group, profile and journey pages
and their API, and a large journey map.

Run: PYTHONPATH=. .venv/bin/python benchmarks/bench_cycle.py
"""

import tempfile
import time
from pathlib import Path

import sqlalchemy as sa

from benchmarks.bench_foundation import PASSWORD, timed
from cxflow.app import create_app
from cxflow.core.extensions import db
from cxflow.demo import seed_demo
from cxflow.journeys.models import Journey
from cxflow.pilots.models import Pilot


def _large_journey(client, bearer, pilot_id: int, profile_id: int | None) -> int:
    """20 stages × 5 touchpoints × 5 pain points, in one request."""
    stages = [
        {
            "title": f"Этап {n}",
            "touchpoints": [f"Точка {n}.{k}" for k in range(5)],
            "pain_points": [f"Болевая точка {n}.{k}" for k in range(5)],
        }
        for n in range(1, 21)
    ]
    start = time.perf_counter()
    response = client.post(
        f"/api/v1/pilots/{pilot_id}/journeys",
        headers=bearer,
        json={
            "title": "Большой путь",
            "service": "Услуга",
            "profile_id": profile_id,
            "stages": stages,
        },
    )
    print(
        "POST /api/v1/pilots/<id>/journeys (20 stages, 200 items):",
        f"{(time.perf_counter() - start) * 1000:.0f} ms",
    )
    assert response.status_code == 201, response.json
    return response.json["id"]


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
        start = time.perf_counter()
        seed_demo(PASSWORD)
        db.session.commit()
        print(
            "seed_demo (with the catalogue and two CX cycles):",
            f"{(time.perf_counter() - start) * 1000:.0f} ms",
        )
        pilot = db.session.scalar(sa.select(Pilot).where(Pilot.title.like("%инвалид%")))
        journey = db.session.scalar(sa.select(Journey).where(Journey.pilot_id == pilot.id))
        pilot_id, journey_id, profile_id = pilot.id, journey.id, journey.profile_id
        # the 74 pilot stands at "measurements" with none taken: `advance` is refused
        unmeasured = db.session.scalar(sa.select(Pilot.id).where(Pilot.title.like("%лишения%")))

    client = app.test_client()
    token = client.post(
        "/api/v1/auth/token", json={"email": "admin@cxflow.local", "password": PASSWORD}
    ).json["token"]
    bearer = {"Authorization": f"Bearer {token}"}
    client.post("/auth/login", data={"email": "admin@cxflow.local", "password": PASSWORD})
    large = _large_journey(client, bearer, pilot_id, profile_id)
    for url, headers in [
        (f"/pilots/{pilot_id}/cycle", {}),
        (f"/pilots/{pilot_id}", {}),
        (f"/pilots/{pilot_id}/working-group", {}),
        (f"/pilots/{pilot_id}/kpis", {}),
        (f"/pilots/{pilot_id}/profiles", {}),
        (f"/journeys/{journey_id}", {}),
        (f"/journeys/{large}", {}),
        (f"/api/v1/pilots/{pilot_id}/cycle", bearer),
        (f"/api/v1/journeys/{journey_id}", bearer),
        (f"/api/v1/journeys/{large}", bearer),
    ]:
        assert client.get(url, headers=headers).status_code == 200, url
        median, p95 = timed(lambda u=url, h=headers: client.get(u, headers=h), 50)
        print(f"GET {url}: median {median:.2f} ms, p95 {p95:.2f} ms")
    refused = lambda: client.post(  # noqa: E731 - no measurement yet: 409
        f"/api/v1/pilots/{unmeasured}/cycle/transitions", headers=bearer, json={"event": "advance"}
    )
    assert refused().status_code == 409
    median, p95 = timed(refused, 50)
    print(
        "POST /api/v1/pilots/<id>/cycle/transitions (refused, 409):",
        f"median {median:.2f} ms, p95 {p95:.2f} ms",
    )


if __name__ == "__main__":
    main()
