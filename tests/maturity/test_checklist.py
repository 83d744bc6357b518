"""The self-assessment checklist as methodology data, checked line by line against seed 004 §3
(/work/shared/seeds/004-cx-maturity-monitoring-2022.txt, lines cited per row), and the rules
that check and score a set of answers."""

import dataclasses

import pytest

from cxflow.core import methodology
from cxflow.core.errors import ValidationError
from cxflow.maturity.services import checklist as cl

# (item code, number, block, the seed's wording, [(option code, the seed's wording, points)])
# fmt: off
SEED = [
    # L158–L161
    ("profiles", 1, "analysis", "Составлены и внедрены профили клиентских групп", [
        ("one", "Да, один профиль", 1),
        ("three_plus", "Да, три и более", 2),
        ("five_plus", "Да, пять и более", 3),
        ("none", "НЕТ (0)", 0),
    ]),
    # L162–L165
    ("routes", 2, "analysis",
     "Составлены маршруты клиентов по получению государственных услуг/сервисов", [
        ("one", "Да, один маршрут", 1),
        ("three_plus", "Да, три маршрута и более", 2),
        ("five_plus", "Да, пять маршрутов и более", 3),
        ("none", "НЕТ (0)", 0),
    ]),
    # L166–L172
    ("feedback", 3, "analysis", "Организована система сбора и обработки обратной связи", [
        ("sources_1_2", "Да, анализируется 1-2 источник информации", 1),
        ("sources_3_plus", "Да, анализируется не менее 3 источников информации", 2),
        ("sources_5_plus", "Да, анализируется не менее 5 источников информации", 3),
        ("none", "НЕТ (0)", 0),
    ]),
    # L173–L176
    ("committee", 4, "improvement",
     "Создан и функционирует региональный Комитет Клиентоцентричности СЗН / Рабочая группа по "
     "клиентоцентричности", [
        ("irregular", "Создан, но собирается на нерегулярной основе", 1),
        ("regular", "Создан, собирается на регулярной основе", 2),
        ("monthly", "Создан, собирается не менее одного раза в месяц", 3),
        ("none", "НЕТ (0)", 0),
    ]),
    # L177–L182 (a multiple choice: «НЕТ (0)» is nothing ticked)
    ("training", 5, "environment",
     "Проводится обучение сотрудников клиентоцентричным компетенциям", [
        ("leaders_intro", "Проведено стартовое обучение для ведущих сотрудников СЗН (введение в "
         "клиентоцентричность)", 2),
        ("all_staff_intro", "Проведено стартовое обучение для всех сотрудников СЗН (введение в "
         "клиентоцентричность)", 2),
        ("masters", "Проведен отбор и углубленное обучение лидеров (магистров) "
         "клиентоцентричности (создание каскадной системы обучения клиентоцентричности)", 2),
        ("trainings", "Проведение тренингов по развитию клиентоцентричных компетенций "
         "сотрудников", 1),
        ("case_based", "Обучение сотрудников, основанное на практических кейсах повышения "
         "качества клиентского опыта", 1),
    ]),
    # L184–L188
    ("events", 6, "environment",
     "Проводятся мероприятия для развития клиентоцентричных компетенций сотрудников", [
        ("irregular", "Да, но проводятся нерегулярно / единожды", 1),
        ("twice_a_year", "Да, проводятся регулярно и не реже 2 раз в год", 2),
        ("four_a_year", "Да, проводятся регулярно и не реже 4 раз в год", 3),
        ("six_a_year", "Да, проводятся регулярно и не реже 6 раз в год", 4),
        ("none", "НЕТ (0)", 0),
    ]),
    # L189–L192
    ("knowledge_bank", 7, "environment", "Создан банк знаний по клиентскому опыту", [
        ("irregular", "Создан, но пополняется нерегулярно", 1),
        ("quarterly", "Создан, информация пополняется и актуализируется не реже одного раза в "
         "квартал", 2),
        ("monthly", "Создан, информация пополняется и актуализируется не реже одного раза в "
         "месяц", 3),
        ("none", "НЕТ (0)", 0),
    ]),
    # L193–L196
    ("motivation", 8, "environment",
     "Создана система мотивации сотрудников к повышению клиентоцентричности в работе, включая "
     "утверждение Кодекса этики / клиентоцентричности", [
        ("code_only", "Разработан и утвержден Кодекс этики/клиентоцентричности, но система "
         "мотивации не создана", 1),
        ("code_system_in_progress", "Разработан и утвержден Кодекс этики/клиентоцентричности, "
         "система мотивации находится в разработке", 2),
        ("code_system_working", "Разработан и утвержден Кодекс этики/клиентоцентричности, "
         "система мотивации создана и полноценно функционирует", 3),
        ("none", "НЕТ (0)", 0),
    ]),
]
# fmt: on

# «совокупно максим. балл - 9» (L158), «- 3» (L173), «- 18» (L177); «Максимально возможный
# балл 30» (L197)
BLOCK_MAXIMA = {"analysis": 9, "improvement": 3, "environment": 18}
TOTAL_MAXIMUM = 30

BEST = {
    "profiles": ("five_plus",),
    "routes": ("five_plus",),
    "feedback": ("sources_5_plus",),
    "committee": ("monthly",),
    "training": ("leaders_intro", "all_staff_intro", "masters", "trainings", "case_based"),
    "events": ("six_a_year",),
    "knowledge_bank": ("monthly",),
    "motivation": ("code_system_working",),
}
NOTHING = {code: () if code == "training" else ("none",) for code in BEST}


def entries(answers: dict) -> list[dict]:
    """Answers as the API takes them: [{item, answer}]."""
    return [{"item": c, "answer": cl.current().item(c).value(v)} for c, v in answers.items()]


def test_the_checklist_is_versioned_methodology_data():
    document = methodology.documents("maturity")["checklist-2022"]
    assert document.version == 1 and document.kind == "maturity"
    checklist = cl.current()
    assert (checklist.key, checklist.version) == ("checklist-2022", 1)
    assert checklist.title.startswith("Чек-лист самооценки реализации системы управления")


@pytest.mark.parametrize("code, number, block, title, options", SEED, ids=[s[0] for s in SEED])
def test_every_item_reads_and_scores_as_in_the_seed(code, number, block, title, options):
    item = cl.current().item(code)
    assert (item.number, item.block, item.title) == (number, block, title)
    assert [(o.code, o.title, o.points) for o in item.options] == options


def test_training_is_a_multiple_choice_whose_points_add_up():
    item = cl.current().item("training")  # L177–L182: 2 + 2 + 2 + 1 + 1
    assert item.multiple and item.none_title == "НЕТ (0)"
    assert item.points(("leaders_intro", "trainings")) == 3
    assert item.points(()) == 0
    assert item.max_points == 8
    assert [i.code for i in cl.current().items if i.multiple] == ["training"]


def test_block_maxima_are_9_3_18_and_30_in_all():
    checklist = cl.current()
    assert {b.code: b.max for b in checklist.blocks} == BLOCK_MAXIMA
    for block, maximum in BLOCK_MAXIMA.items():
        assert sum(i.max_points for i in checklist.items_of(block)) == maximum
    assert checklist.max_score == TOTAL_MAXIMUM
    best = cl.score(checklist, BEST)
    assert (best.total, best.max) == (30, 30)
    assert best.as_dict() == {b: {"score": m, "max": m} for b, m in BLOCK_MAXIMA.items()}
    assert cl.score(checklist, NOTHING).total == 0


def test_a_data_file_whose_points_do_not_add_up_is_refused():
    document = methodology.documents("maturity")["checklist-2022"]
    raw = {**document.raw, "blocks": [dict(b) for b in document.raw["blocks"]]}
    raw["blocks"][0]["max"] = 10
    with pytest.raises(ValueError, match="analysis"):
        cl.parse(dataclasses.replace(document, raw=raw))


def test_a_full_set_of_answers_is_accepted_in_either_form():
    chosen, links = cl.check_answers(cl.current(), entries(BEST))
    assert chosen == BEST and links == {}
    short = {
        "profiles": "one",
        "routes": "none",
        "feedback": "none",
        "committee": "regular",
        "training": ["trainings", "leaders_intro"],
        "events": "none",
        "knowledge_bank": "none",
        "motivation": "none",
    }
    chosen, _ = cl.check_answers(cl.current(), short)
    assert chosen["training"] == ("leaders_intro", "trainings")  # the data's order


@pytest.mark.parametrize(
    "change, field, words",
    [
        ({"profiles": "ten"}, "answers.profiles", "нет варианта ten"),
        ({"profiles": ["one"]}, "answers.profiles", "не список"),
        ({"training": "masters"}, "answers.training", "принимает список"),
        ({"training": ["masters", "masters"]}, "answers.training", "дважды"),
        ({"training": ["masters", "phd"]}, "answers.training", "нет варианта phd"),
        ({"events": None}, "answers.events", "ответьте на пункт 6"),
    ],
)
def test_a_bad_answer_is_refused_naming_its_item(app, change, field, words):
    answers = {c: cl.current().item(c).value(v) for c, v in BEST.items()} | change
    with pytest.raises(ValidationError) as error:
        cl.check_answers(cl.current(), answers)
    assert list(error.value.fields) == [field]
    assert words in error.value.fields[field][0].lower()


def test_duplicate_missing_and_unknown_items_are_named(app):
    answers = entries(BEST)
    answers = [a for a in answers if a["item"] != "motivation"] + [
        {"item": "profiles", "answer": "one"},
        {"item": "vision", "answer": "yes"},
    ]
    with pytest.raises(ValidationError) as error:
        cl.check_answers(cl.current(), answers)
    assert set(error.value.fields) == {"answers.profiles", "answers.vision", "answers.motivation"}
    assert "дважды" in error.value.fields["answers.profiles"][0]  # the Russian catalogue


def test_an_entry_with_an_unknown_field_is_refused(app):
    answers = entries(BEST)
    answers[2]["evidence"] = "https://trud.example/feedback.pdf"  # a typo of evidence_url
    with pytest.raises(ValidationError) as error:
        cl.check_answers(cl.current(), answers)
    assert list(error.value.fields) == ["answers.feedback"]
    assert "evidence" in error.value.fields["answers.feedback"][0]


def test_evidence_must_be_a_web_link(app):
    answers = entries(BEST)
    answers[0]["evidence_url"] = "javascript:alert(1)"
    answers[1]["evidence_url"] = "https://trud.example/routes.pdf"
    with pytest.raises(ValidationError) as error:
        cl.check_answers(cl.current(), answers)
    assert list(error.value.fields) == ["answers.profiles.evidence_url"]
    answers[0]["evidence_url"] = ""
    assert cl.check_answers(cl.current(), answers)[1] == {
        "routes": "https://trud.example/routes.pdf"
    }


def test_next_steps_name_the_next_option_up():
    checklist = cl.current()
    answers = dict(NOTHING) | {"profiles": ("three_plus",), "training": ("masters",)}
    steps = {(s.item, s.option): s.gain for s in cl.next_steps(checklist, answers)}
    assert steps[("profiles", "five_plus")] == 1
    assert ("profiles", "one") not in steps  # below the answer
    assert steps[("routes", "one")] == 1  # from «НЕТ» the first step up
    assert steps[("events", "irregular")] == 1
    training = {o: g for (i, o), g in steps.items() if i == "training"}
    assert training == {"leaders_intro": 2, "all_staff_intro": 2, "trainings": 1, "case_based": 1}
    assert cl.next_steps(checklist, BEST) == []


def test_differences_list_the_items_answered_otherwise():
    checklist = cl.current()
    consultant = dict(BEST) | {"committee": ("regular",), "training": ("masters", "trainings")}
    found = cl.differences(checklist, BEST, consultant)
    assert [(d.item, d.self_points, d.consultant_points) for d in found] == [
        ("committee", 3, 2),
        ("training", 8, 3),
    ]
