"""Demo data: every region and office named in the source documents, one user per role.

Idempotent: records are matched by their natural keys (region code, office name, e-mail),
so running it again adds only what is missing and never changes a password.
"""

import tomllib
from pathlib import Path

import sqlalchemy as sa

from cxflow.extensions import db
from cxflow.orgs.models import Network, Office, Region
from cxflow.users import services as users
from cxflow.users.models import Role

REGIONS_FILE = Path(__file__).parent / "orgs" / "data" / "regions.toml"

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


def load_regions() -> list[dict]:
    with REGIONS_FILE.open("rb") as f:
        return tomllib.load(f)["regions"]


def seed_demo(password: str) -> dict[str, int]:
    """Load the demo data; returns how many records of each kind were added."""
    added = {"regions": 0, "offices": 0, "users": 0}
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
    return added
