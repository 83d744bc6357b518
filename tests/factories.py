"""factory-boy factories for the models (flushed into the test's session)."""

import factory
from factory.alchemy import SQLAlchemyModelFactory

from cxflow.extensions import db
from cxflow.orgs.models import Office, Region
from cxflow.users.models import User
from cxflow.users.services import hash_password

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
