"""The deployment files parse and name commands, paths and settings that exist (no Docker engine here)."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path
from typing import Any

import yaml

from worker.cli import build_parser
from worker.settings import ENV_PREFIX, Settings

ROOT = Path(__file__).resolve().parents[2]
COMPOSE: dict[str, Any] = yaml.safe_load((ROOT / "docker-compose.yml").read_text(encoding="utf-8"))
DOCKERFILE = (ROOT / "deploy" / "Dockerfile").read_text(encoding="utf-8")


def _subcommands() -> set[str]:
    action = next(a for a in build_parser()._actions if a.dest == "command")
    return set(action.choices)  # type: ignore[arg-type]


def test_redis_keeps_data_and_never_evicts() -> None:
    """Redis runs with append-only persistence and `noeviction`, on a named volume."""
    redis = COMPOSE["services"]["redis"]
    command = " ".join(redis["command"])
    assert "--appendonly yes" in command and "--maxmemory-policy noeviction" in command
    assert redis["volumes"][0].split(":")[0] in COMPOSE["volumes"]


def test_worker_service_can_scale() -> None:
    """No container name or fixed host port, so `--scale worker=N` works."""
    worker = COMPOSE["services"]["worker"]
    assert "container_name" not in worker and "ports" not in worker


def test_compose_commands_are_real_subcommands() -> None:
    """Every service built from our image runs an existing `newsworker` subcommand."""
    ours = [s for s in COMPOSE["services"].values() if s.get("image", "").startswith("newsworker")]
    assert {s["command"][0] for s in ours} <= _subcommands()
    assert {s["command"][0] for s in ours} == {"worker", "enqueue"}


def test_compose_paths_and_variables_exist() -> None:
    """The build file, mounted folders and NEWSWORKER_* variables all exist."""
    build = COMPOSE["services"]["worker"]["build"]
    assert (ROOT / build["context"] / build["dockerfile"]).is_file()
    for service in COMPOSE["services"].values():
        for volume in service.get("volumes", []):
            source = volume.split(":")[0]
            assert source in COMPOSE["volumes"] or (ROOT / source).exists(), source
        for name in service.get("environment", {}):
            assert name.removeprefix(ENV_PREFIX).lower() in Settings.model_fields, name


def test_dockerfile_copies_existing_paths_and_runs_the_console_script() -> None:
    """COPY sources exist, and the entrypoint is the console script pyproject declares."""
    for sources in re.findall(r"^COPY (?!--from)(.+) \S+$", DOCKERFILE, flags=re.MULTILINE):
        for source in sources.split():
            assert (ROOT / source).exists(), source
    scripts = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["scripts"]
    assert 'ENTRYPOINT ["newsworker"]' in DOCKERFILE and "newsworker" in scripts
    assert re.search(r'^CMD \["worker"\]$', DOCKERFILE, flags=re.MULTILINE)
    assert re.search(r"^USER newsworker$", DOCKERFILE, flags=re.MULTILINE)
