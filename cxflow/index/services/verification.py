"""Expert verification of the objective data and the federal decisions on an office's points
(seed 002 §2.4, L101–105; L763). A federal consultant draws a random sample of a period's
checklists, marks each parameter confirmed or refuted with a comment, and may annul every
point of an office for the period when its data do not match reality; only another federal
decision reverses that, and both stay as history.

cxflow's decisions (the seed names neither): the draw is `random.Random(seed).sample` over the
period's checklist ids sorted by id, with a seed from `secrets` kept on the sample, so anybody
can repeat it; annulment is per office and period and may be reversed."""

import datetime as dt
import math
import random
import secrets
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import selectinload

from cxflow.core.db import lock
from cxflow.core.errors import ConflictError, ValidationError
from cxflow.core.extensions import db
from cxflow.index.models.index import (
    Annulment,
    AnnulmentAction,
    Checklist,
    ChecklistItem,
    IndexPeriod,
    Verdict,
    VerificationSample,
)
from cxflow.index.services import periods
from cxflow.orgs.models import Office, Region
from cxflow.users.models import User

SEED_BITS = 63  # a seed fits a signed BIGINT
MAX_SEED = 2**SEED_BITS - 1
MAX_COMMENT = 4000
MAX_REASON = 4000

# --- the draw -----------------------------------------------------------------------------------


def new_seed() -> int:
    return secrets.randbits(SEED_BITS)


def draw_ids(ids: Iterable[int], seed: int, size: int) -> list[int]:
    """The sample of `size` ids drawn with `seed`: the same ids, seed and size give the same
    sample, in the same order, on any machine (Python's Mersenne Twister is specified)."""
    return random.Random(seed).sample(sorted(ids), size)


def checklist_ids(period: IndexPeriod) -> list[int]:
    """Every checklist filed for the period, by id (the population of a draw)."""
    stmt = sa.select(Checklist.id).where(Checklist.period_id == period.id).order_by(Checklist.id)
    return list(db.session.scalars(stmt))


def sample_size(population: int, size=None, share=None) -> int:
    """`size` checklists, or a `share` (0–1] of them rounded up; 422 naming the field."""
    if population == 0:
        raise ValidationError({"size": _l("The period has no checklists yet: nothing to draw.")})
    if size is None and share is None:
        raise ValidationError({"size": _l("Give the number of checklists or their share.")})
    if size is not None:
        if isinstance(size, bool) or not isinstance(size, int) or size < 1:
            raise ValidationError({"size": _l("A whole number, 1 or more.")})
        if size > population:
            raise ValidationError(
                {
                    "size": _l(
                        "More than the period has: it has %(n)s checklists in all.", n=population
                    )
                }
            )
        return size
    if isinstance(share, bool) or not isinstance(share, int | float) or not 0 < share <= 1:
        raise ValidationError({"share": _l("A share above 0 and at most 1.")})
    return max(1, math.ceil(population * share - 1e-9))


def check_seed(seed) -> int:
    if isinstance(seed, bool) or not isinstance(seed, int) or not 0 <= seed <= MAX_SEED:
        raise ValidationError({"seed": _l("A whole number from 0 to %(max)s.", max=MAX_SEED)})
    return seed


def draw(
    period: IndexPeriod, user: User, *, size=None, share=None, seed: int | None = None
) -> VerificationSample:
    """Draw a sample of the period's checklists; `seed` repeats an earlier draw (the same
    checklists while the period holds the same ones), else a new one is generated."""
    if period.id is None:
        raise ValidationError({"period": _l("The region has no index period with these dates.")})
    ids = checklist_ids(period)
    count = sample_size(len(ids), size, share)
    seed = new_seed() if seed is None else check_seed(seed)
    sample = VerificationSample(
        region_id=period.region_id,
        period=period,
        seed=seed,
        size=count,
        checklist_ids=draw_ids(ids, seed, count),
        drawn_by=user,
    )
    db.session.add(sample)
    db.session.flush()
    return sample


def samples_of(period: IndexPeriod) -> list[VerificationSample]:
    stmt = (
        sa.select(VerificationSample)
        .where(VerificationSample.period_id == period.id)
        .options(selectinload(VerificationSample.drawn_by))
        .order_by(VerificationSample.id.desc())
    )
    return list(db.session.scalars(stmt))


def sample_checklists(sample: VerificationSample) -> list[Checklist]:
    """The drawn checklists in the order drawn, with their offices, items and verdicts' authors
    (a fixed number of queries); one deleted since the draw is simply not there."""
    stmt = (
        sa.select(Checklist)
        .where(Checklist.id.in_(sample.checklist_ids))
        .options(
            selectinload(Checklist.office),
            selectinload(Checklist.filled_by),
            selectinload(Checklist.items).selectinload(ChecklistItem.verdict_by),
        )
    )
    found = {c.id: c for c in db.session.scalars(stmt)}
    return [found[i] for i in sample.checklist_ids if i in found]


# --- verdicts -----------------------------------------------------------------------------------


def _verdict(value) -> Verdict | None:
    if value in (None, ""):
        return None
    try:
        return Verdict(value)
    except ValueError:
        return None


def set_verdict(
    item: ChecklistItem, verdict, comment: str | None, user: User, *, field: str = "verdict"
) -> ChecklistItem:
    """Confirm or refute one parameter; a refutation says why (`comment`). `verdict` None or
    "" clears it. `field` prefixes the names of the errors (a page marks many at once)."""
    set_verdicts([(item, verdict, comment, field)], user)
    return item


def set_verdicts(marks: Sequence[tuple], user: User) -> None:
    """Mark many parameters at once: `(item, verdict, comment, field)` each; every bad one is
    named (`field`, `<field>.comment`) and nothing is stored on error."""
    errors: dict = {}
    clean = []
    for item, raw, comment, field in marks:
        verdict = _verdict(raw)
        comment = (comment or "").strip()
        if raw not in (None, "") and verdict is None:
            errors[field] = _l("confirmed or refuted.")
            continue
        if verdict == Verdict.refuted and not comment:
            errors[_comment_field(field)] = _l("Say what does not match reality.")
        elif len(comment) > MAX_COMMENT:
            errors[_comment_field(field)] = _l("At most %(n)s characters.", n=MAX_COMMENT)
        clean.append((item, verdict, comment))
    if errors:
        raise ValidationError(errors)
    now = dt.datetime.now(dt.UTC)
    for item, verdict, comment in clean:
        if verdict is None:
            item.verdict, item.verdict_comment, item.verdict_by, item.verdict_at = (
                None,
                "",
                None,
                None,
            )
        elif (item.verdict, item.verdict_comment) != (verdict, comment):
            item.verdict, item.verdict_comment = verdict, comment
            item.verdict_by, item.verdict_at = user, now
    db.session.flush()


def _comment_field(field: str) -> str:
    return "comment" if field == "verdict" else f"{field}.comment"


def verify_checklist(checklist: Checklist, marks: Sequence[dict], user: User) -> Checklist:
    """API.md's `POST /checklists/{id}/verification` `{items: [{code, confirmed, comment?}]}`:
    the parameters named by code; the others keep their verdicts."""
    by_code = {item.code: item for item in checklist.items}
    errors: dict = {}
    rows = []
    for n, mark in enumerate(marks):
        item = by_code.get(mark["code"])
        if item is None:
            errors[f"items.{n}.code"] = _l(
                "No parameter %(code)s in this checklist.", code=mark["code"]
            )
            continue
        verdict = Verdict.confirmed if mark["confirmed"] else Verdict.refuted
        rows.append((item, verdict.value, mark.get("comment"), f"items.{n}"))
    if errors:
        raise ValidationError(errors)
    set_verdicts(rows, user)
    return checklist


def refuted(checklists: Iterable[Checklist]) -> dict[int, list[ChecklistItem]]:
    """Per office, the refuted parameters among `checklists` (for «аннулировать баллы ЦЗН»)."""
    found: dict[int, list[ChecklistItem]] = {}
    for checklist in checklists:
        for item in checklist.items:
            if item.verdict == Verdict.refuted:
                found.setdefault(checklist.office_id, []).append(item)
    return found


# --- annulment ----------------------------------------------------------------------------------


def period_of(region: Region, start: dt.date | None, end: dt.date | None) -> IndexPeriod:
    """The region's index period with exactly these dates; 422 naming `period_start` if it has
    none (an annulment concerns a period whose data were filed)."""
    periods.check_dates(start, end)
    period = periods.find(region.id, start, end)
    if period is None:
        raise ValidationError(
            {"period_start": _l("The region has no index period with these dates.")}
        )
    return period


def history(office: Office, period: IndexPeriod | None = None) -> list[Annulment]:
    """The office's decisions, oldest first (of one period, or of every period)."""
    stmt = (
        sa.select(Annulment)
        .where(Annulment.office_id == office.id)
        .options(selectinload(Annulment.decided_by))
        .order_by(Annulment.id)
    )
    if period is not None:
        stmt = stmt.where(Annulment.period_id == period.id)
    return list(db.session.scalars(stmt))


def in_force(office: Office, period: IndexPeriod) -> Annulment | None:
    """The annulment in force: the latest decision, when it annuls."""
    stmt = (
        sa.select(Annulment)
        .where(Annulment.office_id == office.id, Annulment.period_id == period.id)
        .order_by(Annulment.id.desc())
        .limit(1)
    )
    latest = db.session.scalar(stmt)
    return latest if latest is not None and latest.action == AnnulmentAction.annul else None


def _reason(reason: str | None) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _l("Give the reason of the decision.")})
    if len(reason) > MAX_REASON:
        raise ValidationError({"reason": _l("At most %(n)s characters.", n=MAX_REASON)})
    return reason


def _decide(office, period, action, reason, user) -> Annulment:
    if period.id is None or period.region_id != office.region_id:
        raise ValidationError(
            {"period_start": _l("The region has no index period with these dates.")}
        )
    reason = _reason(reason)
    lock(period)  # two decisions at once on one period: one after the other
    current = in_force(office, period)
    if action == AnnulmentAction.annul and current is not None:
        raise ConflictError(str(_l("The office's points for this period are already annulled.")))
    if action == AnnulmentAction.reverse and current is None:
        raise ConflictError(str(_l("The office's points for this period are not annulled.")))
    decision = Annulment(
        region_id=office.region_id,
        office=office,
        period_id=period.id,
        action=action,
        reason=reason,
        decided_by=user,
        decided_at=dt.datetime.now(dt.UTC),
    )
    db.session.add(decision)
    db.session.flush()
    return decision


def annul(office: Office, period: IndexPeriod, reason: str | None, user: User) -> Annulment:
    """Every point of the office for the period becomes 0 (L103); 409 if already annulled."""
    return _decide(office, period, AnnulmentAction.annul, reason, user)


def reverse(office: Office, period: IndexPeriod, reason: str | None, user: User) -> Annulment:
    """Restore the points (another federal decision); 409 if they are not annulled."""
    return _decide(office, period, AnnulmentAction.reverse, reason, user)


def revoke(annulment: Annulment, reason: str | None, user: User) -> Annulment:
    """API.md's reversal of one annulment: it must be the one in force (else 409)."""
    period = db.session.get(IndexPeriod, annulment.period_id)
    current = in_force(annulment.office, period)
    if current is None or current.id != annulment.id:
        raise ConflictError(str(_l("This annulment is not in force.")))
    return reverse(annulment.office, period, reason, user)


@dataclass
class Decision:
    """An annulment row with its period's dates, for lists of every period."""

    annulment: Annulment
    period: IndexPeriod


def office_history(office: Office) -> list[Decision]:
    stmt = (
        sa.select(Annulment, IndexPeriod)
        .join(IndexPeriod, IndexPeriod.id == Annulment.period_id)
        .where(Annulment.office_id == office.id)
        .options(selectinload(Annulment.decided_by))
        .order_by(Annulment.id)
    )
    return [Decision(a, p) for a, p in db.session.execute(stmt)]
