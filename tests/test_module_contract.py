"""The contract every domain keeps: its pages and API need a signed-in user unless a view is
marked @public, and its HTML views never commit by hand (they go through handle_form or
handle_action; an API endpoint commits once, explicitly)."""

import ast
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from flask import Blueprint

import cxflow
from cxflow.app import create_app
from cxflow.auth.guard import is_public_endpoint
from cxflow.config import TestConfig
from cxflow.core.routing import public

PACKAGE = Path(cxflow.__file__).resolve().parent

# What anybody may open: static files, signing in and out, the language switch, the secret
# calendar link, the health check, the API's token and its OpenAPI document.
PUBLIC_ENDPOINTS = {
    "static",
    "auth.login",
    "auth.logout",
    "main.set_language",
    "feeds.ics",
    "health.healthz",
    "auth_api.issue_token",
    "index_api.create_response",  # the public survey (issue #15)
    "index.survey_start",
    "index.survey_form",
    "index.survey_thanks",
    "index.survey_text_size",
    "api-docs.openapi_json",
}

# --- sign-in is required unless a view is @public ----------------------------------------------


@pytest.fixture(scope="module")
def probe_client():
    """A new app with a throwaway blueprint: one plain and one @public view, as a page and
    under /api/v1 (an app that has served requests takes no new routes)."""
    probe = Blueprint("contract_probe", __name__)

    def plain():
        return "plain"

    @public
    def open_to_all():
        return "public"

    for prefix in ("/contract-probe", "/api/v1/contract-probe"):
        name = prefix.strip("/").replace("/", "_")
        probe.add_url_rule(f"{prefix}/plain", f"{name}_plain", plain)
        probe.add_url_rule(f"{prefix}/public", f"{name}_public", open_to_all)
    app = create_app(TestConfig)
    app.register_blueprint(probe)
    return app.test_client()


def test_a_page_needs_sign_in_unless_public(probe_client):
    response = probe_client.get("/contract-probe/plain")
    assert response.status_code == 302
    assert urlsplit(response.headers["Location"]).path == "/auth/login"
    response = probe_client.get("/contract-probe/public")
    assert response.status_code == 200 and response.text == "public"


def test_an_api_endpoint_needs_a_token_unless_public(probe_client):
    response = probe_client.get("/api/v1/contract-probe/plain")
    assert response.status_code == 401 and response.json["error"]["code"] == "missing_token"
    response = probe_client.get("/api/v1/contract-probe/public")
    assert response.status_code == 200 and response.text == "public"


def test_only_the_expected_endpoints_are_public(app):
    assert {e for e in app.view_functions if is_public_endpoint(app, e)} == PUBLIC_ENDPOINTS


# --- HTML views never commit by hand -------------------------------------------------------------

# Pages of the branches that split the journeys and the roadmap workbooks (not converted here):
# they go through handle_action/handle_form when those branches land; the list only shrinks.
NOT_YET_CONVERTED: set[str] = set()


def _is_commit(node: ast.AST) -> bool:
    """`….session.commit()`"""
    if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
        return False
    owner = node.func.value
    return node.func.attr == "commit" and (
        (isinstance(owner, ast.Attribute) and owner.attr == "session")
        or (isinstance(owner, ast.Name) and owner.id == "session")
    )


def _page_blueprints(tree: ast.Module) -> set[str]:
    """Names bound to a flask.Blueprint (pages); an API blueprint is cxflow.core.api's."""
    flask_names = {
        alias.asname or alias.name
        for node in tree.body
        if isinstance(node, ast.ImportFrom) and node.module == "flask"
        for alias in node.names
        if alias.name == "Blueprint"
    }
    return {
        target.id
        for node in tree.body
        if isinstance(node, ast.Assign)
        and isinstance(node.value, ast.Call)
        and isinstance(node.value.func, ast.Name)
        and node.value.func.id in flask_names
        for target in node.targets
        if isinstance(target, ast.Name)
    }


def _is_api_endpoint(function: ast.AST, page_blueprints: set[str]) -> bool:
    """Decorated with `<blueprint>.route(…)` of a blueprint that is not a page one."""
    return any(
        isinstance(d, ast.Call)
        and isinstance(d.func, ast.Attribute)
        and d.func.attr == "route"
        and isinstance(d.func.value, ast.Name)
        and d.func.value.id not in page_blueprints
        for d in getattr(function, "decorator_list", ())
    )


def hand_commits(source: str) -> list[str] | None:
    """The top-level functions (or "<module>") of an HTML view module that commit, other than
    API endpoints; None when the module declares no page blueprint."""
    tree = ast.parse(source)
    pages = _page_blueprints(tree)
    if not pages:
        return None
    found = []
    for node in tree.body:
        if _is_api_endpoint(node, pages):
            continue
        if any(_is_commit(n) for n in ast.walk(node)):
            found.append(getattr(node, "name", "<module>"))
    return found


def _view_modules() -> dict[str, list[str]]:
    modules = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        commits = hand_commits(path.read_text(encoding="utf-8"))
        if commits is not None:
            modules[str(path.relative_to(PACKAGE.parent))] = commits
    return modules


def test_the_scan_sees_a_hand_commit_in_a_page_and_allows_it_in_an_api_endpoint():
    source = """
from flask import Blueprint
from cxflow.core.api import Blueprint as ApiBlueprint
bp = Blueprint("x", __name__)
blp = ApiBlueprint("x_api", __name__)

@bp.route("/x", methods=["POST"])
def page():
    db.session.commit()

@blp.route("/x", methods=["POST"])
@blp.response(204)
def endpoint():
    db.session.commit()

def _helper():
    db.session.commit()
"""
    assert hand_commits(source) == ["page", "_helper"]
    assert hand_commits("from cxflow.core.api import Blueprint\ndb.session.commit()\n") is None


def test_html_views_never_commit_by_hand():
    modules = _view_modules()
    assert "cxflow/roadmaps/views.py" in modules and "cxflow/roadmaps/feed_views.py" in modules
    found = {f"{path}:{name}" for path, names in modules.items() for name in names}
    assert found - NOT_YET_CONVERTED == set(), "use cxflow.core.views.handle_form/handle_action"
    assert NOT_YET_CONVERTED - found == set(), "converted: take it off NOT_YET_CONVERTED"
