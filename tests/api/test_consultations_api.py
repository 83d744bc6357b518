"""The consultation log through the API: asking, answering, scoping, SLA, search, export, stats."""

import datetime as dt
import io

import sqlalchemy as sa
from openpyxl import load_workbook

from cxflow.consultations import services
from cxflow.consultations.models import Consultation
from cxflow.core.extensions import db
from cxflow.notifications.models import Notification
from cxflow.workflows.models import TransitionRecord
from tests.helpers import api_error, count_rows


def _ask(api, world, region=None, **extra):
    body = {
        "direction": "journey",
        "region_id": (region or world.r52).id,
        "question": "Как описать путь клиента с инвалидностью?",
        "received_on": "2026-11-20",
        **extra,
    }
    return api.post("/api/v1/consultations", json=body)


def _asked(api, world, **extra) -> dict:
    response = _ask(api, world, **extra)
    assert response.status_code == 201, response.json
    return response.json


def _answer(api, consultation_id, answered_on, **extra):
    body = {"answer": "Опишите стадии и точки касания.", "answered_on": answered_on, **extra}
    return api.post(f"/api/v1/consultations/{consultation_id}/answer", json=body)


def test_a_region_asks_and_the_consultants_are_notified(world, api):
    created = _asked(api.as_(world.regional_coordinator), world)
    assert created["answered_on"] is None and created["response_days"] is None
    assert created["status"] == "open" and created["kind"] == "question"
    assert created["region_code"] == "52"
    assert created["asked_by_id"] == world.regional_coordinator.id
    notes = db.session.scalars(sa.select(Notification)).all()
    assert [(n.user_id, n.kind, n.dedup_key, n.link) for n in notes] == [
        (
            world.federal_consultant.id,
            "new_question",
            f"question:{created['id']}",
            f"/consultations/{created['id']}",
        )
    ]


def test_bad_questions_are_refused_and_nothing_is_saved(world, api):
    api.as_(world.regional_coordinator)
    assert (
        "question" in api_error(_ask(api, world, question="  "), 422, "validation_error")["fields"]
    )
    unknown = _ask(api, world, region_id=99999)
    assert "region_id" in api_error(unknown, 422, "validation_error")["fields"]
    other = api_error(_ask(api, world, region=world.r74), 422, "validation_error")
    assert (
        other["fields"]["region_id"]
        == api_error(unknown, 422, "validation_error")["fields"]["region_id"]
    )  # the same message: another region's existence is not revealed
    several = _ask(api, world, other_region_ids=[world.r74.id])
    assert "other_region_ids" in api_error(several, 422, "validation_error")["fields"]
    assert count_rows(Consultation) == 0
    assert db.session.scalar(sa.select(sa.func.count(Notification.id))) == 0


def test_roles_that_may_not_ask_or_record(world, api):
    assert _ask(api.as_(world.federal_consultant), world).status_code == 403
    record = _ask(api.as_(world.regional_coordinator), world, kind="consultation", topic="КПЭ")
    assert record.status_code == 403


def test_answer_date_before_the_question_is_refused(world, api):
    created = _asked(api.as_(world.working_group_member), world)
    api.as_(world.federal_consultant)
    bad = _answer(api, created["id"], "2026-11-19")
    assert list(api_error(bad, 422, "validation_error")["fields"]) == ["answered_on"]
    empty = _answer(api, created["id"], "2026-11-20", answer="")
    assert "answer" in api_error(empty, 422, "validation_error")["fields"]
    again = api.get(f"/api/v1/consultations/{created['id']}").json
    assert again["status"] == "open" and again["answer"] == "" and again["version"] == 1


def test_answer_counts_working_days_and_notifies_the_asker(world, api):
    created = _asked(api.as_(world.regional_coordinator), world)
    assert _answer(api, created["id"], "2026-11-24").status_code == 403  # not a consultant
    api.as_(world.federal_consultant)
    answered = _answer(api, created["id"], "2026-11-24", version=created["version"])
    assert answered.status_code == 200, answered.json
    body = answered.json
    # received Friday 20.11, answered Tuesday 24.11: Monday and Tuesday count, the weekend not
    assert body["response_days"] == 2 and body["status"] == "answered"
    assert body["consultant_id"] == world.federal_consultant.id
    note = db.session.scalar(
        sa.select(Notification).where(Notification.user_id == world.regional_coordinator.id)
    )
    assert note.kind == "answer" and note.dedup_key.startswith(f"answer:{created['id']}:v")
    assert api_error(_answer(api, created["id"], "2026-11-25"), 409, "conflict")


def test_same_day_and_holiday_response_days(world, api):
    api.as_(world.regional_coordinator)
    same = _asked(api, world, received_on="2026-11-20")
    holiday = _asked(api, world, received_on="2026-11-03")
    api.as_(world.federal_consultant)
    assert _answer(api, same["id"], "2026-11-20").json["response_days"] == 0
    # 04.11 is the Day of National Unity: only 05.11 counts
    assert _answer(api, holiday["id"], "2026-11-05").json["response_days"] == 1


def test_stale_version_is_a_conflict(world, api):
    created = _asked(api.as_(world.regional_coordinator), world)
    api.as_(world.federal_consultant)
    stale = _answer(api, created["id"], "2026-11-20", version=created["version"] + 1)
    assert api_error(stale, 409, "conflict")["current_version"] == created["version"]
    assert api.get(f"/api/v1/consultations/{created['id']}").json["status"] == "open"


def test_region_scoping(world, api):
    question = _asked(api.as_(world.regional_coordinator), world)
    recorded = _asked(
        api.as_(world.federal_consultant),
        world,
        kind="consultation",
        topic="Обратная связь по карте решений",
        other_region_ids=[world.r74.id, world.r52.id],
    )
    assert recorded["other_region_codes"] == ["74"] and recorded["asked_by_id"] is None
    api.as_(world.coordinator74)
    items = api.get("/api/v1/consultations").json["items"]
    assert [i["id"] for i in items] == [recorded["id"]]
    assert api.get(f"/api/v1/consultations/{question['id']}").status_code == 404
    assert api.get(f"/api/v1/consultations/{recorded['id']}").status_code == 200
    api.as_(world.manager)
    assert {i["id"] for i in api.get("/api/v1/consultations").json["items"]} == {
        question["id"],
        recorded["id"],
    }
    api.as_(world.admin)
    by_74 = api.get("/api/v1/consultations?region_code=74").json
    assert by_74["total"] == 1 and by_74["items"][0]["id"] == recorded["id"]
    assert api.get("/api/v1/consultations?region_code=99").json["total"] == 0


def test_filters_and_breached(world, api):
    today = services.moscow_today()
    api.as_(world.regional_coordinator)
    old = _asked(api, world, received_on="2026-01-12")
    fresh = _asked(api, world, received_on=today.isoformat(), direction="culture")
    listed = api.get("/api/v1/consultations?breached=true").json
    assert [i["id"] for i in listed["items"]] == [old["id"]] and listed["items"][0]["breached"]
    unanswered = api.get("/api/v1/consultations?unanswered=true").json
    assert unanswered["total"] == 2
    culture = api.get("/api/v1/consultations?direction=culture").json["items"]
    assert [i["id"] for i in culture] == [fresh["id"]] and culture[0]["breached"] is False
    period = api.get("/api/v1/consultations?received_from=2026-01-01&received_to=2026-01-31")
    assert [i["id"] for i in period.json["items"]] == [old["id"]]
    api.as_(world.federal_consultant)
    _answer(api, old["id"], "2026-01-14")  # within 3 working days
    assert api.get("/api/v1/consultations?breached=true").json["total"] == 0
    assert api.get("/api/v1/consultations?status=answered").json["total"] == 1


def test_search_is_case_insensitive_and_never_fails(world, api):
    api.as_(world.regional_coordinator)
    target = _asked(api, world)
    _asked(api, world, question="Как утвердить дорожную карту?", topic="Приказ")
    for query in ("инвалид", "ИНВАЛИД", "путь инвалид", "Клиента"):
        found = api.get("/api/v1/consultations", query_string={"q": query}).json
        assert [i["id"] for i in found["items"]] == [target["id"]], query
    for query in ("%_'\\", "%", "_", "'; DROP TABLE consultations; --", "я" * 5000, "a\x00b"):
        response = api.get("/api/v1/consultations", query_string={"q": query})
        assert response.status_code == 200 and response.json["total"] == 0, query
    many = api.get("/api/v1/consultations", query_string={"q": "путь " * 300})
    assert many.status_code == 200 and many.json["total"] == 1
    blank = api.get("/api/v1/consultations", query_string={"q": " \x00 "})
    assert blank.status_code == 200 and blank.json["total"] == 2


def test_transitions_keep_history(world, api):
    created = _asked(api.as_(world.regional_coordinator), world)
    url = f"/api/v1/consultations/{created['id']}/transitions"
    assert api.post(url, json={"event": "close"}).status_code == 403
    api.as_(world.federal_consultant)
    assert api_error(api.post(url, json={"event": "close"}), 409, "conflict")
    assert api_error(api.post(url, json={"event": "answer"}), 422, "validation_error")
    _answer(api, created["id"], "2026-11-23")
    assert api.post(url, json={"event": "close"}).json["status"] == "closed"
    no_reason = api.post(url, json={"event": "reopen"})
    assert "comment" in api_error(no_reason, 422, "validation_error")["fields"]
    reopened = api.post(url, json={"event": "reopen", "comment": "Уточнить ответ"}).json
    assert reopened["status"] == "open" and reopened["answered_on"] is None
    assert [(h["from_state"], h["to_state"], h["comment"]) for h in reopened["history"]] == [
        ("open", "answered", ""),
        ("answered", "closed", ""),
        ("closed", "open", "Уточнить ответ"),
    ]
    assert all(h["actor"] == world.federal_consultant.full_name for h in reopened["history"])
    records = db.session.scalars(sa.select(TransitionRecord)).all()
    assert {r.workflow for r in records} == {"consultation"} and len(records) == 3


def test_export_has_the_app_4_columns_and_no_formulas(world, api):
    api.as_(world.regional_coordinator)
    created = _asked(api, world, question='=HYPERLINK("http://evil","x")', topic="@SUM(A1)")
    _asked(api, world, region=None, received_on="2026-10-01", direction="culture")
    api.as_(world.federal_consultant)
    _answer(api, created["id"], "2026-11-24", answer="+cmd|' /C calc'!A0")
    response = api.get("/api/v1/consultations/export.xlsx?direction=journey")
    assert response.status_code == 200 and "spreadsheetml" in response.content_type
    ws = load_workbook(io.BytesIO(response.data)).active
    rows = list(ws.iter_rows(values_only=True))
    assert rows[0] == (
        "№ п/п",
        "Направление пилотной апробации",
        "Субъект РФ",
        "Дата поступления вопроса",
        "Вопрос",
        "Дата ответа на вопрос",
        "Ответ",
    )
    assert len(rows) == 2  # the direction filter applies
    assert rows[1][0] == 1 and rows[1][1] == "Совершенствование пути клиента"
    assert rows[1][2] == "52 Нижегородская область"
    assert rows[1][3] == dt.datetime(2026, 11, 20) and rows[1][5] == dt.datetime(2026, 11, 24)
    assert rows[1][4] == '@SUM(A1)\n=HYPERLINK("http://evil","x")'
    cells = next(ws.iter_rows(min_row=2))
    assert all(c.data_type == "s" for c in (cells[4], cells[6]))
    assert cells[3].number_format == "DD.MM.YYYY"
    assert rows[1][6] == "+cmd|' /C calc'!A0"
    api.as_(world.coordinator74)
    outside = load_workbook(io.BytesIO(api.get("/api/v1/consultations/export.xlsx").data))
    assert len(list(outside.active.iter_rows())) == 1  # only the header


def test_stats(world, api):
    api.as_(world.regional_coordinator)
    a = _asked(api, world, received_on="2026-10-05", topic="Карта решений")
    b = _asked(api, world, received_on="2026-10-06", topic="карта  решений")
    _asked(api, world, received_on="2026-01-12", direction="culture")  # unanswered, breached
    api.as_(world.federal_consultant)
    _answer(api, a["id"], "2026-10-05")  # 0 days
    _answer(api, b["id"], "2026-10-12")  # Wed 7, Thu 8, Fri 9, Mon 12: 4 days, late
    _asked(api, world, kind="consultation", topic="Вебинар", other_region_ids=[world.r74.id])
    stats = api.get("/api/v1/consultations/stats").json
    assert stats["total"]["count"] == 4 and stats["total"]["answered"] == 2
    assert stats["total"]["mean_response_days"] == 2.0 and stats["total"]["breached"] == 2
    months = {g["key"]: g["count"] for g in stats["by_month"]}
    assert months == {"2026-01": 1, "2026-10": 2, "2026-11": 1}
    regions = {g["key"]: g["count"] for g in stats["by_region"]}
    assert regions == {"52": 4, "74": 1}
    directions = {g["key"]: (g["count"], g["breached"]) for g in stats["by_direction"]}
    assert directions == {"journey": (3, 1), "culture": (1, 1)}
    assert stats["by_topic"][0]["key"] == "карта решений" and stats["by_topic"][0]["count"] == 2
    api.as_(world.coordinator74)
    assert api.get("/api/v1/consultations/stats").json["total"]["count"] == 1


def test_a_corrected_answer_is_notified_again(world, api):
    from cxflow.notifications.models import Notification

    api.as_(world.working_group_member)
    question = api.post(
        "/api/v1/consultations",
        json={
            "direction": "journey",
            "region_id": world.r52.id,
            "question": "Сколько портретов?",
            "received_on": "2026-11-20",
        },
    ).json
    api.as_(world.federal_consultant)
    url = f"/api/v1/consultations/{question['id']}"
    api.post(url + "/answer", json={"answer": "Один.", "answered_on": "2026-11-23"})
    api.post(url + "/transitions", json={"event": "reopen", "comment": "Уточнение"})
    api.post(url + "/answer", json={"answer": "Один на группу.", "answered_on": "2026-11-23"})
    answers = db.session.scalars(
        sa.select(Notification).where(
            Notification.user_id == world.working_group_member.id, Notification.kind == "answer"
        )
    )
    assert len(list(answers)) == 2
