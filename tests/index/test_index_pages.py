"""The index pages (seed 002): an office's indicators by group with the share and its n, the
seekers and employers apart and pooled, the objective points or why there are none, the score,
the total and its change; the annulled banner and the decisions; the region's offices and
indicators; the links from the office and region pages; access and query counts."""

import re

import pytest

from cxflow.core.extensions import db
from cxflow.index.models.index import Annulment, AnnulmentAction
from cxflow.index.services import periods
from tests import factories
from tests.helpers import page_html, page_text
from tests.index.scores_data import BEFORE, fill, period, respond


@pytest.fixture
def pilot_period(world):
    found = period(world.r52, ["management_openness", "comfort", "quick_response"])
    db.session.commit()
    return found


def office_page(world, period_id=None):
    query = f"?period={period_id}" if period_id else ""
    return f"/offices/{world.office52.id}/index{query}"


def row(html: str, key: str) -> str:
    """The text of the indicator's row."""
    found = re.search(rf'<tr data-indicator="{key}"[^>]*>(.*?)</tr>', html, re.S)
    assert found, key
    return page_text(found.group(1))


def test_the_office_page_shows_each_indicator_by_group(world, client, auth, pilot_period):
    respond(world.office52, 8, q10=9, q12={"used": True, "score": 8})
    respond(world.office52, 4, q10=4, respondent="employer")
    respond(world.office52, 3, q11=9)
    fill(world.office52, pilot_period, "management_openness", ["swap_days", "public_phone"])
    periods.suspend(pilot_period, "usefulness", "опрос прерван", world.admin)
    db.session.commit()
    auth.login(world.working_group_member, language="ru")
    html = page_html(client, office_page(world))
    text = page_text(html)
    assert "Показатели дружелюбия и партнерства" in text
    assert "25.04.2022 – 06.05.2022" in text
    competence = row(html, "professional_competence")
    # seekers 8 of 11 (the three q11 answers gave q10 a 5), employers 0 of 4 (too few alone),
    # pooled 8 of 15
    assert "72,7 % (n = 11)" in competence and "мало ответов (n = 4)" in competence
    assert "53,3 % (n = 15)" in competence
    assert "0,53 / 1" in competence
    openness = row(html, "management_openness")
    assert "0,4 / 1" in openness and "не выбран" not in openness
    assert "не заполнен" in row(html, "quick_response")
    assert "не выбран" in row(html, "transport")
    usefulness = row(html, "usefulness")
    assert "приостановлен" in usefulness and "опрос прерван" in usefulness
    assert "нет ответов" in row(html, "info_office")
    assert 'id="office-total"' in html
    assert "нет более раннего периода" in text
    assert 'id="decision-form"' not in html  # a member may not annul
    assert "info_website" not in html  # the regional indicators are on the region's page
    assert "Региональные показатели (" in text and "заполняются в управляющем ЦЗН" in text


def test_the_managing_office_shows_the_regional_indicators(world, client, auth, pilot_period):
    world.office52.is_managing_office = True
    respond(world.office52, 10, q14="website")
    db.session.commit()
    auth.login(world.manager, language="ru")
    html = page_html(client, office_page(world))
    assert "Региональные показатели" in page_text(html)
    assert 'id="regional-indicators"' in html
    assert "сайт: 10" in row(html, "multichannel")


def test_the_change_against_the_baseline(world, client, auth):
    before = period(world.r52, start=BEFORE[0], end=BEFORE[1])
    current = period(world.r52)
    respond(world.office52, 10, q10=9, day=BEFORE[0])
    respond(world.office52, 10, q10=9, q11=9)
    db.session.commit()
    auth.login(world.manager, language="ru")
    text = page_text(page_html(client, office_page(world, current.id)))
    assert "+9,09" in text and "01.10.2021 – 31.12.2021: 9,09" in text
    text = page_text(page_html(client, office_page(world, before.id)))
    assert "нет более раннего периода" in text
    # the picker lists the region's periods, newest first
    html = page_html(client, office_page(world))
    options = re.findall(r'<option value="(\d+)"', html)
    assert options == [str(current.id), str(before.id)]


def test_a_period_of_another_region_is_not_found(world, client, auth, pilot_period):
    other = period(world.r74)
    db.session.commit()
    auth.login(world.federal_consultant)
    assert client.get(office_page(world, other.id)).status_code == 404
    assert client.get(f"/regions/{world.r52.id}/index?period={other.id}").status_code == 404


def test_no_period_yet(world, client, auth):
    auth.login(world.manager, language="ru")
    assert "У региона пока нет периодов индекса" in page_text(page_html(client, office_page(world)))
    html = page_html(client, f"/regions/{world.r52.id}/index")
    assert "У региона пока нет периодов индекса" in page_text(html)


def test_an_annulled_office_shows_the_banner_and_zeros(world, client, auth, pilot_period):
    respond(world.office52, 10, q10=9)
    fill(world.office52, pilot_period, "management_openness", ["swap_days"])
    db.session.add(
        Annulment(
            region_id=world.r52.id,
            office=world.office52,
            period_id=pilot_period.id,
            action=AnnulmentAction.annul,
            reason="фото не соответствуют действительности",
            decided_by=world.federal_consultant,
        )
    )
    db.session.commit()
    auth.login(world.manager, language="ru")
    html = page_html(client, office_page(world))
    banner = page_text(
        re.search(
            r'<div class="alert alert-danger"[^>]*id="annulled">(.*?)</div>', html, re.S
        ).group(1)
    )
    assert "фото не соответствуют действительности" in banner
    assert world.federal_consultant.full_name in banner
    assert "аннулирован" in banner.lower()
    assert "0 / 1" in row(html, "professional_competence")
    assert "0,2" not in row(html, "management_openness")  # the filed 0.2 shows as 0
    assert "0 / 1 0 / 1" in row(html, "management_openness")  # objective part, score
    assert (
        page_text(re.search(r'id="office-total">(.*?)</dd>', html, re.S).group(1))
        .strip()
        .startswith("0 ")
    )
    region = page_html(client, f"/regions/{world.r52.id}/index")
    office_row = re.search(rf'<tr data-office="{world.office52.id}"[^>]*>(.*?)</tr>', region, re.S)
    assert "аннулировано" in page_text(office_row.group(1))
    assert "фото не соответствуют действительности" in office_row.group(1)


def test_the_region_page(world, client, auth, pilot_period):
    world.office52.is_managing_office = True
    second = factories.OfficeFactory(region=world.r52, name="ЦЗН Сергача")
    respond(world.office52, 10, q10=9)
    respond(second, 10, q10=5)
    db.session.commit()
    auth.login(world.regional_coordinator, language="ru")
    html = page_html(client, f"/regions/{world.r52.id}/index")
    text = page_text(html)
    offices = re.findall(r'<tr data-office="(\d+)"', html)
    assert offices == [str(world.office52.id), str(second.id)]
    assert "9,09" in text and "управляющий ЦЗН" in text
    assert "0,5 / 1" in row(html, "professional_competence")
    assert "региональный" in row(html, "info_website")
    assert "среднее по ЦЗН" in row(html, "professional_competence")
    assert 'id="region-total"' in html
    assert "/index/verification" not in html  # verification: federal roles only


def test_links_from_the_office_and_region_pages(world, client, auth):
    auth.login(world.working_group_member)
    html = page_html(client, f"/offices/{world.office52.id}")
    assert f'href="/offices/{world.office52.id}/index"' in html
    assert f'href="/regions/{world.r52.id}/index"' in html
    html = page_html(client, f"/regions/{world.r52.id}")
    assert f'href="/regions/{world.r52.id}/index"' in html
    assert "/index/verification" not in html
    auth.logout()
    auth.login(world.federal_consultant)
    html = page_html(client, f"/regions/{world.r52.id}")
    assert f'href="/regions/{world.r52.id}/index/verification"' in html


def test_access(world, client, auth, pilot_period):
    assert client.get(office_page(world)).status_code == 302  # sign in first
    auth.login(world.coordinator74)
    assert client.get(office_page(world)).status_code == 404
    assert client.get(f"/regions/{world.r52.id}/index").status_code == 404
    assert client.get(f"/offices/{world.office74.id}/index").status_code == 200


def test_the_decision_form_annuls_and_reverses(world, client, auth, pilot_period):
    respond(world.office52, 10, q10=9)
    db.session.commit()
    annul = f"/offices/{world.office52.id}/index/annul?period={pilot_period.id}"
    reverse = f"/offices/{world.office52.id}/index/reverse?period={pilot_period.id}"
    auth.login(world.regional_coordinator)
    assert client.post(annul, data={"reason": "x"}).status_code == 403
    auth.logout()
    auth.login(world.federal_consultant, language="ru")
    html = page_html(client, office_page(world))
    assert 'id="decision-form"' in html and "Аннулировать баллы" in html
    response = client.post(annul, data={"reason": "  "})
    assert response.status_code == 422
    assert "Укажите основание решения" in page_text(response.get_data(as_text=True))
    assert db.session.query(Annulment).count() == 0
    response = client.post(annul, data={"reason": "подложные фото"})
    assert response.status_code == 302
    html = page_html(client, response.headers["Location"])
    assert 'id="annulled"' in html and "подложные фото" in html
    assert "Отменить аннулирование" in html
    assert client.post(annul, data={"reason": "ещё раз"}).status_code == 409
    response = client.post(reverse, data={"reason": "повторная проверка"})
    assert response.status_code == 302
    html = page_html(client, office_page(world))
    assert 'id="annulled"' not in html
    history = re.findall(r'<li class="list-group-item" data-action="(\w+)"', html)
    assert history == ["annul", "reverse"]
    assert "подложные фото" in html and "повторная проверка" in html
    assert client.post(reverse, data={"reason": "снова"}).status_code == 409


def test_the_pages_run_the_same_queries_whatever_the_offices_and_answers(
    world, client, auth, pilot_period, query_counts
):
    world.office52.is_managing_office = True
    db.session.add(
        Annulment(
            region_id=world.r52.id,
            office=world.office52,
            period_id=pilot_period.id,
            action=AnnulmentAction.annul,
            reason="проверка",
            decided_by=world.federal_consultant,
        )
    )
    second = factories.OfficeFactory(region=world.r52)
    db.session.commit()

    def grow(n):
        for _ in range(n):
            office = factories.OfficeFactory(region=world.r52)
            respond(office, n, q10=9)
            fill(office, pilot_period, "management_openness", ["swap_days"])
            db.session.add(
                Annulment(
                    region_id=world.r52.id,
                    office=office,
                    period_id=pilot_period.id,
                    action=AnnulmentAction.annul,
                    reason="проверка",
                    decided_by=world.federal_consultant,
                )
            )
        respond(world.office52, n, q10=9)
        db.session.commit()

    auth.login(world.federal_consultant)
    pages = [
        f"/offices/{world.office52.id}/index",
        f"/offices/{second.id}/index",
        f"/regions/{world.r52.id}/index",
    ]
    small, large = query_counts(client.get, pages, grow, growth=(2, 9))
    assert large == small
