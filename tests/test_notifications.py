"""Reminders, digests and e-mails (eager Celery) against a real local SMTP server; pages, API."""

import datetime as dt
import sys
import types
from email import message_from_bytes

import pytest
from aiosmtpd.controller import Controller

from cxflow.consultations import tasks as consultation_tasks
from cxflow.consultations.tasks import send_sla_alerts
from cxflow.core.clock import region_today
from cxflow.core.extensions import db
from cxflow.notifications import reminders
from cxflow.notifications.models import Notification
from cxflow.notifications.services import notify, set_email_preferences
from cxflow.notifications.tasks import (
    send_deadline_reminders,
    send_email,
    send_manager_digests,
    send_overdue_digests,
)
from cxflow.pilots.models import Direction
from tests.factories import UserFactory
from tests.helpers import (
    FRIDAY,
    TUESDAY,
    clock_at,
    free_port,
    inbox,
    make_activity,
    wait_for_mail,
)


class Mailbox:
    """An aiosmtpd handler keeping every accepted message; `refuse` answers 550 instead."""

    def __init__(self):
        self.messages = []
        self.refuse = False

    async def handle_DATA(self, server, session, envelope):
        if self.refuse:
            return "550 refused"
        self.messages.append(message_from_bytes(envelope.content))
        return "250 OK"

    def to(self, email: str) -> list:
        return [m for m in self.messages if m["To"] == email]


@pytest.fixture
def smtp(app):
    mailbox = Mailbox()
    controller = Controller(mailbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    app.config.update(
        MAIL_SERVER="127.0.0.1", MAIL_PORT=controller.port, MAIL_MAX_RETRIES=2, MAIL_RETRY_BACKOFF=0
    )
    try:
        yield mailbox
    finally:
        controller.stop()


# --- "N working days before" -------------------------------------------------------------------


def test_reminder_window_counts_working_days(app):
    # due Friday, N = 3: Tuesday, Wednesday, Thursday lie before it -> reminded on Tuesday
    assert reminders.reminder_window(TUESDAY, 3) == (FRIDAY, FRIDAY)
    # on Wednesday: Wed, Thu, Fri -> due Saturday to Monday (the next working day)
    assert reminders.reminder_window(dt.date(2026, 3, 18), 3) == (
        dt.date(2026, 3, 21),
        dt.date(2026, 3, 23),
    )
    assert reminders.reminder_window(dt.date(2026, 3, 21), 3) is None  # Saturday: never
    assert reminders.reminder_window(dt.date(2026, 3, 9), 3) is None  # moved 8 March
    # May 2026: 9-11 are days off. Due Wednesday 13 -> Thursday 7 (7, 8, 12 lie between).
    assert reminders.reminder_window(dt.date(2026, 5, 7), 3) == (
        dt.date(2026, 5, 13),
        dt.date(2026, 5, 13),
    )
    # on Wednesday 6 the next due dates up to Tuesday 12 (after the days off) are reminded
    assert reminders.reminder_window(dt.date(2026, 5, 6), 3) == (
        dt.date(2026, 5, 9),
        dt.date(2026, 5, 12),
    )


def test_deadline_reminders_ahead_and_on_the_day(world):
    member = world.working_group_member
    activity = make_activity(world.r52, member, FRIDAY)
    make_activity(world.r52, member, FRIDAY, status="done", number="1.2")
    make_activity(world.r52, None, FRIDAY, number="1.3")
    assert reminders.deadline_reminders(clock_at(dt.date(2026, 3, 16))) == 0  # Monday: 4 ahead
    assert reminders.deadline_reminders(clock_at(TUESDAY)) == 1
    assert reminders.deadline_reminders(clock_at(TUESDAY)) == 0  # same day again: nothing new
    assert reminders.deadline_reminders(clock_at(dt.date(2026, 3, 18))) == 0
    assert reminders.deadline_reminders(clock_at(FRIDAY)) == 1
    assert [n.dedup_key for n in inbox(member)] == [
        f"reminder:activity:{activity.id}:2026-03-20:ahead",
        f"reminder:activity:{activity.id}:2026-03-20:today",
    ]
    assert inbox(member)[0].link == f"/pilots/{activity.pilot_id}#activity-{activity.id}"
    activity.due_date = dt.date(2026, 3, 25)  # moved: reminded afresh
    assert reminders.deadline_reminders(clock_at(FRIDAY)) == 1


def test_reminder_days_come_from_config(app, world):
    app.config["REMINDER_WORKING_DAYS"] = 1
    make_activity(world.r52, world.working_group_member, FRIDAY)
    assert reminders.deadline_reminders(clock_at(dt.date(2026, 3, 19))) == 1  # Thursday


def test_today_is_the_regions_date(world):
    world.r74.timezone = "Asia/Yekaterinburg"
    user74 = UserFactory(region=world.r74)
    make_activity(world.r52, world.working_group_member, FRIDAY)
    make_activity(world.r74, user74, FRIDAY, number="2.1")
    by_zone = {"Europe/Moscow": dt.date(2026, 3, 19), "Asia/Yekaterinburg": FRIDAY}
    assert reminders.deadline_reminders(lambda zone: by_zone[zone]) == 1
    assert [n.dedup_key.endswith(":today") for n in inbox()] == [True]
    assert inbox()[0].user_id == user74.id


# --- digests -----------------------------------------------------------------------------------


def test_overdue_digest_once_a_day_per_user(world):
    member, coordinator = world.working_group_member, world.regional_coordinator
    make_activity(world.r52, member, dt.date(2026, 3, 2), number="1.1")
    make_activity(world.r52, member, dt.date(2026, 3, 5), number="1.2")
    make_activity(world.r52, member, dt.date(2026, 3, 5), status="cancelled", number="1.3")
    make_activity(world.r52, coordinator, FRIDAY, number="1.4")  # not late yet
    assert reminders.overdue_digests(clock_at(TUESDAY)) == 1
    assert reminders.overdue_digests(clock_at(TUESDAY)) == 0
    (digest,) = inbox(member)
    assert digest.dedup_key == "overdue-digest:2026-03-17"
    assert "1.1" in digest.body and "1.2" in digest.body and "1.3" not in digest.body
    assert reminders.overdue_digests(clock_at(dt.date(2026, 3, 18))) == 1  # next day: a new one


def test_manager_digest_once_a_week_with_the_regions_overdue(world):
    manager = world.manager
    make_activity(world.r52, world.working_group_member, dt.date(2026, 3, 2), title="Своё")
    make_activity(world.r74, world.coordinator74, dt.date(2026, 3, 2), title="Чужое")
    UserFactory(role="manager", region=world.r52, active=False)
    assert reminders.manager_digests(clock_at(dt.date(2026, 3, 9))) == 1  # Monday
    assert reminders.manager_digests(clock_at(dt.date(2026, 3, 11))) == 0  # same ISO week
    (digest,) = inbox(manager)
    assert digest.dedup_key == "manager-digest:2026-W11"
    assert "Своё" in digest.body and "Чужое" not in digest.body
    assert reminders.manager_digests(clock_at(dt.date(2026, 3, 16))) == 1


# --- SLA alerts --------------------------------------------------------------------------------


def test_sla_alerts_skip_without_the_consultations_service(app, monkeypatch):
    monkeypatch.setitem(
        sys.modules, "cxflow.consultations.services", types.ModuleType("placeholder")
    )
    assert consultation_tasks.sla_breach_alerts(TUESDAY) == 0


def test_consultants_lead_from_config_else_the_admins(app, world):
    assert consultation_tasks.consultants_leads() == [world.admin]
    app.config["CONSULTANTS_LEAD_EMAIL"] = world.federal_consultant.email.upper()
    assert consultation_tasks.consultants_leads() == [world.federal_consultant]


def test_sla_breach_alerts_the_lead_once(app, world):
    services = pytest.importorskip("cxflow.consultations.services")
    if not hasattr(services, "breached_open_questions"):
        pytest.skip("cxflow.consultations.services.breached_open_questions not written yet")
    from cxflow.consultations.models import Consultation

    app.config["CONSULTANTS_LEAD_EMAIL"] = world.federal_consultant.email
    question = Consultation(
        region_id=world.r52.id,
        kind="question",
        direction=Direction.journey,
        topic="Анкета",
        question="Как считать индекс?",
        received_on=dt.date(2026, 2, 2),
        asked_by_id=world.working_group_member.id,
        status="open",
    )
    db.session.add(question)
    db.session.flush()
    assert consultation_tasks.sla_breach_alerts(TUESDAY) == 1
    assert consultation_tasks.sla_breach_alerts(TUESDAY) == 0
    (alert,) = inbox(world.federal_consultant)
    assert alert.kind == "sla_breach" and alert.dedup_key == f"sla:{question.id}"


# --- the tasks with a real SMTP server ---------------------------------------------------------


def test_late_user_gets_one_reminder_and_one_digest_when_tasks_run_twice(app, world, smtp):
    member = world.working_group_member
    today = region_today(world.r52.timezone)
    make_activity(world.r52, member, today, number="1.1")
    make_activity(world.r52, member, today - dt.timedelta(days=10), number="1.2")
    db.session.commit()
    assert send_deadline_reminders.delay().get() == 1
    assert send_overdue_digests.delay().get() == 1
    assert send_deadline_reminders.delay().get() == 0
    assert send_overdue_digests.delay().get() == 0
    wait_for_mail(app)
    assert sorted(n.kind for n in inbox(member)) == [
        "deadline_reminder",
        "overdue_digest",
    ]
    assert {n.email_status for n in inbox(member)} == {"sent"}
    assert len(smtp.to(member.email)) == 2 and len(smtp.messages) == 2
    body = smtp.to(member.email)[0].get_payload(decode=True).decode()
    assert "http://127.0.0.1:5000/pilots/" in body  # the link is absolute in e-mails


def test_other_periodic_tasks_return_counts(app, world, smtp):
    make_activity(world.r52, world.working_group_member, dt.date(2026, 3, 2))
    db.session.commit()
    assert send_manager_digests.delay().get() == 1
    assert isinstance(send_sla_alerts.delay().get(), int)
    wait_for_mail(app)
    assert [m["To"] for m in smtp.messages] == [world.manager.email]


def test_preferences_off_means_in_app_only(world, smtp):
    member = world.working_group_member
    set_email_preferences(member, {"overdue_digest"})
    make_activity(world.r52, member, region_today(world.r52.timezone))
    db.session.commit()
    assert send_deadline_reminders.delay().get() == 1
    db.session.expire_all()
    (reminder,) = inbox(member)
    assert reminder.email_status == "none" and reminder.email_attempts == 0
    assert smtp.messages == []


def test_refused_mail_fails_after_retries_and_the_admin_retries_it(app, world, smtp, client, auth):
    member = world.working_group_member
    smtp.refuse = True
    make_activity(world.r52, member, region_today(world.r52.timezone))
    db.session.commit()
    assert send_deadline_reminders.delay().get() == 1  # the backoff is 0: retried at once
    wait_for_mail(app)
    (notification,) = inbox(member)
    assert notification.email_status == "failed"
    assert notification.email_attempts == 3  # the first try and MAIL_MAX_RETRIES = 2
    assert "550" in notification.email_error and smtp.messages == []

    auth.login(member)
    assert client.get("/admin/emails").status_code == 403
    assert client.post(f"/admin/emails/{notification.id}/retry").status_code == 403
    auth.logout()
    auth.login(world.admin)
    page = client.get("/admin/emails").get_data(as_text=True)
    assert member.email in page and "550" in page and "SMTPDataError" in page

    smtp.refuse = False
    response = client.post(f"/admin/emails/{notification.id}/retry")
    assert response.status_code == 302
    wait_for_mail(app)
    assert inbox(member)[0].email_status == "sent" and inbox(member)[0].email_error == ""
    assert len(smtp.to(member.email)) == 1
    assert member.email not in client.get("/admin/emails").get_data(as_text=True)
    client.post(f"/admin/emails/{notification.id}/retry")  # not failed any more: nothing
    wait_for_mail(app)
    assert len(smtp.messages) == 1


def test_send_email_twice_sends_once(world, smtp):
    member = world.working_group_member
    notification = notify(member, "answer", "answer:1", "Ответ")
    db.session.commit()
    assert send_email.delay(notification.id).get() == "sent"
    assert send_email.delay(notification.id).get() == "skipped"
    assert len(smtp.messages) == 1


def test_unreachable_smtp_server_fails_after_the_retries(app, world):
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=free_port(), MAIL_MAX_RETRIES=1)
    notification = notify(world.admin, "answer", "answer:2", "Ответ")
    db.session.commit()
    queued_at = notification.email_due_at
    assert send_email.delay(notification.id).get() == "pending"  # retried after the backoff
    db.session.expire_all()
    assert notification.email_attempts == 1 and notification.email_claimed_until is None
    waited = notification.email_due_at.replace(tzinfo=None) - queued_at.replace(tzinfo=None)
    assert waited >= dt.timedelta(seconds=59)  # MAIL_RETRY_BACKOFF
    assert send_email.delay(notification.id).get() == "failed"
    db.session.expire_all()
    assert notification.email_attempts == 2 and "ConnectionRefusedError" in (
        notification.email_error
    )


def test_beat_schedules_the_periodic_tasks(app):
    schedule = app.extensions["celery"].conf.beat_schedule
    tasks = {entry["task"]: entry["schedule"] for entry in schedule.values()}
    reminders_at = tasks[send_deadline_reminders.name]
    assert reminders_at.hour == {7} and reminders_at.minute == {0}
    assert tasks[send_overdue_digests.name].hour == {7}
    weekly = tasks[send_manager_digests.name]
    assert weekly.day_of_week == {1} and weekly.hour == {7} and weekly.minute == {30}
    assert len(tasks[send_sla_alerts.name].hour) == 24
    assert app.extensions["celery"].conf.timezone == "Europe/Moscow"
    # the roadmap reads the day's work before the reminders are sent
    assert tasks["cxflow.roadmaps.tasks.sync_waiting_pilots"].hour == {6}


# --- pages ---------------------------------------------------------------------------------------


def test_inbox_header_count_and_marking_read(world, client, auth):
    member = world.working_group_member
    first = notify(member, "answer", "a:1", "Первый ответ")
    notify(member, "answer", "a:2", "Второй ответ")
    notify(world.manager, "answer", "a:3", "Чужой ответ")
    db.session.commit()
    auth.login(member)
    page = client.get("/notifications/").get_data(as_text=True)
    assert "Первый ответ" in page and "Второй ответ" in page and "Чужой ответ" not in page
    assert "(2<span" in client.get("/").get_data(as_text=True)  # the count in the header
    client.post(f"/notifications/{first.id}/read")
    page = client.get("/notifications/").get_data(as_text=True)
    assert page.index("Второй ответ") < page.index("Первый ответ")  # unread first
    assert "(1<span" in page
    client.post("/notifications/read-all")
    assert '<span class="visually-hidden"> ' not in client.get("/").get_data(as_text=True)
    db.session.expire_all()
    assert all(n.read_at for n in inbox(member))
    assert inbox(world.manager)[0].read_at is None


def test_preferences_page(world, client, auth):
    member = world.working_group_member
    auth.login(member)
    page = client.get("/notifications/preferences").get_data(as_text=True)
    assert page.count('type="checkbox"') == 7 and page.count(" checked") == 7
    response = client.post("/notifications/preferences", data={"email": ["answer", "bogus"]})
    assert response.status_code == 302
    page = client.get("/notifications/preferences").get_data(as_text=True)
    assert page.count(" checked") == 1 and 'value="answer" id="email-answer" checked' in page


def test_pages_need_sign_in(client):
    assert client.get("/notifications/").status_code == 302
    assert client.get("/admin/emails").status_code == 302


# --- API -----------------------------------------------------------------------------------------


def test_api_lists_marks_and_sets_preferences(world, api):
    member = world.working_group_member
    ids = [notify(member, "answer", f"a:{i}", f"Ответ {i}").id for i in range(3)]
    notify(world.manager, "answer", "a:9", "Чужой")
    db.session.commit()
    api.as_(member)
    listed = api.get("/api/v1/notifications?per_page=2").json
    assert listed["total"] == 3 and listed["unread"] == 3 and len(listed["items"]) == 2
    assert listed["items"][0]["id"] == ids[2] and listed["items"][0]["read_at"] is None
    assert api.post("/api/v1/notifications/read", json={"ids": [ids[0]]}).json == {
        "marked": 1,
        "unread": 2,
    }
    assert api.post("/api/v1/notifications/read", json={}).json == {"marked": 2, "unread": 0}

    prefs = api.get("/api/v1/notifications/preferences").json["email"]
    assert all(prefs.values()) and set(prefs) >= {"deadline_reminder", "sla_breach"}
    changed = api.put("/api/v1/notifications/preferences", json={"email": {"answer": False}})
    assert changed.status_code == 200
    assert changed.json["email"]["answer"] is False and changed.json["email"]["overdue_digest"]
    bad = api.put("/api/v1/notifications/preferences", json={"email": {"nope": True}})
    assert bad.status_code == 422


def test_a_user_moved_to_another_region_gets_none_of_the_old_regions_deadlines(world):
    member = world.working_group_member
    make_activity(world.r52, member, FRIDAY)
    make_activity(world.r52, member, dt.date(2026, 3, 2), number="1.2")
    member.region_id = world.r74.id
    db.session.flush()
    assert reminders.deadline_reminders(clock_at(TUESDAY)) == 0
    assert reminders.overdue_digests(clock_at(TUESDAY)) == 0
    assert inbox(member) == []


def test_a_rolled_back_savepoint_keeps_the_emails_already_queued(world):
    """notify() guards each insert with a savepoint; one failing must not drop the others."""
    from sqlalchemy.exc import IntegrityError

    from cxflow.notifications.services import notify

    first = notify(world.manager, "answer", "answer:1:v1", "Ответ")
    with pytest.raises(IntegrityError), db.session.begin_nested():
        db.session.add(
            Notification(
                user_id=world.manager.id, kind="answer", dedup_key="answer:1:v1", title="дубль"
            )
        )
    db.session.commit()
    assert first.id in db.session.info.get("cxflow_committed_emails", set())
