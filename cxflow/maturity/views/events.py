"""Pages of competence events: a region's list with the form to record one."""

from flask import url_for
from flask_babel import gettext as _
from flask_login import current_user

from cxflow.core import access
from cxflow.core.extensions import db
from cxflow.core.forms import choices
from cxflow.core.views import handle_form
from cxflow.maturity.access import load_region_or_404
from cxflow.maturity.event_forms import EventForm
from cxflow.maturity.models.events import EVENT_KIND_TITLES
from cxflow.maturity.services import events
from cxflow.maturity.views.blueprint import bp


@bp.route("/regions/<int:region_id>/competence-events", methods=["GET", "POST"])
def competence_events(region_id: int):
    region = load_region_or_404(region_id, permission="maturity.view")
    form = EventForm()
    form.office_id.choices = choices(((o.id, o.name) for o in region.offices), empty="—")
    may_record = access.can(current_user, "maturity.events", region.id)

    def record():
        access.require(current_user, "maturity.events", region.id)
        return events.create_event(
            current_user,
            region,
            {name: getattr(form, name).data for name in EVENT_FIELDS},
        )

    return handle_form(
        form,
        record,
        success=_("Event recorded."),
        next_url=lambda _event: url_for("maturity.competence_events", region_id=region.id),
        template="maturity/events.html",
        page=lambda: {"items": db.session.scalars(events.list_events(region)).all()},
        region=region,
        may_record=may_record,
        kinds=EVENT_KIND_TITLES,
    )


EVENT_FIELDS = ("held_on", "title", "kind", "office_id", "participants")
