"""The manager dashboard of overdue quick wins: the service's overdue boundaries in each region's
own "today", scoping, filters, counts per region, and the /quick-wins page."""

import datetime as dt

import pytest

from cxflow.core.clock import region_today, today_by_region
from cxflow.core.errors import ValidationError
from cxflow.core.extensions import db
from cxflow.dashboards import services as overdue
from cxflow.orgs.services import region_dates
from cxflow.solutions.models import Solution
from tests import factories
from tests.helpers import page_text, quick_win

DAY = dt.date(2026, 3, 17)


def on(world, day52=DAY, day74=DAY):
    """ "Today" as SQL: `day52` in region 52, `day74` in region 74."""
    return today_by_region(Solution.region_id, {world.r52.id: day52, world.r74.id: day74}, DAY)


def listed(actor, today, show="overdue", **filters) -> list[tuple[int, int | None]]:
    stmt = overdue.list_quick_wins(
        actor, show=show, filters=overdue.check_filters(**filters), today=today
    )
    return [(s.id, s.days_overdue) for s in overdue.fetch(stmt, 1, 200).items]


# --- overdue boundaries ------------------------------------------------------------------------


def test_overdue_boundaries(world, pilots):
    p52, _ = pilots
    yesterday = quick_win(p52, DAY - dt.timedelta(days=1))
    late = quick_win(p52, DAY - dt.timedelta(days=10), status="in_progress")
    quick_win(p52, DAY)  # due today: not overdue
    quick_win(p52, DAY - dt.timedelta(days=5), status="done")
    quick_win(p52, DAY - dt.timedelta(days=5), status="cancelled")
    quick_win(p52, None, ongoing=True)  # no due date: never overdue
    quick_win(p52, DAY + dt.timedelta(days=3))
    assert listed(world.manager, on(world)) == [(late.id, 10), (yesterday.id, 1)]


def test_all_and_open_lists_sort_by_due_date_and_flag_only_the_overdue(world, pilots):
    p52, _ = pilots
    ongoing = quick_win(p52, None, ongoing=True)
    today = quick_win(p52, DAY)
    done = quick_win(p52, DAY - dt.timedelta(days=5), status="done")
    late = quick_win(p52, DAY - dt.timedelta(days=2))
    assert listed(world.manager, on(world), show="all") == [
        (done.id, None),
        (late.id, 2),
        (today.id, None),
        (ongoing.id, None),
    ]
    assert listed(world.manager, on(world), show="open") == [
        (late.id, 2),
        (today.id, None),
        (ongoing.id, None),
    ]


def test_today_is_the_date_in_the_solutions_region(world, pilots):
    """Yekaterinburg is two hours ahead of Moscow: late in the Moscow evening it is already
    the next day there, so the same due date is overdue in 74 and due today in 52."""
    p52, p74 = pilots
    world.r74.timezone = "Asia/Yekaterinburg"
    in52, in74 = quick_win(p52, DAY), quick_win(p74, DAY)
    by_zone = {"Europe/Moscow": DAY, "Asia/Yekaterinburg": DAY + dt.timedelta(days=1)}
    today = today_by_region(Solution.region_id, region_dates(lambda zone: by_zone[zone]), DAY)
    assert listed(world.federal_consultant, today) == [(in74.id, 1)]
    assert listed(world.federal_consultant, today, show="all") == [(in52.id, None), (in74.id, 1)]


def test_without_a_mocked_today_each_region_uses_its_own_clock(world, pilots):
    p52, p74 = pilots
    # UTC+14 and UTC−11: their dates always differ, by one or two days.
    world.r52.timezone, world.r74.timezone = "Pacific/Kiritimati", "Pacific/Pago_Pago"
    due = region_today("Pacific/Kiritimati") - dt.timedelta(days=1)
    assert due >= region_today("Pacific/Pago_Pago")
    in52 = quick_win(p52, due)
    quick_win(p74, due)  # due today or tomorrow in Pago Pago: not overdue
    assert listed(world.federal_consultant, None) == [(in52.id, 1)]


# --- scope, filters, counts --------------------------------------------------------------------


def test_scope_and_region_filter(world, pilots):
    p52, p74 = pilots
    a = quick_win(p52, DAY - dt.timedelta(days=3))
    b = quick_win(p74, DAY - dt.timedelta(days=7))
    assert listed(world.manager, on(world)) == [(a.id, 3)]
    assert listed(world.federal_consultant, on(world)) == [(b.id, 7), (a.id, 3)]
    assert listed(world.federal_consultant, on(world), region_code="52") == [(a.id, 3)]
    assert listed(world.manager, on(world), region_code="74") == []  # not theirs
    assert listed(world.federal_consultant, on(world), region_code="99") == []


def test_filters_by_pilot_owner_and_tier(world, pilots):
    p52, _ = pilots
    other = factories.PilotFactory(region=world.r52, title="Второй пилот")
    early = DAY - dt.timedelta(days=4)
    it = quick_win(p52, early, owner="Отдел информационных технологий")
    hr = quick_win(other, early, owner="Отдел кадров")
    long = quick_win(p52, early, owner="Отдел кадров", tier="long_term")
    deferred = quick_win(p52, early, tier="deferred")
    user, today = world.manager, on(world)
    assert {i for i, _ in listed(user, today)} == {it.id, hr.id}  # quick wins by default
    assert listed(user, today, pilot_id=str(other.id)) == [(hr.id, 4)]
    assert listed(user, today, owner="ИНФОРМАЦИОННЫХ") == [(it.id, 4)]
    assert listed(user, today, owner="100%_") == []
    assert listed(user, today, tier="long_term") == [(long.id, 4)]
    assert listed(user, today, tier="deferred") == [(deferred.id, 4)]
    assert {i for i, _ in listed(user, today, tier="any", owner="кадров")} == {hr.id, long.id}


@pytest.mark.parametrize(
    "filters, field",
    [
        ({"tier": "urgent"}, "tier"),
        ({"pilot_id": "abc"}, "pilot_id"),
        ({"pilot_id": "0"}, "pilot_id"),
        ({"pilot_id": str(2**40)}, "pilot_id"),
    ],
)
def test_bad_filters_name_the_field(app, filters, field):
    with pytest.raises(ValidationError) as exc:
        overdue.check_filters(**filters)
    assert set(exc.value.fields) == {field}


def test_counts_per_region(world, pilots):
    p52, p74 = pilots
    quick_win(p52, DAY - dt.timedelta(days=1))
    quick_win(p52, DAY - dt.timedelta(days=2))
    quick_win(p52, DAY)
    quick_win(p52, DAY - dt.timedelta(days=2), status="done")
    quick_win(p52, DAY - dt.timedelta(days=2), tier="long_term")
    quick_win(p74, DAY + dt.timedelta(days=9))
    counts = overdue.counts_by_region(world.federal_consultant, today=on(world))
    assert [(c.code, c.overdue, c.open) for c in counts] == [("52", 2, 3), ("74", 0, 1)]
    counts = overdue.counts_by_region(world.manager, today=on(world))
    assert [(c.code, c.overdue, c.open) for c in counts] == [("52", 2, 3)]
    every = overdue.check_filters(tier="any")
    counts = overdue.counts_by_region(world.manager, filters=every, today=on(world))
    assert [(c.code, c.overdue, c.open) for c in counts] == [("52", 3, 4)]


def test_pages_of_rows(world, pilots):
    p52, _ = pilots
    for days in range(1, 6):
        quick_win(p52, DAY - dt.timedelta(days=days))
    stmt = overdue.list_quick_wins(world.manager, show="overdue", today=on(world))
    page = overdue.fetch(stmt, 2, 2)
    assert (page.total, page.pages, [s.days_overdue for s in page.items]) == (5, 3, [3, 2])
    assert list(overdue.Page([], 10, 6, 1).iter_pages()) == [1, 2, None, 4, 5, 6, 7, 8, 9, 10]
    assert list(overdue.Page([], 10, 1, 1).iter_pages()) == [1, 2, 3, None, 9, 10]


# --- the page ----------------------------------------------------------------------------------


def test_page_lists_the_overdue_of_the_users_scope(world, pilots, client, auth):
    p52, p74 = pilots
    yesterday = region_today("Europe/Moscow") - dt.timedelta(days=1)
    stage = factories.StageFactory(journey__pilot=p52, title="Запись")
    mine = quick_win(p52, yesterday, stage=stage, owner="Отдел ИТ", solution="Вкладка на сайте")
    quick_win(p52, yesterday + dt.timedelta(days=1), solution="Срок сегодня")
    quick_win(p74, yesterday, solution="Решение Челябинска")
    auth.login(world.manager, language="en")
    response = client.get("/quick-wins")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "Overdue quick wins" in html
    assert 'href="/quick-wins"' in html  # the navigation entry
    assert f'href="/pilots/{p52.id}"' in html and f'href="/solutions/{mine.id}"' in html
    text = page_text(html)
    assert "Вкладка на сайте" in text and "Запись" in text and "Отдел ИТ" in text
    assert yesterday.strftime("%d.%m.%Y") in text
    assert "Срок сегодня" not in text and "Решение Челябинска" not in text
    assert "52 Нижегородская область 1 2" in text  # counts: overdue 1, open 2
    assert "Челябинская область 1" not in text
    # every open one, the not-overdue ones without days
    text = page_text(client.get("/quick-wins?show=open").get_data(as_text=True))
    assert "Срок сегодня" in text and "Решение Челябинска" not in text


def test_page_filters_and_empty_state(world, pilots, client, auth):
    p52, p74 = pilots
    yesterday = region_today("Europe/Moscow") - dt.timedelta(days=1)
    quick_win(p52, yesterday, solution="Решение Нижнего")
    quick_win(p74, yesterday, solution="Решение Челябинска", tier="long_term")
    auth.login(world.federal_consultant, language="en")
    text = page_text(client.get("/quick-wins").get_data(as_text=True))
    assert "Решение Нижнего" in text and "Решение Челябинска" not in text
    text = page_text(client.get("/quick-wins?tier=any").get_data(as_text=True))
    assert "Решение Нижнего" in text and "Решение Челябинска" in text
    text = page_text(client.get("/quick-wins?tier=any&region_code=74").get_data(True))
    assert "Решение Нижнего" not in text and "Решение Челябинска" in text
    url = f"/quick-wins?pilot_id={p74.id}&owner=никто"
    text = page_text(client.get(url).get_data(as_text=True))
    assert "Nothing is overdue here." in text
    html = client.get("/quick-wins").get_data(as_text=True)
    assert f'<option value="{p74.id}"' in html and '<option value="74"' in html


def test_page_shows_bad_filters_at_the_field(world, client, auth):
    auth.login(world.manager)
    response = client.get("/quick-wins?tier=urgent&pilot_id=x")
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert 'id="tier-filter-error"' in html and 'id="pilot-filter-error"' in html
    assert 'aria-invalid="true"' in html


def test_page_regional_user_sees_only_their_regions_choices(world, pilots, client, auth):
    _, p74 = pilots
    auth.login(world.manager)
    html = client.get("/quick-wins").get_data(as_text=True)
    assert '<option value="52"' in html and '<option value="74"' not in html
    assert f'<option value="{p74.id}"' not in html


def test_page_needs_sign_in(client):
    response = client.get("/quick-wins")
    assert response.status_code == 302 and "/auth/login" in response.headers["Location"]


def test_page_queries_do_not_grow_with_rows(world, pilots, client, auth, count_queries):
    yesterday = region_today("Europe/Moscow") - dt.timedelta(days=1)

    def add(n: int) -> None:
        for i in range(n):
            pilot = factories.PilotFactory(region=world.r52)
            stage = factories.StageFactory(journey__pilot=pilot)
            quick_win(pilot, yesterday - dt.timedelta(days=i), stage=stage)

    auth.login(world.federal_consultant)
    add(2)
    client.get("/quick-wins")
    db.session.expire_all()  # each request starts with nothing loaded, as in production
    with count_queries() as few:
        assert client.get("/quick-wins?show=open").status_code == 200
    add(12)
    db.session.expire_all()
    with count_queries() as many:
        html = client.get("/quick-wins?show=open").get_data(as_text=True)
    assert html.count('href="/solutions/') == 14
    assert many["n"] == few["n"]
