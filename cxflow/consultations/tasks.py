"""Periodic jobs of the consultation log: alerts of questions not answered in time."""

import datetime as dt

import sqlalchemy as sa
from celery import shared_task
from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _

from cxflow.consultations.services import breached_open_questions
from cxflow.core.access import Role
from cxflow.core.clock import region_today
from cxflow.core.extensions import db
from cxflow.notifications.reminders import default_timezone, dmy, locale_of
from cxflow.notifications.services import notify
from cxflow.notifications.tasks import run_locked
from cxflow.users.models import User


def consultants_leads() -> list[User]:
    """The active user with the e-mail CONSULTANTS_LEAD_EMAIL, else every active admin."""
    email = (current_app.config.get("CONSULTANTS_LEAD_EMAIL") or "").strip().lower()
    if email:
        lead = db.session.scalar(
            sa.select(User).where(sa.func.lower(User.email) == email, User.active.is_(True))
        )
        if lead is not None:
            return [lead]
    admins = sa.select(User).where(User.role == Role.admin, User.active.is_(True))
    return list(db.session.scalars(admins.order_by(User.id)))


def sla_breach_alerts(today: dt.date | None = None) -> int:
    """Alert the consultants' lead of every open question past its answer deadline, once per
    question (key "sla:<question id>"). Returns how many notifications were created."""
    today = today or region_today(default_timezone())
    questions = breached_open_questions(today)
    if not questions:
        return 0
    created = 0
    for user in consultants_leads():
        for question in questions:
            with force_locale(locale_of(user)):
                subject = question.topic or question.question
                title = _("Question not answered in time: %(subject)s", subject=subject[:200])
                body = _("Received %(date)s.", date=dmy(question.received_on))
            link = f"/consultations/{question.id}"
            created += (
                notify(user, "sla_breach", f"sla:{question.id}", title, body, link) is not None
            )
    return created


@shared_task(name="cxflow.consultations.tasks.send_sla_alerts")
def send_sla_alerts() -> int | str:
    """Hourly: consultation questions not answered in time, to the consultants' lead."""
    return run_locked("send_sla_alerts", sla_breach_alerts, timeout=10 * 60)
