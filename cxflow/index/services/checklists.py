"""Objective checklists (seed 002 App. 8): an office's parameters of one indicator for one
period, each implemented or not with its evidence, or the formula's values. One validation
for the page and the API; every bad field is named at once and nothing is stored on error."""

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import urlsplit

import sqlalchemy as sa
from flask import current_app
from flask_babel import lazy_gettext as _l

from cxflow.core import files
from cxflow.core.db import check_version
from cxflow.core.errors import ValidationError
from cxflow.core.extensions import db
from cxflow.index.models.index import Checklist, ChecklistItem, IndexPeriod
from cxflow.index.services import periods, scoring
from cxflow.index.services.indicators import Indicator
from cxflow.orgs.models import Office
from cxflow.users.models import User

EVIDENCE_TYPES = frozenset({".png", ".jpg", ".jpeg", ".pdf"})  # a photo, a screenshot, a PDF
# where the seed asks a link or a photo for every parameter; a yes/no statistic «при наличии»
# (App. 8 item 4) and events (a letter to the centre, L2335) may come without one
EVIDENCE_REQUIRED = frozenset({"per_parameter", "comfort_levels"})
MAX_OTHER_EVENTS = 30


@dataclass
class ItemInput:
    code: str
    implemented: bool
    evidence_url: str = ""
    upload: object | None = None  # a FileStorage from the page
    remove_file: bool = False


def find(office: Office, period: IndexPeriod, key: str) -> Checklist | None:
    if period.id is None:
        return None
    stmt = sa.select(Checklist).filter_by(
        office_id=office.id, period_id=period.id, indicator_key=key
    )
    return db.session.scalar(stmt)


def parse_items(raw, errors: dict) -> list[ItemInput]:
    """API items `[{code, implemented, evidence_url, remove_file?}]` as `ItemInput`s; an item
    sent without `remove_file` keeps the file it has."""
    if not isinstance(raw, list):
        errors["items"] = _l("A list of parameters is expected.")
        return []
    items = []
    for n, item in enumerate(raw):
        if not isinstance(item, Mapping) or not isinstance(item.get("code"), str):
            errors[f"items.{n}.code"] = _l("Each parameter needs its code.")
            continue
        implemented = item.get("implemented", False)
        if not isinstance(implemented, bool):
            errors[f"items.{n}.implemented"] = _l("true or false.")
            continue
        url = item.get("evidence_url") or ""
        if not isinstance(url, str):
            errors[f"items.{n}.evidence_url"] = _l("A link is text.")
            continue
        remove_file = item.get("remove_file", False)
        if not isinstance(remove_file, bool):
            errors[f"items.{n}.remove_file"] = _l("true or false.")
            continue
        items.append(ItemInput(item["code"], implemented, url.strip(), remove_file=remove_file))
    return items


def check_indicator(office: Office, period: IndexPeriod, key: str) -> Indicator:
    """The objective indicator `key` if a checklist of it may be filled at `office` for
    `period` (chosen by the region; a managing-office one only there), else a 422 naming
    `indicator_key`."""
    indicator = periods.methodology_of(period).indicator(key)
    _check_indicator(indicator, key, office, period)
    return indicator


def _check_indicator(indicator: Indicator | None, key, office, period) -> None:
    if indicator is None or not indicator.has_objective:
        raise ValidationError({"indicator_key": _l("No objective indicator %(key)s.", key=key)})
    if key not in periods.chosen_keys(period):
        raise ValidationError(
            {"indicator_key": _l("The region did not choose %(key)s for this period.", key=key)}
        )
    if indicator.level == "managing_office" and not office.is_managing_office:
        raise ValidationError(
            {
                "indicator_key": _l(
                    "%(key)s is filled once per region, at its managing office.", key=key
                )
            }
        )


def _check_url(url: str) -> bool:
    parts = urlsplit(url)
    return parts.scheme in ("http", "https") and bool(parts.netloc)


def save(
    office: Office,
    period: IndexPeriod,
    key: str,
    items: list[ItemInput],
    values: Mapping | None,
    user: User,
    version: int | None = None,
) -> Checklist:
    """Create or replace the checklist; the points are computed under the period's version.
    Parameters not sent are not implemented. `version` guards an edit of a stale copy."""
    methodology = periods.methodology_of(period)
    indicator = methodology.indicator(key)
    _check_indicator(indicator, key, office, period)
    checklist = find(office, period, key)
    if checklist is not None and version is not None:
        check_version(checklist, version)
    errors: dict = {}
    values = _clean_values(indicator, values or {}, errors)
    sent = _check_items(indicator, items, errors)
    old = {item.code: item for item in checklist.items} if checklist else {}
    for n, item in sent.items():
        _check_evidence(indicator, item, old.get(item.code), n, errors)
    points = 0.0
    if not errors:
        implemented = [item.code for item in sent.values() if item.implemented]
        try:
            points = scoring.objective_points(indicator, implemented, values)
        except scoring.BadValues as exc:
            errors[exc.field] = exc.message
    if errors:
        raise ValidationError(errors)
    if checklist is None:
        checklist = Checklist(
            region_id=office.region_id, office=office, period=period, indicator_key=key
        )
        db.session.add(checklist)
    checklist.methodology_version = methodology.version
    checklist.values = values
    checklist.score = points
    checklist.max = indicator.objective_max
    checklist.filled_by = user
    checklist.updated_at = dt.datetime.now(dt.UTC)  # a change to the items alone is a change
    _store_items(checklist, indicator, sent, old)
    db.session.flush()
    return checklist


def _clean_values(indicator: Indicator, values: Mapping, errors: dict) -> dict:
    if not isinstance(values, Mapping):
        errors["values"] = _l("An object of values is expected.")
        return {}
    if indicator.rule == "vacancy_dynamics":
        return {name: values.get(name) for name in ("current", "previous")}
    if indicator.rule == "events":
        others = values.get("other_events", [])
        if not isinstance(others, list) or not all(isinstance(t, str) for t in others):
            errors["values.other_events"] = _l("A list of event titles is expected.")
            return {}
        if len(others) > MAX_OTHER_EVENTS:
            errors["values.other_events"] = _l("At most %(n)s events.", n=MAX_OTHER_EVENTS)
        return {"other_events": [t.strip()[:300] for t in others if t.strip()]}
    if indicator.rule == "comfort_levels":
        extra = values.get("additional_services", "")
        return {"additional_services": extra.strip()[:2000] if isinstance(extra, str) else ""}
    return {}


def _check_items(indicator: Indicator, items: list[ItemInput], errors: dict) -> dict:
    sent: dict[int, ItemInput] = {}
    seen = set()
    for n, item in enumerate(items):
        if indicator.parameter(item.code) is None:
            errors[f"items.{n}.code"] = _l(
                "No parameter %(code)s in this checklist.", code=item.code
            )
        elif item.code in seen:
            errors[f"items.{n}.code"] = _l("The parameter %(code)s is given twice.", code=item.code)
        else:
            seen.add(item.code)
            sent[n] = item
    return sent


def _check_evidence(indicator, item: ItemInput, old: ChecklistItem | None, n, errors) -> None:
    if item.evidence_url and not _check_url(item.evidence_url):
        errors[f"items.{n}.evidence_url"] = _l("A link starting with http:// or https://.")
        return
    if item.upload is not None:
        try:
            item.upload = files.save(
                item.upload.stream,
                item.upload.filename or "",
                field=f"items.{n}.evidence_file",
                extensions=EVIDENCE_TYPES,
                max_bytes=current_app.config["INDEX_EVIDENCE_MAX_MB"] * 1024 * 1024,
            )
        except ValidationError as exc:
            errors |= exc.fields
            return
    has_file = item.upload is not None or (
        old is not None and old.evidence_key and not item.remove_file
    )
    if (
        item.implemented
        and indicator.rule in EVIDENCE_REQUIRED
        and not (item.evidence_url or has_file)
    ):
        errors[f"items.{n}.evidence_url"] = _l("Give a link or attach a photo or screenshot.")


def _store_items(checklist: Checklist, indicator: Indicator, sent: dict, old: dict) -> None:
    by_code = {item.code: item for item in sent.values()}
    rows = []
    for parameter in indicator.parameters:
        given = by_code.get(parameter.code)
        row = old.get(parameter.code) or ChecklistItem(
            region_id=checklist.region_id, code=parameter.code
        )
        implemented = bool(given and given.implemented)
        url = given.evidence_url if given else ""
        changed = row.implemented != implemented or (row.evidence_url or "") != url
        row.implemented, row.evidence_url = implemented, url
        if given and given.upload is not None:
            stored = given.upload
            row.evidence_key, row.evidence_name = stored.key, stored.original_name
            row.evidence_type, row.evidence_size = stored.content_type, stored.size
            changed = True
        elif given is None or given.remove_file:
            changed = changed or row.evidence_key is not None
            row.evidence_key = row.evidence_name = row.evidence_type = row.evidence_size = None
        if changed:  # an expert's verdict was on what is no longer there
            row.verdict, row.verdict_comment, row.verdict_by_id, row.verdict_at = (
                None,
                "",
                None,
                None,
            )
        rows.append(row)
    checklist.items = rows
