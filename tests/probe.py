"""The probe of issue #18 kept as tests: the demo data of two regions, the app's routes read
from its URL map, a URL for a route with the ids of one region's objects, and signed-in
clients per role. Used by tests/integration/test_route_matrix.py (who sees what) and
tests/integration/test_bad_input_sweep.py (no 5xx on bad input)."""

import datetime as dt
import io

import sqlalchemy as sa
from werkzeug.datastructures import FileStorage

from cxflow import models as m
from cxflow.consultations import services as consultations
from cxflow.core.extensions import db
from cxflow.demo import maturity as maturity_demo
from cxflow.demo import seed_demo
from cxflow.index.services import checklists as index_checklists
from cxflow.index.services import periods as index_periods
from cxflow.index.services import verification as index_verification
from cxflow.maturity.services import assessments as maturity
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
    "assessment_id": m.MaturityAssessment,
    "control_id": m.MaturityControl,
    "period_id": m.IndexPeriod,
    "sample_id": m.VerificationSample,
    "item_id": m.ChecklistItem,
}
OTHER_PARAMETERS = {
    "region_id",
    "code",
    "version",
    "token",
    "filename",
    "item",
    "number",
    "respondent",
    "key",
    "indicator_key",
}
ROLES = ("admin", "consultant", "coordinator", "member", "manager", "coordinator74")
EMAILS = {
    "admin": "admin@cxflow.local",
    "consultant": "consultant@cxflow.local",
    "coordinator": "coordinator@cxflow.local",
    "member": "member@cxflow.local",
    "manager": "manager@cxflow.local",
    "coordinator74": "coordinator74@cxflow.local",
}


def routes(app, method: str = "GET") -> list:
    """The app's URL rules that answer `method`, in path order."""
    return sorted(
        (rule for rule in app.url_map.iter_rules() if method in rule.methods),
        key=lambda rule: rule.rule,
    )


def seed() -> dict:
    """The demo data, plus what it lacks in some region: a measurement in 74, a consultation
    with an attachment in both. Returns the regions by code."""
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
        # an index period with a checklist (its evidence a file) and a sample of it
        office = db.session.scalar(
            sa.select(m.Office).where(m.Office.region_id == regions[code].id)
        )
        period = index_periods.choose(
            regions[code], dt.date(2022, 4, 25), dt.date(2022, 5, 6), ["staff_appearance"]
        )
        photo = FileStorage(io.BytesIO(b"\x89PNG\r\n\x1a\n" + b"0" * 32), "Форма.png")
        item = index_checklists.ItemInput("uniform", True, "", photo)
        index_checklists.save(office, period, "staff_appearance", [item], None, coordinator)
        index_verification.draw(period, None, size=1)
    # the demo has a self-assessment of 52; one of 74, with an evidence file
    evidence = FileStorage(io.BytesIO(b"%PDF-1.4 test"), "Протокол.pdf")
    assessment = {"filled_on": dt.date(2026, 11, 2), "filled_by": "Координатор"}
    maturity.create_assessment(
        coordinator,
        regions["74"],
        assessment | {"answers": maturity_demo.ANSWERS},
        {"profiles": evidence},
    )
    db.session.commit()
    return regions


def first_ids(region_id: int) -> dict[str, int]:
    """The id of the first object of every noun in the region (and the region's own)."""
    ids = {
        name: db.session.scalar(sa.select(model.id).where(model.region_id == region_id).limit(1))
        for name, model in NOUNS.items()
    }
    return ids | {"region_id": region_id}


def users() -> dict[str, User]:
    """The demo's users by role."""
    by_email = {u.email: u for u in db.session.scalars(sa.select(User))}
    return {role: by_email[email] for role, email in EMAILS.items()}


def url(rule, ids: dict, region) -> str | None:
    """The path of `rule` with the ids of `region`'s objects; None when a parameter has no
    value (static files)."""
    values = {}
    for name in rule.arguments:
        if name in ids:
            values[name] = ids[name]
        elif name == "code":
            values[name] = region.code
        elif name == "version":
            values[name] = 1
        elif name == "token":
            values[name] = "no-such-token"
        elif name == "respondent":  # the public survey's questionnaire
            values[name] = "seeker"
        elif name == "number":  # an activity of the maturity matrix
            values[name] = "1"
        elif name == "item":  # an item of the maturity checklist
            values[name] = "profiles"
        elif name in ("key", "indicator_key"):  # an index indicator every demo region chose
            values[name] = "quick_response" if region.code in ("52", "74") else "comfort"
        else:
            return None
    path = rule.rule
    for name, value in values.items():
        path = path.replace(f"<int:{name}>", str(value)).replace(f"<{name}>", str(value))
    return path


def sign_in(client, user: User | None) -> dict:
    """Sign `client` in as `user` (pages) and return the bearer header for the API; None
    signs out."""
    client.post("/auth/logout")
    if user is None:
        return {}
    client.post("/auth/login", data={"email": user.email, "password": PASSWORD})
    token = client.post("/api/v1/auth/token", json={"email": user.email, "password": PASSWORD})
    return {"Authorization": f"Bearer {token.json['token']}"}
