"""An office's objective checklists for a period (seed 002 App. 8): the list of the region's
chosen indicators with what is filled, one checklist with a row per parameter (implemented,
a link or a photo / scan as evidence, the points) and the formula's values, and the evidence
files, served only inside the region."""

from flask import abort, current_app, render_template, request, send_file, url_for
from flask_babel import gettext as _
from flask_login import current_user

from cxflow.core import access, files
from cxflow.core.routing import id_arg
from cxflow.core.views import handle_form
from cxflow.index.access import (
    load_checklist_item_or_404,
    load_office_or_404,
    load_period_or_404,
)
from cxflow.index.forms.checklists import ChecklistForm, field_id, items_of, summary, values_of
from cxflow.index.services import catalogue, checklists, filling, periods
from cxflow.index.services.checklists import EVIDENCE_REQUIRED
from cxflow.index.views.blueprint import bp
from cxflow.orgs import services as orgs


def _office_and_period(office_id: int):
    """The office (index.view) and the period of `?period=` in its region, or its latest."""
    office = load_office_or_404(office_id, current_user, "index.view")
    period_id = id_arg("period")
    if period_id is None:
        return office, filling.latest_period(office)
    period = load_period_or_404(period_id, current_user)
    if period.region_id != office.region_id:
        abort(404)
    return office, period


@bp.route("/offices/<int:office_id>/index/checklists")
def office_checklists(office_id: int):
    office, period = _office_and_period(office_id)
    return render_template(
        "index/checklists/list.html",
        office=office,
        period=period,
        periods=periods.periods_of(office.region_id),
        rows=filling.office_checklists(office, period) if period else [],
        managing_office=orgs.managing_office(office.region_id),
        can_fill=access.can(current_user, "index.fill", office.region_id),
        can_plan=access.can(current_user, "index.plan", office.region_id),
        levels=catalogue.LEVEL_TITLES,
    )


@bp.route("/offices/<int:office_id>/index/checklists/<key>", methods=["GET", "POST"])
def checklist(office_id: int, key: str):
    office, period = _office_and_period(office_id)
    if period is None:
        abort(404)
    methodology = periods.methodology_of(period)
    indicator = methodology.indicator(key)
    if indicator is None or not indicator.has_objective:
        abort(404)
    if request.method == "POST":
        access.require(current_user, "index.fill", office.region_id)
    found = filling.checklist_with_items(office, period, key)
    form = ChecklistForm(version=found.version if found else None)
    errors: dict = {}

    def show(_form, exc):
        errors.update(exc.fields)  # shown at their rows and in the summary
        form.form_errors.append(exc.message)  # marks the page as refused (422)

    def save():
        return checklists.save(
            office,
            period,
            key,
            items_of(request.form, request.files, indicator),
            values_of(request.form, indicator),
            current_user,
            version=form.version.data or 0,  # blank: read before anyone filled it
        )

    def page():
        current = filling.checklist_with_items(office, period, key)
        posted = request.method == "POST"
        return {
            "checklist": current,
            "items": _rows(indicator, current, request.form if posted else None),
            "values": _values(indicator, current, request.form if posted else None),
            "errors": errors,
            "summary": summary(indicator, errors) if errors else _form_errors(form),
        }

    return handle_form(
        form,
        save,
        success=lambda c: _(
            "Saved: %(score)s of %(max)s points.",
            score=catalogue.points(c.score),
            max=catalogue.points(c.max),
        ),
        next_url=lambda c: url_for(
            "index.checklist", office_id=office.id, key=key, period=period.id
        ),
        template="index/checklists/checklist.html",
        page=page,
        show=show,
        conflict_status=409,
        office=office,
        period=period,
        methodology=methodology,
        indicator=indicator,
        chosen=key in periods.chosen_keys(period),
        suspension=next((s for s in period.suspensions if s.indicator_key == key), None),
        applies=indicator.level == "office" or office.is_managing_office,
        managing_office=orgs.managing_office(office.region_id),
        can_fill=access.can(current_user, "index.fill", office.region_id),
        evidence_required=indicator.rule in EVIDENCE_REQUIRED,
        comfort=catalogue.by_comfort_level(indicator),
        coefficient=filling.VACANCY_COEFFICIENT,
        field_id=field_id,
        max_mb=current_app.config["INDEX_EVIDENCE_MAX_MB"],
    )


def _form_errors(form) -> list[dict]:
    """A conflict, an expired form: messages of the form as a whole."""
    messages = list(form.form_errors)
    for name, field_errors in form.errors.items():
        if name == "csrf_token":
            messages.append(_("The form has expired. Submit it again."))
        elif name is not None:
            messages.extend(field_errors)
    return [{"href": "#checklist-form", "title": "", "message": m} for m in messages]


def _rows(indicator, checklist, posted) -> list[dict]:
    """Per parameter (in order): its place, the stored item and what the page shows, the
    posted values after a refused save (so nothing typed is lost)."""
    stored = {item.code: item for item in checklist.items} if checklist else {}
    rows = []
    for n, parameter in enumerate(indicator.parameters):
        item = stored.get(parameter.code)
        if posted is not None:
            implemented = bool(posted.get(f"items.{n}.implemented"))
            url = posted.get(f"items.{n}.evidence_url", "")
            remove = bool(posted.get(f"items.{n}.remove_file"))
        else:
            implemented = bool(item and item.implemented)
            url = item.evidence_url if item else ""
            remove = False
        rows.append(
            {
                "n": n,
                "parameter": parameter,
                "item": item,
                "implemented": implemented,
                "evidence_url": url,
                "remove_file": remove,
            }
        )
    return rows


def _values(indicator, checklist, posted) -> dict:
    if posted is not None:
        return {
            "current": posted.get("values.current", ""),
            "previous": posted.get("values.previous", ""),
            "other_events": posted.get("values.other_events", ""),
            "additional_services": posted.get("values.additional_services", ""),
        }
    stored = (checklist.values or {}) if checklist else {}
    return {
        "current": "" if stored.get("current") is None else stored["current"],
        "previous": "" if stored.get("previous") is None else stored["previous"],
        "other_events": "\n".join(stored.get("other_events", [])),
        "additional_services": stored.get("additional_services", ""),
    }


@bp.route("/index/evidence/<int:item_id>")
def checklist_evidence(item_id: int):
    """An evidence file of a checklist, to staff of its region and the federal centre: an
    image is shown, a PDF downloaded (a browser would run a PDF's scripts inline)."""
    item = load_checklist_item_or_404(item_id, current_user)
    if not item.evidence_key:
        abort(404)
    return send_file(
        files.path_of(item.evidence_key),
        mimetype=item.evidence_type,
        as_attachment=item.evidence_type == "application/pdf",
        download_name=item.evidence_name,
    )
