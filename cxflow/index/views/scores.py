"""The index pages (seed 002): an office's scores for one of its region's periods, per group
and indicator (the subjective share with its n, seekers and employers apart and pooled, the
objective points, the score), its total and change against the baseline period, and the
federal decisions on its points; the region's offices side by side with the region's scores.
The regional indicators (level managing_office) are shown once: on the region's page and on
its managing office's page."""

from flask import abort, render_template, url_for
from flask_babel import format_decimal
from flask_babel import gettext as _
from flask_login import current_user

from cxflow.core.routing import id_arg, safe_redirect_target
from cxflow.core.views import handle_form
from cxflow.index.access import load_office_or_404, load_region_or_404
from cxflow.index.forms.scores import DecisionForm
from cxflow.index.models.index import AnnulmentAction
from cxflow.index.services import periods, scores, verification
from cxflow.index.views.blueprint import bp


def points(value) -> str:
    """0.35 → «0,35» (the page's locale), None → «—»."""
    return "—" if value is None else format_decimal(value, format="0.##")


def percent(share) -> str:
    return "—" if share is None else format_decimal(share * 100, format="0.#") + " %"


FORMAT = {"points": points, "percent": percent}


def chosen_period(region):
    """The region's periods (newest first) and the one asked for by `?period=` (default: the
    newest); a period of another region is 404."""
    options = periods.periods_of(region.id)
    period_id = id_arg("period")
    if period_id is None:
        return (options[0] if options else None), options
    period = next((p for p in options if p.id == period_id), None)
    if period is None:
        abort(404)
    return period, options


def _office_context(office, period, options, decision=None) -> dict:
    context = {"office": office, "period": period, "options": options, **FORMAT}
    if period is None:
        return context
    found = scores.office_scores(office, period)
    annulled = found.index.annulled
    context |= {
        "scores": found,
        "groups": scores.by_group(found.index.methodology, found.index.results),
        "regional_groups": scores.by_group(found.index.methodology, found.regional),
        "regional_titles": [
            i.title for i in found.index.methodology.indicators if i.level == "managing_office"
        ],
        "reasons": scores.suspension_reasons(period),
        "history": verification.history(office, period),
        "decision": decision or DecisionForm(formdata=None),
        "decision_action": "reverse" if annulled else "annul",
    }
    return context


@bp.route("/offices/<int:office_id>/index")
def office_index(office_id: int):
    office = load_office_or_404(office_id, current_user, "index.view")
    period, options = chosen_period(office.region)
    return render_template("index/scores/office.html", **_office_context(office, period, options))


@bp.route("/regions/<int:region_id>/index")
def region_index(region_id: int):
    region = load_region_or_404(region_id, current_user, "index.view")
    period, options = chosen_period(region)
    context = {"region": region, "period": period, "options": options, **FORMAT}
    if period is not None:
        found = scores.region_scores(region, period)
        methodology = found.index.methodology
        context |= {
            "scores": found,
            "groups": [
                (group, [i for i in methodology.indicators if i.group == group.key])
                for group in methodology.groups
            ],
            "regional": {r.indicator.key: r for r in found.index.regional},
            "reasons": scores.suspension_reasons(period),
        }
    return render_template("index/scores/region.html", **context)


def _decide(office_id: int, action: AnnulmentAction):
    office = load_office_or_404(office_id, current_user, "index.verify")
    period, options = chosen_period(office.region)
    if period is None:
        abort(404)
    form = DecisionForm()
    here = url_for("index.office_index", office_id=office.id, period=period.id)
    decide = verification.annul if action == AnnulmentAction.annul else verification.reverse
    return handle_form(
        form,
        lambda: decide(office, period, form.reason.data, current_user),
        success=(
            _("Every point of the office for the period is annulled.")
            if action == AnnulmentAction.annul
            else _("The annulment is reversed: the office's points count again.")
        ),
        next_url=lambda _decision: safe_redirect_target(form.next.data, here),
        template="index/scores/office.html",
        page=lambda: _office_context(office, period, options, decision=form),
        conflict_status=409,
    )


@bp.route("/offices/<int:office_id>/index/annul", methods=["POST"])
def annul_office(office_id: int):
    """Annul every point of the office for `?period=` (federal consultant, admin)."""
    return _decide(office_id, AnnulmentAction.annul)


@bp.route("/offices/<int:office_id>/index/reverse", methods=["POST"])
def reverse_annulment(office_id: int):
    """Reverse the annulment in force (another federal decision)."""
    return _decide(office_id, AnnulmentAction.reverse)
