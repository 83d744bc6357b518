"""Demo data: every region and office named in the source documents, one user per role,
three pilots of the seeds with their roadmaps, the service catalogue, the CX
cycle data of two of them (cxflow/demo/cycle.py) and a maturity self-assessment of region 52
(cxflow/demo/maturity.py), its maturity controls and competence events
(cxflow/demo/maturity_controls.py), four weeks of office survey answers with a few
flagged for review (cxflow/demo/surveys.py), and the index's periods, chosen indicators and
checklists of the 2022 pilot and of the last 30 days (cxflow/demo/index.py).

Idempotent: records are matched by their natural keys (region code, office name, e-mail),
so running it again adds only what is missing and never changes a password.
"""

import datetime as dt
import tomllib
from pathlib import Path

import sqlalchemy as sa

from cxflow.catalogue.services import load_catalogue
from cxflow.core.extensions import db
from cxflow.demo.cycle import seed_cycle
from cxflow.demo.index import seed_index
from cxflow.demo.maturity import seed_maturity
from cxflow.demo.maturity_controls import seed_maturity_controls
from cxflow.demo.solutions import seed_solutions
from cxflow.demo.surveys import seed_surveys
from cxflow.methodology.services import record_all
from cxflow.orgs.models import Network, Office, Region
from cxflow.pilots import services as pilots
from cxflow.pilots.models import Pilot
from cxflow.pilots.signals import pilot_work_changed
from cxflow.roadmaps import services as roadmaps
from cxflow.users import services as users
from cxflow.users.models import Role, User

REGIONS_FILE = Path(__file__).parent.parent / "orgs" / "data" / "regions.toml"

# API.md "Demo data"
DEMO_USERS = [
    ("admin@cxflow.local", "Администратор cxflow", Role.admin, None),
    ("consultant@cxflow.local", "Консультант ФЦК", Role.federal_consultant, None),
    (
        "coordinator@cxflow.local",
        "Координатор рабочей группы (52)",
        Role.regional_coordinator,
        "52",
    ),
    ("member@cxflow.local", "Участник рабочей группы (52)", Role.working_group_member, "52"),
    ("manager@cxflow.local", "Руководитель СЗН (52)", Role.manager, "52"),
    (
        "coordinator74@cxflow.local",
        "Координатор рабочей группы (74)",
        Role.regional_coordinator,
        "74",
    ),
]


# Pilots of the source documents (seed 001 §2.3, seed 003), on this year's calendar.
DEMO_PILOTS = [
    {
        "region": "52",
        "direction": "journey",
        "template": "journey-2021",
        "title": "Путь клиента: граждане с инвалидностью",
        "target_group": "Граждане с инвалидностью",
        "service": "Организация сопровождения при содействии занятости инвалидов",
        "start_date": dt.date(2026, 9, 1),
        "end_date": dt.date(2027, 3, 1),
        # lines no artefact of the CX cycle closes (the cycle's demo data closes the others)
        "done": ["1.1", "1.7", "2.1"],
    },
    {
        "region": "74",
        "direction": "journey",
        "template": "journey-2021",
        "title": "Путь клиента: граждане, освобождённые из мест лишения свободы",
        "target_group": "Граждане, освобождённые из мест лишения свободы",
        "service": "Содействие гражданам в поиске подходящей работы",
        "start_date": dt.date(2026, 9, 1),
        "end_date": dt.date(2027, 3, 1),
        "done": ["1.1", "1.7"],
    },
    {
        "region": "52",
        "direction": "cx_system",
        "template": "cx-system",
        "title": "Система управления клиентским опытом СЗН Нижегородской области",
        "target_group": "",
        "service": "",
        "start_date": dt.date(2027, 1, 11),
        "end_date": dt.date(2027, 12, 31),
        "done": [],
    },
]


def load_regions() -> list[dict]:
    with REGIONS_FILE.open("rb") as f:
        return tomllib.load(f)["regions"]


def seed_demo(password: str) -> dict[str, int]:
    """Load the demo data; returns how many records of each kind were added."""
    added = {"regions": 0, "offices": 0, "users": 0, "pilots": 0}
    regions = {r.code: r for r in db.session.scalars(sa.select(Region))}
    offices = {(o.region_id, o.name) for o in db.session.scalars(sa.select(Office))}
    for data in load_regions():
        region = regions.get(data["code"])
        if region is None:
            region = Region(
                code=data["code"],
                name=data["name"],
                network=Network(data["network"]),
                timezone=data["timezone"],
            )
            db.session.add(region)
            db.session.flush()
            regions[region.code] = region
            added["regions"] += 1
        for office in data["offices"]:
            if (region.id, office["name"]) not in offices:
                db.session.add(
                    Office(region=region, name=office["name"], address=office["address"])
                )
                added["offices"] += 1
    for email, full_name, role, region_code in DEMO_USERS:
        if users.get_by_email(email) is None:
            users.create_user(
                None,
                email=email,
                full_name=full_name,
                role=role.value,
                region_id=regions[region_code].id if region_code else None,
                password=password,
            )
            added["users"] += 1
    db.session.flush()
    added["pilots"] = _seed_pilots(regions)
    added["catalogue entries"] = load_catalogue()
    added["methodology versions"] = len(record_all())
    with pilot_work_changed.muted():  # the artefacts get their days first, then close lines
        added["pilot CX cycles"] = seed_cycle()
        added["solutions"] = seed_solutions()
    _close_lines_by_work()
    added["maturity self-assessments"] = seed_maturity()
    added["maturity controls"] = seed_maturity_controls()
    added["survey answers"] = seed_surveys()
    added["index checklists"] = seed_index()
    return added


def _seed_pilots(regions: dict[str, Region]) -> int:
    admin = users.get_by_email(DEMO_USERS[0][0])
    existing = set(db.session.execute(sa.select(Pilot.region_id, Pilot.title)).all())
    added = 0
    for data in DEMO_PILOTS:
        region = regions[data["region"]]
        if (region.id, data["title"]) in existing:
            continue
        pilot = pilots.create_pilot(
            admin,
            region_id=region.id,
            direction=data["direction"],
            title=data["title"],
            template=data["template"],
            start_date=data["start_date"],
            end_date=data["end_date"],
        )
        pilot.target_group, pilot.service = data["target_group"], data["service"]
        pilot.offices = list(region.offices)
        for activity in pilot.activities:
            if activity.number in data["done"]:
                roadmaps.fire_activity(admin, activity, "complete")
                # done on the programme's deadline, as the 2021 pilots were: the demo's day
                # of it, not the day the demo was loaded
                activity.completed_on = min(activity.due_date, activity.completed_on)
        added += 1
    return added


def _close_lines_by_work() -> None:
    """The roadmaps approved where the demo's working group approved them, and the lines that
    the demo's CX cycle data completes closed, as the region's coordinator (idempotent: only
    what changed moves)."""
    for pilot in db.session.scalars(sa.select(Pilot).order_by(Pilot.id)):
        coordinator = db.session.scalar(
            sa.select(User)
            .where(User.role == Role.regional_coordinator, User.region_id == pilot.region_id)
            .order_by(User.id)
        )
        if coordinator is None:
            continue
        approvable = pilot.roadmap_status == "draft" and roadmaps.approving_document(pilot)
        if approvable and not roadmaps.roadmap_blockers(pilot):
            roadmaps.fire_roadmap(coordinator, pilot, "approve")  # closes its lines too
        else:
            roadmaps.sync_with_work(pilot, coordinator)
