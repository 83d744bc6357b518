"""What the knowledge bank searches: a solution's words as text (PostgreSQL's `russian` text
search reads it) and as Russian Snowball stems (SQLite matches those)."""

import re
from functools import lru_cache

import snowballstemmer
import sqlalchemy as sa
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import set_committed_value

from cxflow.journeys.models import JourneyStage, PainPoint
from cxflow.solutions.models import Solution

# Words as PostgreSQL's parser splits them: letters and digits (it splits at "_" too).
WORD = re.compile(r"[^\W_]+", re.UNICODE)
LATIN = re.compile(r"[a-z]+")
_russian = snowballstemmer.stemmer("russian")
_english = snowballstemmer.stemmer("english")


@lru_cache(maxsize=50_000)
def stem(word: str) -> str:
    """«инвалидов», «инвалиду», «Инвалид» → «инвалид» (ё folded as PostgreSQL's dictionary does).

    As PostgreSQL's `russian` configuration: a word of Latin letters only is stemmed in
    English («services» → «servic»), a word with a digit is kept whole («цзн52»)."""
    word = word.lower().replace("ё", "е")
    if LATIN.fullmatch(word):
        return _english.stemWord(word)
    if any(c.isdigit() for c in word):
        return word
    return _russian.stemWord(word)


def stems(text: str) -> list[str]:
    """The distinct stems of the words of `text`, in order of appearance."""
    return list(dict.fromkeys(stem(w) for w in WORD.findall(text or "")))


def index_solution(solution) -> None:
    """Refresh the searchable text and stems of a solution from its stage, pain point,
    solution and planned result (call after any of them changed)."""
    solution.search_text = _search_text(solution)
    solution.search_stems = _stems_text(solution.search_text)


def _search_text(solution) -> str:
    parts = [
        solution.stage.title if solution.stage else "",
        solution.pain_point.description if solution.pain_point else "",
        solution.solution,
        solution.planned_result or "",
    ]
    return "\n".join(p for p in parts if p)


def _stems_text(text: str) -> str:
    return " " + " ".join(stems(text)) + " "


def _changed(obj, name: str) -> bool:
    return sa.inspect(obj).attrs[name].history.has_changes()


@sa.event.listens_for(Session, "before_flush")
def _reindex_renamed(session, _context, _instances) -> None:
    """A renamed journey stage or a reworded pain point is searched under its new words in
    the solutions attached to it. A plain UPDATE: derived columns, not a user's edit, so the
    solutions' versions stay (nobody's open form turns stale)."""
    stages = [o.id for o in session.dirty if isinstance(o, JourneyStage) and _changed(o, "title")]
    pains = [o.id for o in session.dirty if isinstance(o, PainPoint) and _changed(o, "description")]
    if not stages and not pains:
        return
    with session.no_autoflush:
        attached = sa.or_(Solution.stage_id.in_(stages), Solution.pain_point_id.in_(pains))
        for solution in session.scalars(sa.select(Solution).where(attached)).all():
            text = _search_text(solution)
            session.execute(
                sa.update(Solution)
                .where(Solution.id == solution.id)
                .values(search_text=text, search_stems=_stems_text(text)),
                execution_options={"synchronize_session": False},
            )
            set_committed_value(solution, "search_text", text)
            set_committed_value(solution, "search_stems", _stems_text(text))
