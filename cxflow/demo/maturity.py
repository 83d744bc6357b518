"""A demo self-assessment (seed 004 §3) of region 52, Нижегородская область, filled in by its
coordinator through the service (so it is checked and scored like any other), and a federal
consultant's calibration of it. The answers picture a region early on its way: one profile
and one route of the journey pilot, feedback from 1–2 sources, a working group meeting
regularly, starting training, a code of ethics without a motivation system."""

import datetime as dt

import sqlalchemy as sa

from cxflow.core.extensions import db
from cxflow.maturity.models.assessments import MaturityAssessment
from cxflow.maturity.services import assessments
from cxflow.orgs.models import Region
from cxflow.users.models import Role, User

REGION = "52"
FILLED_ON = dt.date(2026, 11, 16)
FILLED_BY = "Координатор рабочей группы (52), начальник отдела трудоустройства"
CONCLUSION = (
    "Система управления клиентским опытом в начале пути: составлены первый профиль и первый "
    "маршрут клиента, рабочая группа собирается регулярно. Ближайшие шаги — профили и маршруты "
    "для работодателей, ещё один источник обратной связи и система мотивации сотрудников."
)
ANSWERS = {
    "profiles": "one",
    "routes": "one",
    "feedback": "sources_1_2",
    "committee": "regular",
    "training": ["leaders_intro", "trainings"],
    "events": "irregular",
    "knowledge_bank": "none",
    "motivation": "code_only",
}
# The consultant reads the working group's protocols as irregular meetings.
CALIBRATION = ANSWERS | {"committee": "irregular"}
CALIBRATION_COMMENT = "По протоколам рабочая группа собиралась дважды за полгода."


def _user(role: Role, region_id: int | None) -> User | None:
    stmt = sa.select(User).where(User.role == role).order_by(User.id)
    if region_id is not None:
        stmt = stmt.where(User.region_id == region_id)
    return db.session.scalar(stmt)


def seed_maturity() -> int:
    """Add the demo assessment when region 52 has none; returns how many were added."""
    region = db.session.scalar(sa.select(Region).where(Region.code == REGION))
    if region is None:
        return 0
    has_one = db.session.scalar(
        sa.select(MaturityAssessment.id).where(MaturityAssessment.region_id == region.id).limit(1)
    )
    coordinator = _user(Role.regional_coordinator, region.id)
    if has_one or coordinator is None:
        return 0
    data = {
        "filled_on": FILLED_ON,
        "filled_by": FILLED_BY,
        "conclusion": CONCLUSION,
        "answers": ANSWERS,
    }
    assessment = assessments.create_assessment(coordinator, region, data)
    consultant = _user(Role.federal_consultant, None)
    if consultant is not None:
        assessments.calibrate(consultant, assessment, CALIBRATION, CALIBRATION_COMMENT)
    return 1
