"""Jinja filters and globals: dates as ДД.ММ.ГГГГ, permissions and the role's navigation."""

import datetime as dt
from dataclasses import dataclass

from flask import Flask, current_app, request, url_for
from flask_babel import format_datetime, get_locale
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from cxflow import access
from cxflow.orgs.models import NETWORK_TITLES
from cxflow.roadmaps.models import DELIVERABLE_TITLES, PHASE_TITLES
from cxflow.roadmaps.reports import STATUS_TITLES
from cxflow.users.models import ROLE_TITLES
from cxflow.workflows.definitions import WORKFLOWS

# (endpoint, title, permission needed or None for every signed-in user), or (title, [such
# entries]) for a drop-down: the header must fit on one line at 1280 px in Russian.
NAVIGATION = [
    ("roadmaps.pilots", _l("Pilots"), "pilots.view"),
    ("roadmaps.my_activities", _l("My activities"), "pilots.view"),
    (
        _l("Monitoring"),
        [
            ("roadmaps.monitoring", _l("Roadmap checkpoints"), "pilots.view"),
            ("dashboard.index", _l("Overdue quick wins"), "pilots.view"),
        ],
    ),
    ("bank.index", _l("Knowledge bank"), "pilots.view"),
    ("consultations.index", _l("Consultations"), "consultations.view"),
    (
        _l("Reference data"),
        [
            ("orgs.regions", _l("Regions"), None),
            ("orgs.offices", _l("Offices"), "offices.view"),
            ("calendar.index", _l("Calendar"), None),
            ("catalogue.index", _l("Service catalogue"), None),
            ("users.index", _l("Users"), "users.manage"),
        ],
    ),
]


@dataclass(frozen=True)
class MenuItem:
    title: str
    url: str = ""
    current: bool = False  # the page shown is in this section
    children: tuple["MenuItem", ...] = ()


def dmy(value: dt.date | dt.datetime | None) -> str:
    """A date as ДД.ММ.ГГГГ (DESIGN.md conventions), in every UI language."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return format_datetime(value, "dd.MM.yyyy HH:mm")
    return value.strftime("%d.%m.%Y")


def _menu(entries) -> list[MenuItem]:
    """The entries the user may open; a drop-down only when one of its entries is left."""
    items = []
    for entry in entries:
        if isinstance(entry[1], list):
            children = tuple(_menu(entry[1]))
            if children:
                current = any(c.current for c in children)
                items.append(MenuItem(entry[0], current=current, children=children))
            continue
        endpoint, title, permission = entry
        if permission is None or access.can(current_user, permission):
            url = url_for(endpoint)
            items.append(MenuItem(title, url, request.path.startswith(url)))
    return items


def navigation() -> list[MenuItem]:
    return _menu(NAVIGATION) if current_user.is_authenticated else []


def unread_notifications() -> int:
    """The signed-in user's unread notifications, for the header link."""
    if not current_user.is_authenticated:
        return 0
    from cxflow.notifications.services import unread_count

    return unread_count(current_user)


def init_app(app: Flask) -> None:
    app.jinja_env.filters["dmy"] = dmy
    app.jinja_env.globals.update(
        can=lambda permission, region_id=None: access.can(current_user, permission, region_id),
        navigation=navigation,
        unread_notifications=unread_notifications,
        role_title=lambda role: ROLE_TITLES.get(role, role),
        network_title=lambda network: NETWORK_TITLES.get(network, network),
        state_title=lambda workflow, state: WORKFLOWS[workflow].state_titles.get(state, state),
        event_title=lambda workflow, event: WORKFLOWS[workflow].event_titles.get(event, event),
        phase_title=lambda kind: PHASE_TITLES.get(kind, kind),
        deliverable_title=lambda kind: DELIVERABLE_TITLES.get(kind, kind),
        monitoring_status=lambda status: STATUS_TITLES.get(status, status),
        current_locale=lambda: str(get_locale()),
        languages=lambda: current_app.config["LANGUAGES"],
    )
