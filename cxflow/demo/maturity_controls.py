"""Demo maturity data of region 52 (Нижегородская область): the controls of the level matrix
(seed 004 §1) a region starting its CX management system would have, and competence events
(the demo portraits of job seekers carry their client type in cxflow/demo/data/cycle.toml).
Everything goes through the services as the region's coordinator, so each move has its
history and the level is recorded as it would be.

The demo stays below level I on purpose: the region has no employer profile or journey yet
(seed 004 L52, L55: «1 (соискатель) + 1 (работодатель)»), which the zone of nearest
development shows. Evidence links point to a placeholder address, marked as demo.
"""

import datetime as dt

import sqlalchemy as sa

from cxflow.core.clock import region_today
from cxflow.core.extensions import db
from cxflow.maturity.models.controls import MaturityControl
from cxflow.maturity.services import controls, events, levels
from cxflow.orgs.models import Region
from cxflow.users.models import Role, User

REGION = "52"
EVIDENCE = "https://example.org/cxflow-demo/maturity/{number}.pdf"
# Level I of seed 004 §1 (L42–L48, L71, L87, L88, L94) put into operation with evidence…
OPERATING = ("1", "2", "3", "4", "10", "13", "14", "14.1")
# …and level II's «Разработка» items (L99, L102, L109) and the feedback system (L59) begun.
IN_DEVELOPMENT = ("7", "15", "16", "18")
# Competence events (seed 004 §1 item 17; footnote 5, L105), days before today.
EVENTS = (
    (20, "Тренинг «Введение в клиентоцентричность» для ведущих сотрудников", "training", 24),
    (75, "Стратегическая сессия рабочей группы по клиентскому опыту", "session", 12),
)


def seed_maturity_controls() -> int:
    """Fill region 52's maturity once; returns the number of controls moved (0: already done)."""
    region = db.session.scalar(sa.select(Region).where(Region.code == REGION))
    coordinator = (
        db.session.scalar(
            sa.select(User).where(
                User.role == Role.regional_coordinator, User.region_id == region.id
            )
        )
        if region
        else None
    )
    if coordinator is None or _has_controls(region):
        return 0
    moved = 0
    for number in OPERATING:
        controls.fire_control(
            coordinator,
            region,
            number,
            "operate",
            version=0,
            evidence_url=EVIDENCE.format(number=number),
            comment="Демонстрационные данные",
        )
        moved += 1
    for number in IN_DEVELOPMENT:
        controls.fire_control(coordinator, region, number, "develop", version=0)
        moved += 1
    today = region_today(region.timezone)
    for days, title, kind, participants in EVENTS:
        events.create_event(
            coordinator,
            region,
            {
                "held_on": today - dt.timedelta(days=days),
                "title": title,
                "kind": kind,
                "participants": participants,
            },
        )
    levels.record_level(coordinator, region)
    return moved


def _has_controls(region: Region) -> bool:
    return bool(
        db.session.scalar(
            sa.select(sa.func.count(MaturityControl.id)).where(
                MaturityControl.region_id == region.id
            )
        )
    )
