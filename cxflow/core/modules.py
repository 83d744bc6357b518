"""The one contract between a domain package and the app.

Each domain declares what it gives the app in its `module.py` as a `Module`: its HTML and API
blueprints, navigation entries, template globals, Celery task modules, and its contributions to
other domains' extension points (a pilot tab, a deadline source…). The composition root
(cxflow.app) registers the modules of one list; nothing else wires a domain in.
"""

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from flask import Flask, current_app

_KEY = "cxflow.modules"


@dataclass(frozen=True)
class NavEntry:
    """A header link: `menu` names the drop-down it sits in (None: the top bar); entries and
    drop-downs are shown by `order`; `permission` None means every signed-in user."""

    endpoint: str
    title: object  # a lazy string
    permission: str | None = None
    menu: str | None = None
    order: int = 100


@dataclass(frozen=True)
class Module:
    name: str
    blueprints: tuple = ()
    api_blueprints: tuple = ()
    navigation: tuple[NavEntry, ...] = ()
    template_globals: Mapping[str, Callable] = field(default_factory=dict)
    task_modules: tuple[str, ...] = ()
    # extension point -> items, read by the domain that owns the point through contributions()
    contributes: Mapping[str, tuple] = field(default_factory=dict)
    setup: Callable[[Flask], None] | None = None  # anything else, e.g. signal receivers


@dataclass
class Registry:
    modules: list[Module] = field(default_factory=list)
    navigation: list[NavEntry] = field(default_factory=list)
    task_modules: list[str] = field(default_factory=list)
    points: dict[str, list] = field(default_factory=dict)


def register(app: Flask, modules: list[Module], register_api: Callable) -> Registry:
    registry = Registry()
    app.extensions[_KEY] = registry
    for module in modules:
        clash = set(module.template_globals) & set(app.jinja_env.globals)
        if clash:
            raise RuntimeError(f"{module.name}: template globals {sorted(clash)} already exist")
        app.jinja_env.globals.update(module.template_globals)
        for bp in module.blueprints:
            app.register_blueprint(bp)
        for blp in module.api_blueprints:
            register_api(blp)
        registry.navigation.extend(module.navigation)
        registry.task_modules.extend(module.task_modules)
        for point, items in module.contributes.items():
            registry.points.setdefault(point, []).extend(items)
        if module.setup is not None:
            module.setup(app)
        registry.modules.append(module)
    return registry


def registry(app: Flask | None = None) -> Registry:
    return (app or current_app).extensions[_KEY]


def contributions(point: str) -> list:
    """What the modules contributed to extension point `point`, in the modules' order."""
    return registry().points.get(point, [])
