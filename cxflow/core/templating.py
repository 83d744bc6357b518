"""Jinja filters and globals every page uses: dates as ДД.ММ.ГГГГ, permissions, the header's
navigation built from the modules' entries. Domains add their own globals (cxflow.core.modules)."""

import datetime as dt
from dataclasses import dataclass

from flask import Flask, current_app, request, url_for
from flask_babel import format_datetime, get_locale
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from cxflow.core import access, modules
from cxflow.core.modules import NavEntry

# The header's drop-downs (the header must fit on one line at 1280 px in Russian); the entries
# are the modules' NavEntry items (cxflow.core.modules).
MENUS = {"monitoring": _l("Monitoring"), "reference": _l("Reference data")}


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


def _item(entry: NavEntry) -> MenuItem | None:
    if entry.permission is not None and not access.can(current_user, entry.permission):
        return None
    url = url_for(entry.endpoint)
    return MenuItem(entry.title, url, request.path.startswith(url))


def navigation() -> list[MenuItem]:
    """The entries the user may open, in order; a drop-down only when one of its entries is
    left, placed by its first entry."""
    if not current_user.is_authenticated:
        return []
    placed: list[tuple[int, MenuItem]] = []
    menus: dict[str, list[tuple[int, MenuItem]]] = {}
    for entry in sorted(modules.registry().navigation, key=lambda e: e.order):
        item = _item(entry)
        if item is None:
            continue
        if entry.menu is None:
            placed.append((entry.order, item))
        else:
            menus.setdefault(entry.menu, []).append((entry.order, item))
    for menu, entries in menus.items():
        children = tuple(item for _, item in entries)
        current = any(c.current for c in children)
        placed.append((entries[0][0], MenuItem(MENUS[menu], current=current, children=children)))
    return [item for _, item in sorted(placed, key=lambda pair: pair[0])]


def init_app(app: Flask) -> None:
    app.jinja_env.filters["dmy"] = dmy
    app.jinja_env.globals.update(
        can=lambda permission, region_id=None: access.can(current_user, permission, region_id),
        navigation=navigation,
        current_locale=lambda: str(get_locale()),
        languages=lambda: current_app.config["LANGUAGES"],
    )
