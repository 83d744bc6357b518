"""What a deployment needs on every response and request: security headers (Flask-Talisman),
Secure cookies when served over HTTPS, and the client's real address behind trusted proxies."""

from flask import Flask
from flask_talisman import Talisman
from werkzeug.middleware.proxy_fix import ProxyFix

# The pages load only this site's scripts, styles and images (Bootstrap's icons are data:
# SVGs in its CSS); no inline script, style attribute or event handler is allowed.
CONTENT_SECURITY_POLICY = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self' data:",
    "object-src": "'none'",
    "base-uri": "'none'",
    "form-action": "'self'",
    "frame-ancestors": "'none'",
}


def init_app(app: Flask) -> None:
    secure = app.config["SECURE_COOKIES"]
    app.config["SESSION_COOKIE_SECURE"] = app.config["REMEMBER_COOKIE_SECURE"] = secure
    Talisman(
        app,
        # `make run` serves plain http on 127.0.0.1; behind TLS the proxy redirects to https.
        force_https=False,
        # Sent on HTTPS requests only; includeSubDomains would bind hosts cxflow does not own.
        strict_transport_security=secure,
        strict_transport_security_include_subdomains=False,
        session_cookie_secure=secure,
        session_cookie_samesite=app.config["SESSION_COOKIE_SAMESITE"],
        frame_options="DENY",
        content_security_policy=CONTENT_SECURITY_POLICY,
        # Same-site requests keep the referrer (the language switch goes back with it, CSRF
        # checks it on HTTPS); links to other sites do not learn cxflow's addresses.
        referrer_policy="same-origin",
    )
    proxies = app.config["TRUSTED_PROXIES"]
    if proxies:
        # Only as many X-Forwarded-* hops as there are proxies: a client cannot forge its address.
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=proxies, x_proto=proxies)
