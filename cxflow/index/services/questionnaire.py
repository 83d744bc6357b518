"""The client questionnaires of seed 002 App. 6/7 as versioned methodology data
(cxflow/methodology/data/index/survey-*.toml), and how one set of answers is checked.

`clean()` is the one validation of a response, used by the public form and the API alike: it
returns the answers in the stored shape or raises `ValidationError` naming every bad field."""

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache

from flask_babel import lazy_gettext as _l

from cxflow.core import methodology
from cxflow.core.errors import ValidationError

KIND = "index"
SURVEY_KEY = "survey-2022"  # the questionnaire in force; a new wording gets a new version
RESPONDENTS = ("seeker", "employer")
MAX_TEXT = 2000  # comment, «другое», follow-up: one screen of text is plenty


@dataclass(frozen=True)
class Question:
    code: str
    kind: str  # scale | yes_dont_know_no | used_scale | channel | channel_scales
    wording: Mapping[str, str]  # respondent -> text
    indicator: str = ""
    not_applicable: bool = False
    statement: str = ""  # the scale's statement of a used_scale question
    hint: str = ""
    follow_up: str = ""  # an optional free-text question after it (remark #18)

    def text(self, respondent: str) -> str:
        return self.wording[respondent]


@dataclass(frozen=True)
class ProfileQuestion:
    code: str
    title: str
    options: tuple[tuple[str, str], ...]
    multiple: bool = False
    other_text: bool = False

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(code for code, _title in self.options)


@dataclass(frozen=True)
class Questionnaire:
    key: str
    version: int
    title: str
    raw: Mapping

    @property
    def questions(self) -> tuple[Question, ...]:
        return _questions(self.key, self.version)

    def question(self, code: str) -> Question:
        return next(q for q in self.questions if q.code == code)

    def profile(self, respondent: str) -> tuple[ProfileQuestion, ...]:
        return _profile(self.key, self.version, respondent)

    @property
    def channels(self) -> dict[str, str]:
        return dict(self.raw["channels"])

    @property
    def channel_scales(self) -> dict[str, str]:
        return dict(self.raw["channel_scales"])

    @property
    def scale(self) -> range:
        return range(self.raw["scale_min"], self.raw["scale_max"] + 1)

    @property
    def min_responses(self) -> int:
        return self.raw["min_responses"]

    def texts(self, section: str) -> Mapping[str, str]:
        return self.raw[section]


def current() -> Questionnaire:
    document = methodology.documents(KIND)[SURVEY_KEY]
    return Questionnaire(document.key, document.version, document.title, document.raw)


@cache
def _questions(key: str, version: int) -> tuple[Question, ...]:
    raw = methodology.documents(KIND)[key].raw
    return tuple(
        Question(
            code=q["code"],
            kind=q["kind"],
            wording={respondent: q[respondent] for respondent in RESPONDENTS},
            indicator=q.get("indicator", ""),
            not_applicable=q.get("not_applicable", False),
            statement=q.get("statement", ""),
            hint=q.get("hint", ""),
            follow_up=q.get("follow_up", ""),
        )
        for q in raw["questions"]
    )


@cache
def _profile(key: str, version: int, respondent: str) -> tuple[ProfileQuestion, ...]:
    raw = methodology.documents(KIND)[key].raw
    return tuple(
        ProfileQuestion(
            code=p["code"],
            title=p["title"],
            options=tuple(tuple(option) for option in p["options"]),
            multiple=p.get("multiple", False),
            other_text=p.get("other_text", False),
        )
        for p in raw["profile"][respondent]
    )


# --- validation -------------------------------------------------------------------------------


def clean(questionnaire: Questionnaire, data: Mapping) -> dict:
    """`{respondent, answers, profile, comment}` checked against the questionnaire, in the
    stored shape; a `ValidationError` names each bad field (`answers.q5`, `profile.age` …)."""
    errors: dict[str, str] = {}
    respondent = data.get("respondent")
    if respondent not in RESPONDENTS:
        raise ValidationError({"respondent": _l("Choose: job seeker or employer.")})
    answers = _mapping(data.get("answers"), "answers", errors)
    profile = _mapping(data.get("profile"), "profile", errors)
    cleaned = {
        "respondent": respondent,
        "answers": _clean_answers(questionnaire, answers, errors),
        "profile": _clean_profile(questionnaire.profile(respondent), profile, errors),
        "comment": _text(data.get("comment"), "comment", errors),
    }
    if errors:
        raise ValidationError(errors)
    return cleaned


def _mapping(value, name: str, errors: dict) -> Mapping:
    if value is None:
        return {}
    if not isinstance(value, Mapping):
        errors[name] = _l("Must be an object.")
        return {}
    return value


def _text(value, name: str, errors: dict) -> str:
    if value is None:
        return ""
    if not isinstance(value, str):
        errors[name] = _l("Must be text.")
        return ""
    if len(value) > MAX_TEXT:
        errors[name] = _l("At most %(n)s characters.", n=MAX_TEXT)
        return ""
    return value.strip()


def _score(questionnaire: Questionnaire, value, name: str, errors: dict, allow_none: bool):
    if value is None:
        if not allow_none:
            errors[name] = _l("Choose a value from 1 to 10.")
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value not in questionnaire.scale:
        errors[name] = _l("Choose a value from 1 to 10.")
        return None
    return value


def _clean_answers(questionnaire: Questionnaire, answers: Mapping, errors: dict) -> dict:
    known = {q.code for q in questionnaire.questions}
    known |= {key for q in questionnaire.questions for key in _texts_after(q)}
    for key in set(answers) - known:
        errors[f"answers.{key}"] = _l("Unknown question.")
    cleaned: dict = {}
    for question in questionnaire.questions:
        name = f"answers.{question.code}"
        value = answers.get(question.code)
        if question.code not in answers and question.kind != "channel_scales":
            errors[name] = _l("Answer this question.")
            continue
        cleaned[question.code] = _CLEANERS[question.kind](
            questionnaire, question, value, name, errors
        )
        for key in _texts_after(question):
            cleaned[key] = _text(answers.get(key), f"answers.{key}", errors)
    return cleaned


def _texts_after(question: Question) -> list[str]:
    """The optional free texts of a question: «другое» of Q14 (L1996), the follow-up of Q13."""
    return ([f"{question.code}_issue"] if question.follow_up else []) + (
        [f"{question.code}_other"] if question.kind == "channel" else []
    )


def _clean_scale(questionnaire, question, value, name, errors):
    return _score(questionnaire, value, name, errors, question.not_applicable)


def _clean_yes_dont_know_no(_questionnaire, _question, value, name, errors):
    if value not in ("yes", "dont_know", "no"):
        errors[name] = _l("Choose: yes, don't know or no.")
        return None
    return value


def _clean_used_scale(questionnaire, question, value, name, errors):
    """Q12/Q13: «Да / Нет», and the scale only after «да» (remarks #40, #45)."""
    if not isinstance(value, Mapping) or not isinstance(value.get("used"), bool):
        errors[name] = _l("Answer yes or no.")
        return None
    if set(value) - {"used", "score"}:
        errors[name] = _l("Only `used` and `score` are expected.")
        return None
    score = value.get("score")
    if not value["used"]:
        if score is not None:
            errors[name] = _l("A score is given only after «yes».")
            return None
        return {"used": False, "score": None}
    score = _score(questionnaire, score, name, errors, False)
    return {"used": True, "score": score}


def _clean_channel(questionnaire, question, value, name, errors):
    if not isinstance(value, str) or value not in questionnaire.channels:
        errors[name] = _l("Choose one of the channels.")
        return None
    return value


def _clean_channel_scales(questionnaire, question, value, name, errors):
    """Q15: an optional scale per channel; a channel not used is left empty (L2000)."""
    value = _mapping(value, name, errors)
    for key in set(value) - set(questionnaire.channel_scales):
        errors[f"{name}.{key}"] = _l("Unknown channel.")
    return {
        channel: _score(
            questionnaire, value.get(channel), f"{name}.{channel}", errors, allow_none=True
        )
        for channel in questionnaire.channel_scales
    }


_CLEANERS = {
    "scale": _clean_scale,
    "yes_dont_know_no": _clean_yes_dont_know_no,
    "used_scale": _clean_used_scale,
    "channel": _clean_channel,
    "channel_scales": _clean_channel_scales,
}


def _clean_profile(questions, profile: Mapping, errors: dict) -> dict:
    codes = {q.code for q in questions} | {f"{q.code}_other" for q in questions if q.other_text}
    for key in set(profile) - codes:
        errors[f"profile.{key}"] = _l("Unknown question.")
    cleaned: dict = {}
    for question in questions:
        name = f"profile.{question.code}"
        value = profile.get(question.code)
        cleaned[question.code] = (
            _choices(question, value, name, errors)
            if question.multiple
            else _choice(question, value, name, errors)
        )
        if question.other_text:
            key = f"{question.code}_other"
            cleaned[key] = _text(profile.get(key), f"profile.{key}", errors)
    return cleaned


def _choice(question: ProfileQuestion, value, name: str, errors: dict):
    if value not in question.codes:
        errors[name] = _l("Choose one of the options.")
        return None
    return value


def _choices(question: ProfileQuestion, value, name: str, errors: dict):
    if not isinstance(value, list) or not value or any(v not in question.codes for v in value):
        errors[name] = _l("Choose at least one of the options.")
        return None
    if "none" in value and len(value) > 1:
        errors[name] = _l("«None of these» cannot go with other options.")
        return None
    return sorted(set(value), key=question.codes.index)
