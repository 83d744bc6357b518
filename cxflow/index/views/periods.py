"""A region's index periods (seed 002 L289–305, remark #23): the list with a form to open one,
and one period's page: its chosen objective indicators (checkboxes of its methodology version),
suspended indicators with their reasons, and the offices' checklists at a glance. Coordinators
and the federal centre plan (index.plan); everyone else who sees the index reads."""

from flask import abort, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from cxflow.core import access
from cxflow.core.forms import choices
from cxflow.core.views import handle_action, handle_form
from cxflow.index.access import load_period_or_404, load_region_or_404
from cxflow.index.forms.periods import ChooseForm, OpenPeriodForm, SuspendForm
from cxflow.index.services import catalogue, periods, planning
from cxflow.index.views.blueprint import bp
from cxflow.orgs import services as orgs


@bp.route("/index/periods")
def periods_home():
    """Regional staff go to their region's periods; federal roles pick a region."""
    access.require(current_user, "index.view")
    if current_user.region_id:
        return redirect(url_for("index.region_periods", region_id=current_user.region_id))
    return render_template(
        "index/periods/regions.html",
        regions=orgs.list_regions(),
        counts=planning.periods_by_region(current_user),
    )


@bp.route("/regions/<int:region_id>/index/periods", methods=["GET", "POST"])
def region_periods(region_id: int):
    region = load_region_or_404(region_id, current_user, "index.view")
    if request.method == "POST":
        access.require(current_user, "index.plan", region.id)
    form = OpenPeriodForm()
    return handle_form(
        form,
        lambda: periods.open_period(region, form.period_start.data, form.period_end.data),
        success=_("The period is open: choose its indicators."),
        next_url=lambda p: url_for("index.period", region_id=region.id, period_id=p.id),
        template="index/periods/list.html",
        page=lambda: {"items": periods.periods_of(region.id)},
        region=region,
        can_plan=access.can(current_user, "index.plan", region.id),
    )


def _load(region_id: int, period_id: int, permission: str = "index.view"):
    region = load_region_or_404(region_id, current_user, permission)
    period = load_period_or_404(period_id, current_user, permission)
    if period.region_id != region.id:
        abort(404)
    return region, period


def _suspend_form(period, posted: bool = False) -> SuspendForm:
    form = SuspendForm() if posted else SuspendForm(formdata=None)
    suspended = periods.suspended_keys(period)
    methodology = periods.methodology_of(period)
    form.indicator_key.choices = choices(
        (
            (i.key, f"{i.number} {i.title}")
            for i in methodology.indicators
            if i.key not in suspended
        ),
        empty=_("— choose an indicator —"),
    )
    return form


def _page(region, period, choose_form=None, suspend_form=None) -> dict:
    methodology = periods.methodology_of(period)
    checked = (
        request.form.getlist("keys") if choose_form is not None else periods.chosen_keys(period)
    )
    return {
        "region": region,
        "period": period,
        "methodology": methodology,
        "groups": [
            (g.group, [i for i in g.indicators if i.has_objective])
            for g in catalogue.by_group(methodology)
        ],
        "checked": set(checked),
        "choose_form": choose_form or ChooseForm(formdata=None, version=period.version),
        "suspend_form": suspend_form or _suspend_form(period),
        "suspensions": planning.load_suspensions(period),
        "overview": planning.overview(period),
        "can_plan": access.can(current_user, "index.plan", region.id),
        "levels": catalogue.LEVEL_TITLES,
    }


def _period_url(region, period) -> str:
    return url_for("index.period", region_id=region.id, period_id=period.id)


@bp.route("/regions/<int:region_id>/index/periods/<int:period_id>")
def period(region_id: int, period_id: int):
    region, found = _load(region_id, period_id)
    return render_template("index/periods/period.html", **_page(region, found))


@bp.route("/regions/<int:region_id>/index/periods/<int:period_id>/indicators", methods=["POST"])
def choose_indicators(region_id: int, period_id: int):
    region, found = _load(region_id, period_id, "index.plan")
    form = ChooseForm()
    return handle_form(
        form,
        lambda: periods.choose(
            region, found.start, found.end, request.form.getlist("keys"), form.version.data or 0
        ),
        success=_("The chosen indicators are saved."),
        next_url=lambda p: _period_url(region, p),
        template="index/periods/period.html",
        page=lambda: _page(region, found, choose_form=form),
        conflict_status=409,
    )


@bp.route("/regions/<int:region_id>/index/periods/<int:period_id>/suspensions", methods=["POST"])
def suspend_indicator(region_id: int, period_id: int):
    region, found = _load(region_id, period_id, "index.plan")
    form = _suspend_form(found, posted=True)
    return handle_form(
        form,
        lambda: periods.suspend(found, form.indicator_key.data, form.reason.data, current_user),
        success=_("The indicator is suspended for this period."),
        next_url=lambda _s: _period_url(region, found),
        template="index/periods/period.html",
        page=lambda: _page(region, found, suspend_form=form),
    )


@bp.route(
    "/regions/<int:region_id>/index/periods/<int:period_id>/suspensions/<key>/resume",
    methods=["POST"],
)
def resume_indicator(region_id: int, period_id: int, key: str):
    region, found = _load(region_id, period_id, "index.plan")
    return handle_action(
        lambda: periods.resume(found, key),
        next_url=_period_url(region, found),
        success=_("The indicator counts again in this period."),
    )
