"""Who is answering, as far as a survey needs to know: a device, never a person. The public
form and API share the rate limit and the device key (issue #15)."""

import secrets

from flask import current_app, request
from flask_limiter.util import get_remote_address

from cxflow.core.extensions import limiter

DEVICE_COOKIE = "cxflow_device"
DEVICE_COOKIE_AGE = 400 * 86400  # a browser keeps a cookie at most 400 days


def device_cookie() -> str:
    """The random id of this browser (set by the survey page), or '' before it has one."""
    value = request.cookies.get(DEVICE_COOKIE, "")
    return value if value.isalnum() and len(value) <= 64 else ""


def new_device_cookie() -> str:
    return secrets.token_hex(16)


def device() -> str:
    """What tells devices apart: address, browser and cookie together, so an office's kiosk
    and its visitors' phones behind one address differ (never the address alone, API.md).
    Only a daily keyed hash of it is stored."""
    return f"{get_remote_address()}|{request.user_agent.string[:300]}|{device_cookie()}"


def _limit_key() -> str:
    return f"{get_remote_address()}|{device_cookie()}"


survey_rate_limit = limiter.shared_limit(
    lambda: current_app.config["SURVEY_RATE_LIMIT"],
    scope="survey-responses",
    key_func=_limit_key,
    methods=["POST"],
)
