"""Demo data of the customer-centricity index (seed 002): a managing office in each region of
the 2022 pilot's matrix, the pilot period 25.04–06.05.2022 (L314) with each region's chosen
objective indicators (the matrix of L289–305), its survey answers and filled checklists, and a
recent period (the last 30 days up to the region's today) with the same choice, a little better
filled, so each office's index has a baseline to change against. The demo survey answers of
cxflow/demo/surveys.py fall on the last four weeks, inside the recent period; the 2022 answers
added here (region 52's quota of 80 + 20 per office, L1665, fewer elsewhere; scores a little
lower than now) give the baseline its subjective part, so the change compares like with like.

Points come from services.checklists, as if staff had filled the pages; a fixed random seed
makes every load the same. Added once: nothing is added when the demo has any index period.
"""

import datetime as dt
import random
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from sqlalchemy.orm import contains_eager

from cxflow.core.clock import region_today
from cxflow.core.extensions import db
from cxflow.demo.surveys import OTHER_QUOTA, PILOT_QUOTA, PILOT_REGION, answer_row
from cxflow.index.models.index import IndexPeriod
from cxflow.index.models.surveys import SurveyResponse
from cxflow.index.services import checklists, indicators, periods, questionnaire
from cxflow.index.services.checklists import ItemInput
from cxflow.orgs.models import Office, Region
from cxflow.users import services as users

SEED = 2022
PILOT = (dt.date(2022, 4, 25), dt.date(2022, 5, 6))  # «с 25.04.2022г. по 06.05.2022г.», L314
RECENT_DAYS = 30

INFO = ["info_office", "info_website", "info_social", "info_contact_center"]
# The matrix of L289–305, row by row. Its column «Доступность и понятность информации» is the
# information indicator that was split into four after the pilot (L119); «Наличие регионального
# сайта» was dropped then (L118), and info_website (the site's checklist) stands for it.
MATRIX = {
    "32": ["jobseeker_events", *INFO, "comfort"],  # Брянская
    "33": ["management_openness", "jobseeker_events", "comfort"],  # Владимирская
    "24": ["management_openness", "jobseeker_events", "transport", "staff_appearance"],
    "48": ["vacancy_dynamics", *INFO, "multichannel", "transport"],  # Липецкая
    "52": ["quick_response", "prebooking", "comfort", "staff_appearance"],  # Нижегородская
    "56": ["vacancy_dynamics", *INFO, "staff_appearance"],  # Оренбургская
    "25": ["jobseeker_events", "info_website", "multichannel", "staff_appearance"],  # Приморский
    "60": ["management_openness", "info_website", "multichannel", "comfort"],  # Псковская
    "68": ["vacancy_dynamics", "info_website", "staff_appearance"],  # Тамбовская
    "72": ["vacancy_dynamics", *INFO, "multichannel"],  # Тюменская
    "74": ["management_openness", "jobseeker_events", "quick_response", "transport"],
    "89": ["multichannel", "quick_response", "prebooking", "comfort", "transport"],  # ЯНАО
    "76": ["management_openness", *INFO, "transport"],  # Ярославская
}
# The managing office (аппарат управления) of the two pilot regions of the demo users; in the
# other regions of the matrix the first office of cxflow/orgs/data/regions.toml (often the
# region-wide institution) is marked, so their regional indicators have somewhere to be filled.
MANAGING = {
    "52": "ГКУ «Центр занятости населения города Нижнего Новгорода»",
    "74": "ОКУ «Центр занятости населения города Челябинска»",
}
FILLED_BY = {"52": "coordinator@cxflow.local", "74": "coordinator74@cxflow.local"}
ADMIN = "admin@cxflow.local"
# One suspension to show (remark #23): vacancies in a long downturn.
SUSPENDED = ("68", "vacancy_dynamics", "Затяжная сложная экономическая ситуация (замечание № 23)")
# The 2022 answers lean a little lower than the recent ones (cxflow/demo/surveys.py): 66 % of
# them 8–10 against 80 % now.
PILOT_WEIGHTS = (2, 2, 3, 5, 8, 12, 13, 14)
OTHER_EVENTS = ("Квиз для выпускников колледжей", "Карьерный марафон", "Встреча с ветеранами СВО")


def seed_index() -> int:
    """Add the demo periods and checklists once; returns how many checklists (0: the demo
    already has index periods)."""
    if db.session.scalar(sa.select(sa.func.count(IndexPeriod.id))):
        return 0
    rng = random.Random(SEED)
    offices = db.session.scalars(
        sa.select(Office)
        .join(Office.region)
        .options(contains_eager(Office.region))
        .where(Region.code.in_(list(MATRIX)))
        .order_by(Region.code, Office.id)
    ).all()
    by_region: dict[str, list[Office]] = {}
    for office in offices:
        by_region.setdefault(office.region.code, []).append(office)
    _pilot_answers(random.Random(SEED + 1), offices)
    methodology = indicators.current()
    added = 0
    for code, keys in MATRIX.items():
        region_offices = by_region.get(code)
        if not region_offices:
            continue
        _mark_managing(region_offices, code)
        region = region_offices[0].region
        user = users.get_by_email(FILLED_BY.get(code, ADMIN))
        today = region_today(region.timezone)
        recent = (today - dt.timedelta(days=RECENT_DAYS - 1), today)
        for n, (start, end) in enumerate((PILOT, recent)):
            period = periods.choose(region, start, end, keys)
            for office in region_offices:
                for key in keys:
                    indicator = methodology.indicator(key)
                    if indicator.level == "managing_office" and not office.is_managing_office:
                        continue
                    items, values = _fill(rng, indicator, code, better=n == 1)
                    checklists.save(office, period, key, items, values, user)
                    added += 1
            if n == 1 and code == SUSPENDED[0]:
                periods.suspend(period, SUSPENDED[1], SUSPENDED[2], user)
    db.session.flush()
    return added


def _pilot_answers(rng: random.Random, offices: list[Office]) -> int:
    """Answers received in the 2022 pilot period, in office hours of its working days."""
    survey = questionnaire.current()
    days = [
        PILOT[0] + dt.timedelta(days=n)
        for n in range((PILOT[1] - PILOT[0]).days + 1)
        if (PILOT[0] + dt.timedelta(days=n)).weekday() < 5
    ]
    rows = []
    for office in offices:
        pilot = office.region.code == PILOT_REGION
        seekers, employers = PILOT_QUOTA if pilot else (rng.randint(*r) for r in OTHER_QUOTA)
        zone = ZoneInfo(office.region.timezone)
        for respondent, n in (("seeker", seekers), ("employer", employers)):
            for _ in range(n):
                local = dt.datetime.combine(rng.choice(days), dt.time(9), zone)
                moment = (local + dt.timedelta(minutes=rng.randint(0, 479))).astimezone(dt.UTC)
                rows.append(
                    answer_row(rng, survey, office, respondent, moment, weights=PILOT_WEIGHTS)
                )
    if rows:
        db.session.execute(sa.insert(SurveyResponse), rows)
    return len(rows)


def _mark_managing(offices: list[Office], code: str) -> None:
    if any(o.is_managing_office for o in offices):
        return
    name = MANAGING.get(code)
    chosen = next((o for o in offices if o.name == name), offices[0])
    chosen.is_managing_office = True
    db.session.flush()


def _link(code: str, key: str, parameter: str) -> str:
    """A plausible evidence link on a reserved domain (RFC 2606: nothing real answers)."""
    return f"https://czn{code}.example/index/{key}/{parameter}.jpg"


def _fill(rng: random.Random, indicator, code: str, *, better: bool):
    """Parameters ticked with links, or the formula's values; `better` (the recent period)
    ticks a little more, as a pilot's quick wins would."""
    share = 0.75 if better else 0.55
    if indicator.rule == "vacancy_dynamics":
        previous = rng.randint(800, 2000)
        growth = rng.uniform(1.0, 1.4) if better else rng.uniform(0.9, 1.25)
        return [], {"current": round(previous * growth), "previous": previous}
    if indicator.rule == "comfort_levels":
        items = []
        complete = True  # a level counts only over complete levels before it
        for level in (3, 2, 1):
            level_share = {3: 0.97, 2: 0.85 if better else 0.75, 1: 0.6}[level]
            for p in (p for p in indicator.parameters if p.comfort_level == level):
                done = complete and rng.random() < level_share
                items.append(
                    ItemInput(p.code, done, _link(code, indicator.key, p.code) if done else "")
                )
            complete = complete and all(i.implemented for i in items)
        return items, {"additional_services": "Бесплатный Wi-Fi, зарядка для телефонов"}
    items = []
    for p in indicator.parameters:
        done = rng.random() < share
        link = _link(code, indicator.key, p.code) if done and indicator.rule != "events" else ""
        items.append(ItemInput(p.code, done, link))
    values = None
    if indicator.rule == "events":
        values = {"other_events": list(OTHER_EVENTS[: rng.randint(0, 2 if better else 1)])}
    return items, values
