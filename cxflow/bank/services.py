"""The knowledge bank (база знаний / банк решений): every region's solutions, searchable in
Russian by word forms, so that one region reuses what worked in another (issue #5, DESIGN.md).

Search: PostgreSQL's `russian` text search over `Solution.search_text` (the GIN index
`ix_solutions_search`); SQLite matches the Snowball stems kept in `Solution.search_stems`.
Both drop the same stop words and require every word of the query (AND); a query is cut to
MAX_QUERY characters, and one without a searchable word finds nothing.
Visibility: `scoped_bank` (own regions, or published to every region).
"""

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, fields

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.dialects.postgresql import TSQUERY
from sqlalchemy.orm import selectinload
from werkzeug.exceptions import NotFound

from cxflow.bank.access import scoped_bank
from cxflow.core import access
from cxflow.core.db import check_version
from cxflow.core.errors import ValidationError
from cxflow.core.extensions import db
from cxflow.core.text import clean_text, contains, like_escaped
from cxflow.journeys.models import JourneyStage, PainPoint
from cxflow.orgs.models import Region
from cxflow.pilots.models import Pilot
from cxflow.solutions import services
from cxflow.solutions.models import Solution, Tier
from cxflow.solutions.search import stem
from cxflow.users.models import User

MAX_QUERY = 200  # characters of a search query; the rest is ignored
MAX_FILTER = 300  # characters of a text filter (target group, service, stage)
PER_PAGE = 20
SIMILAR_WORDS = 40  # distinct words of a pain point compared with the bank
MIN_SIMILAR_STEM = 3  # shorter stems («по», «ид») say little about similarity
MAX_SIMILAR = 50
TIERS = frozenset(t.value for t in Tier)

OUTCOMES = {
    "effective": _l("effective (improved after delivery)"),
    "done": _l("delivered"),
    "open": _l("planned or in progress"),
    "cancelled": _l("cancelled"),
}

# A word as both databases split text: letters and digits (PostgreSQL's parser also splits
# at the underscore).
TOKEN = re.compile(r"[^\W_]+", re.UNICODE)
# PostgreSQL's stop words of the `russian` configuration (tsearch_data/russian.stop for
# Cyrillic words, english.stop for Latin ones), so that SQLite drops the same words.
_STOP_TEXT = """
    и в во не что он на я с со как а то все она так его но да ты к у же вы за бы по только ее
    мне было вот от меня еще нет о из ему теперь когда даже ну вдруг ли если уже или ни быть
    был него до вас нибудь опять уж вам ведь там потом себя ничего ей может они тут где есть
    надо ней для мы тебя их чем была сам чтоб без будто чего раз тоже себе под будет ж тогда
    кто этот того потому этого какой совсем ним здесь этом один почти мой тем чтобы нее сейчас
    были куда зачем всех никогда можно при наконец два об другой хоть после над больше тот
    через эти нас про всего них какая много разве три эту моя впрочем хорошо свою этой перед
    иногда лучше чуть том нельзя такой им более всегда конечно всю между
    i me my myself we our ours ourselves you your yours yourself yourselves he him his himself
    she her hers herself it its itself they them their theirs themselves what which who whom
    this that these those am is are was were be been being have has had having do does did
    doing a an the and but if or because as until while of at by for with about against between
    into through during before after above below to from up down in out on off over under again
    further then once here there when where why how all any both each few more most other some
    such no nor not only own same so than too very s t can will just don should now
"""
STOP_WORDS = frozenset(_STOP_TEXT.split())


# --- words and the one dialect switch -------------------------------------------------------


def query_words(text: str, limit: int | None = MAX_QUERY) -> list[str]:
    """The searchable words of a query, lower-cased, without stop words, in order (the query
    is cut to `limit` characters; NUL and symbols are dropped)."""
    text = clean_text(text)
    if limit is not None:
        text = text[:limit]
    words = (w.lower() for w in TOKEN.findall(text))
    return list(dict.fromkeys(w for w in words if w not in STOP_WORDS))


@dataclass(frozen=True)
class Match:
    where: sa.ColumnElement  # the solutions that match
    rank: sa.ColumnElement  # higher is a better match


def _vector() -> sa.ColumnElement:
    # Written exactly as the index ix_solutions_search, so that PostgreSQL uses it.
    return sa.func.to_tsvector(sa.literal_column("'russian'::regconfig"), Solution.search_text)


def _has_stem(word_stem: str) -> sa.ColumnElement:
    return Solution.search_stems.like(f"% {like_escaped(word_stem)} %", escape="\\")


def match(words: list[str], *, any_word: bool = False) -> Match:
    """Solutions whose text holds every one of `words` (or, with `any_word`, at least one) in
    any word form. PostgreSQL: `russian` text search ranked by ts_rank; SQLite: whole stems
    in the stored Snowball stems, ranked by the number of shared stems. `words` come from
    query_words()."""
    if db.session.get_bind().dialect.name == "postgresql":
        query = sa.func.plainto_tsquery(sa.literal_column("'russian'::regconfig"), " ".join(words))
        if any_word:  # the lexemes of plainto_tsquery joined by OR instead of AND
            query = sa.cast(sa.func.replace(sa.cast(query, sa.Text), "&", "|"), TSQUERY)
        vector = _vector()
        return Match(vector.op("@@")(query), sa.func.ts_rank(vector, query))
    found = [_has_stem(s) for s in dict.fromkeys(stem(w) for w in words)]
    if not any_word:  # every row found holds every stem: no order among them
        return Match(sa.and_(*found), sa.literal(0))
    shared = sum((sa.case((f, 1), else_=0) for f in found), sa.literal(0))
    return Match(sa.or_(*found), shared)


# --- the bank: search and filters -------------------------------------------------------------


@dataclass(frozen=True)
class BankFilters:
    q: str = ""
    target_group: str = ""
    service: str = ""
    stage: str = ""
    outcome: str = ""
    region_code: str = ""
    tier: str = ""


def filters_from(args: Mapping) -> BankFilters:
    """Filters from loaded query arguments: text cleaned and cut to its limit (NUL dropped)."""
    values = {f.name: clean_text(args.get(f.name))[:MAX_FILTER] for f in fields(BankFilters)}
    return BankFilters(**values | {"q": clean_text(args.get("q"))[:MAX_QUERY]})


OUTCOME_CLAUSES = {
    "effective": services.effective_clause,
    "done": lambda: Solution.status == "done",
    "open": lambda: Solution.status.in_(("planned", "in_progress")),
    "cancelled": lambda: Solution.status == "cancelled",
}


def _conditions(f: BankFilters) -> list[sa.ColumnElement]:
    conditions = []
    if f.target_group:
        conditions.append(Pilot.target_group == f.target_group)
    if f.service:
        conditions.append(Pilot.service == f.service)
    if f.stage:
        conditions.append(contains(JourneyStage.title, f.stage))
    if f.outcome:
        clause = OUTCOME_CLAUSES.get(f.outcome)
        conditions.append(clause() if clause else sa.false())
    if f.region_code:
        region = sa.select(Region.id).where(Region.code == f.region_code).scalar_subquery()
        conditions.append(Solution.region_id == region)
    if f.tier:
        known = f.tier in TIERS
        conditions.append(Solution.tier == Tier(f.tier) if known else sa.false())
    return conditions


def _shown() -> tuple:
    """What a bank row shows, loaded in a fixed number of queries."""
    return (
        selectinload(Solution.pilot).selectinload(Pilot.region),
        selectinload(Solution.stage),
        selectinload(Solution.pain_point),
        selectinload(Solution.before_measurement),
        selectinload(Solution.after_measurement),
        selectinload(Solution.origin).selectinload(Solution.pilot).selectinload(Pilot.region),
    )


def search(actor: User, f: BankFilters) -> sa.Select:
    """The bank's solutions `actor` may see that match the filters: best matches of the query
    first, then the newest."""
    access.require(actor, "pilots.view")
    stmt = sa.select(Solution).join(Solution.pilot).outerjoin(Solution.stage)
    stmt = scoped_bank(stmt, actor).where(*_conditions(f)).options(*_shown())
    if f.q.strip():
        words = query_words(f.q)
        if not words:  # only stop words or symbols: nothing to look for
            return stmt.where(sa.false())
        found = match(words)
        stmt = stmt.where(found.where).order_by(found.rank.desc())
    return stmt.order_by(Solution.id.desc())


def filter_choices(actor: User) -> dict[str, list]:
    """Target groups, services and regions among the solutions `actor` may see."""

    def distinct(column) -> list[str]:
        stmt = sa.select(column).select_from(Solution).join(Solution.pilot).where(column != "")
        stmt = scoped_bank(stmt.distinct(), actor).order_by(column)
        return list(db.session.scalars(stmt))

    regions = sa.select(Region).where(
        Region.id.in_(scoped_bank(sa.select(Solution.region_id), actor))
    )
    return {
        "target_groups": distinct(Pilot.target_group),
        "services": distinct(Pilot.service),
        "regions": list(db.session.scalars(regions.order_by(Region.code))),
    }


# --- one row of the bank ----------------------------------------------------------------------


@dataclass(frozen=True)
class BankItem:
    solution: Solution
    effect: services.Effect
    origin: Solution | None  # where it was copied from, when `actor` may see that one


def items(actor: User, solutions: Iterable[Solution]) -> list[BankItem]:
    """Bank rows with their effect; an origin is named only when it is visible in the bank
    (one query for the page)."""
    solutions = list(solutions)
    origin_ids = {s.origin_id for s in solutions if s.origin_id}
    visible: set[int] = set()
    if origin_ids:
        stmt = sa.select(Solution.id).where(Solution.id.in_(origin_ids))
        visible = set(db.session.scalars(scoped_bank(stmt, actor)))
    return [
        BankItem(s, services.effect(s), s.origin if s.origin_id in visible else None)
        for s in solutions
    ]


def get_visible(actor: User, solution_id: int) -> Solution:
    """A solution `actor` may see in the bank, else 404."""
    access.require(actor, "pilots.view")
    stmt = scoped_bank(sa.select(Solution).where(Solution.id == solution_id), actor)
    solution = db.session.scalar(stmt.options(*_shown()))
    if solution is None:
        raise NotFound()
    return solution


# --- similar solutions in other regions -------------------------------------------------------


def similar_words(text: str) -> list[str]:
    """The words of a pain point worth comparing: no stop words, no very short stems."""
    words = [w for w in query_words(text, limit=None) if len(stem(w)) >= MIN_SIMILAR_STEM]
    return words[:SIMILAR_WORDS]


def similar_to_pain_point(actor: User, pain_point: PainPoint, limit: int = 5) -> list[BankItem]:
    """Solutions of other regions visible to `actor` (published, or any for federal roles)
    that share words with the pain point's description, most similar first."""
    access.require(actor, "pilots.view", pain_point.region_id)
    words = similar_words(pain_point.description)
    if not words:
        return []
    found = match(words, any_word=True)
    stmt = (
        sa.select(Solution)
        .where(Solution.region_id != pain_point.region_id, found.where)
        .options(*_shown())
        .order_by(found.rank.desc(), Solution.id.desc())
        .limit(max(1, min(limit, MAX_SIMILAR)))
    )
    return items(actor, db.session.scalars(scoped_bank(stmt, actor)))


# --- publishing and copying -------------------------------------------------------------------


def publish(actor: User, solution: Solution, published, version: int | None) -> Solution:
    """Publish a region's solution to every region's bank, or take it back (the region's
    coordinator)."""
    access.require(actor, "solutions.publish", solution.region_id)
    check_version(solution, version)
    if not isinstance(published, bool):
        raise ValidationError({"published": _l("Say whether the solution is published.")})
    solution.published = published
    db.session.flush()
    return solution


COPY_FIELDS = ("stage_id", "pain_point_id", "window_start", "due_date", "ongoing", "owner")


def copy_solution(actor: User, source: Solution, pilot: Pilot, data: dict) -> Solution:
    """A new row of `pilot`'s map with the source's solution, planned result and tier, at the
    stage and pain point, dates and owner chosen in `data`; it remembers its origin."""
    get_visible(actor, source.id)
    chosen = {name: data.get(name) for name in (*COPY_FIELDS, "owner_user_id")}
    copied = {
        "solution": source.solution,
        "planned_result": source.planned_result,
        "tier": source.tier.value,
    }
    solution = services.create_solution(actor, pilot, chosen | copied)
    solution.origin_id = source.id
    db.session.flush()
    return solution


def copy_targets(actor: User) -> list[Pilot]:
    """Pilots `actor` may copy into: editable by them and with a journey stage to attach to."""
    if not access.can(actor, "cycle.edit"):
        return []
    stmt = (
        sa.select(Pilot)
        .where(Pilot.id.in_(sa.select(JourneyStage.pilot_id)))
        .options(selectinload(Pilot.region))
        .order_by(Pilot.title, Pilot.id)
    )
    return list(db.session.scalars(access.scoped(stmt, Pilot, actor)))
