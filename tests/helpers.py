"""Builders and helpers shared by the tests: apps outside the `app` fixture, rows made with the
factories of tests/factories.py, calls to the API, workbooks and browser pages. Fixtures live
in the conftest.py files. Builders commit, so that what they make outlives a request that rolls
the shared session back."""

import datetime as dt
import io
import re
import socket

import openpyxl
import sqlalchemy as sa
from flask import has_app_context

from cxflow.app import create_app
from cxflow.config import TestConfig
from cxflow.core.extensions import db
from cxflow.notifications.models import Notification
from cxflow.solutions.search import index_solution
from tests import factories

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
EVIL = '=HYPERLINK("http://evil","x")'  # user text a spreadsheet must never run as a formula
TUESDAY, FRIDAY = dt.date(2026, 3, 17), dt.date(2026, 3, 20)  # the reminders' working week
EN = {"Accept-Language": "en"}


# --- apps ------------------------------------------------------------------------------------


def config_with(**overrides) -> dict:
    """TestConfig as a dict, with some settings replaced (for apps outside the `app` fixture)."""
    return {k: getattr(TestConfig, k) for k in dir(TestConfig) if k.isupper()} | overrides


def demo_app(database_path, password: str, **overrides):
    """An app on a SQLite file holding the demo data (for a live server or a worker)."""
    app = create_app(config_with(SQLALCHEMY_DATABASE_URI=f"sqlite:///{database_path}", **overrides))
    with app.app_context():
        db.create_all()
        from cxflow.demo import seed_demo

        seed_demo(password)
        db.session.commit()
    return app


def wait_for_mail(app, timeout: float = 30) -> None:
    """Wait until this process's background e-mail sender (no Redis, a database with a pool)
    has sent what was committed so far; on the in-memory SQLite database mail is sent at once."""
    sender = app.extensions.get("cxflow_mail_sender")
    if sender is not None:
        assert sender.wait_idle(timeout), "the e-mail sender did not finish"
    if has_app_context():
        db.session.expire_all()  # read what the sender committed


def free_port() -> int:
    """A TCP port of 127.0.0.1 nobody listens on (for a test's own server)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


# --- rows ------------------------------------------------------------------------------------


def count_rows(model) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(model))


def make_activity(region, user, due, status="planned", number="1.1", title="Провести опрос"):
    """A roadmap activity of a new pilot of `region`, `user` responsible (None: nobody)."""
    pilot = factories.PilotFactory(region=region, title="Пилот", start_date=dt.date(2026, 1, 12))
    activity = factories.ActivityFactory(
        pilot=pilot, responsible_user=user, due_date=due, status=status, number=number, title=title
    )
    db.session.commit()
    return activity


def at_stage(pilot, stage: str) -> None:
    """Put `pilot` at a stage of the CX cycle, as if it had moved there."""
    pilot.stage = stage
    db.session.commit()


def quick_win(pilot, due, **fields):
    """A quick win of `pilot` due on `due` (None with `ongoing=True`)."""
    solution = factories.SolutionFactory(pilot=pilot, due_date=due, **fields)
    db.session.commit()
    return solution


def add_solution(pilot, text, *, stage="Поиск информации", pain="", planned="", **fields):
    """A solution of `pilot` at a new stage (and pain point), indexed for the knowledge bank."""
    stage_row = factories.StageFactory(journey__pilot=pilot, title=stage)
    pain_row = factories.PainPointFactory(stage=stage_row, description=pain) if pain else None
    solution = factories.SolutionFactory(
        pilot=pilot,
        stage=stage_row,
        pain_point=pain_row,
        solution=text,
        planned_result=planned,
        **fields,
    )
    index_solution(solution)
    db.session.commit()
    return solution


def before_and_after(stage, before: float, after: float, after_period, sample_sizes=(120, 120)):
    """Two measurements of `stage`: `before` in September 2026 (the factory's period) and
    `after` from the first to the last day of `after_period`."""
    first = factories.MeasurementFactory(stage=stage, value=before, sample_size=sample_sizes[0])
    start, end = after_period
    second = factories.MeasurementFactory(
        stage=stage, value=after, sample_size=sample_sizes[1], period_start=start, period_end=end
    )
    db.session.commit()
    return first, second


def inbox(user=None) -> list[Notification]:
    """Every notification (of `user`), oldest first."""
    stmt = sa.select(Notification).order_by(Notification.id)
    if user is not None:
        stmt = stmt.where(Notification.user_id == user.id)
    return list(db.session.scalars(stmt))


def clock_at(day: dt.date):
    """A region clock for the reminders: `day` in every time zone."""
    return lambda _timezone: day


# --- the API ---------------------------------------------------------------------------------


def api_error(response, status, code):
    """The error of API.md, checked for its status, shape and code."""
    assert response.status_code == status, response.get_data(as_text=True)
    body = response.json
    assert set(body) == {"error"}
    assert {"code", "message", "fields"} <= set(body["error"])
    assert body["error"]["code"] == code
    return body["error"]


def item_ids(response) -> list[int]:
    """The ids of a list's items, in the order given."""
    assert response.status_code == 200, response.get_data(as_text=True)
    return [item["id"] for item in response.json["items"]]


def error_fields(response, status=422) -> dict:
    assert response.status_code == status, response.get_data(as_text=True)
    return response.json["error"]["fields"]


def create_pilot(api, region, start="2026-02-02", **fields) -> dict:
    """A journey pilot of `region` made through the API, its roadmap from journey-2021."""
    body = {
        "region_id": region.id,
        "direction": "journey",
        "title": "Путь клиента — инвалиды",
        "template": "journey-2021",
        "start_date": start,
    }
    response = api.post("/api/v1/pilots", json=body | fields)
    assert response.status_code == 201, response.json
    return response.json


def by_number(pilot: dict) -> dict:
    """A pilot's roadmap lines by their number ("2.1")."""
    return {a["number"]: a for a in pilot["activities"]}


def solution_body(stage, **fields) -> dict:
    """A row of the solution map at `stage`: a quick win due 15.12.2026."""
    return {
        "stage_id": stage.id,
        "solution": "Вкладка «Услуги для лиц с инвалидностью» на сайте",
        "planned_result": "Информация доступна",
        "owner": "Отдел ИТ",
        "due_date": "2026-12-15",
        "quick_win": True,
    } | fields


def create_solution(api, pilot, stage, **fields) -> dict:
    response = api.post(f"/api/v1/pilots/{pilot.id}/solutions", json=solution_body(stage, **fields))
    assert response.status_code == 201, response.json
    return response.json


def solution_event(api, solution_id, event, **extra):
    """Fire a lifecycle event of a solution (start, complete, reopen, cancel)."""
    return api.post(f"/api/v1/solutions/{solution_id}/transitions", json={"event": event} | extra)


# --- pages -----------------------------------------------------------------------------------


def page_html(client, url, status=200) -> str:
    response = client.get(url)
    assert response.status_code == status, response.get_data(as_text=True)[:2000]
    return response.get_data(as_text=True)


def page_text(html: str) -> str:
    """The page's text, roughly as a screen reader reads it: tags as spaces, spaces collapsed."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


# --- workbooks -------------------------------------------------------------------------------


def xlsx_sheet(response):
    """The active sheet of a downloaded workbook."""
    assert response.status_code == 200, response.get_data(as_text=True)
    assert response.mimetype == XLSX
    assert response.headers["Content-Disposition"].startswith("attachment;")
    return openpyxl.load_workbook(io.BytesIO(response.data)).active


# --- browser pages ---------------------------------------------------------------------------


def pilot_tab(page, name: str) -> None:
    """Open a section of the pilot from its tabs, in either language."""
    page.get_by_role("navigation", name=re.compile("Pilot sections|Разделы пилота")).get_by_role(
        "link", name=name
    ).click()


def survey_body(respondent: str = "seeker", **answers) -> dict:
    """A complete, valid survey response (seed 002 App. 6/7); keyword arguments replace
    answers (`q5=3`), `profile=` and `comment=` the rest."""
    profile = answers.pop("profile", None) or (
        {"sex": "female", "age": "50_59", "categories": ["pre_retirement"]}
        if respondent == "seeker"
        else {"ownership": "private", "size": "16_100", "categories": ["seasonal"]}
    )
    comment = answers.pop("comment", None)
    base = {f"q{n}": 8 for n in range(1, 12)} | {
        "q4": "yes",
        "q12": {"used": False, "score": None},
        "q13": {"used": True, "score": 9},
        "q14": "office",
        "q15": {"office": 9, "website": None, "social": None, "contact_center": 7},
    }
    return {"respondent": respondent, "answers": base | answers, "profile": profile} | (
        {"comment": comment} if comment is not None else {}
    )
