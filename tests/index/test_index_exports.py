"""The index workbooks and JSON of the boards (issue #16 "Exports", API.md): scores office ×
indicator and the comparison table read back with openpyxl, `GET /api/v1/index/board` and
`GET /api/v1/regions/{id}/index`, region scoping and fixed query counts."""

import datetime as dt

import pytest

from cxflow.core.extensions import db
from cxflow.orgs.models import Network
from tests import factories
from tests.helpers import xlsx_sheet
from tests.index.test_index_boards import BEFORE, END, ON, START, build_region, campaign
from tests.index.test_index_scores import respond

__all__ = ["campaign"]  # the fixture, shared with the boards' tests

HEADER = (
    "Код региона",
    "Регион",
    "Сеть",
    "ЦЗН",
    "Уровень",
    "Методика",
    "Версия методики",
    "Начало периода",
    "Конец периода",
    "№",
    "Ключ показателя",
    "Показатель",
    "Ответов за период (ЦЗН; регион)",
    "n (ответов на вопрос)",
    "Доля положительных (8–10)",
    "Мало ответов",
    "Объективные баллы",
    "Макс. объективных",
    "Балл",
    "Макс.",
    "Состояние",
    "Приостановлен",
    "Аннулирован",
    "Причина аннулирования",
)


def scores(response) -> dict:
    """(region code, office, indicator key) -> the row's values from «Код региона» on."""
    rows = list(xlsx_sheet(response).iter_rows(values_only=True))
    assert rows[0] == HEADER
    return {(r[0], r[3], r[10]): r for r in rows[1:]}


def test_scores_workbook_has_every_office_and_indicator_with_its_parts(
    world, campaign, client, auth
):
    auth.login(world.federal_consultant)
    found = scores(client.get(f"/index/scores.xlsx?on={ON}"))
    office = world.office52.name
    row = found[("52", office, "professional_competence")]
    assert row[1:10] == (
        "Нижегородская область",
        "централизованная",
        office,
        "ЦЗН",
        "indicators-2022",
        1,
        dt.datetime(2022, 4, 25),
        dt.datetime(2022, 5, 6),
        "1.1",
    )
    # 10 answers of the office, 10 to q10, all positive: 1 of 1, nothing objective
    assert row[12:] == (10, 10, 1, "нет", None, None, 1, 1, None, "нет", "нет", None)
    vacancy = found[("52", office, "vacancy_dynamics")]
    assert vacancy[13:20] == (None, None, None, 0.4, 2, 0.4, 2)
    simplicity = found[("52", office, "simplicity")]  # suspended: no score, not 0
    assert simplicity[13:22] == (10, 0, "нет", None, None, None, None, "приостановлен", "да")
    openness = found[("52", office, "management_openness")]  # chosen, not filled, nobody asked
    assert openness[13:21] == (0, None, "да", None, 1, None, None, "мало ответов")
    events = found[("52", office, "jobseeker_events")]
    assert events[16:21] == (None, 2, None, None, "не выбран")
    # the annulled office of region 74: every score 0, the reason beside it
    annulled = found[("74", "ЦЗН Златоуста", "professional_competence")]
    assert annulled[18:] == (0, 1, None, "нет", "да", "фото не соответствуют действительности")
    # the managing-office indicators once per region, on the managing office's row
    regional = found[("52", office, "info_website")]
    assert regional[4] == "регион (управляющий ЦЗН)" and regional[12] == 20
    assert len([k for k in found if k[0] == "52"]) == 2 * 17 + 3
    # per region: 2 offices × 17 office indicators + 3 regional ones
    assert len(found) == 2 * (2 * 17 + 3)


def test_scores_workbook_of_one_region_and_for_a_regional_role(world, campaign, api):
    api.as_(world.admin)
    only74 = scores(api.get(f"/api/v1/index/scores.xlsx?region_code=74&on={ON}"))
    assert {key[0] for key in only74} == {"74"}
    api.as_(world.manager)  # region 52's manager: 74 is not there, even when asked
    assert scores(api.get(f"/api/v1/index/scores.xlsx?region_code=74&on={ON}")) == {}
    assert {key[0] for key in scores(api.get(f"/api/v1/index/scores.xlsx?on={ON}"))} == {"52"}


def test_comparison_workbook_reads_back_like_the_page(world, campaign, client, auth, api):
    auth.login(world.federal_consultant)
    for response in (
        client.get(f"/index/comparison.xlsx?on={ON}"),
        api.as_(world.admin).get(f"/api/v1/index/comparison.xlsx?on={ON}"),
    ):
        rows = list(xlsx_sheet(response).iter_rows(values_only=True))
        assert rows[0][0] == "Сравнительная таблица оценки показателей клиентоцентричности"
        assert rows[1][0] == "Периоды: у каждого региона период, содержащий 01.05.2022."
        assert rows[2] == (
            "№",
            "Показатели клиентоцентричности",
            "52 Нижегородская область (централизованная), 25.04.2022–06.05.2022",
            "74 Челябинская область (децентрализованная), 25.04.2022–06.05.2022",
            "Среднее (централизованная)",
            "Среднее (децентрализованная)",
            "Средний полученный балл",
            "Максимально возможное значение",
        )
        lines = {row[0]: row for row in rows[3:]}
        assert lines["1."][1] == "Показатели дружелюбия и партнерства"
        assert lines["1.1"][2:] == (1, 0.5, 1, 0.5, 0.75, 1)
        assert lines["2.2"][2:] == (0.4, 0.4, 0.4, 0.4, 0.4, 2)  # the maximum possible: 2
        assert lines["2.3"][2:] == ("не выбран", "не выбран", None, None, None, 2)
        assert lines["3.4"][2:] == ("приостановлен", "приостановлен", None, None, None, 1)
        assert lines["1.3"][2:4] == ("мало ответов", "мало ответов")


def test_comparison_workbook_for_a_regional_role_has_its_region_only(world, campaign, api):
    rows = list(
        xlsx_sheet(
            api.as_(world.manager).get("/api/v1/index/comparison.xlsx?on=2022-05-01")
        ).iter_rows(values_only=True)
    )
    assert rows[2][2].startswith("52 ") and "74" not in " ".join(map(str, rows[2]))


# --- JSON ---------------------------------------------------------------------------------


def test_board_json_by_network(world, campaign, api):
    body = api.as_(world.federal_consultant).get(f"/api/v1/index/board?on={ON}").json
    assert body["on"] == ON
    (r52,) = body["networks"]["centralized"]
    (r74,) = body["networks"]["decentralized"]
    assert r52["region_code"] == "52" and r52["network"] == "centralized"
    assert r52["period"]["from"] == "2022-04-25" and r52["period"]["to"] == "2022-05-06"
    assert r52["baseline"]["from"] == BEFORE[0].isoformat()
    assert (r52["total"], r52["baseline_total"], r52["change"]) == (15.45, 0.0, 15.45)
    assert (r52["offices"], r52["offices_counted"], r52["responses"]) == (2, 2, 20)
    assert r52["annulled_offices"] == []
    assert r74["total"] == 6.36
    assert r74["annulled_offices"] == [
        {
            "office_id": campaign.second74.id,
            "office_name": "ЦЗН Златоуста",
            "reason": "фото не соответствуют действительности",
        }
    ]
    latest = api.get("/api/v1/index/board").json["networks"]["centralized"][0]
    assert latest["period"]["from"] == "2022-10-01" and latest["total"] is None


def test_board_json_of_a_regional_role_and_a_bad_day(world, campaign, api):
    body = api.as_(world.manager).get("/api/v1/index/board").json
    assert [r["region_code"] for r in body["networks"]["centralized"]] == ["52"]
    assert body["networks"]["decentralized"] == []
    response = api.get("/api/v1/index/board?on=май")
    assert response.status_code == 422 and "on" in str(response.json)


def test_region_index_json(world, campaign, api):
    api.as_(world.manager)
    url = f"/api/v1/regions/{world.r52.id}/index"
    body = api.get(f"{url}?from={START}&to={END}").json
    assert (body["total"], body["change"], body["responses"]) == (15.45, 15.45, 20)
    assert body["managing_office_id"] == world.office52.id
    assert [(o["office_name"], o["total"], o["change"]) for o in body["offices"]] == [
        ("ЦЗН Сергача", 20.0, None),  # 2 of 10 counted (simplicity suspended)
        (world.office52.name, 10.91, 10.91),
    ]
    assert body["indicators"]["professional_competence"] == {
        "score": 1.0,
        "max": 1.0,
        "state": "value",
    }
    assert body["indicators"]["simplicity"] == {"score": None, "max": None, "state": "suspended"}
    assert body["indicators"]["jobseeker_events"]["state"] == "not_chosen"
    assert set(body["regional"]) == {"info_website", "info_social", "multichannel"}
    website = body["regional"]["info_website"]
    assert website["subjective"] == {"positive_share": None, "responses": 0, "too_few": True}
    assert website["objective"] == {"score": None, "max": 0.5, "chosen": False}
    assert website["state"] == "too_few"
    # no dates: the latest period (October, empty)
    latest = api.get(url).json
    assert latest["period"]["from"] == "2022-10-01" and latest["total"] is None
    # dates nobody opened: computed from the answers alone, no baseline
    transient = api.get(f"{url}?from=2022-05-01&to=2022-05-31").json
    assert transient["period"]["id"] is None and transient["baseline"] is None
    assert transient["responses"] == 10  # the second office's answers of 06.05


def test_region_index_json_bad_dates_and_other_regions(world, campaign, api):
    api.as_(world.manager)
    url = f"/api/v1/regions/{world.r52.id}/index"
    response = api.get(f"{url}?from=2022-05-01")
    assert response.status_code == 422 and set(response.json["error"]["fields"]) == {"to"}
    response = api.get(f"{url}?from=2022-05-01&to=2022-04-01")
    assert response.status_code == 422 and set(response.json["error"]["fields"]) == {"to"}
    assert api.get(f"/api/v1/regions/{world.r74.id}/index").status_code == 404


def test_region_index_json_of_a_region_without_periods(world, api):
    body = api.as_(world.admin).get(f"/api/v1/regions/{world.r52.id}/index").json
    assert body["period"] is None and body["offices"] == [] and body["total"] is None


# --- queries ------------------------------------------------------------------------------


@pytest.mark.parametrize("network", [Network.centralized, Network.decentralized])
def test_the_api_runs_the_same_queries_for_2_and_8_regions(world, api, query_counts, network):
    api.as_(world.admin)

    def grow(n):
        for _ in range(n):
            region = factories.RegionFactory()
            offices = (
                factories.OfficeFactory(region=region),
                factories.OfficeFactory(region=region),
            )
            db.session.flush()
            build_region(region, offices, world.admin, network=network, annulled=True)
            respond(offices[1], 3, day=BEFORE[0])

    urls = [
        f"/api/v1/index/board?on={ON}",
        "/api/v1/index/board",
        f"/api/v1/index/scores.xlsx?on={ON}",
        f"/api/v1/index/comparison.xlsx?on={ON}",
        f"/api/v1/regions/{world.r52.id}/index?from={START}&to={END}",
    ]
    small, large = query_counts(api.get, urls, grow)
    assert small == large


def test_a_name_that_looks_like_a_formula_stays_text(world, campaign, client, auth):
    campaign.second52.name = '=HYPERLINK("http://evil.example","x")'
    db.session.commit()
    auth.login(world.admin)
    sheet = xlsx_sheet(client.get(f"/index/scores.xlsx?region_code=52&on={ON}"))
    cells = [row[3] for row in sheet.iter_rows(min_row=2) if row[3].value.startswith("=")]
    assert cells and {c.data_type for c in cells} == {"s"}
