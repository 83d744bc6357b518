"""Sending one e-mail over SMTP (settings MAIL_*); the console in development."""

import smtplib
from email.message import EmailMessage

from flask import current_app


def send(to: str, subject: str, body: str) -> None:
    """Deliver or raise: an SMTP failure propagates so that the sender can retry. Every
    exchange with the server waits at most MAIL_TIMEOUT seconds (a server that accepts and
    never answers raises a timeout instead of holding the sender)."""
    config = current_app.config
    message = EmailMessage()
    message["From"] = config["MAIL_FROM"]
    message["To"] = to
    message["Subject"] = subject
    message.set_content(body)
    if not config.get("MAIL_SERVER"):
        current_app.logger.info("E-mail to %s (no MAIL_SERVER set):\n%s", to, message)
        return
    timeout = float(config["MAIL_TIMEOUT"])
    with smtplib.SMTP(config["MAIL_SERVER"], config["MAIL_PORT"], timeout=timeout) as smtp:
        if config.get("MAIL_USE_TLS"):
            smtp.starttls()
        if config.get("MAIL_USERNAME"):
            smtp.login(config["MAIL_USERNAME"], config["MAIL_PASSWORD"])
        smtp.send_message(message)
