"""Failed sign-ins are throttled per address and account, and per address across accounts
(against one password tried on many accounts); the page and the API share the counters."""

from flask import current_app, request
from flask_limiter.util import get_remote_address

from cxflow.core.extensions import limiter


def _account_key() -> str:
    """Per address *and* account: an office's clients share one address."""
    body = request.get_json(silent=True) if request.is_json else request.form
    email = (body or {}).get("email") or ""
    return f"{get_remote_address()}|{str(email).strip().lower()}"


def _failed(response) -> bool:
    """Only failed attempts count (a 401, or the sign-in form shown again with an error)."""
    return response.status_code in (200, 401)


_per_account = limiter.shared_limit(
    lambda: current_app.config["LOGIN_RATE_LIMIT"],
    scope="login-account",
    key_func=_account_key,
    methods=["POST"],
    deduct_when=_failed,
)
_per_address = limiter.shared_limit(
    lambda: current_app.config["LOGIN_ADDRESS_RATE_LIMIT"],
    scope="login-address",
    key_func=get_remote_address,
    methods=["POST"],
    deduct_when=_failed,
)


def login_rate_limit(view):
    return _per_address(_per_account(view))
