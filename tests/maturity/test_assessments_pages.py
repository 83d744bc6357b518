"""The self-assessment pages end to end: the checklist form (fieldsets with legends, radio
buttons, checkboxes for training, evidence), errors at their items with nothing stored, the
detail with blocks, total and next steps, the history, calibration, roles and region
isolation."""

import datetime as dt
import io
import re

import pytest

from cxflow.core.extensions import db
from cxflow.maturity.models.assessments import MaturityAnswer, MaturityAssessment
from cxflow.maturity.services import assessments as services
from tests.helpers import count_rows, page_html, page_text

FORM = {
    "filled_on": "2026-11-20",
    "filled_by": "Иванова А. П.",
    "conclusion": "Система в начале пути.",
    "profiles": "one",
    "routes": "none",
    "feedback": "sources_1_2",
    "committee": "regular",
    "training": ["leaders_intro", "trainings"],
    "events": "irregular",
    "knowledge_bank": "none",
    "motivation": "code_only",
    "profiles_evidence_url": "https://szn52.example/profiles",
}  # 2 + 2 + 5 = 9


def fill(client, region, data=None, status=302):
    response = client.post(
        f"/maturity/regions/{region.id}/assessments/new",
        data=data if data is not None else dict(FORM),
        content_type="multipart/form-data",
    )
    assert response.status_code == status, page_text(response.get_data(as_text=True))[:3000]
    return response


def make(user, region, filled_on, answers):
    data = {
        "filled_on": dt.date.fromisoformat(filled_on),
        "filled_by": "Иванова А. П.",
        "answers": answers,
    }
    assessment = services.create_assessment(user, region, data)
    db.session.commit()
    return assessment


ANSWERS = {
    code: FORM[code]
    for code in (
        "profiles",
        "routes",
        "feedback",
        "committee",
        "training",
        "events",
        "knowledge_bank",
        "motivation",
    )
}


def test_the_form_is_the_checklist_in_fieldsets(world, client, auth):
    auth.login(world.regional_coordinator)
    html = page_html(client, f"/maturity/regions/{world.r52.id}/assessments/new")
    assert html.count("<fieldset") == 8
    assert "<legend" in html and "1. Составлены и внедрены профили клиентских групп" in html
    assert len(re.findall(r'type="radio" name="profiles"', html)) == 4
    assert len(re.findall(r'type="checkbox" name="training"', html)) == 5
    assert 'name="profiles_evidence_url"' in html and 'name="profiles_evidence_file"' in html
    assert "Исполнитель" in html
    assert (
        f'name="filled_by" required type="text" value="{world.regional_coordinator.full_name}"'
        in html
    )


def test_filling_in_shows_blocks_total_and_next_steps(world, client, auth, app, tmp_path):
    app.config["UPLOAD_FOLDER"] = str(tmp_path)
    auth.login(world.regional_coordinator)
    data = dict(FORM) | {"routes_evidence_file": (io.BytesIO(b"%PDF-1.4 x"), "Маршрут.pdf")}
    response = fill(client, world.r52, data)
    assessment = db.session.scalar(db.select(MaturityAssessment))
    assert response.headers["Location"].endswith(f"/maturity/assessments/{assessment.id}")
    assert (assessment.score, assessment.blocks["environment"]["score"]) == (9, 5)
    text = page_text(page_html(client, f"/maturity/assessments/{assessment.id}"))
    assert "9 из 30" in text
    assert "Система анализа качества клиентского опыта: 2 / 9" in text
    assert "Да, три и более (+1 балл)" in text  # the next step of item 1
    assert "Маршрут.pdf" in text
    assert "Уровень 0 (ниже уровня I)" in text  # the controls' level beside the score
    html = page_html(client, f"/maturity/assessments/{assessment.id}")
    assert f"/maturity/assessments/{assessment.id}/export.xlsx" in html
    assert f"/maturity/assessments/{assessment.id}/export.pdf" in html
    routes = next(a for a in assessment.answers if a.item == "routes")
    download = client.get(f"/maturity/assessments/{assessment.id}/evidence/routes")
    assert download.status_code == 200 and download.data == b"%PDF-1.4 x"
    assert routes.evidence_name == "Маршрут.pdf"


@pytest.mark.parametrize(
    "change, field_id",
    [
        ({"committee": None}, "committee"),
        ({"filled_on": None}, "filled_on"),
        ({"profiles": "ten"}, "profiles"),
        ({"profiles_evidence_url": "ftp://x"}, "profiles_evidence_url"),
    ],
)
def test_errors_are_shown_at_their_item_and_nothing_is_stored(
    world, client, auth, change, field_id
):
    auth.login(world.regional_coordinator)
    data = {k: v for k, v in (dict(FORM) | change).items() if v is not None}
    response = fill(client, world.r52, data, status=422)
    html = response.get_data(as_text=True)
    assert f'id="{field_id}-error"' in html
    assert count_rows(MaturityAssessment) == 0 and count_rows(MaturityAnswer) == 0
    assert 'value="Иванова А. П."' in html  # what was typed stays


def test_a_refused_evidence_file_is_shown_at_its_input(world, client, auth, app, tmp_path):
    app.config["UPLOAD_FOLDER"] = str(tmp_path)
    auth.login(world.regional_coordinator)
    data = dict(FORM) | {"routes_evidence_file": (io.BytesIO(b"MZ\x90\x00"), "Маршрут.exe")}
    html = fill(client, world.r52, data, status=422).get_data(as_text=True)
    assert 'id="routes_evidence_file-error"' in html
    assert count_rows(MaturityAssessment) == 0


def test_evidence_is_a_link_or_a_file_not_both(world, client, auth, app, tmp_path):
    app.config["UPLOAD_FOLDER"] = str(tmp_path)
    auth.login(world.regional_coordinator)
    data = dict(FORM) | {"profiles_evidence_file": (io.BytesIO(b"%PDF-1.4 x"), "Профиль.pdf")}
    html = fill(client, world.r52, data, status=422).get_data(as_text=True)
    assert 'id="profiles_evidence_file-error"' in html
    assert list(tmp_path.iterdir()) == [] and count_rows(MaturityAssessment) == 0


def test_the_history_is_newest_first_with_the_change(world, client, auth):
    coordinator = world.regional_coordinator
    older = make(coordinator, world.r52, "2026-03-01", ANSWERS)
    newer = make(coordinator, world.r52, "2026-09-01", ANSWERS | {"routes": "five_plus"})
    auth.login(world.manager)
    html = page_html(client, f"/maturity/regions/{world.r52.id}/assessments")
    assert html.index(f"/maturity/assessments/{newer.id}") < html.index(
        f"/maturity/assessments/{older.id}"
    )
    text = page_text(html)
    assert "+3" in text and "первая самооценка" in text
    assert "Заполнить чек-лист" not in text  # a manager reads only


def test_a_consultant_calibrates_and_the_detail_shows_the_differences(world, client, auth):
    assessment = make(world.regional_coordinator, world.r52, "2026-11-20", ANSWERS)
    auth.login(world.federal_consultant)
    form = page_html(client, f"/maturity/assessments/{assessment.id}/calibrate")
    assert 'value="regular" checked' in form.replace(
        'type="radio" name="committee" id="committee-regular" ', ""
    )
    data = {k: v for k, v in FORM.items() if k in ANSWERS} | {"committee": "irregular"}
    response = client.post(f"/maturity/assessments/{assessment.id}/calibrate", data=data)
    assert response.status_code == 302
    html = page_html(client, f"/maturity/assessments/{assessment.id}")
    differences = page_text(html[html.index('id="differences"') :])
    assert "Создан и функционирует региональный Комитет" in differences
    assert "Составлены и внедрены профили" not in differences
    assert "table-warning" in html


def test_only_a_consultant_or_admin_calibrates(world, client, auth):
    assessment = make(world.regional_coordinator, world.r52, "2026-11-20", ANSWERS)
    auth.login(world.regional_coordinator)
    assert client.get(f"/maturity/assessments/{assessment.id}/calibrate").status_code == 403


def test_the_regions_page_and_the_redirect_of_a_regional_user(world, client, auth):
    make(world.regional_coordinator, world.r52, "2026-11-20", ANSWERS)
    auth.login(world.federal_consultant)
    text = page_text(page_html(client, "/maturity/assessments/"))
    assert "52 Нижегородская область" in text and "9 / 30" in text
    assert "74 Челябинская область" in text
    auth.logout()
    auth.login(world.coordinator74)
    response = client.get("/maturity/assessments/")
    assert response.headers["Location"].endswith(f"/maturity/regions/{world.r74.id}/assessments")


def test_another_regions_pages_are_not_found(world, client, auth, app, tmp_path):
    app.config["UPLOAD_FOLDER"] = str(tmp_path)
    auth.login(world.regional_coordinator)
    data = dict(FORM) | {"routes_evidence_file": (io.BytesIO(b"%PDF-1.4 x"), "Маршрут.pdf")}
    fill(client, world.r52, data)
    assessment = db.session.scalar(db.select(MaturityAssessment))
    auth.logout()
    auth.login(world.coordinator74)
    for url in (
        f"/maturity/regions/{world.r52.id}/assessments",
        f"/maturity/regions/{world.r52.id}/assessments/new",
        f"/maturity/assessments/{assessment.id}",
        f"/maturity/assessments/{assessment.id}/calibrate",
        f"/maturity/assessments/{assessment.id}/evidence/routes",
        f"/maturity/assessments/{assessment.id}/export.xlsx",
        f"/maturity/assessments/{assessment.id}/export.pdf",
    ):
        assert client.get(url).status_code == 404, url
    fill(client, world.r52, dict(FORM), status=404)
    assert count_rows(MaturityAssessment) == 1
