"""Pages of the HTML lists: the one reading of `?page=`. A page number that is not 1…MAX_PAGE
answers 404, as an id out of range in a path does (cxflow.core.routing.IdConverter), instead
of an OFFSET that overflows the database (issue #18, defect 2). The API's lists read theirs
with cxflow.core.api.PageArgs (422 naming `page`), up to the same MAX_PAGE."""

import re

import sqlalchemy as sa
from flask import abort, request
from flask_sqlalchemy.pagination import Pagination

from cxflow.core.extensions import db

MAX_PAGE = 100_000
PER_PAGE = 50
_NUMBER = re.compile(r"[0-9]{1,6}")


def page_number() -> int:
    """The `page` query argument: missing or empty → 1; anything but 1…MAX_PAGE → 404."""
    raw = request.args.get("page", "")
    if raw == "":
        return 1
    if not _NUMBER.fullmatch(raw) or not 1 <= int(raw) <= MAX_PAGE:
        abort(404)
    return int(raw)


def paginate(stmt: sa.Select, per_page: int = PER_PAGE) -> Pagination:
    """The requested page of `stmt`'s rows; a page past the last is a 404 too."""
    return db.paginate(stmt, page=page_number(), per_page=per_page, error_out=True)
