"""The self-assessment checklist of seed 004 §3 as versioned methodology data
(cxflow/methodology/data/maturity/checklist-*.toml): its items, options and points, how a set of
answers is checked and scored, what the next option up of each item would bring, and where a
consultant's answers differ from the region's."""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache

from flask_babel import lazy_gettext as _l

from cxflow.core import methodology
from cxflow.core.errors import ValidationError

KIND = "maturity"
CHECKLIST_KEY = "checklist-2022"  # the checklist in force; a new edition gets a new file or version
MAX_EVIDENCE_URL = 2000
ENTRY_KEYS = {"item", "answer", "evidence_url"}

Answers = Mapping[str, tuple[str, ...]]  # item code -> the option codes chosen (one, or a list)


@dataclass(frozen=True)
class Option:
    code: str
    title: str
    points: int


@dataclass(frozen=True)
class Item:
    code: str
    number: int
    block: str
    title: str
    source: str
    options: tuple[Option, ...]
    multiple: bool = False  # several options, points add up (seed 004 L177–L182)
    none_title: str = ""  # what nothing ticked reads as, for a multiple item

    @property
    def max_points(self) -> int:
        points = [option.points for option in self.options]
        return sum(points) if self.multiple else max(points)

    def option(self, code: str) -> Option | None:
        return next((option for option in self.options if option.code == code), None)

    def points(self, codes: Iterable[str]) -> int:
        return sum(self.option(code).points for code in codes)

    def titles(self, codes: Iterable[str]) -> list[str]:
        titles = [self.option(code).title for code in codes]
        return titles or ([self.none_title] if self.multiple else [])

    def value(self, codes: tuple[str, ...]) -> str | list[str]:
        """The answer as the API writes it: a code, or a list of codes for a multiple item."""
        return list(codes) if self.multiple else codes[0]


@dataclass(frozen=True)
class Block:
    code: str
    title: str
    max: int


@dataclass(frozen=True)
class Checklist:
    key: str
    version: int
    title: str
    source: str
    instruction: str
    max_score: int
    total_title: str
    max_title: str
    conclusion_title: str
    blocks: tuple[Block, ...]
    items: tuple[Item, ...]

    def item(self, code: str) -> Item | None:
        return next((item for item in self.items if item.code == code), None)

    def items_of(self, block: str) -> list[Item]:
        return [item for item in self.items if item.block == block]


def _item(raw: dict) -> Item:
    return Item(
        code=raw["code"],
        number=int(raw["number"]),
        block=raw["block"],
        title=raw["title"],
        source=raw.get("source", ""),
        options=tuple(Option(o["code"], o["title"], int(o["points"])) for o in raw["options"]),
        multiple=bool(raw.get("multiple", False)),
        none_title=raw.get("none_title", ""),
    )


def _check(checklist: Checklist) -> None:
    """A data file whose points do not add up to its own maxima is refused at load."""
    codes = [item.code for item in checklist.items]
    if len(codes) != len(set(codes)):
        raise ValueError(f"{checklist.key}: repeated item codes")
    blocks = {block.code for block in checklist.blocks}
    for item in checklist.items:
        if item.block not in blocks:
            raise ValueError(f"{checklist.key}: {item.code} names an unknown block")
        options = [option.code for option in item.options]
        if len(options) != len(set(options)):
            raise ValueError(f"{checklist.key}: {item.code} repeats an option code")
    for block in checklist.blocks:
        if sum(item.max_points for item in checklist.items_of(block.code)) != block.max:
            raise ValueError(f"{checklist.key}: the items of {block.code} do not add up to its max")
    if sum(block.max for block in checklist.blocks) != checklist.max_score:
        raise ValueError(f"{checklist.key}: the blocks do not add up to max_score")


def parse(document: methodology.Document) -> Checklist:
    raw = document.raw
    checklist = Checklist(
        key=document.key,
        version=document.version,
        title=document.title,
        source=raw.get("source", ""),
        instruction=raw.get("instruction", ""),
        max_score=int(raw["max_score"]),
        total_title=raw.get("total_title", ""),
        max_title=raw.get("max_title", ""),
        conclusion_title=raw.get("conclusion_title", ""),
        blocks=tuple(Block(b["code"], b["title"], int(b["max"])) for b in raw["blocks"]),
        items=tuple(_item(item) for item in raw["items"]),
    )
    _check(checklist)
    return checklist


@cache
def checklists() -> dict[str, Checklist]:
    """The checklists of the `maturity` methodology files (those that have `items`)."""
    documents = methodology.documents(KIND)
    return {key: parse(doc) for key, doc in documents.items() if key.startswith("checklist")}


def current() -> Checklist:
    return checklists()[CHECKLIST_KEY]


def document() -> methodology.Document:
    return methodology.documents(KIND)[CHECKLIST_KEY]


def edition(key: str, version: int) -> Checklist | None:
    """The checklist a stored assessment answered, if that edition is still the loaded one."""
    checklist = checklists().get(key)
    return checklist if checklist is not None and checklist.version == version else None


# --- checking answers -----------------------------------------------------------------------


def _field(item_code: str, part: str = "") -> str:
    return f"answers.{item_code}" + (f".{part}" if part else "")


def _codes(item: Item, value, errors: dict) -> tuple[str, ...] | None:
    """The option codes of one answer, or None with the error recorded under the item."""
    name = _field(item.code)
    if item.multiple:
        if not isinstance(value, list | tuple):
            errors[name] = _l("Item %(n)s takes a list of option codes.", n=item.number)
            return None
        codes = tuple(value)
    elif isinstance(value, list | tuple):
        errors[name] = _l("Item %(n)s takes one option code, not a list.", n=item.number)
        return None
    elif value is None or value == "":
        errors[name] = _l("Answer item %(n)s.", n=item.number)
        return None
    else:
        codes = (value,)
    if any(not isinstance(code, str) or item.option(code) is None for code in codes):
        unknown = ", ".join(str(code) for code in codes if item.option(str(code)) is None)
        errors[name] = _l(
            "Item %(n)s has no option %(codes)s. Options: %(known)s.",
            n=item.number,
            codes=unknown or str(codes),
            known=", ".join(option.code for option in item.options),
        )
        return None
    if len(set(codes)) != len(codes):
        errors[name] = _l("Item %(n)s: an option is ticked twice.", n=item.number)
        return None
    # keep the data's order, so that equal answers are stored and compared equal
    return tuple(option.code for option in item.options if option.code in codes)


def _evidence_url(item: Item, value, errors: dict) -> str:
    url = (value or "").strip() if isinstance(value, str) or value is None else None
    if (
        url is None
        or len(url) > MAX_EVIDENCE_URL
        or (url and not url.lower().startswith(("http://", "https://")))
    ):
        errors[_field(item.code, "evidence_url")] = _l(
            "Item %(n)s: the evidence link must start with http:// or https://.", n=item.number
        )
        return ""
    return url


def entries_of(answers) -> list:
    """Answers as a list of {item, answer, evidence_url?}; the short form {item: answer} is
    accepted too (it cannot carry evidence)."""
    if isinstance(answers, Mapping):
        return [{"item": item, "answer": value} for item, value in answers.items()]
    return list(answers) if isinstance(answers, list | tuple) else answers


def check_answers(checklist: Checklist, answers) -> tuple[dict[str, tuple[str, ...]], dict]:
    """The chosen codes per item and the evidence links per item, every item answered once;
    else a ValidationError naming each bad item (`answers.<item>`)."""
    entries = entries_of(answers)
    if not isinstance(entries, list):
        raise ValidationError({"answers": _l("Give the answers as a list of items.")})
    errors: dict = {}
    chosen: dict[str, tuple[str, ...]] = {}
    links: dict[str, str] = {}
    seen: set[str] = set()
    for index, entry in enumerate(entries):
        code = entry.get("item") if isinstance(entry, Mapping) else None
        item = checklist.item(code) if isinstance(code, str) else None
        if item is None:
            name = _field(code) if isinstance(code, str) and code else f"answers.{index}"
            errors[name] = _l("No such checklist item: %(item)s.", item=code)
            continue
        if item.code in seen:
            errors[_field(item.code)] = _l("Item %(n)s is answered twice.", n=item.number)
            continue
        seen.add(item.code)
        if set(entry) - ENTRY_KEYS:
            errors[_field(item.code)] = _l(
                "Item %(n)s: unknown fields %(names)s.",
                n=item.number,
                names=", ".join(sorted(str(k) for k in set(entry) - ENTRY_KEYS)),
            )
            continue
        codes = _codes(item, entry.get("answer"), errors)
        if codes is not None:
            chosen[item.code] = codes
        links[item.code] = _evidence_url(item, entry.get("evidence_url"), errors)
    for item in checklist.items:
        if item.code not in seen:
            errors[_field(item.code)] = _l("Answer item %(n)s.", n=item.number)
    if errors:
        raise ValidationError(errors)
    return chosen, {code: url for code, url in links.items() if url}


# --- scores, next steps, differences --------------------------------------------------------


@dataclass(frozen=True)
class BlockScore:
    code: str
    title: str
    score: int
    max: int


@dataclass(frozen=True)
class Score:
    total: int
    max: int
    blocks: tuple[BlockScore, ...]

    def as_dict(self) -> dict:
        return {block.code: {"score": block.score, "max": block.max} for block in self.blocks}


def score(checklist: Checklist, answers: Answers) -> Score:
    blocks = tuple(
        BlockScore(
            block.code,
            block.title,
            sum(item.points(answers.get(item.code, ())) for item in checklist.items_of(block.code)),
            block.max,
        )
        for block in checklist.blocks
    )
    return Score(sum(b.score for b in blocks), checklist.max_score, blocks)


@dataclass(frozen=True)
class NextStep:
    item: str
    number: int
    title: str
    option: str
    option_title: str
    gain: int  # points the step adds


def next_steps(checklist: Checklist, answers: Answers) -> list[NextStep]:
    """Per item, what the next option up needs (its wording says it): the option with the
    fewest points above the answer; for a multiple item every option not yet ticked."""
    steps = []
    for item in checklist.items:
        codes = answers.get(item.code, ())
        if item.multiple:
            ahead = [option for option in item.options if option.code not in codes]
        else:
            now = item.points(codes)
            higher = [option for option in item.options if option.points > now]
            ahead = [min(higher, key=lambda o: o.points)] if higher else []
        gained = item.points(codes)
        for option in ahead:
            gain = option.points if item.multiple else option.points - gained
            steps.append(
                NextStep(item.code, item.number, item.title, option.code, option.title, gain)
            )
    return steps


@dataclass(frozen=True)
class Difference:
    item: str
    number: int
    title: str
    self: tuple[str, ...]
    consultant: tuple[str, ...]
    self_points: int
    consultant_points: int


def differences(checklist: Checklist, own: Answers, consultant: Answers) -> list[Difference]:
    """The items where the consultant's answer is not the region's, in checklist order."""
    found = []
    for item in checklist.items:
        mine, theirs = own.get(item.code, ()), consultant.get(item.code, ())
        if set(mine) != set(theirs):
            found.append(
                Difference(
                    item.code,
                    item.number,
                    item.title,
                    mine,
                    theirs,
                    item.points(mine),
                    item.points(theirs),
                )
            )
    return found
