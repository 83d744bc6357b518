"""Consultation log pages and services: asking, answering, SLA boundaries, scoping, search."""

import datetime as dt
import io

import pytest
import sqlalchemy as sa
from openpyxl import load_workbook

from cxflow.consultations import services
from cxflow.consultations.models import Consultation
from cxflow.core.extensions import db
from cxflow.notifications.models import Notification

FRIDAY = dt.date(2026, 11, 20)  # deadline with 3 working days: Wednesday 25.11


def _question(world, received_on=FRIDAY, region=None, **extra) -> Consultation:
    data = {
        "direction": "journey",
        "region_id": (region or world.r52).id,
        "question": "Как провести замеры клиентского опыта людей с инвалидностью?",
        "received_on": received_on,
        **extra,
    }
    consultation = services.create_consultation(world.regional_coordinator, data)
    db.session.commit()
    return consultation


def _answered(world, consultation, answered_on) -> Consultation:
    services.answer(world.federal_consultant, consultation, answer="Ответ", answered_on=answered_on)
    db.session.commit()
    return consultation


@pytest.mark.parametrize(
    ("today", "breached"),
    [(dt.date(2026, 11, 25), False), (dt.date(2026, 11, 26), True)],
)
def test_an_unanswered_question_is_breached_after_its_deadline(world, today, breached):
    consultation = _question(world)
    assert services.annotate([consultation], today)[0].sla_deadline == dt.date(2026, 11, 25)
    assert consultation.breached is breached
    stmt = services.list_consultations(world.admin, services.Filters(breached=True), today)
    assert (db.session.scalars(stmt).all() == [consultation]) is breached
    assert (services.breached_open_questions(today) == [consultation]) is breached


@pytest.mark.parametrize(
    ("answered_on", "breached"),
    [(dt.date(2026, 11, 25), False), (dt.date(2026, 11, 26), True)],
)
def test_an_answer_after_the_deadline_is_breached(world, answered_on, breached):
    consultation = _answered(world, _question(world), answered_on)
    later = dt.date(2026, 12, 31)
    assert services.annotate([consultation], later)[0].breached is breached
    stmt = services.list_consultations(world.admin, services.Filters(breached=True), later)
    assert (db.session.scalars(stmt).all() == [consultation]) is breached
    assert services.breached_open_questions(later) == []


def test_the_sla_comes_from_the_configuration(app, world):
    consultation = _question(world)
    app.config["CONSULTATION_SLA_WORKING_DAYS"] = 5
    assert services.annotate([consultation])[0].sla_deadline == dt.date(2026, 11, 27)


def test_a_recorded_consultation_has_no_sla(world):
    data = {
        "kind": "consultation",
        "direction": "culture",
        "region_id": world.r52.id,
        "other_region_ids": [world.r74.id],
        "topic": "Кодекс этики",
        "question": "Обсуждение кодекса этики нового сотрудника СЗН",
        "received_on": dt.date(2026, 1, 12),
    }
    consultation = services.create_consultation(world.federal_consultant, data)
    db.session.commit()
    assert services.annotate([consultation])[0].breached is False
    assert services.breached_open_questions(dt.date(2026, 11, 23)) == []
    assert db.session.scalar(sa.select(sa.func.count(Notification.id))) == 0


def test_search_folds_cyrillic_case_on_every_database(world):
    target = _question(world, topic="Замеры")
    _question(world, question="Порядок утверждения дорожной карты")
    for query in ("инвалид", "ИНВАЛИДНОСТЬЮ", "замеры Инвалид"):
        stmt = services.list_consultations(world.admin, services.Filters(q=query))
        assert db.session.scalars(stmt).all() == [target], query
    stmt = services.list_consultations(world.admin, services.Filters(q="%_'\\"))
    assert db.session.scalars(stmt).all() == []


def test_ask_a_question_page(world, client, auth):
    auth.login(world.working_group_member)
    page = client.get("/consultations/new")
    assert page.status_code == 200 and 'for="question"' in page.get_data(as_text=True)
    empty = client.post(
        "/consultations/new",
        data={"region_id": world.r52.id, "direction": "journey", "received_on": "2026-11-20"},
    )
    assert empty.status_code == 422 and 'aria-invalid="true"' in empty.get_data(as_text=True)
    other = client.post(
        "/consultations/new",
        data={
            "region_id": world.r74.id,
            "direction": "journey",
            "received_on": "2026-11-20",
            "question": "Вопрос",
        },
    )
    assert other.status_code == 422
    sent = client.post(
        "/consultations/new",
        data={
            "region_id": world.r52.id,
            "direction": "journey",
            "received_on": "2026-11-20",
            "question": "Как оформить карту решений?",
            "attachments": (io.BytesIO(b"%PDF-1.4 test"), "Карта решений.pdf"),
        },
        content_type="multipart/form-data",
    )
    assert sent.status_code == 302, sent.get_data(as_text=True)
    consultation = db.session.scalar(sa.select(Consultation))
    assert consultation.asked_by_id == world.working_group_member.id
    detail = client.get(sent.location).get_data(as_text=True)
    assert "Как оформить карту решений?" in detail and "Карта решений.pdf" in detail
    download = client.get(f"/consultations/attachments/{consultation.attachments[0].id}")
    assert download.status_code == 200 and download.data.startswith(b"%PDF")
    auth.logout()
    auth.login(world.coordinator74)
    assert client.get(f"/consultations/{consultation.id}").status_code == 404
    attachment_url = f"/consultations/attachments/{consultation.attachments[0].id}"
    assert client.get(attachment_url).status_code == 404


def test_a_refused_question_leaves_none_of_its_files_on_disk(app, world, client, auth, tmp_path):
    """#18 defect 12: one valid attachment and one .exe: 422, and the valid file, written
    before the .exe was refused, is deleted with the rolled-back transaction."""
    app.config["UPLOAD_FOLDER"] = str(tmp_path)
    auth.login(world.working_group_member)
    refused = client.post(
        "/consultations/new",
        data={
            "region_id": world.r52.id,
            "direction": "journey",
            "received_on": "2026-11-20",
            "question": "Вопрос с вложениями",
            "attachments": [
                (io.BytesIO(b"%PDF-1.4 test"), "Карта решений.pdf"),
                (io.BytesIO(b"MZ\x90\x00"), "setup.exe"),
            ],
        },
        content_type="multipart/form-data",
    )
    assert refused.status_code == 422
    assert "attachments" in refused.get_data(as_text=True)
    assert db.session.scalar(sa.select(sa.func.count(Consultation.id))) == 0
    assert [p for p in tmp_path.rglob("*") if p.is_file()] == []


def test_answer_and_close_on_the_detail_page(world, client, auth):
    consultation = _question(world)
    auth.login(world.federal_consultant)
    url = f"/consultations/{consultation.id}"
    assert 'name="answered_on"' in client.get(url).get_data(as_text=True)
    early = client.post(
        f"{url}/answer", data={"answer": "Ответ", "answered_on": "2026-11-19", "version": 1}
    )
    assert early.status_code == 422 and 'id="answered_on-error"' in early.get_data(as_text=True)
    stale = client.post(
        f"{url}/answer", data={"answer": "Ответ", "answered_on": "2026-11-24", "version": 7}
    )
    assert stale.status_code == 422 and consultation.status == "open"
    done = client.post(
        f"{url}/answer", data={"answer": "Ответ", "answered_on": "2026-11-24", "version": 1}
    )
    assert done.status_code == 302
    page = client.get(url).get_data(as_text=True)
    assert "24.11.2026" in page and "Ответ" in page
    client.post(f"{url}/transitions", data={"event": "close"})
    refused = client.post(f"{url}/transitions", data={"event": "reopen"}, follow_redirects=True)
    assert refused.status_code == 200
    db.session.refresh(consultation)
    assert consultation.status == "closed"
    client.post(f"{url}/transitions", data={"event": "reopen", "comment": "Неполный ответ"})
    db.session.refresh(consultation)
    assert consultation.status == "open" and consultation.answered_on is None
    history = [(r.from_state, r.to_state) for r in services.history(consultation)]
    assert history == [("open", "answered"), ("answered", "closed"), ("closed", "open")]


def test_regional_users_cannot_answer_or_record(world, client, auth):
    consultation = _question(world)
    auth.login(world.regional_coordinator)
    assert 'name="answered_on"' not in client.get(f"/consultations/{consultation.id}").text
    answer = client.post(
        f"/consultations/{consultation.id}/answer",
        data={"answer": "x", "answered_on": "2026-11-24", "version": 1},
    )
    assert answer.status_code == 403
    assert client.get("/consultations/record").status_code == 403


def test_record_a_consultation_for_two_regions(world, client, auth):
    auth.login(world.federal_consultant)
    assert client.get("/consultations/new").status_code == 403
    response = client.post(
        "/consultations/record",
        data={
            "region_id": world.r52.id,
            "other_region_ids": [world.r74.id],
            "direction": "culture",
            "received_on": "2026-11-20",
            "topic": "Ценности СЗН",
            "question": "Стратегическая сессия по ценностям",
        },
    )
    assert response.status_code == 302
    auth.logout()
    for user in (world.coordinator74, world.regional_coordinator):
        auth.login(user)
        assert "Ценности СЗН" in client.get("/consultations/").text
        auth.logout()


def test_list_page_filters_and_highlights_breaches(world, client, auth):
    late = _question(world, received_on=dt.date(2026, 1, 12), topic="Просроченный")
    _question(world, received_on=services.moscow_today(), topic="Свежий")
    auth.login(world.manager)
    page = client.get("/consultations/").text
    assert "Просроченный" in page and "Свежий" in page and "table-danger" in page
    breached = client.get("/consultations/?breached=true&direction=nonsense").text
    assert "Просроченный" in breached and "Свежий" not in breached
    searched = client.get("/consultations/?q=%25_%27%5C").text
    assert "Просроченный" not in searched
    auth.logout()
    auth.login(world.coordinator74)
    assert "Просроченный" not in client.get("/consultations/").text
    assert client.get(f"/consultations/{late.id}").status_code == 404


def test_export_and_stats_pages(world, client, auth):
    _answered(world, _question(world, topic="=1+2"), dt.date(2026, 11, 24))
    _question(world, received_on=dt.date(2026, 10, 1))
    auth.login(world.regional_coordinator)
    response = client.get("/consultations/export.xlsx?received_from=2026-11-01")
    ws = load_workbook(io.BytesIO(response.data)).active
    rows = list(ws.iter_rows(values_only=True))
    assert len(rows) == 2 and rows[1][4].startswith("=1+2\n") and rows[1][6] == "Ответ"
    stats = client.get("/consultations/stats")
    text = stats.get_data(as_text=True)
    assert stats.status_code == 200 and "11.2026" in text and "10.2026" in text
    report = services.statistics(world.regional_coordinator, services.Filters())
    assert report["total"].count == 2 and report["total"].mean_response_days == 2.0
