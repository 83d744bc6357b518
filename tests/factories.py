"""factory-boy factories for the models (flushed into the test's session)."""

import datetime as dt

import factory
from factory.alchemy import SQLAlchemyModelFactory

from cxflow.clients.models import ClientKpi, ClientProfile
from cxflow.core.extensions import db
from cxflow.journeys.models import Journey, JourneyStage, Measurement, PainPoint, Touchpoint
from cxflow.orgs.models import Office, Region
from cxflow.pilots.models import Deliverable, Pilot
from cxflow.roadmaps.models import Activity
from cxflow.solutions.models import Solution
from cxflow.users.models import User
from cxflow.users.services import hash_password
from cxflow.working_groups.models import Meeting, Member

PASSWORD = "correct-horse-42"
FREE_CODES = [f"{n:02d}" for n in range(10, 100) if n not in (52, 74)]


class BaseFactory(SQLAlchemyModelFactory):
    class Meta:
        abstract = True
        sqlalchemy_session_factory = lambda: db.session  # noqa: E731
        sqlalchemy_session_persistence = "flush"


class RegionFactory(BaseFactory):
    class Meta:
        model = Region

    # two-digit codes, leaving 52 and 74 to the tests that name real regions
    code = factory.Sequence(lambda n: FREE_CODES[n % len(FREE_CODES)])
    name = factory.Sequence(lambda n: f"Регион {n}")
    network = "centralized"
    timezone = "Europe/Moscow"


class OfficeFactory(BaseFactory):
    class Meta:
        model = Office

    region = factory.SubFactory(RegionFactory)
    name = factory.Sequence(lambda n: f"Центр занятости населения №{n}")
    address = "г. Нижний Новгород, ул. Ильинская, 1"


class UserFactory(BaseFactory):
    class Meta:
        model = User

    email = factory.Sequence(lambda n: f"user{n}@cxflow.test")
    full_name = factory.Sequence(lambda n: f"Иванова Мария {n}")
    role = "working_group_member"
    region = factory.SubFactory(RegionFactory)
    password_hash = factory.LazyFunction(lambda: hash_password(PASSWORD))


class PilotFactory(BaseFactory):
    """A journey pilot without a roadmap (tests of the CX cycle need none)."""

    class Meta:
        model = Pilot

    region = factory.SubFactory(RegionFactory)
    title = factory.Sequence(lambda n: f"Путь клиента {n}")
    direction = "journey"
    start_date = dt.date(2026, 9, 1)


class _PilotPart(BaseFactory):
    """Something that belongs to a pilot, in the pilot's region."""

    class Meta:
        abstract = True

    pilot = factory.SubFactory(PilotFactory)
    region_id = factory.SelfAttribute("pilot.region_id")


class DeliverableFactory(BaseFactory):
    """A pilot's document given as a link (the model has the pilot's id, no relationship)."""

    class Meta:
        model = Deliverable
        exclude = ("pilot",)

    pilot = factory.SubFactory(PilotFactory)
    pilot_id = factory.SelfAttribute("pilot.id")
    region_id = factory.SelfAttribute("pilot.region_id")
    kind = "protocol"
    title = "Протокол совещания рабочей группы"
    url = "https://example.org/protocol.pdf"


class ActivityFactory(_PilotPart):
    """A roadmap line of kind "activity", planned."""

    class Meta:
        model = Activity

    kind = "activity"
    number = factory.Sequence(lambda n: f"1.{n + 1}")
    title = "Провести опрос"
    status = "planned"


class MemberFactory(_PilotPart):
    class Meta:
        model = Member

    full_name = factory.Sequence(lambda n: f"Петрова Анна {n}")
    position = "начальник отдела"
    organisation = "ГКУ ЦЗН"


class MeetingFactory(_PilotPart):
    class Meta:
        model = Meeting

    number = factory.Sequence(lambda n: n + 1)
    held_on = dt.date(2026, 9, 10)
    protocol = "Протокол совещания рабочей группы"


class KpiFactory(_PilotPart):
    class Meta:
        model = ClientKpi

    group = "comfort"
    title = "Доступность"
    unit = "%"
    target = "≥ 80%"


class ProfileFactory(_PilotPart):
    class Meta:
        model = ClientProfile

    title = factory.Sequence(lambda n: f"Портрет {n}")
    age = "50+"


class JourneyFactory(_PilotPart):
    class Meta:
        model = Journey

    title = "Путь клиента с инвалидностью"
    service = "Содействие гражданам в поиске подходящей работы"


class StageFactory(BaseFactory):
    class Meta:
        model = JourneyStage

    journey = factory.SubFactory(JourneyFactory)
    pilot_id = factory.SelfAttribute("journey.pilot_id")
    region_id = factory.SelfAttribute("journey.region_id")
    position = factory.Sequence(lambda n: n + 1)
    title = "Поиск информации"


class _StagePart(BaseFactory):
    class Meta:
        abstract = True

    stage = factory.SubFactory(StageFactory)
    region_id = factory.SelfAttribute("stage.region_id")


class TouchpointFactory(_StagePart):
    class Meta:
        model = Touchpoint

    title = "Сайт ЦЗН"
    channel = "site"


class PainPointFactory(_StagePart):
    class Meta:
        model = PainPoint

    description = "Интернет – неудобный способ получения информации"


class MeasurementFactory(_StagePart):
    class Meta:
        model = Measurement

    pilot_id = factory.SelfAttribute("stage.pilot_id")
    method = "questionnaire"
    metric = "share_satisfied"
    value = 61.0
    sample_size = 120
    period_start = dt.date(2026, 9, 1)
    period_end = dt.date(2026, 9, 30)


class SolutionFactory(_PilotPart):
    class Meta:
        model = Solution

    solution = "Вкладка «Услуги для лиц с инвалидностью» на сайте"
    owner = "Отдел информационных технологий"
    due_date = dt.date(2026, 12, 15)
    tier = "quick_win"
