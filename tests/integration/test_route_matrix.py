"""Every GET route of the app (pages and API, read from the URL map, so a new route is covered
without editing this test) × every role × an object of either region: no 5xx, no page without
sign-in unless the view is @public, and no object of region 52 shown to region 74 (issue #18,
the probe's shape kept as a test)."""

import datetime as dt
import io

import pytest
import sqlalchemy as sa
from werkzeug.datastructures import FileStorage

from cxflow import models as m
from cxflow.consultations import services as consultations
from cxflow.core.extensions import db
from cxflow.core.routing import is_public
from cxflow.demo import seed_demo
from cxflow.maturity.services import controls as maturity_controls
from cxflow.users.models import User
from tests import factories

PASSWORD = "route-matrix-password"
# A path parameter -> the model whose id it takes (the probe's nouns). A new parameter name
# fails test_every_path_parameter_is_known until it is added here.
NOUNS = {
    "pilot_id": m.Pilot,
    "activity_id": m.Activity,
    "deliverable_id": m.Deliverable,
    "member_id": m.Member,
    "meeting_id": m.Meeting,
    "kpi_id": m.ClientKpi,
    "profile_id": m.ClientProfile,
    "journey_id": m.Journey,
    "stage_id": m.JourneyStage,
    "touchpoint_id": m.Touchpoint,
    "pain_point_id": m.PainPoint,
    "measurement_id": m.Measurement,
    "solution_id": m.Solution,
    "consultation_id": m.Consultation,
    "attachment_id": m.ConsultationAttachment,
    "office_id": m.Office,
    "user_id": m.User,
    "control_id": m.MaturityControl,
}
OTHER_PARAMETERS = {"region_id", "code", "version", "token", "filename", "number"}
# Seen by every region on purpose: reference data, and the knowledge bank's published
# solutions (a region reuses what worked in another).
SHARED = {"orgs.region", "orgs_api.get_region", "bank.detail", "bank_api.similar", "bank.similar"}
ROLES = ("admin", "consultant", "coordinator", "member", "manager", "coordinator74")


def _get_routes(app):
    return sorted(
        (rule for rule in app.url_map.iter_rules() if "GET" in rule.methods),
        key=lambda rule: rule.rule,
    )


@pytest.fixture
def demo(app):
    """The demo data, plus what it lacks in some region: a measurement in 74, a consultation
    with an attachment in both."""
    seed_demo(PASSWORD)
    regions = {r.code: r for r in db.session.scalars(sa.select(m.Region))}
    stage74 = db.session.scalar(
        sa.select(m.JourneyStage).where(m.JourneyStage.region_id == regions["74"].id)
    )
    factories.MeasurementFactory(stage=stage74, region_id=stage74.region_id)
    for code in ("52", "74"):
        coordinator = db.session.scalar(
            sa.select(User).where(
                User.region_id == regions[code].id, User.role == "regional_coordinator"
            )
        )
        data = {
            "region_id": regions[code].id,
            "direction": "journey",
            "question": f"Вопрос региона {code}",
            "received_on": dt.date(2026, 11, 2),
        }
        upload = FileStorage(io.BytesIO(b"%PDF-1.4 test"), "Карта решений.pdf")
        consultations.create_consultation(coordinator, data, [upload])
        evidence = FileStorage(io.BytesIO(b"%PDF-1.4 test"), "Приказ об АИС.pdf")
        maturity_controls.fire_control(
            coordinator, regions[code], "9", "operate", version=0, evidence_file=evidence
        )
    db.session.commit()
    return regions


def _first_ids(region_id: int) -> dict[str, int]:
    ids = {
        name: db.session.scalar(sa.select(model.id).where(model.region_id == region_id).limit(1))
        for name, model in NOUNS.items()
    }
    return ids | {"region_id": region_id}


def _users() -> dict[str, User]:
    by_email = {u.email: u for u in db.session.scalars(sa.select(User))}
    return {
        "admin": by_email["admin@cxflow.local"],
        "consultant": by_email["consultant@cxflow.local"],
        "coordinator": by_email["coordinator@cxflow.local"],
        "member": by_email["member@cxflow.local"],
        "manager": by_email["manager@cxflow.local"],
        "coordinator74": by_email["coordinator74@cxflow.local"],
    }


def _url(rule, ids: dict, region) -> str | None:
    values = {}
    for name in rule.arguments:
        if name in ids:
            values[name] = ids[name]
        elif name == "code":
            values[name] = region.code
        elif name == "version":
            values[name] = 1
        elif name == "number":  # an activity of the maturity matrix
            values[name] = "1"
        elif name == "token":
            values[name] = "no-such-token"
        else:
            return None  # static files
    return rule.rule if not values else _build(rule, values)


def _build(rule, values) -> str:
    path = rule.rule
    for name, value in values.items():
        path = path.replace(f"<int:{name}>", str(value)).replace(f"<{name}>", str(value))
    return path


def test_every_path_parameter_is_known(app):
    unknown = {
        name
        for rule in _get_routes(app)
        for name in rule.arguments
        if name not in NOUNS and name not in OTHER_PARAMETERS
    }
    assert unknown == set()


def _sign_in(client, user: User | None) -> dict:
    client.post("/auth/logout")
    if user is None:
        return {}
    client.post("/auth/login", data={"email": user.email, "password": PASSWORD})
    token = client.post("/api/v1/auth/token", json={"email": user.email, "password": PASSWORD})
    return {"Authorization": f"Bearer {token.json['token']}"}


def test_routes_by_role_and_region(app, client, demo):
    app.config["RATELIMIT_ENABLED"] = False
    users = _users()
    targets = {code: _first_ids(demo[code].id) for code in ("52", "74")}
    problems = []
    for role in (None, *ROLES):
        user = users.get(role)
        headers = _sign_in(client, user)
        for rule in _get_routes(app):
            # the OpenAPI document is public as the auth guard says (cxflow.auth.guard)
            public = is_public(app.view_functions[rule.endpoint]) or rule.endpoint.startswith(
                "api-docs."
            )
            for code in ("52", "74"):
                url = _url(rule, targets[code], demo[code])
                if url is None:
                    continue
                response = client.get(url, headers=headers)
                status = response.status_code
                where = f"{role or 'anonymous'} GET {url} ({rule.endpoint})"
                if status >= 500:
                    problems.append(f"{where}: {status}")
                elif user is None and not public and status not in (302, 401):
                    problems.append(f"{where}: {status} without sign-in")
                elif (
                    role == "coordinator74"
                    and code == "52"
                    and rule.arguments - {"token", "filename", "version"}
                    and rule.endpoint not in SHARED
                    and status == 200
                ):
                    problems.append(f"{where}: region 52's object shown to region 74")
    assert problems == [], "\n".join(problems)
