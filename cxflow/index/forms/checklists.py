"""The checklist page as a form (seed 002 App. 8): one row per parameter (`items.N.*`, N the
parameter's place in the checklist, so an error the service names `items.N.evidence_url`
lands on its row) and the formula's values (`values.*`). Nothing is checked here: the
service checks the page and the API alike."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from werkzeug.datastructures import MultiDict
from wtforms import IntegerField
from wtforms.validators import Optional
from wtforms.widgets import HiddenInput

from cxflow.index.services.checklists import ItemInput
from cxflow.index.services.indicators import Indicator

VACANCY_VALUES = ("current", "previous")


class ChecklistForm(FlaskForm):
    """The CSRF token and the checklist's version as read (blank: it was not filled yet)."""

    version = IntegerField(widget=HiddenInput(), validators=[Optional()])


def field_id(name: str) -> str:
    """`items.3.evidence_url` → `items-3-evidence_url` (the input's id)."""
    return name.replace(".", "-")


def items_of(formdata: MultiDict, files: MultiDict, indicator: Indicator) -> list[ItemInput]:
    """Every parameter of the checklist, ticked or not, with its link, new file and removal."""
    items = []
    for n, parameter in enumerate(indicator.parameters):
        name = f"items.{n}"
        upload = files.get(f"{name}.evidence_file")
        items.append(
            ItemInput(
                parameter.code,
                bool(formdata.get(f"{name}.implemented")),
                formdata.get(f"{name}.evidence_url", "").strip(),
                upload=upload if upload is not None and upload.filename else None,
                remove_file=bool(formdata.get(f"{name}.remove_file")),
            )
        )
    return items


def _count(raw: str):
    """A count as an int when it is one; anything else goes on for the service to refuse
    by name (`values.current`)."""
    raw = raw.strip()
    if raw == "":
        return None
    return int(raw) if raw.isascii() and raw.isdigit() and len(raw) <= 12 else raw


def values_of(formdata: MultiDict, indicator: Indicator) -> dict:
    if indicator.rule == "vacancy_dynamics":
        return {
            name: _count(formdata.get(f"values.{name}", "")) for name in ("current", "previous")
        }
    if indicator.rule == "events":
        lines = formdata.get("values.other_events", "").splitlines()
        return {"other_events": [line.strip() for line in lines if line.strip()]}
    if indicator.rule == "comfort_levels":
        return {"additional_services": formdata.get("values.additional_services", "")}
    return {}


def _title(indicator: Indicator, name: str) -> str:
    parts = name.split(".")
    if parts[0] == "items" and len(parts) > 1 and parts[1].isdigit():
        n = int(parts[1])
        if n < len(indicator.parameters):
            return indicator.parameters[n].title
    return {
        "values.current": _l("Vacancies in the period"),
        "values.previous": _l("Vacancies in the previous period"),
        "values.other_events": _l("Other events"),
        "values.additional_services": _l("Additional services"),
        "indicator_key": _l("Indicator"),
    }.get(name, name)


def _target(name: str) -> str:
    """The input an error's link moves to: a row's file error to its file input."""
    return "#" + field_id(name if not name.endswith(".code") else name[: -len(".code")])


def summary(indicator: Indicator, errors: dict) -> list[dict]:
    """The service's errors as the page's summary lists them, in the order of the page."""
    order = {f"items.{n}": n for n in range(len(indicator.parameters))}

    def place(name: str) -> tuple:
        row = ".".join(name.split(".")[:2])
        return (order.get(row, len(order)), name)

    return [
        {"href": _target(name), "title": _title(indicator, name), "message": " ".join(errors[name])}
        for name in sorted(errors, key=place)
    ]
