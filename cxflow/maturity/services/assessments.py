"""Self-assessments of a region against the checklist of seed 004 §3: filling one in with
evidence per item, the history with the change since the previous one, what each item's next
option up needs, and a federal consultant's calibration compared item by item."""

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import selectinload
from werkzeug.exceptions import NotFound

from cxflow.core import access, files
from cxflow.core.clock import region_today
from cxflow.core.errors import ConflictError, ValidationError
from cxflow.core.extensions import db
from cxflow.core.text import clean_text
from cxflow.maturity.models.assessments import (
    MaturityAnswer,
    MaturityAssessment,
    MaturityCalibration,
    MaturityCalibrationAnswer,
)
from cxflow.maturity.services import checklist as cl
from cxflow.methodology import services as methodology_versions
from cxflow.orgs.models import Region
from cxflow.users.models import User

EARLIEST = dt.date(2000, 1, 1)  # before: a typo
MAX_NAME = 300
MAX_TEXT = 20_000


# --- filling in -----------------------------------------------------------------------------


def _check_header(region: Region, data: dict, errors: dict) -> tuple[str, str]:
    filled_on = data.get("filled_on")
    if not isinstance(filled_on, dt.date):
        errors["filled_on"] = _l("Enter the date the checklist was filled in.")
    elif not EARLIEST <= filled_on <= region_today(region.timezone):
        errors["filled_on"] = _l("Enter a date between 2000 and today.")
    filled_by = clean_text(data.get("filled_by"))
    if not filled_by:
        errors["filled_by"] = _l("Name the person who filled in the checklist.")
    elif len(filled_by) > MAX_NAME:
        errors["filled_by"] = _l("At most %(n)s characters.", n=MAX_NAME)
    conclusion = clean_text(data.get("conclusion"))
    if len(conclusion) > MAX_TEXT:
        errors["conclusion"] = _l("At most %(n)s characters.", n=MAX_TEXT)
    return filled_by, conclusion


def _check_uploads(checklist: cl.Checklist, uploads: Mapping, links: dict, errors: dict) -> dict:
    """Evidence files per item: a known item, and a link or a file, not both."""
    chosen = {}
    for code, upload in uploads.items():
        if upload is None or not getattr(upload, "filename", ""):
            continue
        item = checklist.item(code)
        if item is None:
            errors[f"answers.{code}"] = _l("No such checklist item: %(item)s.", item=code)
        elif links.get(code):
            errors[f"answers.{code}.evidence_file"] = _l(
                "Item %(n)s: give the evidence as a link or as a file, not both.", n=item.number
            )
        else:
            chosen[code] = upload
    return chosen


def _answer_rows(checklist: cl.Checklist, chosen: cl.Answers, links: dict) -> list:
    return [
        MaturityAnswer(
            item=item.code,
            number=item.number,
            block=item.block,
            options=list(chosen[item.code]),
            points=item.points(chosen[item.code]),
            evidence_url=links.get(item.code, ""),
        )
        for item in checklist.items
    ]


def _store_evidence(answer: MaturityAnswer, upload, field: str) -> None:
    stored = files.save(upload.stream, upload.filename or "", field=field)
    answer.evidence_url = ""
    answer.evidence_key, answer.evidence_name = stored.key, stored.original_name
    answer.evidence_type, answer.evidence_size = stored.content_type, stored.size
    answer.evidence_sha256 = stored.sha256


def create_assessment(
    actor: User, region: Region, data: dict, uploads: Mapping | None = None
) -> MaturityAssessment:
    """A filled checklist of `region`: `filled_on`, `filled_by`, `conclusion`, `answers`
    ([{item, answer, evidence_url?}] or {item: answer}) and evidence files by item code.
    Every error at once, naming the field or the item; nothing is stored on an error."""
    access.require(actor, "maturity.assess", region.id)
    checklist = cl.current()
    errors: dict = {}
    filled_by, conclusion = _check_header(region, data, errors)
    chosen, links = {}, {}
    try:
        chosen, links = cl.check_answers(checklist, data.get("answers"))
    except ValidationError as exc:
        errors |= exc.fields
    evidence = _check_uploads(checklist, uploads or {}, links, errors)
    if errors:
        raise ValidationError(errors)
    total = cl.score(checklist, chosen)
    assessment = MaturityAssessment(
        region=region,
        checklist_key=checklist.key,
        checklist_version=checklist.version,
        filled_on=data["filled_on"],
        filled_by=filled_by,
        conclusion=conclusion,
        score=total.total,
        max_score=total.max,
        blocks=total.as_dict(),
        author_id=actor.id,
        answers=_answer_rows(checklist, chosen, links),
    )
    for answer in assessment.answers:
        if answer.item in evidence:
            field = f"answers.{answer.item}.evidence_file"
            _store_evidence(answer, evidence[answer.item], field)
    db.session.add(assessment)
    methodology_versions.record(cl.document())
    db.session.flush()
    return assessment


def attach_evidence(
    actor: User, assessment: MaturityAssessment, item: str, upload
) -> MaturityAnswer:
    """An evidence file for one item of a stored assessment (it replaces a link or a file)."""
    access.require(actor, "maturity.assess", assessment.region_id)
    answer = next((a for a in assessment.answers if a.item == item), None)
    if answer is None:
        raise ValidationError({"item": _l("No such checklist item: %(item)s.", item=item)})
    if upload is None or not getattr(upload, "filename", ""):
        raise ValidationError({"file": _l("Attach the evidence file.")})
    _store_evidence(answer, upload, "file")
    assessment.updated_at = dt.datetime.now(dt.UTC)  # a new version: the evidence changed
    db.session.flush()
    return answer


def evidence_of(assessment: MaturityAssessment, item: str) -> MaturityAnswer:
    """The answer of `item` that has an evidence file, else 404."""
    answer = next((a for a in assessment.answers if a.item == item and a.evidence_key), None)
    if answer is None:
        raise NotFound()
    return answer


# --- reading --------------------------------------------------------------------------------


ORDER = (MaturityAssessment.filled_on, MaturityAssessment.created_at, MaturityAssessment.id)


def _with_previous(region_id: int) -> sa.Subquery:
    """Each assessment of the region with the score and blocks of the one before it (filled in
    earlier, or created earlier on the same date)."""
    window = {"partition_by": MaturityAssessment.region_id, "order_by": ORDER}
    return (
        sa.select(
            MaturityAssessment.id,
            sa.func.lag(MaturityAssessment.score).over(**window).label("previous_score"),
            sa.func.lag(MaturityAssessment.blocks, type_=sa.JSON)
            .over(**window)
            .label("previous_blocks"),
        )
        .where(MaturityAssessment.region_id == region_id)
        .subquery()
    )


@dataclass
class HistoryEntry:
    assessment: MaturityAssessment
    change: int | None  # score minus the previous assessment's; None for the first
    block_changes: dict = field(default_factory=dict)


def _entry(assessment, previous_score, previous_blocks) -> HistoryEntry:
    if previous_score is None:
        return HistoryEntry(assessment, None)
    changes = {
        code: block["score"] - previous_blocks[code]["score"]
        for code, block in assessment.blocks.items()
        if code in (previous_blocks or {})
    }
    return HistoryEntry(assessment, assessment.score - previous_score, changes)


def history(
    actor: User, region: Region, page: int = 1, per_page: int = 50
) -> tuple[list[HistoryEntry], int]:
    """One page of the region's assessments, newest first by the date filled in, then by
    creation, each with its change since the previous one; and how many there are."""
    access.require(actor, "maturity.view", region.id)
    previous = _with_previous(region.id)
    stmt = (
        sa.select(MaturityAssessment, previous.c.previous_score, previous.c.previous_blocks)
        .join(previous, previous.c.id == MaturityAssessment.id)
        .order_by(*(column.desc() for column in ORDER))
    )
    stmt = access.scoped(stmt, MaturityAssessment, actor)
    count = sa.select(sa.func.count()).select_from(stmt.order_by(None).subquery())
    rows = db.session.execute(stmt.limit(per_page).offset((page - 1) * per_page)).all()
    return [_entry(*row) for row in rows], db.session.scalar(count)


def change_of(assessment: MaturityAssessment) -> HistoryEntry:
    """The assessment with its change since the previous one of its region."""
    previous = _with_previous(assessment.region_id)
    row = db.session.execute(
        sa.select(previous.c.previous_score, previous.c.previous_blocks).where(
            previous.c.id == assessment.id
        )
    ).one()
    return _entry(assessment, *row)


def latest_by_region(actor: User) -> list[tuple[Region, MaturityAssessment | None]]:
    """Every region the user may see with its newest assessment (or None)."""
    access.require(actor, "maturity.view")
    order = [column.desc() for column in ORDER]
    ranked = sa.select(
        MaturityAssessment.id,
        sa.func.row_number()
        .over(partition_by=MaturityAssessment.region_id, order_by=order)
        .label("rank"),
    ).subquery()
    newest = sa.select(ranked.c.id).where(ranked.c.rank == 1)
    assessments = {
        a.region_id: a
        for a in db.session.scalars(
            access.scoped(
                sa.select(MaturityAssessment).where(MaturityAssessment.id.in_(newest)),
                MaturityAssessment,
                actor,
            )
        )
    }
    regions = sa.select(Region).order_by(Region.code)
    visible = access.visible_region_ids(actor)
    if visible is not None:
        regions = regions.where(Region.id.in_(visible))
    return [(region, assessments.get(region.id)) for region in db.session.scalars(regions)]


def load_full(assessment: MaturityAssessment) -> MaturityAssessment:
    """The assessment with its answers, calibrations and their answers loaded at once."""
    return db.session.scalars(
        sa.select(MaturityAssessment)
        .where(MaturityAssessment.id == assessment.id)
        .options(
            selectinload(MaturityAssessment.answers),
            selectinload(MaturityAssessment.region),
            selectinload(MaturityAssessment.calibrations).selectinload(MaturityCalibration.answers),
        )
        .execution_options(populate_existing=True)
    ).one()


def answers_of(rows) -> dict[str, tuple[str, ...]]:
    return {row.item: tuple(row.options) for row in rows}


def edition_of(assessment: MaturityAssessment) -> cl.Checklist | None:
    return cl.edition(assessment.checklist_key, assessment.checklist_version)


def next_steps(assessment: MaturityAssessment) -> list[cl.NextStep]:
    checklist = edition_of(assessment)
    if checklist is None:  # an edition no longer loaded: its options are unknown here
        return []
    return cl.next_steps(checklist, answers_of(assessment.answers))


def latest_calibration(assessment: MaturityAssessment) -> MaturityCalibration | None:
    return assessment.calibrations[0] if assessment.calibrations else None


def differences(calibration: MaturityCalibration) -> list[cl.Difference]:
    assessment = calibration.assessment
    checklist = edition_of(assessment)
    if checklist is None:
        return []
    own, theirs = answers_of(assessment.answers), answers_of(calibration.answers)
    return cl.differences(checklist, own, theirs)


@dataclass
class AnswerRow:
    """One item of a filled checklist as pages and exports show it."""

    answer: MaturityAnswer
    number: int
    title: str
    chosen: list[str]  # the titles of the options chosen (codes if the edition is not loaded)
    points: int
    max_points: int | None
    options: tuple = ()  # every option of the item, for the page


@dataclass
class SheetBlock:
    code: str
    title: str
    score: int
    max: int
    rows: list[AnswerRow]


def _row(checklist: cl.Checklist | None, answer: MaturityAnswer) -> AnswerRow:
    item = checklist.item(answer.item) if checklist else None
    if item is None:
        return AnswerRow(
            answer, answer.number, answer.item, list(answer.options), answer.points, None
        )
    chosen = item.titles(answer.options)
    return AnswerRow(
        answer, item.number, item.title, chosen, answer.points, item.max_points, item.options
    )


def sheet(assessment: MaturityAssessment) -> list[SheetBlock]:
    """The filled checklist by block, in the seed's order: items, chosen options, points and
    the block's total (as stored when it was filled in)."""
    checklist = edition_of(assessment)
    titles = {b.code: b.title for b in checklist.blocks} if checklist else {}
    order = [b.code for b in checklist.blocks] if checklist else list(assessment.blocks)
    blocks = []
    for code in order:
        block = assessment.blocks[code]
        rows = [_row(checklist, a) for a in assessment.answers if a.block == code]
        blocks.append(SheetBlock(code, titles.get(code, code), block["score"], block["max"], rows))
    return blocks


# --- calibration ----------------------------------------------------------------------------


def calibrate(
    actor: User, assessment: MaturityAssessment, answers, comment: str = ""
) -> MaturityCalibration:
    """A federal consultant's own answers to the same checklist (the whole of it), scored and
    kept beside the region's; every calibration is kept, the newest is shown."""
    access.require(actor, "maturity.calibrate", assessment.region_id)
    checklist = edition_of(assessment)
    if checklist is None:
        raise ConflictError(
            str(_l("The checklist edition of this assessment is no longer loaded."))
        )
    errors: dict = {}
    chosen: dict = {}
    try:
        chosen, _links = cl.check_answers(checklist, answers)
    except ValidationError as exc:
        errors |= exc.fields
    comment = clean_text(comment)
    if len(comment) > MAX_TEXT:
        errors["comment"] = _l("At most %(n)s characters.", n=MAX_TEXT)
    if errors:
        raise ValidationError(errors)
    total = cl.score(checklist, chosen)
    calibration = MaturityCalibration(
        assessment=assessment,
        region_id=assessment.region_id,
        consultant_id=actor.id,
        score=total.total,
        blocks=total.as_dict(),
        comment=comment,
        answers=[
            MaturityCalibrationAnswer(
                item=item.code,
                number=item.number,
                block=item.block,
                options=list(chosen[item.code]),
                points=item.points(chosen[item.code]),
            )
            for item in checklist.items
        ],
    )
    db.session.add(calibration)
    db.session.flush()
    return calibration
