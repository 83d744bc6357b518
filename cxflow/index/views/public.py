"""The public survey pages of an office (seed 002 App. 6/7, issue #15), no sign-in: the start
page (seeker or employer), the questionnaire on one page, the thank-you page, the large-text
switch and the survey's own 404 and 429 pages. Plain HTML: they work without JavaScript on
office kiosks, old phones and with screen readers.

Kiosk mode (`?kiosk=1` on the poster's link of the office's own computer) is carried through
the pages and makes the off-hours rule apply (cxflow.index.services.flags)."""

from flask import (
    abort,
    current_app,
    make_response,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from werkzeug.exceptions import NotFound

from cxflow.core.error_pages import http_error_response
from cxflow.core.extensions import csrf
from cxflow.core.routing import public, safe_redirect_target
from cxflow.core.views import handle_form
from cxflow.index.access import office_by_token
from cxflow.index.clients import (
    DEVICE_COOKIE,
    DEVICE_COOKIE_AGE,
    device,
    device_cookie,
    new_device_cookie,
    survey_rate_limit,
)
from cxflow.index.forms.surveys import SurveyForm, body_of, shown_at, sign_shown, summary
from cxflow.index.services import intake, questionnaire
from cxflow.index.views.blueprint import bp

TEXT_COOKIE = "cxflow_text"
TEXT_COOKIE_AGE = 400 * 86400
PUBLIC_PAGES = {
    "index.survey_start",
    "index.survey_form",
    "index.survey_thanks",
    "index.survey_text_size",
}


def _office(token: str):
    """The office of a current survey link, or the survey's own 404 page (no staff links)."""
    try:
        return office_by_token(token)
    except NotFound:
        page = render_template("index/public/not_found.html", **_chrome(kiosk=False))
        abort(make_response(page, 404))


def _chrome(kiosk: bool) -> dict:
    """What the public layout needs on every page."""
    return {"large_text": request.cookies.get(TEXT_COOKIE) == "large", "kiosk": kiosk}


def _kiosk_arg() -> bool:
    return request.args.get("kiosk") == "1"


def _with_device_cookie(response):
    """Give this browser its random id if it has none (the device, not the person: the
    duplicate rules and the rate limit tell a kiosk from the phones around it)."""
    if not device_cookie():
        response.set_cookie(
            DEVICE_COOKIE,
            new_device_cookie(),
            max_age=DEVICE_COOKIE_AGE,
            httponly=True,
            samesite="Lax",
            secure=current_app.config["SECURE_COOKIES"],
        )
    return response


@bp.route("/s/<token>")
@public
def survey_start(token: str):
    office = _office(token)
    page = render_template(
        "index/public/start.html",
        office=office,
        survey=questionnaire.current(),
        token=token,
        **_chrome(_kiosk_arg()),
    )
    return _with_device_cookie(make_response(page))


# The CSRF token is checked by the form itself (SurveyForm), not before the view: a kiosk page
# left open for hours gets its answers back with "send again", not a bare 400.
@bp.route("/s/<token>/<any(seeker, employer):respondent>", methods=["GET", "POST"])
@csrf.exempt
@survey_rate_limit
@public
def survey_form(token: str, respondent: str):
    office = _office(token)
    survey = questionnaire.current()
    form = SurveyForm()
    if request.method == "GET":
        form.kiosk.data = "1" if _kiosk_arg() else ""
    kiosk = form.kiosk.data == "1"
    shown = shown_at(form.shown.data)  # a tampered time is ignored, never trusted
    if shown is None:
        form.shown.data = sign_shown()
    errors: dict = {}

    def send():
        data = body_of(request.form, survey, respondent)
        return intake.receive(office, data, device=device(), shown_at=shown, kiosk=kiosk)

    def show(_form, exc):  # each message goes next to its question and into the summary
        errors.update(exc.fields)
        _form.form_errors.append(exc.message)  # and handle_form answers 422

    response = handle_form(
        form,
        send,
        success=_("Your answers have been sent."),
        next_url=lambda _r: url_for(
            "index.survey_thanks", token=token, kiosk="1" if kiosk else None
        ),
        template="index/public/form.html",
        show=show,
        page=lambda: {
            "errors": errors,
            "summary": summary(survey, respondent, errors, request.form),
            "expired": bool(form.errors.get("csrf_token")),
        },
        office=office,
        survey=survey,
        respondent=respondent,
        token=token,
        values=request.form,
        **_chrome(kiosk),
    )
    return _with_device_cookie(make_response(response))


@bp.route("/s/<token>/thanks")
@public
def survey_thanks(token: str):
    office = _office(token)
    return render_template(
        "index/public/thanks.html",
        office=office,
        survey=questionnaire.current(),
        token=token,
        **_chrome(_kiosk_arg()),
    )


@bp.route("/survey-text")
@public
def survey_text_size():
    """The large-text switch (no JavaScript): a cookie the public layout reads, then back."""
    target = safe_redirect_target(request.args.get("next"), "/")
    response = redirect(target)
    if request.args.get("size") == "large":
        response.set_cookie(
            TEXT_COOKIE,
            "large",
            max_age=TEXT_COOKIE_AGE,
            httponly=True,
            samesite="Lax",
            secure=current_app.config["SECURE_COOKIES"],
        )
    else:
        response.delete_cookie(TEXT_COOKIE, httponly=True, samesite="Lax")
    return response


@bp.errorhandler(429)
def survey_too_many(error):
    """The survey's own 429 page; other pages of the blueprint keep the usual one."""
    if request.endpoint not in PUBLIC_PAGES:
        return http_error_response(error)
    headers = {k: v for k, v in error.get_headers() if k == "Retry-After"}
    token = (request.view_args or {}).get("token")
    page = render_template(
        "index/public/too_many.html",
        token=token,
        **_chrome(request.form.get("kiosk") == "1"),
    )
    return page, 429, headers
