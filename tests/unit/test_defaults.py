"""Every default is written once, in Settings: options objects, helpers and CLI options agree with it."""

from __future__ import annotations

import argparse
import dataclasses
import importlib
import inspect
import pkgutil
from collections.abc import Iterator
from typing import Any

import pytest

import worker
from worker.cli import build_parser
from worker.settings import Settings
from worker.store import StoreOptions

# Defaults that mean "not given: use the setting", each resolved to the setting where it is read.
UNSET_MEANS_SETTING = {
    "newsworker run --concurrency": 0,  # cli: `args.concurrency or settings.concurrency`
    "newsworker worker --concurrency": 0,  # launch.py: the same
}


def _setting_default(name: str) -> Any:
    """The default Settings declares for a field (its factory called, when it has one)."""
    field = Settings.model_fields[name]
    return field.default_factory() if field.default_factory else field.default  # type: ignore[call-arg]


def _modules() -> Iterator[Any]:
    """Every module of the worker package (not `__main__`, which runs the CLI when imported)."""
    for info in pkgutil.walk_packages(worker.__path__, "worker."):
        if not info.name.endswith("__main__"):
            yield importlib.import_module(info.name)


def _parameters(where: str, func: Any) -> Iterator[tuple[str, str, Any]]:
    """A function's parameters named like a setting, with their defaults."""
    for parameter in inspect.signature(func).parameters.values():
        if parameter.name in Settings.model_fields and parameter.default is not parameter.empty:
            yield f"{where}.{parameter.name}", parameter.name, parameter.default


def _class_defaults(where: str, cls: type) -> Iterator[tuple[str, str, Any]]:
    """A dataclass's or model's fields, and its own methods' parameters, named like a setting."""
    if dataclasses.is_dataclass(cls):
        for field in dataclasses.fields(cls):
            if field.name in Settings.model_fields and field.default is not dataclasses.MISSING:
                yield f"{where}.{field.name}", field.name, field.default
    for name, field in getattr(cls, "model_fields", {}).items():
        if name in Settings.model_fields and cls is not Settings:
            yield f"{where}.{name}", name, field.default
    for name, method in vars(cls).items():
        if inspect.isfunction(method) and not (name == "__init__" and dataclasses.is_dataclass(cls)):
            yield from _parameters(f"{where}.{name}", method)


def declared_defaults() -> Iterator[tuple[str, str, Any]]:
    """(where, setting, default) for every default in the package written under a setting's name."""
    for module in _modules():
        for name, obj in vars(module).items():
            if getattr(obj, "__module__", None) != module.__name__:
                continue
            if inspect.isclass(obj):
                yield from _class_defaults(f"{module.__name__}.{name}", obj)
            elif inspect.isfunction(obj):
                yield from _parameters(f"{module.__name__}.{name}", obj)


def cli_defaults() -> Iterator[tuple[str, str, Any]]:
    """(where, setting, default) for every CLI option whose destination is a setting's name."""
    sub = next(a for a in build_parser()._actions if isinstance(a, argparse._SubParsersAction))
    for command, parser in sub.choices.items():
        for action in parser._actions:
            if action.dest in Settings.model_fields and action.option_strings:
                yield f"newsworker {command} {action.option_strings[-1]}", action.dest, action.default


def _disagreements(found: Iterator[tuple[str, str, Any]]) -> list[str]:
    """The defaults that are neither the setting's own nor a documented `unset` marker."""
    wrong = []
    for where, setting, default in found:
        if where in UNSET_MEANS_SETTING and default == UNSET_MEANS_SETTING[where]:
            continue
        if default != _setting_default(setting):
            wrong.append(f"{where} = {default!r}, Settings.{setting} = {_setting_default(setting)!r}")
    return wrong


def test_the_scan_sees_the_options_objects() -> None:
    """The scan finds the known copies, so an empty result below means agreement, not blindness."""
    found = {where for where, _setting, _default in declared_defaults()}
    assert {"worker.local.WorkerProcess.__init__.concurrency", "worker.protocol.raw_message.queue"} <= found
    assert {where for where, _s, _d in cli_defaults()} >= {"newsworker worker --concurrency"}


def test_every_default_in_the_package_is_the_settings_default() -> None:
    """A dataclass field, model field or parameter named like a setting defaults to Settings' value."""
    assert _disagreements(declared_defaults()) == []


def test_every_cli_option_named_like_a_setting_defaults_to_it() -> None:
    """CLI options that stand for a setting default to it, or to the marker that means `use the setting`."""
    assert _disagreements(cli_defaults()) == []


def test_defaults_under_other_names_are_the_settings_defaults() -> None:
    """StoreOptions, the key prefix and the Redis client's retry budget default to Settings' values."""
    from worker.keys import Keys
    from worker.store import connect

    assert Keys().prefix == _setting_default("key_prefix")
    defaults = StoreOptions.defaults()
    for name in ("result_ttl_s", "deadletter_maxlen", "events_maxlen"):
        assert getattr(defaults, name) == _setting_default(name), name
    budget = inspect.signature(connect).parameters["retry_budget_s"].default
    assert budget == _setting_default("redis_retry_budget_s")


@pytest.mark.parametrize("name", sorted(UNSET_MEANS_SETTING))
def test_each_unset_marker_is_still_in_use(name: str) -> None:
    """An entry here names a default that exists, so the exemption list cannot outlive its reason."""
    seen = {where for where, _s, _d in (*declared_defaults(), *cli_defaults())}
    assert name in seen
