"""The knowledge bank through the API: search with Russian word forms and filters, what each
region sees (its own and the published solutions), similar solutions of a pain point,
publishing (the coordinator) and copying into a map (origin remembered)."""

import datetime as dt

import pytest

from cxflow.core.extensions import db
from cxflow.solutions.models import Solution
from tests import factories
from tests.helpers import EN, api_error, before_and_after, item_ids

# --- search ---------------------------------------------------------------------------------


def test_region_sees_its_own_and_published_solutions(api, world, bank):
    response = api.as_(world.manager).get("/api/v1/knowledge-bank?q=инвалид")
    assert sorted(item_ids(response)) == sorted([bank.own.id, bank.shared.id])
    assert response.json["total"] == 2
    federal = api.as_(world.federal_consultant).get("/api/v1/knowledge-bank?q=инвалидами")
    assert len(item_ids(federal)) == 3
    other = api.as_(world.coordinator74).get("/api/v1/knowledge-bank")
    assert sorted(item_ids(other)) == sorted([bank.shared.id, bank.hidden.id])


def test_item_shape(api, world, bank):
    response = api.as_(world.manager).get("/api/v1/knowledge-bank?region_code=74")
    (item,) = response.json["items"]
    assert item["id"] == bank.shared.id
    assert item["region_code"] == "74"
    assert item["pilot_title"] == bank.pilot74.title
    assert item["target_group"] == "освободившиеся"
    assert item["stage_title"] == "Поиск информации"
    assert item["planned_result"] == "Клиент знает, куда обращаться"
    assert item["tier"] == "quick_win" and item["status"] == "planned"
    assert item["published"] is True and item["effective"] is False
    assert item["effect"]["verdict"] == "not_measured"
    assert item["origin_id"] is None and item["origin"] is None
    assert item["updated_at"].endswith("+00:00")


def test_filters_and_paging(api, world, bank):
    api.as_(world.admin)
    assert item_ids(api.get("/api/v1/knowledge-bank?target_group=инвалиды")) == [bank.own.id]
    assert item_ids(api.get("/api/v1/knowledge-bank?tier=long_term&region_code=74")) == [
        bank.hidden.id
    ]
    assert item_ids(api.get("/api/v1/knowledge-bank?stage=ПОИСК&q=закрытой")) == [bank.hidden.id]
    assert item_ids(api.get("/api/v1/knowledge-bank?outcome=effective")) == []
    assert len(item_ids(api.get("/api/v1/knowledge-bank?outcome=open"))) == 3
    page = api.get("/api/v1/knowledge-bank?per_page=2&page=2")
    assert len(item_ids(page)) == 1 and page.json["total"] == 3
    error = api_error(
        api.get("/api/v1/knowledge-bank?outcome=great", headers=EN), 422, "validation_error"
    )
    assert set(error["fields"]) == {"outcome"}
    error = api_error(api.get("/api/v1/knowledge-bank?tier=fast"), 422, "validation_error")
    assert set(error["fields"]) == {"tier"}


@pytest.mark.parametrize(
    "query",
    ["", "%00", "x" * 10_000, "'\"&|!():*", "1; DROP TABLE solutions", "%F0%9F%99%82", "%ED%A0%80"],
)
def test_any_query_text(api, world, bank, query):
    response = api.as_(world.manager).get(f"/api/v1/knowledge-bank?q={query}")
    assert response.status_code == 200
    assert isinstance(response.json["items"], list)


# --- similar ----------------------------------------------------------------------------------


def test_similar_solutions_of_a_pain_point(api, world, bank):
    url = f"/api/v1/pain-points/{bank.own.pain_point_id}/similar"
    assert item_ids(api.as_(world.working_group_member).get(url)) == [bank.shared.id]
    assert sorted(item_ids(api.as_(world.admin).get(url))) == sorted(
        [bank.shared.id, bank.hidden.id]
    )
    assert len(item_ids(api.as_(world.admin).get(url + "?limit=1"))) == 1
    api_error(api.as_(world.admin).get(url + "?limit=0"), 422, "validation_error")
    other = factories.PainPointFactory(stage=bank.hidden.stage, description="Памятка")
    db.session.commit()
    url74 = f"/api/v1/pain-points/{other.id}/similar"
    api_error(api.as_(world.manager).get(url74), 404, "not_found")
    api_error(
        api.as_(world.manager).get("/api/v1/pain-points/2147483647/similar"), 404, "not_found"
    )


# --- publishing -------------------------------------------------------------------------------


def test_coordinator_publishes_and_takes_back(api, world, bank):
    url = f"/api/v1/solutions/{bank.own.id}/publish"
    read = bank.own.version
    api.as_(world.regional_coordinator)
    response = api.post(url, json={"published": True, "version": read})
    assert response.status_code == 200, response.json
    assert response.json["published"] is True
    version = response.json["version"]
    assert version == read + 1
    assert bank.own.id in item_ids(api.as_(world.coordinator74).get("/api/v1/knowledge-bank"))
    stale = api.as_(world.regional_coordinator).post(
        url, json={"published": False, "version": version - 1}
    )
    assert api_error(stale, 409, "conflict")["current_version"] == version
    back = api.post(url, json={"published": False, "version": version})
    assert back.status_code == 200 and back.json["published"] is False
    assert bank.own.id not in item_ids(api.as_(world.coordinator74).get("/api/v1/knowledge-bank"))


def test_publishing_permissions(api, world, bank):
    url = f"/api/v1/solutions/{bank.own.id}/publish"
    body = {"published": True, "version": bank.own.version}
    for user in (world.working_group_member, world.manager, world.federal_consultant):
        api_error(api.as_(user).post(url, json=body), 403, "forbidden")
    api_error(api.as_(world.coordinator74).post(url, json=body), 404, "not_found")
    # A published solution of another region is seen, but not the other region's to withdraw.
    shared = f"/api/v1/solutions/{bank.shared.id}/publish"
    body74 = {"published": False, "version": bank.shared.version}
    api_error(api.as_(world.regional_coordinator).post(shared, json=body74), 404, "not_found")
    api.as_(world.regional_coordinator)
    error = api_error(api.post(url, json={"version": 1}), 422, "validation_error")
    assert set(error["fields"]) == {"published"}
    assert db.session.get(Solution, bank.own.id).published is False


# --- copying ----------------------------------------------------------------------------------


def _copy_body(bank, **extra) -> dict:
    return {
        "pilot_id": bank.pilot52.id,
        "stage_id": bank.own.stage_id,
        "pain_point_id": bank.own.pain_point_id,
        "due_date": "2026-12-01",
        "owner": "Отдел информирования",
        **extra,
    }


def test_copy_into_a_map_remembers_the_origin(api, world, bank):
    response = api.as_(world.working_group_member).post(
        f"/api/v1/solutions/{bank.shared.id}/copy", json=_copy_body(bank)
    )
    assert response.status_code == 201, response.json
    copy = response.json
    assert copy["origin_id"] == bank.shared.id
    assert copy["origin"] == {
        "id": bank.shared.id,
        "region_code": "74",
        "pilot_id": bank.pilot74.id,
        "pilot_title": bank.pilot74.title,
    }
    assert copy["solution"] == bank.shared.solution
    assert copy["planned_result"] == "Клиент знает, куда обращаться"
    assert copy["tier"] == "quick_win" and copy["status"] == "planned"
    assert copy["region_code"] == "52" and copy["pilot_id"] == bank.pilot52.id
    assert copy["pain_point_id"] == bank.own.pain_point_id
    assert copy["due_date"] == "2026-12-01" and copy["published"] is False
    saved = db.session.get(Solution, copy["id"])
    assert saved.origin_id == bank.shared.id and "инвалид" in saved.search_stems
    # The copy is in the bank of its region, found by its words.
    found = api.get("/api/v1/knowledge-bank?q=освободившимся&region_code=52")
    assert item_ids(found) == [copy["id"]]


def test_copy_checks(api, world, bank):
    url = f"/api/v1/solutions/{bank.shared.id}/copy"
    api.as_(world.regional_coordinator)
    error = api_error(api.post(url, json=_copy_body(bank, stage_id=bank.hidden.stage_id)), 422,
                   "validation_error")  # fmt: skip
    assert set(error["fields"]) == {"stage_id"}
    error = api_error(api.post(url, json=_copy_body(bank, due_date="2020-01-01", owner="")), 422,
                   "validation_error")  # fmt: skip
    assert set(error["fields"]) == {"due_date", "owner"}
    error = api_error(api.post(url, json={"pilot_id": bank.pilot52.id}), 422, "validation_error")
    assert "stage_id" in error["fields"]
    ongoing = api.post(url, json=_copy_body(bank, due_date=None, ongoing=True, owner="\x00 ЦЗН"))
    assert ongoing.status_code == 201 and ongoing.json["owner"] == "ЦЗН"


def test_copy_permissions_and_visibility(api, world, bank):
    body = _copy_body(bank)
    for user in (world.manager, world.federal_consultant):
        api_error(api.as_(user).post(f"/api/v1/solutions/{bank.shared.id}/copy", json=body), 403,
               "forbidden")  # fmt: skip
    api.as_(world.regional_coordinator)
    api_error(api.post(f"/api/v1/solutions/{bank.hidden.id}/copy", json=body), 404, "not_found")
    into74 = _copy_body(bank, pilot_id=bank.pilot74.id, stage_id=bank.hidden.stage_id)
    api_error(api.post(f"/api/v1/solutions/{bank.shared.id}/copy", json=into74), 404, "not_found")
    api_error(api.post("/api/v1/solutions/2147483647/copy", json=body), 404, "not_found")
    too_big = _copy_body(bank, pilot_id=2**40)
    api_error(api.post(f"/api/v1/solutions/{bank.shared.id}/copy", json=too_big), 422,
           "validation_error")  # fmt: skip
    assert db.session.query(Solution).count() == 3
    # A published solution's origin is named; an invisible one only by its id.
    copied = api.as_(world.coordinator74).post(
        f"/api/v1/solutions/{bank.hidden.id}/copy",
        json=_copy_body(
            bank, pilot_id=bank.pilot74.id, stage_id=bank.hidden.stage_id, pain_point_id=None
        ),
    )
    assert copied.status_code == 201, copied.json
    copied_solution = db.session.get(Solution, copied.json["id"])
    copied_solution.published = True
    db.session.commit()
    seen = api.as_(world.manager).get("/api/v1/knowledge-bank?region_code=74&tier=long_term")
    item = next(i for i in seen.json["items"] if i["id"] == copied_solution.id)
    assert item["origin_id"] == bank.hidden.id and item["origin"] is None


def test_effective_outcome(api, world, bank):
    stage = bank.own.stage
    bank.own.status, bank.own.done_on = "done", dt.date(2026, 10, 1)
    bank.own.before_measurement, bank.own.after_measurement = before_and_after(
        stage, 40.0, 65.0, (dt.date(2026, 10, 2), dt.date(2026, 10, 9))
    )
    db.session.commit()
    response = api.as_(world.manager).get("/api/v1/knowledge-bank?outcome=effective")
    (item,) = response.json["items"]
    assert item["effective"] is True and item["effect"]["verdict"] == "improved"
    assert item["effect"]["change"] == pytest.approx(0.25)
