"""Calendar feeds: the public ICS link, the page that makes and revokes links, /api/v1/feeds."""

import marshmallow as ma
from flask import Blueprint, Response, abort, current_app, request, url_for
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms import SelectField

from cxflow.core.api import Blueprint as ApiBlueprint
from cxflow.core.api import Id, PageArgs, Timestamp, api_user, list_schema, paginated
from cxflow.core.extensions import db
from cxflow.core.forms import choices, optional_int
from cxflow.core.routing import public
from cxflow.core.views import handle_action, handle_form
from cxflow.pilots.access import load_pilot_or_404
from cxflow.pilots.services import list_pilots
from cxflow.roadmaps import feeds
from cxflow.roadmaps.access import load_feed_or_404
from cxflow.roadmaps.models import CalendarFeed

bp = Blueprint("feeds", __name__)
blp = ApiBlueprint(
    "feeds_api",
    __name__,
    url_prefix="/api/v1",
    description="Calendar feeds: secret ICS links to roadmap deadlines",
)


def feed_url(feed: CalendarFeed) -> str:
    return url_for("feeds.ics", token=feed.token, _external=True)


# --- the public link ------------------------------------------------------------------------


@bp.route("/feeds/<token>.ics")
@public
def ics(token: str):
    """No sign-in: calendar apps fetch it; the secret token in the address is the key."""
    feed = feeds.feed_by_token(token)
    if feed is None:
        abort(404)
    with force_locale(feed.owner.locale or current_app.config["BABEL_DEFAULT_LOCALE"]):
        body = feeds.ics(feed, request.host_url)
    return Response(
        body,
        mimetype="text/calendar",
        headers={"Cache-Control": "private, max-age=300", "X-Robots-Tag": "noindex"},
    )


# --- pages ----------------------------------------------------------------------------------


class FeedForm(FlaskForm):
    # Any pilot id is accepted here: the service answers 404 for one the user may not see.
    pilot_id = SelectField(
        _l("Deadlines"),
        coerce=optional_int,
        validate_choice=False,
        description=_l("Your own activities in every pilot, or every deadline of one pilot."),
    )


@bp.route("/feeds/", methods=["GET", "POST"])
def index():
    form = FeedForm()
    pilots = db.session.scalars(list_pilots(current_user)).all()
    form.pilot_id.choices = choices(
        ((p.id, f"{p.region.code} · {p.title}") for p in pilots),
        empty=_("My activities (where I am responsible)"),
    )

    def create():
        pilot_id = form.pilot_id.data
        return feeds.create_feed(current_user, load_pilot_or_404(pilot_id) if pilot_id else None)

    return handle_form(
        form,
        create,
        success=_("Calendar link created. Copy it into your calendar app."),
        next_url=lambda _feed: url_for("feeds.index"),
        template="feeds/index.html",
        items=db.session.scalars(feeds.list_feeds(current_user)).all(),
        feed_url=feed_url,
        feed_title=feeds.feed_title,
    )


@bp.route("/feeds/<int:feed_id>/revoke", methods=["POST"])
def revoke(feed_id: int):
    feed = load_feed_or_404(feed_id)
    return handle_action(
        lambda: feeds.revoke_feed(feed),
        next_url=url_for("feeds.index"),
        success=_("The calendar link was revoked: calendars subscribed to it get no more updates."),
    )


# --- /api/v1/feeds --------------------------------------------------------------------------


class FeedSchema(ma.Schema):
    id = ma.fields.Integer()
    pilot_id = ma.fields.Integer(allow_none=True)
    url = ma.fields.Function(
        feed_url, metadata={"type": "string", "description": "The secret ICS link"}
    )
    created_at = Timestamp()


class FeedCreate(ma.Schema):
    pilot_id = Id(
        load_default=None,
        allow_none=True,
        metadata={"description": "Omit for the caller's own activities"},
    )


@blp.route("/feeds")
@blp.arguments(PageArgs, location="query")
@blp.response(200, list_schema(FeedSchema))
def list_feeds_api(args):
    """The caller's working calendar links."""
    return paginated(feeds.list_feeds(api_user()), args["page"], args["per_page"])


@blp.route("/feeds", methods=["POST"])
@blp.arguments(FeedCreate)
@blp.response(201, FeedSchema)
def create_feed_api(data):
    """A new calendar link: to a pilot's deadlines, or to the caller's own activities."""
    pilot_id = data["pilot_id"]
    feed = feeds.create_feed(
        api_user(), load_pilot_or_404(pilot_id, api_user()) if pilot_id else None
    )
    db.session.commit()
    return feed


@blp.route("/feeds/<int:feed_id>", methods=["DELETE"])
@blp.response(204)
def delete_feed_api(feed_id):
    """Revoke a calendar link (its owner or an administrator)."""
    feeds.revoke_feed(load_feed_or_404(feed_id, api_user()))
    db.session.commit()
