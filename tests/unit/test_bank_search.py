"""Knowledge bank search on SQLite and PostgreSQL: Russian word forms, every word required,
stop words dropped, any query text (empty, huge, symbols, SQL, NUL, emoji) gives results or an
empty list; filters and similar solutions."""

import datetime as dt

import pytest
import sqlalchemy as sa

from cxflow.bank import services as bank
from cxflow.core.extensions import db
from tests import factories
from tests.helpers import add_solution, before_and_after


def found(user, q="", **filters) -> list[str]:
    stmt = bank.search(user, bank.BankFilters(q=q, **filters))
    return [s.solution for s in db.session.scalars(stmt)]


@pytest.fixture
def texts(world):
    pilot = factories.PilotFactory(region=world.r52, target_group="инвалиды")
    add_solution(pilot, "Вкладка «Услуги для инвалидов» на сайте ЦЗН")
    add_solution(pilot, "Сократить число звонков без ответа", stage="Консультация специалиста")
    add_solution(
        pilot, "Перезванивать клиентам, чьи звонки пропущены, и инвалидам в первую очередь"
    )
    add_solution(pilot, "Онлайн-запись через Госуслуги", planned="Ожидание меньше 15 минут")
    return pilot


def test_word_forms_are_found(world, texts):
    admin = world.admin
    assert set(found(admin, "инвалид")) == {
        "Вкладка «Услуги для инвалидов» на сайте ЦЗН",
        "Перезванивать клиентам, чьи звонки пропущены, и инвалидам в первую очередь",
    }
    assert len(found(admin, "Инвалидами")) == 2
    assert len(found(admin, "звонков")) == 2  # «звонков» and «звонки»
    assert found(admin, "звонка ИНВАЛИД") == [
        "Перезванивать клиентам, чьи звонки пропущены, и инвалидам в первую очередь"
    ]
    assert found(admin, "цзн") == ["Вкладка «Услуги для инвалидов» на сайте ЦЗН"]
    # The planned result and the stage are searched as well.
    assert found(admin, "ожидания") == ["Онлайн-запись через Госуслуги"]
    assert found(admin, "консультацией") == ["Сократить число звонков без ответа"]
    assert found(admin, "ОНЛАЙН запись") == ["Онлайн-запись через Госуслуги"]


def test_every_word_is_required_and_words_are_whole(world, texts):
    assert found(world.admin, "инвалид сайт") == ["Вкладка «Услуги для инвалидов» на сайте ЦЗН"]
    assert found(world.admin, "инвалид госуслуги") == []
    assert found(world.admin, "инвал") == []  # a word, not a prefix (as PostgreSQL)


def test_stop_words_are_ignored(world, texts):
    assert found(world.admin, "и для инвалидов на") == found(world.admin, "инвалидов")
    assert found(world.admin, "и на для") == []  # nothing to look for


def test_order_of_results(world):
    """PostgreSQL ranks the matches (ts_rank); SQLite, matching stems, lists the newest first."""
    pilot = factories.PilotFactory(region=world.r52)
    add_solution(pilot, "Памятка для клиента: памятка о порядке записи, памятка на сайте")
    add_solution(pilot, "Памятка")
    first = found(world.admin, "памятки")[0]
    if db.engine.dialect.name == "postgresql":
        assert first.startswith("Памятка для клиента")
    else:
        assert first == "Памятка"


HOSTILE = [
    "",
    "   ",
    "инвалид" * 2000,
    "'",
    '"',
    "&|!():*",
    "инвалид:* & !сайт | (звонок",
    "'; DROP TABLE solutions; --",
    "%",
    "_",
    "\\",
    "<script>alert(1)</script>",
    "\x00",
    "🙂🙂🙂",
    "a" * 10_000,
    "' OR 1=1 --",
    "инвалид\x00ов",
    "\u200b\ufeff",
]


@pytest.mark.parametrize("query", HOSTILE)
def test_any_query_gives_results_or_nothing(world, texts, query):
    result = found(world.admin, query)
    assert isinstance(result, list)
    if not query.strip():
        assert len(result) == 4  # a blank query: the whole bank
    db.session.scalar(sa.select(sa.func.count()).select_from(sa.table("solutions")))


def test_hostile_queries_that_hold_words(world, texts):
    assert len(found(world.admin, "инвалид:* | !!! ((")) == 2
    assert found(world.admin, "'; DROP TABLE solutions; --") == []
    assert found(world.admin, "\x00цзн\x00") == ["Вкладка «Услуги для инвалидов» на сайте ЦЗН"]
    # A long query is cut to MAX_QUERY characters; the words before the cut count.
    assert len(found(world.admin, "инвалидов " + "и " * 5_000)) == 2
    assert found(world.admin, "и " * 98 + "сайт госуслуги") == [  # «госуслуги» is past the cut
        "Вкладка «Услуги для инвалидов» на сайте ЦЗН"
    ]


def test_query_words():
    assert bank.query_words("И для ИНВАЛИДОВ, на сайте!") == ["инвалидов", "сайте"]
    assert bank.query_words("the calls & a") == ["calls"]
    assert bank.query_words("x" * 500) == ["x" * bank.MAX_QUERY]
    assert bank.query_words("foo_bar 1.5") == ["foo", "bar", "1", "5"]
    assert bank.query_words(None) == []


def test_filters(world):
    pilot = factories.PilotFactory(
        region=world.r52, target_group="инвалиды", service="Поиск работы"
    )
    other = factories.PilotFactory(region=world.r74, target_group="освободившиеся")
    quick = add_solution(pilot, "Звонок-напоминание", stage="Запись на приём", tier="quick_win")
    done = add_solution(pilot, "Памятка", stage="Первичный приём", tier="long_term")
    done.status, done.done_on = "done", dt.date(2026, 10, 1)
    after_period = (dt.date(2026, 10, 5), dt.date(2026, 10, 30))
    done.before_measurement, done.after_measurement = before_and_after(
        done.stage, 50.0, 70.0, after_period
    )
    cancelled = add_solution(pilot, "Киоск", tier="deferred")
    cancelled.status = "cancelled"
    far = add_solution(other, "Справка из ФСИН", stage="За 6 месяцев до освобождения")
    admin = world.admin

    assert set(found(admin, target_group="инвалиды")) == {"Звонок-напоминание", "Памятка", "Киоск"}
    assert found(admin, target_group="освободившиеся") == ["Справка из ФСИН"]
    assert found(admin, service="Поиск работы", tier="quick_win") == ["Звонок-напоминание"]
    assert set(found(admin, stage="приём")) == {"Звонок-напоминание", "Памятка"}
    assert found(admin, stage="ПЕРВИЧНЫЙ") == ["Памятка"]  # case folded for Cyrillic too
    assert found(admin, stage="100%_") == []
    assert found(admin, outcome="effective") == ["Памятка"]
    assert found(admin, outcome="done") == ["Памятка"]
    assert found(admin, outcome="cancelled") == ["Киоск"]
    assert set(found(admin, outcome="open")) == {"Звонок-напоминание", "Справка из ФСИН"}
    assert found(admin, region_code="74") == ["Справка из ФСИН"]
    assert found(admin, region_code="99") == []
    assert found(admin, tier="deferred") == ["Киоск"]
    assert found(admin, tier="nonsense") == [] and found(admin, outcome="nonsense") == []
    assert found(admin, "памятка", outcome="effective") == ["Памятка"]
    assert {quick.id, far.id} <= {
        s.id for s in db.session.scalars(bank.search(admin, bank.BankFilters()))
    }


def test_scoping_of_the_bank(world):
    own = add_solution(factories.PilotFactory(region=world.r52), "Памятка нижегородская")
    hidden = add_solution(factories.PilotFactory(region=world.r74), "Памятка челябинская")
    shared = add_solution(
        factories.PilotFactory(region=world.r74), "Памятка опубликованная", published=True
    )
    for user in (world.regional_coordinator, world.working_group_member, world.manager):
        assert set(found(user, "памятка")) == {own.solution, shared.solution}
    assert set(found(world.coordinator74, "памятка")) == {hidden.solution, shared.solution}
    for user in (world.admin, world.federal_consultant):
        assert len(found(user, "памятка")) == 3
    choices = bank.filter_choices(world.regional_coordinator)
    assert [r.code for r in choices["regions"]] == ["52", "74"]


def test_filter_choices_come_from_what_the_user_sees(world):
    add_solution(factories.PilotFactory(region=world.r52, target_group="инвалиды"), "А")
    add_solution(factories.PilotFactory(region=world.r74, target_group="секретная"), "Б")
    add_solution(factories.PilotFactory(region=world.r74, service="Опубликованная"), "В",
                 published=True)  # fmt: skip
    choices = bank.filter_choices(world.manager)
    assert choices["target_groups"] == ["инвалиды"]
    assert choices["services"] == ["Опубликованная"]
    assert bank.filter_choices(world.admin)["target_groups"] == ["инвалиды", "секретная"]


def test_similar_solutions_of_other_regions(world):
    pilot52 = factories.PilotFactory(region=world.r52)
    pain = factories.PainPointFactory(
        stage__journey__pilot=pilot52,
        description="Невозможно дозвониться до ЦЗН: звонки остаются без ответа",
    )
    pilot74 = factories.PilotFactory(region=world.r74)
    best = add_solution(pilot74, "Отвечать на звонки в ЦЗН, дозвониться легко", published=True)
    some = add_solution(pilot74, "Колл-центр отвечает на звонки", published=True)
    add_solution(pilot74, "Звонки без ответа перезванивать")  # not published
    add_solution(pilot74, "Вкладка на сайте", published=True)  # nothing in common
    add_solution(pilot52, "Звонки без ответа: перезвонить в ЦЗН")  # the same region

    similar = bank.similar_to_pain_point(world.working_group_member, pain)
    assert [i.solution.id for i in similar] == [best.id, some.id]
    federal = bank.similar_to_pain_point(world.federal_consultant, pain)
    assert len(federal) == 3 and federal[0].solution.id == best.id
    assert len(bank.similar_to_pain_point(world.admin, pain, limit=1)) == 1
    pain.description = "и на для по"  # only stop words and short stems
    assert bank.similar_to_pain_point(world.admin, pain) == []


def test_search_uses_the_index_on_postgresql(world, texts):
    if db.engine.dialect.name != "postgresql":
        pytest.skip("the GIN index exists on PostgreSQL only")
    stmt = bank.search(world.admin, bank.BankFilters(q="инвалид")).with_only_columns(
        sa.literal_column("solutions.id")
    )
    sql = str(stmt.compile(db.engine, compile_kwargs={"literal_binds": True}))
    db.session.execute(sa.text("SET enable_seqscan = off"))
    plan = "\n".join(db.session.scalars(sa.text("EXPLAIN " + sql)))
    db.session.rollback()
    assert "ix_solutions_search" in plan, plan


def test_sqlite_splits_and_stems_words_as_postgresql_does(world):
    """Review: Latin words are stemmed in English and words split at "_" on both databases
    (PostgreSQL's `russian` configuration), so a query finds the same rows on each."""
    pilot = factories.PilotFactory(region=world.r52)
    add_solution(pilot, "Telegram-бот services для записи")
    add_solution(pilot, "Шаблон письма_уведомления ЦЗН52")
    assert found(world.admin, "service") == ["Telegram-бот services для записи"]
    assert found(world.admin, "Telegram") == ["Telegram-бот services для записи"]
    assert found(world.admin, "уведомлениями") == ["Шаблон письма_уведомления ЦЗН52"]
    assert found(world.admin, "цзн52") == ["Шаблон письма_уведомления ЦЗН52"]
    assert found(world.admin, "цзн") == []  # «ЦЗН52» is one word
