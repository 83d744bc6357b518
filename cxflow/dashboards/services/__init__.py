"""The manager dashboard's reading of quick wins and solutions: which are overdue and by how many
days, and the counts per region (issue #5; API.md `GET /api/v1/quick-wins`).

Overdue and days overdue are SQL (`services.overdue_clause`, `services.days_overdue`): due before
today and neither done nor cancelled, "today" being the date in each solution's region. A
solution due today is not overdue. The page and the API both read through here.
"""

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import selectinload

from cxflow.core import access
from cxflow.core.clock import today_by_region
from cxflow.core.errors import ValidationError
from cxflow.core.extensions import db
from cxflow.core.routing import is_id
from cxflow.core.text import clean_text, contains
from cxflow.orgs.models import Region
from cxflow.orgs.services import region_dates
from cxflow.pilots.models import Pilot
from cxflow.solutions.models import Solution, Tier
from cxflow.solutions.services import CLOSED, MAX_OWNER, days_overdue, overdue_clause
from cxflow.users.models import User

ANY_TIER = "any"  # every solution, whatever its tier
TIERS = (*(t.value for t in Tier), ANY_TIER)
SHOW = ("overdue", "open", "all")  # overdue only · not done/cancelled · every status
MAX_CODE = 10


@dataclass(frozen=True)
class Filters:
    region_code: str = ""
    pilot_id: int | None = None
    owner: str = ""
    tier: str = Tier.quick_win.value


def _pilot_id(errors: dict, value) -> int | None:
    if value in (None, ""):
        return None
    if isinstance(value, str) and value.strip().isdigit():
        value = int(value.strip())
    if not is_id(value):
        errors["pilot_id"] = _l("Choose a pilot from the list.")
        return None
    return value


def check_filters(region_code=None, pilot_id=None, owner=None, tier=None) -> Filters:
    """Filters from a client's values. Unknown region codes and owners simply match nothing;
    a tier or pilot id that cannot be one is a ValidationError naming the field."""
    errors: dict = {}
    tier = tier or Tier.quick_win.value
    if tier not in TIERS:
        errors["tier"] = _l("Choose quick win, long term, deferred or any.")
    pilot = _pilot_id(errors, pilot_id)
    if errors:
        raise ValidationError(errors)
    return Filters(
        region_code=clean_text(region_code)[:MAX_CODE],
        pilot_id=pilot,
        owner=clean_text(owner)[:MAX_OWNER],
        tier=tier,
    )


def _filtered(stmt: sa.Select, actor: User, f: Filters) -> sa.Select:
    stmt = access.scoped(stmt, Solution, actor)
    if f.tier != ANY_TIER:
        stmt = stmt.where(Solution.tier == Tier(f.tier))
    if f.region_code:
        codes = sa.select(Region.id).where(Region.code == f.region_code)
        stmt = stmt.where(Solution.region_id.in_(codes.scalar_subquery()))
    if f.pilot_id is not None:
        stmt = stmt.where(Solution.pilot_id == f.pilot_id)
    if f.owner:
        stmt = stmt.where(contains(Solution.owner, f.owner))
    return stmt


def today_expr(today: sa.ColumnElement | dt.date | None = None):
    """Today per solution's region as one expression, built once so a list and its counts
    (and every row) use the same dates."""
    return today_by_region(Solution.region_id, region_dates()) if today is None else today


def list_quick_wins(
    actor: User,
    *,
    show: str = "all",
    filters: Filters | None = None,
    today: sa.ColumnElement | dt.date | None = None,
) -> sa.Select:
    """SELECT (Solution, days_overdue) in the actor's scope. `days_overdue` is the number of
    calendar days past the due date for an overdue solution and NULL otherwise.

    show "overdue": overdue only, most days overdue first, then by id; "open": neither done
    nor cancelled; "all": every status. The last two sort by due date (undated last), then id.
    """
    access.require(actor, "pilots.view")
    f = filters or Filters()
    today = today_expr(today)
    late = overdue_clause(today)
    days = sa.case((late, days_overdue(today)), else_=None).label("days_overdue")
    stmt = _filtered(sa.select(Solution, days), actor, f).options(
        selectinload(Solution.pilot).selectinload(Pilot.region), selectinload(Solution.stage)
    )
    if show == "overdue":
        return stmt.where(late).order_by(days.desc(), Solution.id)
    if show == "open":
        stmt = stmt.where(Solution.status.not_in(CLOSED))
    return stmt.order_by(Solution.due_date.is_(None), Solution.due_date, Solution.id)


@dataclass(frozen=True)
class RegionCount:
    region_id: int
    code: str
    name: str
    overdue: int
    open: int


def counts_by_region(
    actor: User,
    *,
    filters: Filters | None = None,
    today: sa.ColumnElement | dt.date | None = None,
) -> list[RegionCount]:
    """Per region with solutions matching the filters: how many are overdue and how many are
    open (neither done nor cancelled), in region code order."""
    access.require(actor, "pilots.view")
    late = overdue_clause(today_expr(today))
    stmt = (
        sa.select(
            Region.id,
            Region.code,
            Region.name,
            sa.func.count(sa.case((late, 1))),
            sa.func.count(sa.case((Solution.status.not_in(CLOSED), 1))),
        )
        .join(Region, Region.id == Solution.region_id)
        .group_by(Region.id, Region.code, Region.name)
        .order_by(Region.code)
    )
    stmt = _filtered(stmt, actor, filters or Filters())
    return [RegionCount(*row) for row in db.session.execute(stmt)]


# --- one page of rows --------------------------------------------------------------------------


@dataclass
class Page:
    """One page of solutions, each with `.days_overdue` (None when not overdue); shaped like
    Flask-SQLAlchemy's pagination for the `pager` macro."""

    items: list[Solution]
    total: int
    page: int
    per_page: int

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))

    def iter_pages(self) -> Iterator[int | None]:
        """Page numbers near the edges and the current page; None for a gap."""
        gap = False
        for number in range(1, self.pages + 1):
            if number <= 2 or number > self.pages - 2 or abs(number - self.page) <= 2:
                gap = False
                yield number
            elif not gap:
                gap = True
                yield None


def fetch(stmt: sa.Select, page: int = 1, per_page: int = 50) -> Page:
    """Run a `list_quick_wins` SELECT for one page; the total counts every page."""
    rows = db.session.execute(stmt.limit(per_page).offset((page - 1) * per_page)).all()
    items = []
    for solution, days in rows:
        solution.days_overdue = days if days is not None and days > 0 else None
        items.append(solution)
    if page == 1 and len(items) < per_page:
        total = len(items)  # everything is on this page: no count query needed
    else:
        count = sa.select(sa.func.count()).select_from(stmt.order_by(None).subquery())
        total = db.session.scalar(count)
    return Page(items, total, page, per_page)


# --- filter choices ----------------------------------------------------------------------------


def region_choices(actor: User) -> list[tuple[str, str]]:
    """(code, "52 Нижегородская область") of the regions the actor may see."""
    regions = access.visible_region_ids(actor)
    stmt = sa.select(Region.code, Region.name).order_by(Region.code)
    if regions is not None:
        stmt = stmt.where(Region.id.in_(regions))
    return [(code, f"{code} {name}") for code, name in db.session.execute(stmt)]


def pilot_choices(actor: User) -> list[tuple[int, str]]:
    """(id, "52 · title") of the pilots the actor may see, by region code and title."""
    stmt = (
        sa.select(Pilot.id, Pilot.title, Region.code)
        .join(Region, Region.id == Pilot.region_id)
        .order_by(Region.code, Pilot.title, Pilot.id)
    )
    stmt = access.scoped(stmt, Pilot, actor)
    return [(pilot_id, f"{code} · {title}") for pilot_id, title, code in db.session.execute(stmt)]
