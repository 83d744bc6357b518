"""Quick wins as a source of deadline reminders and overdue digests (cxflow.notifications): their
owner (`responsible_user` is Solution's synonym of `owner_user`) is reminded like a roadmap
line's responsible user (issue #5)."""

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from cxflow.notifications.reminders import DeadlineSource
from cxflow.solutions.models import Solution, Tier
from cxflow.solutions.services import CLOSED


def _label(solution: Solution) -> str:
    text = " ".join(solution.solution.split())
    text = text if len(text) <= 80 else text[:79].rstrip() + "…"
    return f"{text} ({solution.pilot.title})"


QUICK_WINS = DeadlineSource(
    name="quick_win",
    model=Solution,
    open_clause=lambda: sa.and_(
        Solution.tier == Tier.quick_win,
        Solution.status.not_in(CLOSED),
        Solution.due_date.is_not(None),
    ),
    label=_label,
    link=lambda s: f"/solutions/{s.id}",
    load=(selectinload(Solution.pilot),),
)
