"""The public survey pages (issue #15): start, the questionnaire on one page, thanks; every
kind of question through the form, errors at their question with the answers kept, the signed
render time, kiosk mode, an expired CSRF token, the survey's 404 and 429 pages."""

import datetime as dt
import re
import time
from zoneinfo import ZoneInfo

import pytest
import sqlalchemy as sa
from werkzeug.datastructures import MultiDict

from cxflow.core.db import utcnow
from cxflow.core.extensions import db
from cxflow.index.clients import DEVICE_COOKIE
from cxflow.index.forms.surveys import sign_shown
from cxflow.index.models.surveys import SurveyFlag, SurveyResponse
from cxflow.index.services import questionnaire
from cxflow.orgs.opening_hours import DAYS
from tests.helpers import survey_body

# --- helpers ------------------------------------------------------------------------------------


def start(office, query=""):
    return f"/s/{office.survey_token}{query}"


def form_url(office, respondent="seeker", query=""):
    return f"/s/{office.survey_token}/{respondent}{query}"


def stored() -> list[SurveyResponse]:
    return list(db.session.scalars(sa.select(SurveyResponse).order_by(SurveyResponse.id)))


def hidden(html: str, name: str) -> str:
    match = re.search(rf'name="{name}" type="hidden" value="([^"]*)"', html)
    return match[1] if match else ""


def shown_long_ago() -> str:
    """A render time past the too-fast rule (a real client takes minutes)."""
    return sign_shown(utcnow() - dt.timedelta(minutes=5))


def fields_of(body: dict) -> list[tuple[str, str]]:
    """The form fields a browser sends for an API body: the inverse of forms.body_of."""
    pairs = []
    for code, value in body["answers"].items():
        name = f"answers.{code}"
        if code in ("q12", "q13"):
            pairs.append((f"{name}.used", "yes" if value["used"] else "no"))
            if value["score"] is not None:
                pairs.append((f"{name}.score", str(value["score"])))
        elif code == "q15":
            pairs += [(f"{name}.{k}", "none" if v is None else str(v)) for k, v in value.items()]
        elif value is None:
            pairs.append((name, "na"))
        else:
            pairs.append((name, str(value)))
    for code, value in body["profile"].items():
        values = value if isinstance(value, list) else [value]
        pairs += [(f"profile.{code}", v) for v in values]
    if body.get("comment"):
        pairs.append(("comment", body["comment"]))
    return pairs


def send(client, office, body, shown=None, **extra):
    data = [*fields_of(body), ("shown", shown or shown_long_ago())]
    data += list(extra.items())
    return client.post(form_url(office, body["respondent"]), data=MultiDict(data))


def expected(body: dict) -> dict:
    return questionnaire.clean(questionnaire.current(), body)


# --- the start page ------------------------------------------------------------------------------


def test_the_start_page_names_the_office_and_offers_both_questionnaires(world, client):
    response = client.get(start(world.office52))
    assert response.status_code == 200
    html = response.text
    assert world.office52.name in html
    assert questionnaire.current().texts("intro")["text"][:40] in html
    assert f'href="{form_url(world.office52, "seeker")}"' in html
    assert f'href="{form_url(world.office52, "employer")}"' in html
    # the survey's own layout: no staff menu, no sign-in link
    assert "/auth/login" not in html and "Главное меню" not in html
    assert "/static/css/survey.css" in html


def test_the_start_page_gives_the_browser_a_device_cookie_once(world, client):
    cookie = client.get(start(world.office52)).headers["Set-Cookie"]
    assert cookie.startswith(f"{DEVICE_COOKIE}=")
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Max-Age=" in cookie
    assert "Set-Cookie" not in client.get(start(world.office52)).headers


def test_kiosk_mode_is_carried_from_the_start_link(world, client):
    html = client.get(start(world.office52, "?kiosk=1")).text
    assert f'href="{form_url(world.office52, "seeker", "?kiosk=1")}"' in html
    page = client.get(form_url(world.office52, "seeker", "?kiosk=1")).text
    assert hidden(page, "kiosk") == "1"
    assert hidden(client.get(form_url(world.office52)).text, "kiosk") == ""


@pytest.mark.parametrize(
    "path", ["/s/{t}", "/s/{t}/seeker", "/s/{t}/employer", "/s/{t}/thanks", "/s/{t}/visitor"]
)
def test_an_unknown_or_rotated_token_is_the_survey_404(world, client, path):
    old = world.office52.survey_token
    world.office52.survey_token = "rotated-token-0000"
    db.session.commit()
    for token in (old, "no-such-token"):
        response = client.get(path.format(t=token))
        assert response.status_code == 404
        assert "/auth/login" not in response.text
    response = client.post(form_url(world.office52).replace("rotated-token-0000", old))
    assert response.status_code == 404 and stored() == []


# --- every kind of question through the form -------------------------------------------------

BODIES = {
    "default seeker": survey_body("seeker"),
    "remote client, nothing optional": survey_body(
        "seeker",
        q2=None,
        q3=None,
        q7=None,
        q4="dont_know",
        q12={"used": True, "score": 3},
        q13={"used": False, "score": None},
        q15={"office": None, "website": None, "social": None, "contact_center": None},
        profile={"sex": "male", "age": "under_18", "categories": ["disabled", "orphan"]},
    ),
    "every text": survey_body(
        "seeker",
        q1=1,
        q11=10,
        q4="no",
        q13={"used": True, "score": 2},
        q13_issue="Нет свободного времени на неделю вперёд",
        q14="other",
        q14_other="Портал «Работа России»",
        comment="Спасибо <b>всем</b>!",
        profile={"sex": "female", "age": "70_plus", "categories": ["none"]},
    ),
    "employer with «other» ownership": survey_body(
        "employer",
        q14="contact_center",
        profile={
            "ownership": "other",
            "ownership_other": "НКО",
            "size": "over_250",
            "categories": ["high_turnover", "downsizing"],
        },
    ),
}


@pytest.mark.parametrize("case", list(BODIES))
def test_a_valid_form_stores_exactly_its_answers(world, client, case):
    body = BODIES[case]
    response = send(client, world.office52, body)
    assert response.status_code == 302, response.text
    assert response.headers["Location"] == f"/s/{world.office52.survey_token}/thanks"
    (row,) = stored()
    want = expected(body)
    assert row.respondent == body["respondent"]
    assert row.answers == want["answers"] and row.profile == want["profile"]
    assert row.comment == want["comment"]
    assert row.office_id == world.office52.id and row.counted


def test_no_after_yes_drops_the_score_and_texts_of_other_choices(world, client):
    """Without JavaScript the Q12 scale stays on the page: a score picked before «нет» is
    dropped, as are the «другое» and follow-up texts of choices not taken."""
    data = [*fields_of(survey_body()), ("shown", shown_long_ago())]
    data = [(k, v) for k, v in data if not k.startswith(("answers.q12", "answers.q13"))]
    data += [("answers.q12.used", "no"), ("answers.q12.score", "7")]
    data += [("answers.q13.used", "no"), ("answers.q13.score", "2")]
    data += [("answers.q13_issue", "долго"), ("answers.q14_other", "почта")]
    assert client.post(form_url(world.office52), data=MultiDict(data)).status_code == 302
    (row,) = stored()
    assert row.answers["q12"] == row.answers["q13"] == {"used": False, "score": None}
    assert row.answers["q13_issue"] == row.answers["q14_other"] == ""


def test_the_thanks_page_and_the_next_client(world, client):
    response = send(client, world.office52, survey_body())
    page = client.get(response.headers["Location"]).text
    assert questionnaire.current().texts("intro")["thanks"] in page
    assert 'role="status"' in page  # «Ваши ответы отправлены»
    assert f'href="/s/{world.office52.survey_token}"' in page


# --- errors ---------------------------------------------------------------------------------


def test_errors_are_named_at_their_question_and_the_form_keeps_every_answer(world, client):
    body = survey_body(comment="Мой комментарий", q14="other", q14_other="почта")
    data = [
        (k, v)
        for k, v in fields_of(body)
        if k not in ("answers.q5", "answers.q13.score", "profile.age")
    ]
    data = [("answers.q1", "11") if k == "answers.q1" else (k, v) for k, v in data]
    response = client.post(form_url(world.office52), data=MultiDict(data))
    assert response.status_code == 422
    html = response.text
    assert stored() == []
    # the summary at the top: an alert, focused, each error a link to its question
    summary = re.search(r'<div[^>]*id="error-summary".*?</div>', html, re.S)[0]
    assert 'role="alert"' in summary and "autofocus" in summary
    links = re.findall(r'href="#([^"]+)"', summary)
    assert links == [
        "answers-q1-1",
        "answers-q5-1",
        "answers-q13-score-1",
        "profile-age-under_18",
    ]
    for link in links:
        assert f'id="{link}"' in html
    # at the question: the message, tied by aria-describedby; its inputs aria-invalid
    for name in ("answers-q1", "answers-q5", "answers-q13", "profile-age"):
        assert f'id="{name}-error"' in html
        fieldset = re.search(rf'<fieldset[^>]*id="{name}"[^>]*>', html)[0]
        assert f"{name}-error" in fieldset
    assert re.search(r'name="answers.q5" id="answers-q5-1" value="1"\s*aria-invalid="true"', html)
    assert 'id="answers-q6-error"' not in html
    # what was entered is still there
    assert re.search(r'id="answers-q2-8" value="8"\s*checked', html)
    assert re.search(r'id="answers-q13-used-yes" value="yes"\s*checked', html)
    assert re.search(r'value="pre_retirement"\s*checked', html)
    assert re.search(r'id="answers-q14-other" value="other"\s*checked', html)
    assert 'value="почта"' in html and "Мой комментарий</textarea>" in html


@pytest.mark.parametrize(
    ("field", "value", "error_id"),
    [
        ("answers.q1", "0", "answers-q1-error"),
        ("answers.q1", "восемь", "answers-q1-error"),
        ("answers.q1", "na", "answers-q1-error"),  # only q2, q3, q7 may be «не могу оценить»
        ("answers.q4", "maybe", "answers-q4-error"),
        ("answers.q12.used", "maybe", "answers-q12-error"),
        ("answers.q14", "telegram", "answers-q14-error"),
        ("answers.q15.office", "12", "answers-q15-office-error"),
        ("profile.sex", "x", "profile-sex-error"),
        ("comment", "я" * 2001, "comment-error"),
    ],
)
def test_a_bad_value_is_named_and_nothing_is_stored(world, client, field, value, error_id):
    data = [(k, v) for k, v in fields_of(survey_body()) if k != field] + [(field, value)]
    response = client.post(form_url(world.office52), data=MultiDict(data))
    assert response.status_code == 422
    assert f'id="{error_id}"' in response.text
    assert stored() == []


# --- the signed render time and kiosk mode ----------------------------------------------------


def test_a_form_sent_right_after_it_was_shown_is_flagged_too_fast(world, client):
    page = client.get(form_url(world.office52)).text
    shown = hidden(page, "shown")
    assert send(client, world.office52, survey_body(), shown=shown).status_code == 302
    (row,) = stored()
    assert row.flag.reasons == ["too_fast"] and not row.counted


def test_a_tampered_render_time_is_ignored(world, client):
    shown = shown_long_ago()
    signature = shown.rpartition(".")[2]
    forged = sign_shown().rpartition(".")[0] + "." + signature  # a newer time, an old signature
    for bad in (forged, "garbage", ""):
        send(client, world.office52, survey_body(q1=len(bad) % 10 + 1), shown=bad or " ")
    assert [r.counted for r in stored()] == [True, True, True]
    assert db.session.scalar(sa.select(sa.func.count()).select_from(SurveyFlag)) == 0


def test_a_page_shown_again_after_errors_keeps_its_first_render_time(world, client):
    shown = shown_long_ago()
    response = client.post(form_url(world.office52), data={"shown": shown})
    assert response.status_code == 422 and hidden(response.text, "shown") == shown
    response = client.post(form_url(world.office52), data={"shown": "forged"})
    assert hidden(response.text, "shown") not in ("forged", "")


def _closed_now(office) -> str:
    """Opening hours that leave out today (in the office's region): the office is closed."""
    today = dt.datetime.now(ZoneInfo(office.region.timezone)).weekday()
    return f"{DAYS[(today + 1) % 7]} 09:00-18:00"


def test_a_kiosk_answer_out_of_hours_is_flagged_and_kiosk_goes_on_to_thanks(world, client):
    world.office52.opening_hours = _closed_now(world.office52)
    db.session.commit()
    response = send(client, world.office52, survey_body(), kiosk="1")
    assert response.headers["Location"] == f"/s/{world.office52.survey_token}/thanks?kiosk=1"
    page = client.get(response.headers["Location"]).text
    assert f'href="/s/{world.office52.survey_token}?kiosk=1"' in page
    send(client, world.office52, survey_body(q1=3))  # a phone: no kiosk, no hours rule
    first, second = stored()
    assert first.flag.reasons == ["off_hours"] and not first.counted
    assert second.flag is None and second.counted


# --- CSRF: a kiosk page left open for hours -------------------------------------------------


@pytest.fixture
def csrf_on(app):
    app.config["WTF_CSRF_ENABLED"] = True


def test_the_form_is_protected_by_csrf(world, client, csrf_on):
    client.get(form_url(world.office52))
    response = send(client, world.office52, survey_body())
    assert response.status_code == 422 and stored() == []
    page = client.get(form_url(world.office52)).text
    token = hidden(page, "csrf_token")
    assert token
    response = send(client, world.office52, survey_body(), csrf_token=token)
    assert response.status_code == 302 and len(stored()) == 1


def test_an_expired_csrf_token_shows_the_answers_again_to_send_once_more(
    world, client, csrf_on, monkeypatch
):
    token = hidden(client.get(form_url(world.office52)).text, "csrf_token")
    later = time.time() + 5 * 3600  # the kiosk's page stayed open all afternoon
    monkeypatch.setattr("itsdangerous.timed.time.time", lambda: later)
    body = survey_body(comment="Долгий визит")
    response = send(client, world.office52, body, csrf_token=token)
    assert response.status_code == 422 and stored() == []
    html = response.text
    assert 'role="alert"' in html and "Отправьте ответы ещё раз" in html
    assert re.search(r'id="answers-q1-8" value="8"\s*checked', html)
    assert "Долгий визит</textarea>" in html
    fresh = hidden(html, "csrf_token")
    assert fresh and fresh != token
    response = send(client, world.office52, body, csrf_token=fresh)
    assert response.status_code == 302 and stored()[0].comment == "Долгий визит"


# --- rate limit: a friendly page, the API keeps JSON -------------------------------------------


def test_too_many_answers_get_the_survey_429_page_and_earlier_answers_are_kept(world, client, app):
    app.config["SURVEY_RATE_LIMIT"] = "2 per minute"
    client.get(start(world.office52))  # the limit is per device: address and cookie
    codes = [send(client, world.office52, survey_body(q1=n)).status_code for n in (1, 2, 3)]
    assert codes == [302, 302, 429]
    response = send(client, world.office52, survey_body(q1=4))
    assert response.status_code == 429
    assert "Слишком много ответов с этого устройства" in response.text
    assert "Уже отправленные ответы сохранены" in response.text
    assert "/auth/login" not in response.text
    assert [r.answers["q1"] for r in stored()] == [1, 2]
    assert client.get(form_url(world.office52)).status_code == 200  # only sending is limited
    api = client.post(
        f"/api/v1/surveys/{world.office52.survey_token}/responses", json=survey_body()
    )
    assert api.status_code == 429 and api.json["error"]["code"] == "rate_limited"


# --- large text and language ----------------------------------------------------------------


def test_the_large_text_switch_works_without_javascript(world, client):
    page = start(world.office52)
    response = client.get(f"/survey-text?size=large&next={page}")
    assert response.status_code == 302 and response.headers["Location"] == page
    assert "cxflow_text=large" in response.headers["Set-Cookie"]
    html = client.get(page).text
    assert 'class="text-large"' in html and "/survey-text?size=normal" in html
    client.get(f"/survey-text?size=normal&next={page}")
    assert 'class="text-large"' not in client.get(page).text
    response = client.get("/survey-text?size=large&next=//evil.example/")
    assert response.headers["Location"] == "/"


def test_english_chrome_keeps_the_methodology_wording_marked_russian(world, client):
    page = start(world.office52)
    assert client.get("/lang/en", headers={"Referer": page}).headers["Location"] == page
    html = client.get(page).text
    assert '<html lang="en"' in html and "I am a job seeker" in html
    assert '<p class="survey-intro" lang="ru">' in html
    form = client.get(form_url(world.office52)).text
    assert "Send answers" in form and '<span lang="ru">Я считаю' in form
