"""The knowledge bank pages: search, similar solutions next to a pain point, copy."""

import marshmallow as ma
from flask import Blueprint, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms import BooleanField, DateField, SelectField, StringField
from wtforms.validators import Length, Optional

from cxflow.bank import services as bank
from cxflow.bank.schemas import BankFilterArgs
from cxflow.core import access
from cxflow.core.extensions import db
from cxflow.core.forms import choices, optional_int
from cxflow.core.paging import paginate
from cxflow.core.routing import id_arg, safe_redirect_target
from cxflow.core.views import handle_action, handle_form
from cxflow.journeys.models import PainPoint
from cxflow.journeys.services.measurements import describe
from cxflow.pilots.access import load_pilot_or_404
from cxflow.pilots.models import Pilot
from cxflow.solutions import services
from cxflow.solutions.access import load_solution_or_404
from cxflow.solutions.models import TIER_TITLES

bp = Blueprint("bank", __name__)

SIMILAR_ON_PAGE = 10


def _context() -> dict:
    """What every bank template needs to show a row."""
    return {
        "tiers": TIER_TITLES,
        "verdicts": services.VERDICT_TITLES,
        "regions_seen": access.visible_region_ids(current_user),
        "describe": describe,
    }


# --- search -----------------------------------------------------------------------------------


def _filter_args() -> dict:
    """The filters from the query string; a malformed value is ignored."""
    raw = {k: v for k, v in request.args.items() if k in BankFilterArgs().fields and v != ""}
    try:
        return BankFilterArgs().load(raw)
    except ma.ValidationError as exc:
        return exc.valid_data or {}


@bp.route("/knowledge-bank")
def index():
    args = _filter_args()
    filters = bank.filters_from(args)
    page = paginate(bank.search(current_user, filters), per_page=bank.PER_PAGE)
    return render_template(
        "bank/index.html",
        page=page,
        items=bank.items(current_user, page.items),
        args=args,
        query={k: v for k, v in args.items() if v},
        max_query=bank.MAX_QUERY,
        outcomes=bank.OUTCOMES,
        **_filter_options(),
        **_context(),
    )


def _filter_options() -> dict:
    """(value, label) pairs of the filter selects, from what the user may see."""
    found = bank.filter_choices(current_user)
    return {
        "target_group_options": [(v, v) for v in found["target_groups"]],
        "service_options": [(v, v) for v in found["services"]],
        "region_options": [(r.code, f"{r.code} {r.name}") for r in found["regions"]],
        "tier_options": [(t.value, title) for t, title in TIER_TITLES.items()],
    }


# --- similar solutions ------------------------------------------------------------------------


@bp.route("/pain-points/<int:pain_point_id>/similar")
def similar(pain_point_id: int):
    pain_point = access.get_or_404(PainPoint, pain_point_id, current_user, "pilots.view")
    found = bank.similar_to_pain_point(current_user, pain_point, limit=SIMILAR_ON_PAGE)
    return render_template(
        "bank/similar.html",
        pain_point=pain_point,
        stage=pain_point.stage,
        pilot=db.session.get(Pilot, pain_point.stage.pilot_id),
        items=found,
        **_context(),
    )


# --- publishing -------------------------------------------------------------------------------


def _back(default: str) -> str:
    """Where a button came from (a path of this site), else `default`."""
    return safe_redirect_target(request.form.get("next"), default)


@bp.route("/knowledge-bank/<int:solution_id>/publish", methods=["POST"])
def publish(solution_id: int):
    solution = load_solution_or_404(solution_id)
    published = request.form.get("published") == "true"
    version = request.form.get("version", type=int)
    return handle_action(
        lambda: bank.publish(current_user, solution, published, version),
        next_url=_back(url_for("bank.index")),
        success=_("Published to every region's knowledge bank.")
        if published
        else _("The solution is no longer published to other regions."),
    )


# --- copying into a solution map --------------------------------------------------------------


class CopyForm(FlaskForm):
    stage_id = SelectField(_l("Journey stage"), coerce=optional_int)
    pain_point_id = SelectField(
        _l("Pain point"),
        coerce=optional_int,
        description=_l("Optional: a pain point of the chosen stage."),
    )
    due_date = DateField(_l("Due date"), validators=[Optional()])
    ongoing = BooleanField(_l("Ongoing work without a due date"))
    owner = StringField(
        _l("In charge"),
        validators=[Length(max=services.MAX_OWNER)],
        description=_l("A person or a body; may stay empty when a user is chosen below."),
    )
    owner_user_id = SelectField(_l("User in charge"), coerce=optional_int)


def _copy_choices(form: CopyForm, pilot: Pilot) -> None:
    stages = services.stage_options(pilot)
    form.stage_id.choices = choices(
        ((s.id, f"{s.journey.title} — {s.position}. {s.title}") for s in stages),
        empty=_("— choose a stage —"),
    )
    form.pain_point_id.choices = choices(
        (
            (p.id, f"{s.position}. {s.title} — {p.description[:120]}")
            for s in stages
            for p in s.pain_points
        ),
        empty=_("— no particular pain point —"),
    )
    form.owner_user_id.choices = choices(
        ((u.id, u.full_name) for u in services.owner_options(pilot)), empty=_("— nobody —")
    )


def _chosen_pilot(targets: list[Pilot], pain_point: PainPoint | None) -> Pilot | None:
    """The pilot named in the address (or of the pain point), or the only one there is."""
    if pain_point is not None:
        return db.session.get(Pilot, pain_point.stage.pilot_id)
    pilot_id = id_arg("pilot_id")
    if pilot_id is not None:
        return load_pilot_or_404(pilot_id, permission="cycle.edit")
    return targets[0] if len(targets) == 1 else None


def _pain_point_arg() -> PainPoint | None:
    pain_point_id = id_arg("pain_point_id")
    if pain_point_id is None:
        return None
    return access.get_or_404(PainPoint, pain_point_id, current_user, "cycle.edit")


@bp.route("/knowledge-bank/<int:solution_id>/copy", methods=["GET", "POST"])
def copy(solution_id: int):
    source = bank.get_visible(current_user, solution_id)
    access.require(current_user, "cycle.edit")
    targets = bank.copy_targets(current_user)
    pain_point = _pain_point_arg()
    pilot = _chosen_pilot(targets, pain_point)
    context = {"source": bank.items(current_user, [source])[0], "targets": targets, **_context()}
    if pilot is None:
        return render_template("bank/copy.html", form=None, pilot=None, **context)
    form = CopyForm()
    _copy_choices(form, pilot)
    if request.method == "GET" and pain_point is not None:
        form.stage_id.data, form.pain_point_id.data = pain_point.stage_id, pain_point.id

    def save():
        data = {name: getattr(form, name).data for name in bank.COPY_FIELDS if name in form}
        data["owner_user_id"] = form.owner_user_id.data
        return bank.copy_solution(current_user, source, pilot, data)

    return handle_form(
        form,
        save,
        success=_("Copied into the solution map. It remembers where it came from."),
        next_url=lambda s: url_for("solutions.index", pilot_id=s.pilot_id),
        template="bank/copy.html",
        pilot=pilot,
        **context,
    )
