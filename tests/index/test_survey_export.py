"""The export of a region's survey responses (issue #15): a fixed column catalogue, a row per
response, its filters, user text never a formula, other regions 404."""

import datetime as dt
import io

import openpyxl
import pytest
import sqlalchemy as sa

from cxflow.core.extensions import db
from cxflow.index.models.surveys import SurveyResponse
from cxflow.index.services import export, intake
from tests import factories
from tests.helpers import survey_body, xlsx_sheet

EVIL = '=HYPERLINK("http://evil.example","x")'
FIXED = [
    "id", "office", "received_on", "respondent", "questionnaire_key", "questionnaire_version",
    "counted", "flag_status", "flag_reasons",
    "q1", "q2", "q3", "q4", "q5", "q6", "q7", "q8", "q9", "q10", "q11",
    "q12_used", "q12_score", "q13_used", "q13_score", "q13_issue", "q14", "q14_other",
    "q15_office", "q15_website", "q15_social", "q15_contact_center",
    "sex", "age", "categories", "ownership", "ownership_other", "size", "comment",
]  # fmt: skip


def answer(office, body, day=dt.date(2026, 11, 16), device="kiosk", kiosk=False):
    now = dt.datetime.combine(day, dt.time(9, 0), tzinfo=dt.UTC)
    return intake.receive(office, body, device=device, now=now, kiosk=kiosk)


@pytest.fixture
def answered(world):
    """A seeker and an employer in region 52, one flagged; one answer in region 74."""
    seeker = answer(world.office52, survey_body(q2=None, comment=EVIL, q13_issue="Долго"))
    employer = answer(
        world.office52,
        survey_body(
            "employer",
            q12={"used": True, "score": 4},
            q14="other",
            q14_other="Telegram",
            profile={
                "ownership": "other",
                "ownership_other": "НКО",
                "size": "up_to_15",
                "categories": ["seasonal", "downsizing"],
            },
        ),
        day=dt.date(2026, 11, 20),
        device="phone",
    )
    answer(world.office74, survey_body(), device="other")
    db.session.commit()
    return seeker, employer


def export_url(world) -> str:
    return f"/api/v1/regions/{world.r52.id}/survey-responses.xlsx"


def by_column(sheet) -> list[dict]:
    rows = list(sheet.iter_rows(values_only=True))
    return [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]


@pytest.mark.parametrize("prefix", ["", "/api/v1"])
def test_a_row_per_response_in_the_fixed_columns(world, client, auth, api, answered, prefix):
    seeker, employer = answered
    url = f"{prefix}/regions/{world.r52.id}/survey-responses.xlsx"
    if prefix:
        response = api.as_(world.manager).get(url)
    else:
        auth.login(world.manager)
        response = client.get(url)
    sheet = xlsx_sheet(response)
    assert [c.value for c in next(sheet.iter_rows(max_row=1))] == FIXED == list(export.COLUMNS)
    rows = by_column(sheet)
    assert [r["id"] for r in rows] == [seeker.id, employer.id]  # region 74's is not there
    first, second = rows
    assert first["office"] == "ЦЗН Нижнего Новгорода"
    assert first["received_on"] == dt.datetime(2026, 11, 16)
    assert (first["respondent"], first["questionnaire_key"], first["questionnaire_version"]) == (
        "seeker",
        "survey-2022",
        1,
    )
    assert first["counted"] is True and first["flag_status"] is None
    assert (first["q1"], first["q2"], first["q4"], first["q11"]) == (8, None, "yes", 8)
    assert (first["q12_used"], first["q12_score"]) == (False, None)
    assert (first["q13_used"], first["q13_score"], first["q13_issue"]) == (True, 9, "Долго")
    assert (first["q14"], first["q14_other"]) == ("office", None)
    assert [first[f"q15_{c}"] for c in ("office", "website", "social", "contact_center")] == [
        9,
        None,
        None,
        7,
    ]
    profile = (first["sex"], first["age"], first["categories"])
    assert profile == ("female", "50_59", "pre_retirement")
    assert first["ownership"] is None and first["comment"] == EVIL
    assert second["respondent"] == "employer" and second["sex"] is None
    assert (second["q12_used"], second["q12_score"]) == (True, 4)
    assert (second["q14"], second["q14_other"]) == ("other", "Telegram")
    assert (second["ownership"], second["ownership_other"], second["size"]) == (
        "other",
        "НКО",
        "up_to_15",
    )
    assert second["categories"] == "seasonal; downsizing"


def test_user_text_is_never_a_formula(world, client, auth, answered):
    auth.login(world.regional_coordinator)
    sheet = xlsx_sheet(client.get(f"/regions/{world.r52.id}/survey-responses.xlsx"))
    cells = [c for row in sheet.iter_rows() for c in row if c.value == EVIL]
    assert len(cells) == 1 and cells[0].data_type == "s"


def test_flags_are_exported_with_their_reasons(world, api):
    body = survey_body()
    for _ in range(3):  # the same answers three times in a row from one device: «identical»
        answer(world.office52, body)
    db.session.commit()
    sheet = xlsx_sheet(api.as_(world.admin).get(export_url(world)))
    rows = by_column(sheet)
    flagged = [r for r in rows if r["flag_status"]]
    assert flagged and all(r["counted"] is False for r in flagged)
    assert all(r["flag_status"] == "pending" and "identical" in r["flag_reasons"] for r in flagged)


def test_a_version_lacking_a_question_leaves_its_column_empty(world, api):
    """The catalogue is fixed: an older or newer questionnaire fills what it has."""
    db.session.add(
        SurveyResponse(
            office_id=world.office52.id,
            region_id=world.r52.id,
            respondent="seeker",
            questionnaire_key="survey-2021",
            questionnaire_version=7,
            answers={"q1": 3, "q12": {"used": True, "score": 2}},
            profile={"sex": "male"},
            comment="",
            received_on=dt.date(2026, 1, 5),
            device_hash="x" * 64,
            answers_hash="y" * 64,
        )
    )
    db.session.commit()
    sheet = xlsx_sheet(api.as_(world.admin).get(export_url(world)))
    (row,) = by_column(sheet)
    assert (row["questionnaire_key"], row["questionnaire_version"]) == ("survey-2021", 7)
    assert (row["q1"], row["q12_used"], row["q12_score"], row["sex"]) == (3, True, 2, "male")
    assert all(row[c] is None for c in ("q2", "q13_used", "q14", "q15_office", "age", "comment"))


def test_the_second_sheet_explains_every_column(world, api):
    response = api.as_(world.admin).get(export_url(world))
    legend = openpyxl.load_workbook(io.BytesIO(response.data))["Столбцы"]
    rows = list(legend.iter_rows(values_only=True))
    assert [r[0] for r in rows[1:]] == FIXED
    titles = dict(rows[1:])
    assert all(titles.values()), [c for c, t in titles.items() if not t]
    assert titles["q1"] == "Я считаю свое обращение в ЦЗН полезным"


def test_filters_by_office_and_dates(world, api, answered):
    seeker, employer = answered
    other = factories.OfficeFactory(region=world.r52, name="ЦЗН № 2")
    db.session.commit()
    answer(other, survey_body(q1=2), device="third")
    db.session.commit()
    api.as_(world.regional_coordinator)
    url = f"/api/v1/regions/{world.r52.id}/survey-responses.xlsx"

    def ids(query):
        return [r["id"] for r in by_column(xlsx_sheet(api.get(f"{url}?{query}")))]

    assert len(ids("")) == 3
    assert ids(f"office_id={world.office52.id}") == [seeker.id, employer.id]
    assert ids("from=2026-11-17") == [employer.id]
    assert ids("to=2026-11-16&office_id=" + str(world.office52.id)) == [seeker.id]
    assert ids("from=2026-11-17&to=2026-11-20") == [employer.id]


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("office_id={office74}", "office_id"),
        ("office_id=999", "office_id"),
        ("office_id=abc", "office_id"),
        ("from=2026-13-01", "from"),
        ("from=2026-11-20&to=2026-11-01", "to"),
    ],
)
def test_bad_filters_are_422_naming_the_field(world, client, auth, api, query, field):
    query = query.format(office74=world.office74.id)
    url = f"/regions/{world.r52.id}/survey-responses.xlsx?{query}"
    response = api.as_(world.manager).get(f"/api/v1{url}")
    assert response.status_code == 422, response.json
    assert field in response.json["error"]["fields"]
    auth.login(world.manager)
    page = client.get(url)
    assert page.status_code == 422 and field in page.get_data(as_text=True)


def test_other_regions_get_404_and_strangers_the_sign_in(world, client, auth, api, answered):
    url = f"/regions/{world.r52.id}/survey-responses.xlsx"
    assert api.as_(world.coordinator74).get(f"/api/v1{url}").status_code == 404
    auth.login(world.coordinator74)
    assert client.get(url).status_code == 404
    assert client.get(f"/regions/{world.r74.id}/survey-responses.xlsx").status_code == 200
    auth.logout()
    assert client.get(url).status_code == 302
    assert client.get(f"/api/v1{url}").status_code == 401
    assert client.get("/regions/999/survey-responses.xlsx").status_code == 302


def test_the_query_reads_in_batches(world, app, answered, monkeypatch):
    """Rows are fetched BATCH at a time (a server-side cursor on PostgreSQL), not all at once."""
    monkeypatch.setattr(export, "BATCH", 1)
    found = export.filters(world.r52)
    assert export._statement(world.r52, found).get_execution_options()["yield_per"] == 1
    assert [row[0] for row in export.rows(world.r52, found)] == [r.id for r in answered]
    count = db.session.scalar(sa.select(sa.func.count()).select_from(SurveyResponse))
    assert count == 3
