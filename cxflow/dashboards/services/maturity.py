"""The federal maturity board (issue #14, "History and comparison"): one row per region the
user may see with its recorded level, its newest self-assessment, the three blocks normalised
and the change since the previous assessment. Three queries whatever the number of regions."""

import datetime as dt
from dataclasses import dataclass, field

import sqlalchemy as sa

from cxflow.core import access
from cxflow.core.extensions import db
from cxflow.maturity.models.assessments import MaturityAssessment
from cxflow.maturity.models.controls import RegionMaturity
from cxflow.maturity.services import checklist as cl
from cxflow.maturity.services.assessments import ORDER
from cxflow.maturity.services.matrix import ROMAN
from cxflow.orgs.models import Region
from cxflow.users.models import User


@dataclass
class BoardRow:
    region: Region
    level: int = 0  # the recorded level; 0 (below I) when none was recorded
    filled_on: dt.date | None = None
    score: int | None = None
    max_score: int | None = None
    blocks: dict = field(default_factory=dict)  # {block code: percent of the block's maximum}
    change: int | None = None  # score minus the previous assessment's; None without one

    @property
    def level_title(self) -> str:
        return ROMAN[self.level]


@dataclass
class Board:
    blocks: list  # (code, title) in the checklist's order
    rows: list[BoardRow]


def _percent(block: dict) -> int | None:
    return round(100 * block["score"] / block["max"]) if block.get("max") else None


def _levels(actor: User) -> dict[int, int]:
    stmt = sa.select(RegionMaturity.region_id, RegionMaturity.level)
    rows = db.session.execute(access.scoped(stmt, RegionMaturity, actor))
    return {region_id: int(level.removeprefix("level_")) for region_id, level in rows}


def _two_newest(actor: User) -> dict[int, list]:
    """The newest and the previous assessment of each region, newest first (one query)."""
    order = [column.desc() for column in ORDER]
    rank = sa.func.row_number().over(partition_by=MaturityAssessment.region_id, order_by=order)
    ranked = access.scoped(
        sa.select(
            MaturityAssessment.region_id,
            MaturityAssessment.filled_on,
            MaturityAssessment.score,
            MaturityAssessment.max_score,
            MaturityAssessment.blocks,
            rank.label("rank"),
        ),
        MaturityAssessment,
        actor,
    ).subquery()
    stmt = sa.select(ranked).where(ranked.c.rank <= 2).order_by(ranked.c.region_id, ranked.c.rank)
    newest: dict[int, list] = {}
    for row in db.session.execute(stmt):
        newest.setdefault(row.region_id, []).append(row)
    return newest


def _row(region: Region, level: int, assessments: list) -> BoardRow:
    if not assessments:
        return BoardRow(region, level)
    latest = assessments[0]
    change = latest.score - assessments[1].score if len(assessments) > 1 else None
    blocks = {code: _percent(block) for code, block in (latest.blocks or {}).items()}
    return BoardRow(region, level, latest.filled_on, latest.score, latest.max_score, blocks, change)


def _regions(actor: User) -> list[Region]:
    stmt = sa.select(Region).order_by(Region.code)
    visible = access.visible_region_ids(actor)
    if visible is not None:
        stmt = stmt.where(Region.id.in_(visible))
    return list(db.session.scalars(stmt))


SORT_KEYS = {
    "region": lambda row: row.region.code,
    "level": lambda row: row.level,
    "date": lambda row: row.filled_on,
    "score": lambda row: row.score,
    "change": lambda row: row.change,
}


def sort_keys(checklist: cl.Checklist) -> set[str]:
    return set(SORT_KEYS) | {f"block_{block.code}" for block in checklist.blocks}


def _key(sort: str):
    if sort.startswith("block_"):
        code = sort.removeprefix("block_")
        return lambda row: row.blocks.get(code)
    return SORT_KEYS[sort]


def sorted_rows(rows: list[BoardRow], sort: str) -> list[BoardRow]:
    """By `sort` (`-key` for descending); regions without a value last either way, then by
    region code. An unknown key sorts by region."""
    descending = sort.startswith("-")
    key = sort.removeprefix("-")
    if key not in sort_keys(cl.current()):
        return sorted(rows, key=SORT_KEYS["region"])
    value = _key(key)
    known = [row for row in rows if value(row) is not None]
    unknown = [row for row in rows if value(row) is None]
    known.sort(key=SORT_KEYS["region"])
    known.sort(key=value, reverse=descending)  # stable: ties stay by region code
    return known + sorted(unknown, key=SORT_KEYS["region"])


def board(actor: User, sort: str = "region") -> Board:
    """Every region `actor` may see (federal roles: all; a regional user: their own)."""
    access.require(actor, "maturity.view")
    levels, newest = _levels(actor), _two_newest(actor)
    rows = [_row(r, levels.get(r.id, 0), newest.get(r.id, [])) for r in _regions(actor)]
    blocks = [(block.code, block.title) for block in cl.current().blocks]
    return Board(blocks, sorted_rows(rows, sort))


def radar_data(report: Board) -> dict:
    """Chart.js data of the radar: one dataset per region with an assessment."""
    return {
        "labels": [str(title) for _code, title in report.blocks],
        "datasets": [
            {
                "label": f"{row.region.code} {row.region.name}",
                "data": [row.blocks.get(code) for code, _title in report.blocks],
            }
            for row in report.rows
            if row.score is not None
        ],
    }
