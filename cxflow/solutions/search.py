"""What the knowledge bank searches: a solution's words as text (PostgreSQL's `russian` text
search reads it) and as Russian Snowball stems (SQLite matches those)."""

import re
from functools import lru_cache

import snowballstemmer

WORD = re.compile(r"\w+", re.UNICODE)
_stemmer = snowballstemmer.stemmer("russian")


@lru_cache(maxsize=50_000)
def stem(word: str) -> str:
    """«инвалидов», «инвалиду», «Инвалид» → «инвалид» (ё folded as PostgreSQL's dictionary does)."""
    return _stemmer.stemWord(word.lower().replace("ё", "е"))


def stems(text: str) -> list[str]:
    """The distinct stems of the words of `text`, in order of appearance."""
    return list(dict.fromkeys(stem(w) for w in WORD.findall(text or "")))


def index_solution(solution) -> None:
    """Refresh the searchable text and stems of a solution from its stage, pain point,
    solution and planned result (call after any of them changed)."""
    parts = [
        solution.stage.title if solution.stage else "",
        solution.pain_point.description if solution.pain_point else "",
        solution.solution,
        solution.planned_result or "",
    ]
    solution.search_text = "\n".join(p for p in parts if p)
    solution.search_stems = " " + " ".join(stems(solution.search_text)) + " "
