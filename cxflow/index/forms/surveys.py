"""The public questionnaire as an HTML form (seed 002 App. 6/7, issue #15). The questions come
from the methodology data, so the form has no field per question: `body_of` reads the posted
fields into the body `questionnaire.clean()` takes (the API's shape), and `summary` lists the
errors `clean()` names, in the order of the page, with the input each one links to.

Field names are the names `clean()` gives its errors (`answers.q5`, `answers.q15.office`,
`profile.age`, `comment`), so an error lands at its question without a lookup table."""

import datetime as dt
from collections.abc import Mapping

from flask import current_app
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from itsdangerous import BadSignature, TimestampSigner
from werkzeug.datastructures import MultiDict
from wtforms import HiddenField

from cxflow.index.services.questionnaire import Question, Questionnaire

NOT_APPLICABLE = "na"  # q2, q3, q7: «не могу оценить: обращался дистанционно» (remark #15)
NOT_USED = "none"  # a Q15 channel the client did not use: its scale stays empty (L2000)


class SurveyForm(FlaskForm):
    """What the page carries besides the answers: the CSRF token, the signed time it was
    shown (for the too-fast rule) and whether it runs on an office's kiosk."""

    shown = HiddenField()
    kiosk = HiddenField()


def field_id(name: str) -> str:
    """The HTML id of a field name (`answers.q15.office` → `answers-q15-office`)."""
    return name.replace(".", "-")


# --- the signed render time -------------------------------------------------------------------


def _signer() -> TimestampSigner:
    return TimestampSigner(current_app.config["SECRET_KEY"], salt="cxflow.index.survey-shown")


def sign_shown(at: dt.datetime | None = None) -> str:
    """A token saying when the form was shown (now, or `at`); only the server can make one."""
    signer = _signer()
    if at is not None:
        signer.get_timestamp = lambda: int(at.timestamp())
    return signer.sign(b"shown").decode()


def shown_at(value: str | None) -> dt.datetime | None:
    """When the form was shown, if `value` is a token of `sign_shown`; anything else (a
    tampered or missing value) is ignored, so the too-fast rule simply does not apply."""
    if not value:
        return None
    try:
        _, signed = _signer().unsign(value, return_timestamp=True)
    except BadSignature:
        return None
    return signed


# --- posted fields → the body of clean() ------------------------------------------------------


def _number(raw: str):
    """A scale's value as an int when it is one; anything else is passed on for clean() to
    refuse by name."""
    return int(raw) if raw.isascii() and raw.isdigit() and len(raw) <= 3 else raw


def _scale(formdata: MultiDict, survey, question: Question, name: str) -> dict:
    raw = formdata.get(name, "")
    if raw == "":
        return {}  # clean(): «Answer this question.»
    if raw == NOT_APPLICABLE and question.not_applicable:
        return {question.code: None}
    return {question.code: _number(raw)}


def _choice(formdata: MultiDict, survey, question: Question, name: str) -> dict:
    raw = formdata.get(name, "")
    return {question.code: raw} if raw else {}


def _used_scale(formdata: MultiDict, survey, question: Question, name: str) -> dict:
    """Q12/Q13: «да / нет», then the scale. After «нет» a score picked before (the form works
    without JavaScript, so the scale stays on the page) is dropped, not held against it."""
    used = formdata.get(f"{name}.used", "")
    found: dict = {}
    if used == "yes":
        score = formdata.get(f"{name}.score", "")
        found[question.code] = {"used": True, "score": _number(score) if score else None}
    elif used == "no":
        found[question.code] = {"used": False, "score": None}
    elif used:
        found[question.code] = {"used": used}
    if question.follow_up:  # what is wrong with pre-booking (remark #18): asked after «да»
        key = f"{question.code}_issue"
        found[key] = formdata.get(f"answers.{key}", "") if used == "yes" else ""
    return found


def _channel(formdata: MultiDict, survey, question: Question, name: str) -> dict:
    raw = formdata.get(name, "")
    key = f"{question.code}_other"  # «Другое (вписать в строку)», L1996
    found = {key: formdata.get(f"answers.{key}", "") if raw == "other" else ""}
    return found | ({question.code: raw} if raw else {})


def _channel_scales(formdata: MultiDict, survey, question: Question, name: str) -> dict:
    scores = {}
    for channel in survey.channel_scales:
        raw = formdata.get(f"{name}.{channel}", "")
        scores[channel] = None if raw in ("", NOT_USED) else _number(raw)
    return {question.code: scores}


_READERS = {
    "scale": _scale,
    "yes_dont_know_no": _choice,
    "used_scale": _used_scale,
    "channel": _channel,
    "channel_scales": _channel_scales,
}


def body_of(formdata: MultiDict, survey: Questionnaire, respondent: str) -> dict:
    """The posted form as `{respondent, answers, profile, comment}`, the body of the API."""
    answers: dict = {}
    for question in survey.questions:
        answers |= _READERS[question.kind](formdata, survey, question, f"answers.{question.code}")
    profile: dict = {}
    for question in survey.profile(respondent):
        name = f"profile.{question.code}"
        if question.multiple:
            profile[question.code] = formdata.getlist(name)
        elif formdata.get(name):
            profile[question.code] = formdata.get(name)
        if question.other_text:
            key = f"{question.code}_other"
            chosen = formdata.get(name) == "other"
            profile[key] = formdata.get(f"profile.{key}", "") if chosen else ""
    return {
        "respondent": respondent,
        "answers": answers,
        "profile": profile,
        "comment": formdata.get("comment", ""),
    }


# --- errors, in the order of the page ---------------------------------------------------------


def _first_input(survey: Questionnaire, respondent: str, name: str, values: MultiDict) -> str:
    """The id of the input an error's link moves to: the question's first option."""
    parts = name.split(".")
    if parts[0] == "profile" and len(parts) == 2:
        for question in survey.profile(respondent):
            if question.code == parts[1]:
                return field_id(f"{name}.{question.codes[0]}")
        return field_id(name)  # profile.ownership_other: the text input itself
    if parts[0] != "answers" or len(parts) < 2:
        return field_id(name)
    code = parts[1]
    kind = next((q.kind for q in survey.questions if q.code == code), "")
    if kind == "used_scale":
        part = "score.1" if values.get(f"{name}.used") == "yes" else "used.yes"
        return field_id(f"{name}.{part}")
    first = {
        "scale": "1",
        "yes_dont_know_no": "yes",
        "channel": next(iter(survey.channels), ""),
    }.get(kind)
    if kind == "channel_scales" and len(parts) == 3:
        first = "1"
    return field_id(f"{name}.{first}") if first else field_id(name)


def _order(survey: Questionnaire, respondent: str) -> list[str]:
    names = []
    for question in survey.questions:
        names.append(f"answers.{question.code}")
        names += [f"answers.{question.code}.{c}" for c in survey.channel_scales] * (
            question.kind == "channel_scales"
        )
        names += [f"answers.{question.code}_issue", f"answers.{question.code}_other"]
    for question in survey.profile(respondent):
        names += [f"profile.{question.code}", f"profile.{question.code}_other"]
    return [*names, "comment"]


def _title(survey: Questionnaire, respondent: str, name: str) -> str:
    parts = name.split(".")
    if parts[0] == "answers" and len(parts) > 1:
        number = parts[1].split("_")[0].removeprefix("q")
        if len(parts) == 3 and parts[2] in survey.channel_scales:
            channel = survey.channel_scales[parts[2]]
            return _l("Question %(n)s, %(channel)s", n=number, channel=channel)
        return _l("Question %(n)s", n=number)
    if parts[0] == "profile" and len(parts) > 1:
        code = parts[1].removesuffix("_other")
        return next((q.title for q in survey.profile(respondent) if q.code == code), code)
    return _l("Comment") if name == "comment" else name


def summary(
    survey: Questionnaire, respondent: str, errors: Mapping[str, list], values: MultiDict
) -> list[dict]:
    """The errors of `clean()` as the page's summary lists them: `{href, title, message}`."""
    order = _order(survey, respondent)
    names = sorted(errors, key=lambda n: order.index(n) if n in order else len(order))
    return [
        {
            "href": "#" + _first_input(survey, respondent, name, values),
            "title": _title(survey, respondent, name),
            "message": " ".join(str(m) for m in errors[name]),
        }
        for name in names
    ]
