"""The CX improvement cycle of a pilot: what each stage needs before `advance` (the guard
table of API.md "CX improvement cycle"), moving the stage, and its history."""

from collections.abc import Callable
from dataclasses import dataclass

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from cxflow.clients.models import ClientKpi, ClientProfile
from cxflow.core import access
from cxflow.core.errors import ConflictError
from cxflow.core.extensions import db
from cxflow.journeys.models import JourneyStage, Measurement, PainPoint
from cxflow.pilots.models import Deliverable, DeliverableKind, Pilot
from cxflow.pilots.signals import work_changed
from cxflow.solutions.models import Solution, Tier
from cxflow.users.models import User
from cxflow.workflows import engine
from cxflow.workflows.definitions import CYCLE, CYCLE_STAGES
from cxflow.working_groups.models import Member

FINISHED = ("done", "cancelled")


@dataclass(frozen=True)
class Requirement:
    """One line of a stage's checklist: what `advance` needs and whether it is there."""

    text: str
    met: bool


def _count(model, *where) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(model).where(*where)) or 0


def _working_group(pilot: Pilot) -> list[Requirement]:
    members = _count(Member, Member.pilot_id == pilot.id)
    orders = _count(
        Deliverable, Deliverable.pilot_id == pilot.id, Deliverable.kind == DeliverableKind.order
    )
    return [
        Requirement(_l("At least one working-group member (now %(n)d)", n=members), members > 0),
        Requirement(
            _l("The launching order attached as a pilot document of kind “order”"), orders > 0
        ),
    ]


def _target_group(pilot: Pilot) -> list[Requirement]:
    kpis = _count(ClientKpi, ClientKpi.pilot_id == pilot.id)
    return [
        Requirement(_l("The target group is set on the pilot"), bool(pilot.target_group.strip())),
        Requirement(_l("The public service is set on the pilot"), bool(pilot.service.strip())),
        Requirement(_l("At least one client KPI (now %(n)d)", n=kpis), kpis > 0),
    ]


def _profile(pilot: Pilot) -> list[Requirement]:
    profiles = _count(ClientProfile, ClientProfile.pilot_id == pilot.id)
    return [Requirement(_l("At least one client profile (now %(n)d)", n=profiles), profiles > 0)]


def _journey(pilot: Pilot) -> list[Requirement]:
    pains = _count(
        PainPoint.__table__.join(JourneyStage.__table__), JourneyStage.pilot_id == pilot.id
    )
    return [Requirement(_l("A journey with at least one stage that has a pain point"), pains > 0)]


def _measurements(pilot: Pilot) -> list[Requirement]:
    taken = _count(Measurement, Measurement.pilot_id == pilot.id)
    return [Requirement(_l("At least one measurement (now %(n)d)", n=taken), taken > 0)]


def _solution_map(pilot: Pilot) -> list[Requirement]:
    solutions = _count(Solution, Solution.pilot_id == pilot.id)
    return [Requirement(_l("At least one solution (now %(n)d)", n=solutions), solutions > 0)]


def _quick_wins(pilot: Pilot) -> list[Requirement]:
    wins = _count(Solution, Solution.pilot_id == pilot.id, Solution.tier == Tier.quick_win)
    return [
        Requirement(_l("At least one solution marked a quick win (now %(n)d)", n=wins), wins > 0)
    ]


def _monitoring(pilot: Pilot) -> list[Requirement]:
    quick_win = (Solution.pilot_id == pilot.id, Solution.tier == Tier.quick_win)
    open_wins = _count(Solution, *quick_win, Solution.status.not_in(FINISHED))
    first_done = db.session.scalar(
        sa.select(sa.func.min(Solution.done_on)).where(*quick_win, Solution.status == "done")
    )
    after = first_done is not None and _count(
        Measurement, Measurement.pilot_id == pilot.id, Measurement.period_start >= first_done
    )
    return [
        Requirement(
            _l("Every quick win done or cancelled (%(n)d still open)", n=open_wins), open_wins == 0
        ),
        Requirement(
            _l("At least one measurement taken on or after the day the first quick win was done"),
            bool(after),
        ),
    ]


# stage -> what `advance` from it needs (API.md "CX improvement cycle"; seed 001 §1.3)
CHECKS: dict[str, Callable[[Pilot], list[Requirement]]] = {
    "working_group": _working_group,
    "target_group": _target_group,
    "profile": _profile,
    "journey": _journey,
    "measurements": _measurements,
    "solution_map": _solution_map,
    "quick_wins": _quick_wins,
    "monitoring": _monitoring,
}


def checklist(pilot: Pilot) -> list[Requirement]:
    check = CHECKS.get(pilot.stage)
    return check(pilot) if check else []


@engine.guard(CYCLE.name, "advance")
def advance_blockers(pilot: Pilot) -> list[str]:
    return [str(r.text) for r in checklist(pilot) if not r.met]


def fire(
    actor: User, pilot: Pilot, event: str, comment: str = "", seen_stage: str | None = None
) -> Pilot:
    """Advance or step back (a reason required); flushes, the caller commits. `seen_stage`
    is the stage the user was looking at: a second click on a stale page must not move
    the pilot one stage further than they meant."""
    if seen_stage and seen_stage != pilot.stage:
        access.require(actor, CYCLE.permission, pilot.region_id)
        raise ConflictError(
            str(
                _l(
                    "The stage has changed meanwhile: it is now “%(stage)s”. Look again.",
                    stage=CYCLE.state_titles[pilot.stage],
                )
            ),
            current_stage=pilot.stage,
        )
    engine.fire(CYCLE, pilot, event, actor, comment)
    work_changed(pilot, actor)  # a step back reopens the roadmap lines of the stages it reworks
    return pilot


def state(pilot: Pilot) -> dict:
    """Where the pilot is, what may happen next and why not, and how it got here; the
    checklist is read once."""
    requirements = checklist(pilot)
    return {
        "pilot_id": pilot.id,
        "stage": pilot.stage,
        "version": pilot.version,
        "allowed_events": allowed_events(pilot),
        "checklist": requirements,
        "blockers": [str(r.text) for r in requirements if not r.met],
        "history": history(pilot),
    }


def allowed_events(pilot: Pilot) -> list[str]:
    return engine.allowed_events(CYCLE, pilot.stage)


def history(pilot: Pilot):
    return engine.history(CYCLE, pilot.id)


def diagram(pilot: Pilot) -> list[dict]:
    """The stages in `advance` order, read from the workflow definition, each marked
    done, current or ahead."""
    following = {t["source"]: t["dest"] for t in CYCLE.transitions if t["trigger"] == "advance"}
    stage, steps = CYCLE_STAGES[0], []
    while stage:
        steps.append(stage)
        stage = following.get(stage)
    current = steps.index(pilot.stage)
    return [
        {
            "stage": stage,
            "title": CYCLE.state_titles[stage],
            "state": "done" if i < current else "current" if i == current else "ahead",
        }
        for i, stage in enumerate(steps)
    ]
