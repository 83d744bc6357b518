"""Objective checklists with evidence (issue #16, seed 002 App. 8): the API and the pages, the
points of each rule as saved, every bad input of the issue's "Bad input" a 422 naming the
field with nothing stored (no row, no file), conflicts, evidence files inside the region."""

import datetime as dt
import io

import pytest
import sqlalchemy as sa

from cxflow.core.extensions import db
from cxflow.index.models.index import Checklist, ChecklistItem
from cxflow.index.services import periods
from tests import factories
from tests.helpers import count_rows, error_fields, page_html, page_text

START, END = dt.date(2022, 4, 25), dt.date(2022, 5, 6)
DATES = {"period_start": "2022-04-25", "period_end": "2022-05-06"}
CHOSEN = [
    "management_openness",
    "vacancy_dynamics",
    "jobseeker_events",
    "quick_response",
    "info_website",
    "transport",
    "comfort",
]
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj <<>> endobj\n"
LINK = "https://czn52.ru/otkrytye-dni"


@pytest.fixture
def uploads(app, tmp_path):
    app.config["UPLOAD_FOLDER"] = str(tmp_path)
    return tmp_path


@pytest.fixture
def period(world, uploads):
    found = periods.choose(world.r52, START, END, CHOSEN)
    db.session.commit()
    return found


def url(office, key="management_openness"):
    return f"/api/v1/offices/{office.id}/checklists/{key}"


def query(office, key="management_openness", **dates):
    args = "&".join(f"{k}={v}" for k, v in (dates or DATES).items())
    return f"{url(office, key)}?{args}"


def body(items=(), **extra):
    return DATES | {"items": list(items)} | extra


def stored_files(folder) -> list:
    return [p for p in folder.rglob("*") if p.is_file()]


def nothing_stored(folder):
    db.session.expire_all()
    assert count_rows(Checklist) == 0 and count_rows(ChecklistItem) == 0
    assert stored_files(folder) == []


# --- the points as saved, one rule each ------------------------------------------------------


def test_per_parameter_points_with_evidence_and_read_back(world, api, period):
    api.as_(world.working_group_member)
    items = [
        {"code": "open_reception_days", "implemented": True, "evidence_url": LINK},
        {"code": "public_email", "implemented": True, "evidence_url": "http://czn52.ru/mail"},
        {"code": "swap_days", "implemented": False, "evidence_url": ""},
    ]
    response = api.put(url(world.office52), json=body(items))
    assert response.status_code == 200, response.json
    saved = response.json
    assert (saved["score"], saved["max"], saved["indicator_key"]) == (0.4, 1, "management_openness")
    assert saved["period_id"] == period.id and saved["methodology_version"] == 1
    assert [i["code"] for i in saved["items"]] == [
        "swap_days",
        "open_reception_days",
        "public_events",
        "public_email",
        "public_phone",
    ]
    assert saved["items"][1] == saved["items"][1] | {"implemented": True, "evidence_url": LINK}
    assert saved["filled_by"] == world.working_group_member.full_name
    again = api.get(query(world.office52)).json
    assert again["score"] == 0.4 and again["version"] == saved["version"]
    listing = api.get(
        f"/api/v1/offices/{world.office52.id}/checklists?period_start=2022-04-25&period_end=2022-05-06"
    ).json
    rows = {r["indicator_key"]: r for r in listing["items"]}
    assert list(rows) == [  # in the catalogue's order
        "management_openness",
        "vacancy_dynamics",
        "jobseeker_events",
        "info_website",
        "quick_response",
        "transport",
        "comfort",
    ]
    openness = rows["management_openness"]
    assert (openness["filled"], openness["score"], openness["applies"]) == (True, 0.4, True)
    assert rows["info_website"]["applies"] is False and rows["comfort"]["filled"] is False


@pytest.mark.parametrize(
    ("current", "previous", "points"),
    [(130, 100, 0.6), (300, 100, 2), (50, 100, 0), (100, 100, 0)],
)
def test_vacancy_dynamics_is_the_pilot_formula_clamped(
    world, api, period, current, previous, points
):
    response = api.as_(world.regional_coordinator).put(
        url(world.office52, "vacancy_dynamics"),
        json=body(values={"current": current, "previous": previous}),
    )
    assert response.status_code == 200, response.json
    assert (response.json["score"], response.json["max"]) == (points, 2)
    assert response.json["values"] == {"current": current, "previous": previous}


def test_events_count_each_kind_once_listed_or_not(world, api, period):
    items = [{"code": c, "implemented": True} for c in ("job_fair", "open_day", "business_games")]
    others = ["Квиз для выпускников", "квиз для выпускников ", "Карьерный марафон"]
    response = api.as_(world.working_group_member).put(
        url(world.office52, "jobseeker_events"), json=body(items, values={"other_events": others})
    )
    assert response.status_code == 200, response.json
    assert response.json["score"] == 0.5  # 3 listed + 2 other kinds, 0.1 each


def test_comfort_counts_a_level_only_over_the_levels_before_it(world, api, period):
    from cxflow.index.services import indicators

    comfort = indicators.current().indicator("comfort")
    level3 = [p.code for p in comfort.parameters if p.comfort_level == 3]
    level2 = [p.code for p in comfort.parameters if p.comfort_level == 2]
    items = [{"code": c, "implemented": True, "evidence_url": LINK} for c in level3]
    api.as_(world.working_group_member)
    assert api.put(url(world.office52, "comfort"), json=body(items)).json["score"] == 0.75
    all_but_one = items[1:] + [
        {"code": c, "implemented": True, "evidence_url": LINK} for c in level2
    ]
    assert api.put(url(world.office52, "comfort"), json=body(all_but_one)).json["score"] == 0
    both = items + [{"code": c, "implemented": True, "evidence_url": LINK} for c in level2]
    assert api.put(url(world.office52, "comfort"), json=body(both)).json["score"] == 1.5


def test_quick_response_yes_is_one_point_without_evidence(world, api, period):
    response = api.as_(world.working_group_member).put(
        url(world.office52, "quick_response"),
        json=body([{"code": "statistics", "implemented": True}]),
    )
    assert (response.json["score"], response.json["max"]) == (1, 1)


# --- bad input: 422 naming the field, nothing stored -------------------------------------------


def test_every_bad_input_names_its_field_and_stores_nothing(world, api, period, uploads):
    api.as_(world.working_group_member)
    good = {"code": "swap_days", "implemented": True, "evidence_url": LINK}
    # an indicator the methodology does not have, one the region did not choose
    assert list(error_fields(api.put(url(world.office52, "happiness"), json=body([good])))) == [
        "indicator_key"
    ]
    assert list(error_fields(api.put(url(world.office52, "prebooking"), json=body()))) == [
        "indicator_key"
    ]
    assert list(error_fields(api.get(query(world.office52, "prebooking")))) == ["indicator_key"]
    assert list(error_fields(api.get(query(world.office52, "happiness")))) == ["indicator_key"]
    # a period nobody opened: nothing chosen in it
    other = DATES | {"period_start": "2022-06-01", "period_end": "2022-06-30"}
    assert list(error_fields(api.put(url(world.office52), json=other | {"items": [good]}))) == [
        "indicator_key"
    ]
    # a managing-office indicator at another office
    assert list(error_fields(api.put(url(world.office52, "info_website"), json=body()))) == [
        "indicator_key"
    ]
    # an unknown parameter code
    fields = error_fields(
        api.put(url(world.office52), json=body([good, {"code": "x", "implemented": True}]))
    )
    assert list(fields) == ["items.1.code"]
    # links that are not http(s)
    for bad in ("ftp://czn52.ru/a", "javascript:alert(1)", "czn52.ru/a", "https://"):
        item = good | {"evidence_url": bad}
        assert list(error_fields(api.put(url(world.office52), json=body([item])))) == [
            "items.0.evidence_url"
        ], bad
    # implemented without evidence where the seed asks for one
    no_evidence = good | {"evidence_url": ""}
    assert list(error_fields(api.put(url(world.office52), json=body([no_evidence])))) == [
        "items.0.evidence_url"
    ]
    # a period that ends before it starts
    backwards = body([good]) | {"period_start": "2022-05-06", "period_end": "2022-04-25"}
    assert list(error_fields(api.put(url(world.office52), json=backwards))) == ["period_end"]
    # previous = 0 for vacancy dynamics, and counts that are not whole numbers
    zero = body(values={"current": 10, "previous": 0})
    assert list(error_fields(api.put(url(world.office52, "vacancy_dynamics"), json=zero))) == [
        "values.previous"
    ]
    text = body(values={"current": "много", "previous": 10})
    assert list(error_fields(api.put(url(world.office52, "vacancy_dynamics"), json=text))) == [
        "values.current"
    ]
    # uploads that are not an image or a PDF, or too large, or renamed
    for name, data in (
        ("evidence.exe", b"MZ" + b"\x00" * 32),
        ("evidence.png", b"%PDF-1.4 not a png"),
        ("evidence.txt", b"plain text"),
    ):
        fields = error_fields(_multipart(api, world.office52, [good], {0: (data, name)}))
        assert list(fields) == ["items.0.evidence_file"], name
    api.client.application.config["INDEX_EVIDENCE_MAX_MB"] = 1
    big = PNG + b"\x00" * (1024 * 1024)
    fields = error_fields(_multipart(api, world.office52, [good], {0: (big, "big.png")}))
    assert list(fields) == ["items.0.evidence_file"]
    # a good file beside a bad link: the good file is not kept either
    bad_link = {"code": "public_email", "implemented": True, "evidence_url": "mailto:x@y.ru"}
    fields = error_fields(_multipart(api, world.office52, [good, bad_link], {0: (PNG, "a.png")}))
    assert list(fields) == ["items.1.evidence_url"]
    nothing_stored(uploads)


def test_several_bad_fields_are_named_at_once(world, api, period, uploads):
    items = [
        {"code": "swap_days", "implemented": True, "evidence_url": "ftp://a"},
        {"code": "nope", "implemented": True},
        {"code": "public_email", "implemented": True, "evidence_url": ""},
    ]
    fields = error_fields(
        api.as_(world.working_group_member).put(url(world.office52), json=body(items))
    )
    assert set(fields) == {"items.0.evidence_url", "items.1.code", "items.2.evidence_url"}
    fields = error_fields(api.put(url(world.office52), json={"items": "all"} | DATES))
    assert list(fields) == ["items"]
    assert (
        api.put(url(world.office52), data="{", content_type="application/json").status_code == 400
    )
    nothing_stored(uploads)


def _multipart(api, office, items, files, key="management_openness", **extra):
    import json

    data = {"payload": json.dumps(body(items, **extra))}
    for n, (content, name) in files.items():
        data[f"items.{n}.evidence_file"] = (io.BytesIO(content), name)
    return api.put(url(office, key), data=data, content_type="multipart/form-data")


# --- files, versions, access ------------------------------------------------------------------


def test_an_evidence_file_is_stored_served_kept_and_removed(world, api, period, uploads):
    api.as_(world.working_group_member)
    item = {"code": "swap_days", "implemented": True, "evidence_url": ""}
    response = _multipart(api, world.office52, [item], {0: (PNG, "Фото дня.png")})
    assert response.status_code == 200, response.json
    evidence = response.json["items"][0]["evidence_file"]
    assert evidence["name"] == "Фото дня.png" and evidence["content_type"] == "image/png"
    assert response.json["score"] == 0.2 and len(stored_files(uploads)) == 1
    download = api.get(evidence["url"])
    assert download.status_code == 200 and download.data == PNG
    assert download.mimetype == "image/png"
    # another region cannot fetch it
    assert api.as_(world.coordinator74).get(evidence["url"]).status_code == 404
    # sent again without the file: the file stays
    api.as_(world.working_group_member)
    kept = api.put(url(world.office52), json=body([item]))
    assert kept.status_code == 200 and kept.json["items"][0]["evidence_file"] is not None
    # removed on request: then the evidence is missing
    removed = api.put(url(world.office52), json=body([item | {"remove_file": True}]))
    assert list(error_fields(removed)) == ["items.0.evidence_url"]
    removed = api.put(
        url(world.office52), json=body([item | {"remove_file": True, "evidence_url": LINK}])
    )
    assert removed.status_code == 200 and removed.json["items"][0]["evidence_file"] is None


def test_a_stale_version_is_a_conflict_and_changes_nothing(world, api, period):
    api.as_(world.working_group_member)
    first = api.put(
        url(world.office52),
        json=body([{"code": "swap_days", "implemented": True, "evidence_url": LINK}]),
    )
    version = first.json["version"]
    second = api.put(url(world.office52), json=body(version=version))
    assert second.status_code == 200 and second.json["score"] == 0
    stale = api.put(
        url(world.office52),
        json=body(
            [{"code": "swap_days", "implemented": True, "evidence_url": LINK}], version=version
        ),
    )
    assert stale.status_code == 409
    assert api.get(query(world.office52)).json["score"] == 0


def test_who_may_fill_and_see(world, api, period):
    good = [{"code": "swap_days", "implemented": True, "evidence_url": LINK}]
    assert api.as_(world.manager).put(url(world.office52), json=body(good)).status_code == 403
    assert (
        api.as_(world.federal_consultant).put(url(world.office52), json=body(good)).status_code
        == 403
    )
    assert api.as_(world.coordinator74).put(url(world.office52), json=body(good)).status_code == 404
    assert api.as_(world.admin).put(url(world.office52), json=body(good)).status_code == 200
    assert api.as_(world.manager).get(query(world.office52)).json["score"] == 0.2
    assert api.as_(world.coordinator74).get(query(world.office52)).status_code == 404
    assert api.as_(world.manager).get(query(world.office52, "transport")).status_code == 404


def test_the_managing_office_fills_the_regional_indicators(world, api, period):
    world.office52.is_managing_office = True
    db.session.commit()
    item = {"code": "search_top3", "implemented": True, "evidence_url": LINK}
    response = api.as_(world.regional_coordinator).put(
        url(world.office52, "info_website"), json=body([item])
    )
    assert response.status_code == 200 and response.json["score"] == 0.1


# --- pages -------------------------------------------------------------------------------------


def page_url(office, key=None, period=None):
    base = f"/offices/{office.id}/index/checklists" + (f"/{key}" if key else "")
    return base + (f"?period={period.id}" if period else "")


def test_the_list_shows_chosen_indicators_their_state_and_the_managing_note(
    world, client, auth, period
):
    second = factories.OfficeFactory(region=world.r52, name="ЦЗН Сергача", is_managing_office=True)
    db.session.commit()
    auth.login(world.working_group_member, language="ru")
    text = page_text(page_html(client, page_url(world.office52, period=period)))
    assert "Открытость руководства" in text and "не заполнен" in text
    assert "Заполняется один раз на регион — в управляющем ЦЗН. ЦЗН Сергача" in text
    assert "Предварительная запись" not in text  # not chosen
    # without ?period= the latest period of the region
    assert "Открытость руководства" in page_text(page_html(client, page_url(world.office52)))
    managing = page_text(page_html(client, page_url(second, period=period)))
    assert "Заполняется один раз на регион" not in managing


def test_a_member_fills_a_checklist_on_the_page(world, client, auth, period, uploads):
    auth.login(world.working_group_member, language="ru")
    target = page_url(world.office52, "management_openness", period)
    html = page_html(client, target)
    assert 'data-checklist-rule="per_parameter"' in html and 'data-points="0.2"' in html
    assert 'name="items.4.evidence_url"' in html and "Еще не заполнен." in page_text(html)
    response = client.post(
        target,
        data={
            "items.0.implemented": "y",
            "items.0.evidence_url": LINK,
            "items.2.implemented": "y",
            "items.2.evidence_file": (io.BytesIO(PNG), "встреча.png"),
            "items.3.evidence_url": "https://czn52.ru/draft",  # a link without the tick
        },
        content_type="multipart/form-data",
    )
    assert response.status_code == 302, response.get_data(as_text=True)
    checklist = db.session.scalar(sa.select(Checklist))
    assert checklist.score == 0.4
    items = {i.code: i for i in checklist.items}
    assert items["public_events"].evidence_name == "встреча.png"
    assert (
        items["public_email"].evidence_url == "https://czn52.ru/draft"
        and not items["public_email"].implemented
    )
    text = page_text(page_html(client, target))
    assert "Сохранено: 0,4 из 1 баллов." in text and "Сохраненный балл: 0,4 из 1" in text
    image = client.get(f"/index/evidence/{items['public_events'].id}")
    assert image.status_code == 200 and image.mimetype == "image/png"
    assert "attachment" not in image.headers.get("Content-Disposition", "")
    # a second save keeps the file and can remove it
    response = client.post(
        target,
        data={
            "version": checklist.version,
            "items.0.implemented": "y",
            "items.0.evidence_url": LINK,
            "items.2.implemented": "y",
            "items.2.remove_file": "y",
            "items.2.evidence_url": LINK,
        },
        content_type="multipart/form-data",
    )
    assert response.status_code == 302
    db.session.expire_all()
    assert items["public_events"].evidence_key is None


def test_the_page_names_bad_fields_and_stores_nothing(world, client, auth, period, uploads):
    auth.login(world.working_group_member, language="ru")
    target = page_url(world.office52, "management_openness", period)
    response = client.post(
        target,
        data={
            "items.0.implemented": "y",
            "items.0.evidence_url": "ftp://czn52.ru/a",
            "items.1.implemented": "y",
            "items.1.evidence_file": (io.BytesIO(b"MZ\x00\x00"), "virus.exe"),
            "items.2.implemented": "y",
        },
        content_type="multipart/form-data",
    )
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    text = page_text(html)
    assert "Нужна ссылка, начинающаяся с http:// или https://." in text
    assert 'href="#items-1-evidence_file"' in html and 'id="items-0-evidence_url"' in html
    assert "Укажите ссылку или приложите фото или скриншот." in text
    assert 'value="ftp://czn52.ru/a"' in html  # what was typed stays
    nothing_stored(uploads)
    vacancy = client.post(
        page_url(world.office52, "vacancy_dynamics", period),
        data={"values.current": "12", "values.previous": "0"},
    )
    assert vacancy.status_code == 422
    assert "В предыдущем периоде вакансий не было" in page_text(vacancy.get_data(as_text=True))
    nothing_stored(uploads)


def test_the_page_reports_a_conflict(world, client, auth, api, period):
    auth.login(world.working_group_member, language="ru")
    target = page_url(world.office52, "quick_response", period)
    html = page_html(client, target)  # read before anyone filled it
    assert 'name="version"' in html
    api.as_(world.regional_coordinator).put(
        url(world.office52, "quick_response"),
        json=body([{"code": "statistics", "implemented": True}]),
    )
    response = client.post(target, data={"version": ""})
    assert response.status_code == 409
    assert db.session.scalar(sa.select(Checklist.score)) == 1


def test_events_and_vacancies_on_the_page(world, client, auth, period):
    auth.login(world.regional_coordinator, language="ru")
    events = page_url(world.office52, "jobseeker_events", period)
    response = client.post(
        events,
        data={"items.0.implemented": "y", "values.other_events": "Квиз\nквиз\nМарафон\n"},
    )
    assert response.status_code == 302
    assert db.session.scalar(sa.select(Checklist.score)) == 0.3
    assert "Квиз\nквиз\nМарафон" in page_html(client, events)
    vacancies = page_url(world.office52, "vacancy_dynamics", period)
    html = page_html(client, vacancies)
    assert "× 2, от 0 до 2" in page_text(html)
    assert (
        client.post(vacancies, data={"values.current": "120", "values.previous": "100"}).status_code
        == 302
    )
    db.session.expire_all()
    scores = dict(db.session.execute(sa.select(Checklist.indicator_key, Checklist.score)).all())
    assert scores["vacancy_dynamics"] == 0.4


def test_comfort_is_grouped_by_level_on_the_page(world, client, auth, period):
    auth.login(world.working_group_member, language="ru")
    text = page_text(page_html(client, page_url(world.office52, "comfort", period)))
    assert text.index("Уровень 3: 0,75") < text.index("Уровень 2: 1,5") < text.index("Уровень 1: 2")


def test_readers_see_the_checklist_without_the_form(world, client, auth, api, period):
    api.as_(world.working_group_member).put(
        url(world.office52, "quick_response"),
        json=body([{"code": "statistics", "implemented": True}]),
    )
    auth.login(world.manager, language="ru")
    target = page_url(world.office52, "quick_response", period)
    html = page_html(client, target)
    assert "Сохранить чек-лист" not in html and "disabled" in html
    assert client.post(target, data={}).status_code == 403
    assert "Сохраненный балл: 1 из 1" in page_text(html)
    auth.logout()
    auth.login(world.coordinator74)
    page_html(client, target, status=404)
    page_html(client, page_url(world.office74, "quick_response", period), status=404)


def test_a_pdf_evidence_is_downloaded_not_shown(world, client, auth, api, period, uploads):
    item = {"code": "swap_days", "implemented": True, "evidence_url": ""}
    response = _multipart(
        api.as_(world.working_group_member), world.office52, [item], {0: (PDF, "приказ.pdf")}
    )
    assert response.status_code == 200, response.json
    item_id = response.json["items"][0]["id"]
    auth.login(world.manager)
    download = client.get(f"/index/evidence/{item_id}")
    assert download.status_code == 200 and download.mimetype == "application/pdf"
    assert download.headers["Content-Disposition"].startswith("attachment")
    auth.logout()
    auth.login(world.coordinator74)
    assert client.get(f"/index/evidence/{item_id}").status_code == 404


def test_the_list_page_runs_the_same_queries_for_more_checklists(
    world, client, auth, api, period, query_counts
):
    auth.login(world.manager)
    keys = iter(["management_openness", "quick_response", "transport", "jobseeker_events"])
    bodies = {
        "management_openness": [{"code": "swap_days", "implemented": True, "evidence_url": LINK}],
        "quick_response": [{"code": "statistics", "implemented": True}],
        "transport": [{"code": "stops_access", "implemented": True, "evidence_url": LINK}],
        "jobseeker_events": [{"code": "job_fair", "implemented": True}],
    }
    writer = api.as_(world.working_group_member)

    def grow(n):
        for _ in range(n):
            key = next(keys)
            writer.put(url(world.office52, key), json=body(bodies[key]))

    first, second = query_counts(
        client.get, [page_url(world.office52, period=period)], grow, growth=(1, 2)
    )
    assert first == second


def test_the_page_refuses_a_large_file_an_unknown_and_an_unchosen_indicator(
    world, client, auth, period, uploads, app
):
    app.config["INDEX_EVIDENCE_MAX_MB"] = 1
    auth.login(world.working_group_member, language="ru")
    target = page_url(world.office52, "transport", period)
    response = client.post(
        target,
        data={
            "items.0.implemented": "y",
            "items.0.evidence_file": (io.BytesIO(PNG + b"\x00" * (1024 * 1024)), "big.png"),
        },
        content_type="multipart/form-data",
    )
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "Файл больше 1 МБ." in page_text(html) and 'href="#items-0-evidence_file"' in html
    nothing_stored(uploads)
    page_html(client, page_url(world.office52, "happiness", period), status=404)
    page_html(client, page_url(world.office52, "usefulness", period), status=404)  # subjective
    unchosen = page_url(world.office52, "prebooking", period)
    html = page_html(client, unchosen)
    assert 'id="not-chosen"' in html and 'id="checklist-form"' not in html
    response = client.post(unchosen, data={"items.0.implemented": "y"})
    assert response.status_code == 422
    assert "Регион не выбрал показатель prebooking" in page_text(response.get_data(as_text=True))
    nothing_stored(uploads)
