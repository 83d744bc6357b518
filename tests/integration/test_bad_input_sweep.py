"""The bad-input sweep of issue #18, generated from the app itself so that a new route is
covered without editing this test: every HTML form found on the app's pages (crawled from
the URL map as the roles that may use them), every API POST/PATCH/PUT body of the OpenAPI
document and every GET route's query arguments get NUL bytes, lone surrogates, 100,000
characters, huge and negative numbers, one field at a time, the others valid. Not one answer
may be a 5xx, on SQLite or PostgreSQL (TEST_DATABASE_URL). Also: a form page is never shown
to a role that may not submit it (defect 13)."""

import json
import re
from html.parser import HTMLParser
from urllib.parse import parse_qsl, quote, urlsplit

import pytest
from werkzeug.exceptions import MethodNotAllowed, NotFound

from tests import probe

HUGE = "99999999999999999999999"
FORM = "application/x-www-form-urlencoded"
BAD_TEXT = {
    "nul": "Про\x00верка",
    "surrogate": "Про\ud800верка",
    "overlong": "я" * 100_000,
    "huge": HUGE,
    "negative": "-1",
    "huge negative": "-" + HUGE,
}
BAD_QUERY = {"nul": "\x00", "huge": HUGE, "negative": "-1", "huge negative": "-" + HUGE}
# Valid filler for an empty field, by input type, so that one bad field at a time reaches
# the services and the database instead of stopping at another field's "required".
FILLER = {
    "date": "2026-09-01",
    "month": "2026-09",
    "number": "5",
    "email": "probe@example.org",
    "url": "https://example.org/",
    "password": "probe-password-1",
    "tel": "+7 831 000-00-00",
}
# The roles that crawl pages for forms, in order: the first that finds a form submits it.
CRAWLERS = ("coordinator", "member", "consultant", "admin")
# Posting these ends the prober's session; they have no field to probe.
NOT_PROBED = {"auth.logout"}
DESTRUCTIVE = re.compile(r"delete|remove|revoke|reset|deactivate|rotate", re.I)


# --- reading forms out of pages -----------------------------------------------------------------


class Forms(HTMLParser):
    """The forms of a page: method, action and fields (name, kind, value, options)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms: list[dict] = []
        self._form: dict | None = None
        self._select: dict | None = None
        self._textarea: dict | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            method = (a.get("method") or "get").lower()
            self._form = {"method": method, "action": a.get("action") or "", "fields": []}
            self.forms.append(self._form)
        elif self._form is None or not a.get("name"):
            return
        elif tag == "input":
            kind = (a.get("type") or "text").lower()
            if kind in ("submit", "button", "image", "reset", "file"):
                return
            if kind in ("checkbox", "radio") and "checked" not in a:
                return
            self._add(a["name"], kind, a.get("value") or "")
        elif tag == "button" and a.get("value") is not None:
            if not any(f["name"] == a["name"] for f in self._form["fields"]):
                self._add(a["name"], "button", a["value"])
        elif tag == "select":
            self._select = self._add(a["name"], "select", None)
        elif tag == "option" and self._select is not None:
            value = a.get("value", "")
            if (self._select["value"] is None and value) or "selected" in a:
                self._select["value"] = value
        elif tag == "textarea":
            self._textarea = self._add(a["name"], "textarea", "")

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea["value"] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None

    def _add(self, name, kind, value) -> dict:
        field = {"name": name, "kind": kind, "value": value}
        self._form["fields"].append(field)
        return field


def page_forms(html: str) -> list[dict]:
    parser = Forms()
    parser.feed(html)
    return parser.forms


def baseline(fields: list[dict], ids: dict) -> list[tuple[str, str]]:
    """The form as a user would send it: shown values, empty ones filled validly (an empty
    choice of a row, e.g. `region_id`, with the probe's row)."""
    pairs = []
    for field in fields:
        value = field["value"] or ""
        if not value and field["name"] in ids:
            value = str(ids[field["name"]])
        elif not value and field["kind"] not in ("hidden", "select", "button"):
            value = FILLER.get(field["kind"], "Проверка")
        pairs.append((field["name"], value))
    return pairs


def form_body(pairs: list[tuple[str, str]]) -> bytes:
    """application/x-www-form-urlencoded as a browser would send any text, lone surrogates
    included (their UTF-8-like bytes: a hostile client can send them)."""
    return "&".join(
        f"{quote(k)}={quote(v.encode('utf-8', 'surrogatepass'))}" for k, v in pairs
    ).encode()


def endpoint_of(app, path: str, method: str) -> str | None:
    adapter = app.url_map.bind("localhost")
    try:
        return adapter.match(urlsplit(path).path, method=method)[0]
    except (NotFound, MethodNotAllowed):
        return None


# --- the crawl ------------------------------------------------------------------------------------


def html_get_urls(app, ids, region) -> list[str]:
    urls = []
    for rule in probe.routes(app):
        if rule.rule.startswith(("/api/", "/static")) or "." in rule.rule:
            continue
        path = probe.url(rule, ids, region)
        if path is not None and rule.endpoint != "auth.logout":
            urls.append(path)
    return urls


def crawl(app, client, users, ids, region) -> tuple[dict, dict]:
    """Forms found on the pages of region 52 by the crawling roles: {POST endpoint: (role,
    page, form)}, and the query argument names of GET forms and links, per endpoint."""
    posts: dict = {}
    queries: dict = {}
    for role in CRAWLERS:
        probe.sign_in(client, users[role])
        for path in html_get_urls(app, ids, region):
            response = client.get(path)
            if response.status_code != 200 or response.mimetype != "text/html":
                continue
            html = response.get_data(as_text=True)
            for form in page_forms(html):
                action = form["action"] or path
                endpoint = endpoint_of(app, action, form["method"].upper())
                if endpoint is None:
                    continue
                if form["method"] == "post":
                    posts.setdefault(endpoint, (role, action, form))
                else:
                    queries.setdefault(action.split("?")[0], set()).update(
                        f["name"] for f in form["fields"]
                    )
            for href in re.findall(r'href="(/[^"#]*\?[^"#]*)"', html):
                target, _, query = href.replace("&amp;", "&").partition("?")
                queries.setdefault(target, set()).update(k for k, _ in parse_qsl(query))
    return posts, queries


@pytest.fixture
def demo(app):
    app.config["RATELIMIT_ENABLED"] = False
    app.config["PROPAGATE_EXCEPTIONS"] = False  # a server error is an answer to count
    return probe.seed()


def _five_hundreds(response, where: str) -> list[str]:
    if response.status_code >= 500:
        return [f"{where}: {response.status_code}"]
    return []


# --- the tests ----------------------------------------------------------------------------------


def test_every_form_takes_bad_input(app, client, demo):
    users = probe.users()
    ids = probe.first_ids(demo["52"].id)
    posts, _ = crawl(app, client, users, ids, demo["52"])
    html_posts = {
        rule.endpoint for rule in probe.routes(app, "POST") if not rule.rule.startswith("/api/")
    }
    # Every HTML POST route is reached through a form on some page, or, when no page of the
    # demo shows its form right now, with every field name the crawl met.
    every_name = sorted({f["name"] for _, _, form in posts.values() for f in form["fields"]})
    problems: list[str] = []
    order = sorted(
        posts.items(),
        key=lambda item: (CRAWLERS.index(item[1][0]), bool(DESTRUCTIVE.search(item[0]))),
    )
    signed_in = None
    for endpoint, (role, action, form) in order:
        if endpoint in NOT_PROBED:
            continue
        if role != signed_in:
            probe.sign_in(client, users[role])
            signed_in = role
        pairs = baseline(form["fields"], ids)
        for i, (name, _) in enumerate(pairs):
            for label, value in BAD_TEXT.items():
                bad = [*pairs[:i], (name, value), *pairs[i + 1 :]]
                response = client.post(action, data=form_body(bad), content_type=FORM)
                problems += _five_hundreds(response, f"{role} POST {action} {name}={label}")
    unreached = sorted(html_posts - set(posts) - NOT_PROBED)
    probe.sign_in(client, users["admin"])
    for rule in probe.routes(app, "POST"):
        if rule.endpoint not in unreached:
            continue
        path = probe.url(rule, ids, demo["52"])
        if path is None:
            continue
        for label, value in BAD_TEXT.items():
            body = form_body([(name, value) for name in every_name])
            response = client.post(path, data=body, content_type=FORM)
            problems += _five_hundreds(response, f"admin POST {path} (every field)={label}")
    assert len(posts) >= 40, sorted(posts)
    assert problems == [], "\n".join(problems)


def _schema(spec: dict, node: dict) -> dict:
    while "$ref" in node:
        node = spec["components"]["schemas"][node["$ref"].rsplit("/", 1)[1]]
    return node


def _filler(name: str, prop: dict, ids: dict):
    if name in ids:
        return ids[name]
    if name == "version":
        return 1
    for hint in ("email", "url"):
        if hint in name:
            return FILLER[hint]
    if prop.get("enum"):
        return prop["enum"][0]
    kind, fmt = prop.get("type"), prop.get("format")
    if isinstance(kind, list):
        kind = next((k for k in kind if k != "null"), "string")
    if kind == "integer":
        return 5
    if kind == "number":
        return 5.0
    if kind == "boolean":
        return False
    if kind == "array":
        return []
    if kind == "object":
        return {}
    return {"date": "2026-09-01", "date-time": "2026-09-01T10:00:00+03:00"}.get(
        fmt, FILLER.get(fmt or "", "Проверка")
    )


def _bad_json_values() -> dict:
    return {
        "nul": "Про\x00верка",
        "surrogate": "Про\ud800верка",
        "overlong": "я" * 100_000,
        "huge": int(HUGE),
        "negative": -1,
        "huge negative": -int(HUGE),
    }


def _api_operations(app, client, ids, region) -> list[tuple[str, str, dict]]:
    spec = client.get("/api/v1/openapi.json").json
    operations = []
    for path, methods in spec["paths"].items():
        for method in ("post", "patch", "put"):
            body = ((methods.get(method) or {}).get("requestBody") or {}).get("content", {})
            if "application/json" not in body:
                continue
            schema = _schema(spec, body["application/json"]["schema"])
            props = {
                k: prop
                for k, v in (schema.get("properties") or {}).items()
                if not (prop := _schema(spec, v)).get("readOnly")
            }
            url = re.sub(r"{(\w+)}", lambda m: str(ids.get(m[1], 1)), path)
            url = url.replace("{code}", region.code)
            operations.append((method, url, props))
    return operations


def _known(client, url: str, headers: dict) -> dict:
    """The object's current values, read from its own URL or its parent's (a transition's)."""
    for source in (url, url.rsplit("/", 1)[0]):
        response = client.get(source, headers=headers)
        if response.status_code == 200 and isinstance(response.json, dict):
            return response.json
    return {}


def _valid_body(client, method, url, props, ids, headers) -> dict | None:
    """A body the operation takes as far as the probe can tell: the object's current
    values, fillers for the rest, the version and event a refusal names; None on a 403."""
    known = _known(client, url, headers)
    body = {k: known.get(k, _filler(k, p, ids)) for k, p in props.items()}
    response = client.open(url, method=method.upper(), json=body, headers=headers)
    if response.status_code == 403:
        return None
    error = (response.json or {}).get("error", {}) if response.is_json else {}
    if "version" in props and "current_version" in error:
        body["version"] = error["current_version"]
    if "event" in props and error.get("allowed_events"):
        body["event"] = error["allowed_events"][0]
    return body


def test_every_api_body_takes_bad_input(app, client, demo):
    users = probe.users()
    ids = probe.first_ids(demo["52"].id)
    operations = _api_operations(app, client, ids, demo["52"])
    tokens = {role: probe.sign_in(client, users[role]) for role in ("coordinator", "admin")}
    problems: list[str] = []
    for method, url, props in sorted(operations, key=lambda o: "delete" in o[1]):
        headers = {} if url == "/api/v1/auth/token" else tokens["coordinator"]
        body = _valid_body(client, method, url, props, ids, headers)
        if body is None:
            headers = tokens["admin"]
            body = _valid_body(client, method, url, props, ids, headers) or {}
        for name in props:
            for label, value in _bad_json_values().items():
                data = json.dumps(body | {name: value}, ensure_ascii=True)
                response = client.open(
                    url,
                    method=method.upper(),
                    data=data,
                    content_type="application/json",
                    headers=headers,
                )
                problems += _five_hundreds(response, f"{method.upper()} {url} {name}={label}")
    assert len(operations) >= 40
    assert problems == [], "\n".join(problems)


def test_every_list_takes_bad_query_arguments(app, client, demo):
    users = probe.users()
    ids = probe.first_ids(demo["52"].id)
    _, queries = crawl(app, client, users, ids, demo["52"])
    spec = client.get("/api/v1/openapi.json").json
    for path, methods in spec["paths"].items():
        names = {p["name"] for p in (methods.get("get") or {}).get("parameters", [])}
        target = re.sub(r"{(\w+)}", lambda m: str(ids.get(m[1], 1)), path)
        queries.setdefault(target, set()).update(n for n in names if n)
    headers = probe.sign_in(client, users["admin"])
    problems: list[str] = []
    for rule in probe.routes(app):
        path = probe.url(rule, ids, demo["52"])
        if path is None or rule.endpoint in NOT_PROBED:
            continue
        for name in sorted(queries.get(path, set()) | {"page"}):
            for label, value in BAD_QUERY.items():
                response = client.get(path, query_string={name: value}, headers=headers)
                problems += _five_hundreds(response, f"GET {path}?{name}={label}")
    assert problems == [], "\n".join(problems)


def test_form_pages_only_for_who_may_submit(app, client, demo):
    """A page never shows a role a form (posting to the page itself) whose submission would
    be a 403 for that role: it answers 403 itself, or shows the page without the form."""
    users = probe.users()
    ids = probe.first_ids(demo["52"].id)
    forms = [
        rule
        for rule in probe.routes(app, "POST")
        if "GET" in rule.methods and not rule.rule.startswith("/api/")
    ]
    problems = []
    for role in probe.ROLES:
        probe.sign_in(client, users[role])
        for rule in forms:
            path = probe.url(rule, ids, demo["52"])
            if path is None:
                continue
            page = client.get(path)
            own = [
                form
                for form in page_forms(page.get_data(as_text=True))
                if form["method"] == "post" and form["action"].split("?")[0] in ("", path)
            ]
            if page.status_code != 200 or not own:
                continue
            body = form_body(baseline(own[0]["fields"], ids))
            if client.post(path, data=body, content_type=FORM).status_code == 403:
                problems.append(f"{role} {path}: the form is shown, its submission refused")
    assert problems == [], "\n".join(problems)
