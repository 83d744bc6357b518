"""Failed sign-ins are throttled per address and account, on the page and the API alike."""

from flask import current_app, request
from flask_limiter.util import get_remote_address

from cxflow.core.extensions import limiter


def _login_key() -> str:
    """Throttle per address *and* account: an office's clients share one address."""
    body = request.get_json(silent=True) if request.is_json else request.form
    email = (body or {}).get("email") or ""
    return f"{get_remote_address()}|{str(email).strip().lower()}"


# Only failed attempts count (a 401, or the sign-in form shown again with an error).
login_rate_limit = limiter.limit(
    lambda: current_app.config["LOGIN_RATE_LIMIT"],
    key_func=_login_key,
    methods=["POST"],
    deduct_when=lambda response: response.status_code in (200, 401),
)
