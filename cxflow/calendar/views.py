"""The production calendar page: a working-day calculator, the year's exceptions, overrides."""

from flask import Blueprint, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from cxflow.calendar import services
from cxflow.calendar.access import load_override_or_404
from cxflow.calendar.forms import CalculatorForm, OverrideForm
from cxflow.core import access
from cxflow.core.clock import DEFAULT_TIMEZONE, region_today
from cxflow.core.errors import ValidationError
from cxflow.core.forms import choices, show_errors
from cxflow.core.views import handle_action, handle_form
from cxflow.orgs.services import region_options

bp = Blueprint("calendar", __name__, url_prefix="/calendar")


def _year() -> int:
    year = request.args.get("year", type=int) or region_today(DEFAULT_TIMEZONE).year
    return min(max(year, 2000), 2100)


def _override_form() -> OverrideForm:
    form = OverrideForm()
    form.region_id.choices = choices(region_options(), empty="—")
    return form


@bp.route("/")
def index():
    calculator = CalculatorForm(request.args)
    result = None
    if request.args and calculator.validate():
        try:
            result = services.add_working_days(calculator.start.data, calculator.days.data)
        except ValidationError as exc:
            show_errors(calculator, exc)
    return render_template("calendar/index.html", **_context(calculator, _override_form(), result))


def _context(calculator, override_form, result=None) -> dict:
    year = _year()
    return {
        "year": year,
        "exceptions": services.national_exceptions(year),
        "overrides": services.list_overrides(year),
        "calculator": calculator,
        "override_form": override_form,
        "result": result,
    }


@bp.route("/overrides", methods=["POST"])
def add_override():
    access.require(current_user, "calendar.manage")
    form = _override_form()
    return handle_form(
        form,
        lambda: services.add_override(
            current_user,
            form.day.data,
            form.is_working.data == "1",
            form.region_id.data,
            form.note.data,
        ),
        success=_("Calendar override saved."),
        template="calendar/index.html",
        next_url=lambda o: url_for("calendar.index", year=o.day.year),
        **_context(CalculatorForm(formdata=None), form),
    )


@bp.route("/overrides/<int:override_id>/delete", methods=["POST"])
def delete_override(override_id: int):
    override = load_override_or_404(override_id)
    return handle_action(
        lambda: services.delete_override(current_user, override),
        next_url=url_for("calendar.index", year=_year()),
        success=_("Calendar override deleted."),
    )
