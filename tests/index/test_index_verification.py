"""Expert verification and the federal decisions on an office's points (seed 002 L101–105):
a sample drawn with a recorded seed and repeatable with it, verdicts on parameters, annulment
(federal roles only, with a reason, once) and its reversal kept as history, shown by the office
and region index, the API and the boards' computation (services.index)."""

import io
import random

import pytest
from werkzeug.datastructures import FileStorage

from cxflow.core.extensions import db
from cxflow.index.models.index import Annulment, ChecklistItem, Verdict, VerificationSample
from cxflow.index.services import checklists, index, verification
from cxflow.index.services.checklists import ItemInput
from tests import factories
from tests.helpers import error_fields, page_html, page_text
from tests.index.scores_data import END, START, fill, period, respond

KEYS = ["management_openness", "staff_appearance", "comfort", "transport", "quick_response"]
DATES = {"period_start": str(START), "period_end": str(END)}


@pytest.fixture
def filed(world):
    """Region 52's pilot period: two offices, five checklists each (ten in all)."""
    found = period(world.r52, KEYS)
    second = factories.OfficeFactory(region=world.r52, name="ЦЗН Сергача")
    for office in (world.office52, second):
        fill(office, found, "management_openness", ["swap_days", "public_email"])
        fill(office, found, "staff_appearance", ["uniform", "hair", "hands"])
        fill(office, found, "comfort", [])
        fill(office, found, "transport", ["stops_access"])
        fill(office, found, "quick_response", ["statistics"])
    db.session.commit()
    return found


def samples_url(found_period):
    return f"/api/v1/index/periods/{found_period.id}/samples"


# --- the draw ----------------------------------------------------------------------------------


def test_a_draw_records_its_seed_and_repeats_with_it(world, api, filed):
    api.as_(world.federal_consultant)
    response = api.post(samples_url(filed), json={"size": 4})
    assert response.status_code == 201, response.json
    body = response.json
    population = verification.checklist_ids(filed)
    assert len(population) == 10 and population == sorted(population)
    assert len(body["checklist_ids"]) == 4 and set(body["checklist_ids"]) <= set(population)
    assert 0 <= body["seed"] < 2**63
    # anybody can repeat it: Python's Mersenne Twister over the ids sorted by id
    assert random.Random(body["seed"]).sample(population, 4) == body["checklist_ids"]
    again = api.post(samples_url(filed), json={"size": 4, "seed": body["seed"]}).json
    assert again["checklist_ids"] == body["checklist_ids"] and again["id"] != body["id"]
    stored = db.session.get(VerificationSample, body["id"])
    assert (stored.seed, stored.size, stored.checklist_ids) == (
        body["seed"],
        4,
        body["checklist_ids"],
    )
    assert stored.drawn_by_id == world.federal_consultant.id
    # the checklists come with their parameters, evidence and verdicts
    first = body["checklists"][0]
    assert [c["id"] for c in body["checklists"]] == body["checklist_ids"]
    assert {"office_name", "indicator_key", "score", "max", "items"} <= set(first)
    assert {"code", "implemented", "evidence_url", "verdict"} <= set(first["items"][0])


def test_two_draws_without_a_seed_get_their_own(world, filed):
    seeds = {verification.draw(filed, world.admin, size=3).seed for _ in range(5)}
    assert len(seeds) == 5


def test_a_known_seed_gives_a_known_sample(world, filed):
    ids = verification.checklist_ids(filed)
    sample = verification.draw(filed, world.admin, size=3, seed=20220425)
    assert sample.checklist_ids == random.Random(20220425).sample(ids, 3)
    assert verification.draw_ids(reversed(ids), 20220425, 3) == sample.checklist_ids


def test_a_share_is_rounded_up(world, api, filed):
    api.as_(world.admin)
    assert len(api.post(samples_url(filed), json={"share": 0.25}).json["checklist_ids"]) == 3
    assert len(api.post(samples_url(filed), json={"share": 1}).json["checklist_ids"]) == 10


def test_bad_draws_name_the_field(world, api, filed):
    api.as_(world.federal_consultant)
    assert "size" in error_fields(api.post(samples_url(filed), json={"size": 11}))
    assert "size" in error_fields(api.post(samples_url(filed), json={}))
    assert "size" in error_fields(api.post(samples_url(filed), json={"size": 0}))
    assert "share" in error_fields(api.post(samples_url(filed), json={"share": 1.5}))
    assert "seed" in error_fields(api.post(samples_url(filed), json={"size": 1, "seed": -1}))
    empty = period(world.r52, start=START.replace(year=2023), end=END.replace(year=2023))
    db.session.commit()
    assert "size" in error_fields(api.post(samples_url(empty), json={"size": 1}))
    assert db.session.query(VerificationSample).count() == 0


def test_only_federal_roles_draw_and_see_samples(world, api, filed):
    for user in (world.regional_coordinator, world.working_group_member, world.manager):
        assert api.as_(user).post(samples_url(filed), json={"size": 1}).status_code == 403
    assert (
        api.as_(world.coordinator74).post(samples_url(filed), json={"size": 1}).status_code == 404
    )
    sample = api.as_(world.admin).post(samples_url(filed), json={"size": 2}).json
    assert api.get(f"/api/v1/index/samples/{sample['id']}").json["seed"] == sample["seed"]
    listed = api.get(samples_url(filed)).json
    assert listed["total"] == 1 and listed["items"][0]["id"] == sample["id"]
    assert api.as_(world.manager).get(f"/api/v1/index/samples/{sample['id']}").status_code == 403


def test_the_draw_of_api_md_by_region_and_dates(world, api, filed):
    api.as_(world.federal_consultant)
    body = {"region_code": "52", **DATES, "size": 2, "seed": 7}
    response = api.post("/api/v1/index/verification-samples", json=body)
    assert response.status_code == 201
    ids = verification.checklist_ids(filed)
    assert response.json["checklist_ids"] == random.Random(7).sample(ids, 2)
    assert response.json["period_id"] == filed.id
    unknown = api.post("/api/v1/index/verification-samples", json={**body, "region_code": "99"})
    assert "region_code" in error_fields(unknown)
    no_region = {k: v for k, v in body.items() if k != "region_code"}
    assert "region_code" in error_fields(
        api.post("/api/v1/index/verification-samples", json=no_region)
    )
    other_dates = {**body, "period_start": "2022-01-01", "period_end": "2022-01-31"}
    assert "period_start" in error_fields(
        api.post("/api/v1/index/verification-samples", json=other_dates)
    )


# --- verdicts ------------------------------------------------------------------------------


def item_of(office, found_period, key, code):
    return next(i for i in checklists.find(office, found_period, key).items if i.code == code)


def test_a_verdict_on_a_parameter(world, api, filed):
    item = item_of(world.office52, filed, "staff_appearance", "uniform")
    api.as_(world.federal_consultant)
    put = lambda body: api.put(f"/api/v1/checklist-items/{item.id}/verdict", json=body)  # noqa: E731
    response = put({"verdict": "confirmed"})
    assert response.status_code == 200
    assert response.json["verdict"] == "confirmed"
    assert response.json["verdict_by"] == world.federal_consultant.full_name
    assert "comment" in error_fields(put({"verdict": "refuted", "comment": "  "}))
    db.session.expire_all()
    assert db.session.get(ChecklistItem, item.id).verdict == Verdict.confirmed  # unchanged
    assert "verdict" in error_fields(put({"verdict": "maybe"}))
    response = put({"verdict": "refuted", "comment": "на фото нет формы"})
    assert response.json["verdict"] == "refuted"
    assert response.json["verdict_comment"] == "на фото нет формы"
    for user in (world.regional_coordinator, world.working_group_member, world.manager):
        assert (
            api.as_(user)
            .put(f"/api/v1/checklist-items/{item.id}/verdict", json={"verdict": "confirmed"})
            .status_code
            == 403
        )
    assert (
        api.as_(world.coordinator74)
        .put(f"/api/v1/checklist-items/{item.id}/verdict", json={"verdict": "confirmed"})
        .status_code
        == 404
    )


def test_the_verification_of_api_md_by_codes(world, api, filed):
    checklist = checklists.find(world.office52, filed, "management_openness")
    api.as_(world.federal_consultant)
    url = f"/api/v1/checklists/{checklist.id}/verification"
    bad = api.post(
        url,
        json={
            "items": [
                {"code": "nope", "confirmed": True},
                {"code": "swap_days", "confirmed": False},
            ]
        },
    )
    assert {"items.0.code"} == set(error_fields(bad))
    bad = api.post(url, json={"items": [{"code": "swap_days", "confirmed": False}]})
    assert set(error_fields(bad)) == {"items.0.comment"}
    body = {
        "items": [
            {"code": "swap_days", "confirmed": False, "comment": "дни не проводились"},
            {"code": "public_email", "confirmed": True},
        ]
    }
    response = api.post(url, json=body)
    assert response.status_code == 200
    verdicts = {i["code"]: i["verdict"] for i in response.json["items"]}
    assert verdicts["swap_days"] == "refuted" and verdicts["public_email"] == "confirmed"
    assert verdicts["public_phone"] is None


# --- annulment ----------------------------------------------------------------------------


def annul_url(office, action="annul"):
    return f"/api/v1/offices/{office.id}/index/{action}"


def test_only_a_federal_decision_annuls(world, api, filed):
    body = {**DATES, "reason": "подложные фото"}
    for user in (world.regional_coordinator, world.working_group_member, world.manager):
        assert api.as_(user).post(annul_url(world.office52), json=body).status_code == 403
    assert (
        api.as_(world.coordinator74).post(annul_url(world.office52), json=body).status_code == 404
    )
    assert db.session.query(Annulment).count() == 0


def test_an_annulment_needs_a_reason_and_a_period(world, api, filed):
    api.as_(world.federal_consultant)
    assert "reason" in error_fields(
        api.post(annul_url(world.office52), json={**DATES, "reason": " "})
    )
    assert "reason" in error_fields(api.post(annul_url(world.office52), json=DATES))
    other = {"period_start": "2022-01-01", "period_end": "2022-01-31", "reason": "x"}
    assert "period_start" in error_fields(api.post(annul_url(world.office52), json=other))
    reversed_dates = {"period_start": str(END), "period_end": str(START), "reason": "x"}
    assert "period_end" in error_fields(api.post(annul_url(world.office52), json=reversed_dates))
    assert db.session.query(Annulment).count() == 0


def test_annul_reverse_and_the_history(world, api, filed):
    respond(world.office52, 10, q10=9)
    db.session.commit()
    api.as_(world.federal_consultant)
    response = api.post(annul_url(world.office52), json={**DATES, "reason": "подложные фото"})
    assert response.status_code == 201
    annulment = response.json
    assert annulment["action"] == "annul" and annulment["reason"] == "подложные фото"
    assert annulment["decided_by"] == world.federal_consultant.full_name
    assert annulment["period_id"] == filed.id
    again = api.post(annul_url(world.office52), json={**DATES, "reason": "ещё раз"})
    assert again.status_code == 409
    # the office index, the region index and the API show it
    office = api.get(f"/api/v1/offices/{world.office52.id}/index?from={START}&to={END}").json
    assert office["annulled"] and office["total"] == 0
    assert office["annulment"]["reason"] == "подложные фото"
    assert office["annulment"]["decided_by"] == world.federal_consultant.full_name
    assert all(i["score"] in (0, None) for i in office["indicators"].values())
    assert office["indicators"]["management_openness"]["score"] == 0
    region = api.get(f"/api/v1/regions/{world.r52.id}/index?from={START}&to={END}").json
    mine = next(o for o in region["offices"] if o["office_id"] == world.office52.id)
    assert mine["annulled"] and mine["annulment_reason"] == "подложные фото"
    # only another federal decision reverses it
    body = {**DATES, "reason": "повторная проверка"}
    assert (
        api.as_(world.regional_coordinator)
        .post(annul_url(world.office52, "reverse"), json=body)
        .status_code
        == 403
    )
    api.as_(world.admin)
    assert "reason" in error_fields(api.post(annul_url(world.office52, "reverse"), json=DATES))
    response = api.post(annul_url(world.office52, "reverse"), json=body)
    assert response.status_code == 201 and response.json["action"] == "reverse"
    assert api.post(annul_url(world.office52, "reverse"), json=body).status_code == 409
    office = api.get(f"/api/v1/offices/{world.office52.id}/index?from={START}&to={END}").json
    assert not office["annulled"] and office["total"] > 0
    history = api.get(f"/api/v1/offices/{world.office52.id}/index/annulments").json
    assert history["total"] == 2
    assert [(h["action"], h["reason"]) for h in history["items"]] == [
        ("annul", "подложные фото"),
        ("reverse", "повторная проверка"),
    ]
    period_ref = history["items"][0]["period"]
    assert (period_ref["id"], period_ref["from"], period_ref["to"]) == (
        filed.id,
        str(START),
        str(END),
    )
    # annulled once more: a third row, the earlier ones untouched
    assert api.post(annul_url(world.office52), json={**DATES, "reason": "снова"}).status_code == 201
    assert db.session.query(Annulment).count() == 3


def test_the_revoke_of_api_md(world, api, filed):
    api.as_(world.federal_consultant)
    first = api.post(annul_url(world.office52), json={**DATES, "reason": "подлог"}).json
    url = f"/api/v1/offices/{world.office52.id}/index/annulments/{first['id']}/revoke"
    assert api.as_(world.regional_coordinator).post(url, json={"reason": "x"}).status_code == 403
    api.as_(world.federal_consultant)
    assert "reason" in error_fields(api.post(url, json={}))
    response = api.post(url, json={"reason": "ошибка эксперта"})
    assert response.status_code == 201 and response.json["action"] == "reverse"
    assert api.post(url, json={"reason": "ещё раз"}).status_code == 409  # no longer in force
    other = factories.OfficeFactory(region=world.r52)
    db.session.commit()
    wrong_office = f"/api/v1/offices/{other.id}/index/annulments/{first['id']}/revoke"
    assert api.post(wrong_office, json={"reason": "x"}).status_code == 404


def test_the_boards_computation_shows_an_annulled_office(world, filed):
    """services.index, which every board uses: the office annulled with 0, the region's
    means counting it as 0, another region untouched."""
    second = next(o for o in world.r52.offices if o.id != world.office52.id)
    respond(world.office52, 10, q10=9)
    respond(second, 10, q10=9)
    other = period(world.r74, ["management_openness"])
    respond(world.office74, 10, q10=9)
    verification.annul(world.office52, filed, "подложные фото", world.federal_consultant)
    db.session.commit()
    region52, region74 = index.compute([filed, other])
    annulled = next(o for o in region52.offices if o.office.id == world.office52.id)
    kept = next(o for o in region52.offices if o.office.id == second.id)
    assert annulled.annulled and annulled.total == 0
    assert annulled.annulment.reason == "подложные фото"
    assert not kept.annulled and kept.total > 0
    assert region52.indicators["professional_competence"].score == 0.5  # (0 + 1) / 2
    assert not any(o.annulled for o in region74.offices)


# --- pages ---------------------------------------------------------------------------------


def test_the_verification_pages(world, client, auth, filed):
    page = f"/regions/{world.r52.id}/index/verification"
    auth.login(world.regional_coordinator)
    assert client.get(page).status_code == 403
    assert client.post(page, data={"size": "2"}).status_code == 403
    auth.logout()
    auth.login(world.federal_consultant, language="ru")
    text = page_text(page_html(client, page))
    assert "Чек-листов в периоде: 10." in text and "Выборок пока нет." in text
    response = client.post(f"{page}?period={filed.id}", data={"size": "11"})
    assert response.status_code == 422 and "всего чек-листов — 10" in page_text(
        response.get_data(as_text=True)
    )
    response = client.post(f"{page}?period={filed.id}", data={"percent": "30"})
    assert response.status_code == 302
    sample = db.session.query(VerificationSample).one()
    assert sample.size == 3
    html = page_html(client, response.headers["Location"])
    assert str(sample.seed) in html
    assert html.count('class="card mb-4" id="checklist-') == 3
    response = client.post(
        f"{page}?period={filed.id}", data={"size": "3", "seed": str(sample.seed)}
    )
    repeated = db.session.query(VerificationSample).order_by(VerificationSample.id.desc()).first()
    assert repeated.checklist_ids == sample.checklist_ids
    listed = page_html(client, f"{page}?period={filed.id}")
    assert listed.count('<tr data-sample="') == 2


def test_verdicts_on_the_sample_page_and_annulment_from_there(world, client, auth, filed):
    checklist = checklists.find(world.office52, filed, "management_openness")
    sample = VerificationSample(
        region_id=world.r52.id,
        period=filed,
        seed=1,
        size=1,
        checklist_ids=[checklist.id],
        drawn_by=world.federal_consultant,
    )
    db.session.add(sample)
    db.session.commit()
    auth.login(world.federal_consultant, language="ru")
    url = f"/index/samples/{sample.id}"
    html = page_html(client, url)
    assert "https://czn.example/management_openness/swap_days" in html
    assert "Проведение дней" in page_text(html)
    swap = item_of(world.office52, filed, "management_openness", "swap_days")
    email = item_of(world.office52, filed, "management_openness", "public_email")
    post = f"/index/samples/{sample.id}/checklists/{checklist.id}"
    response = client.post(
        post, data={f"verdict-{swap.id}": "refuted", f"verdict-{email.id}": "confirmed"}
    )
    assert response.status_code == 422
    assert "Укажите, что не соответствует действительности" in page_text(
        response.get_data(as_text=True)
    )
    db.session.expire_all()
    assert db.session.get(ChecklistItem, email.id).verdict is None  # nothing half-saved
    response = client.post(
        post,
        data={
            f"verdict-{swap.id}": "refuted",
            f"comment-{swap.id}": "дни не проводились",
            f"verdict-{email.id}": "confirmed",
        },
    )
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(ChecklistItem, swap.id).verdict == Verdict.refuted
    assert db.session.get(ChecklistItem, email.id).verdict == Verdict.confirmed
    html = page_html(client, url)
    assert "Аннулировать баллы ЦЗН" in html and "дни не проводились</textarea>" in html
    response = client.post(
        f"/offices/{world.office52.id}/index/annul?period={filed.id}",
        data={"reason": "дни не проводились", "next": url},
    )
    assert response.status_code == 302 and response.headers["Location"].endswith(url)
    html = page_html(client, url)
    assert "за этот период аннулированы: дни не проводились" in page_text(html)
    office = page_html(client, f"/offices/{world.office52.id}/index?period={filed.id}")
    assert 'id="annulled"' in office and "дни не проводились" in office
    # a sample of another region's period is not found; the members' pages refuse it
    auth.logout()
    auth.login(world.manager)
    assert client.get(url).status_code == 403


def test_uploaded_evidence_is_downloaded_by_the_expert(world, client, auth, filed):
    png = b"\x89PNG\r\n\x1a\n" + b"0" * 64
    upload = FileStorage(io.BytesIO(png), filename="форма.png", content_type="image/png")
    items = [ItemInput("uniform", True, "", upload)]
    saved = checklists.save(world.office52, filed, "staff_appearance", items, None, None)
    db.session.commit()
    item = next(i for i in saved.items if i.code == "uniform")
    auth.login(world.coordinator74)  # another region's staff: not found
    assert client.get(f"/index/evidence/{item.id}").status_code == 404
    auth.logout()
    auth.login(world.federal_consultant)
    response = client.get(f"/index/evidence/{item.id}")
    assert response.status_code == 200 and response.data == png
    other = next(i for i in saved.items if i.code == "hair")
    assert client.get(f"/index/evidence/{other.id}").status_code == 404


def test_the_sample_page_runs_the_same_queries_whatever_its_size(
    world, client, auth, filed, query_counts
):
    sample = VerificationSample(
        region_id=world.r52.id, period=filed, seed=1, size=0, checklist_ids=[], drawn_by=world.admin
    )
    db.session.add(sample)
    db.session.commit()
    ids = verification.checklist_ids(filed)

    def grow(n):
        for item in db.session.query(ChecklistItem).limit(n * 3):
            verification.set_verdict(item, "refuted", "нет", world.federal_consultant)
        sample.checklist_ids = ids[:n]
        db.session.commit()

    auth.login(world.federal_consultant)
    urls = [f"/index/samples/{sample.id}", f"/regions/{world.r52.id}/index/verification"]
    small, large = query_counts(client.get, urls, grow, growth=(2, 8))
    assert large == small
