"""Dependencies point one way: the NLP knows nothing of the runtime, the runtime nothing of the CLI."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "worker"
NLP = [
    *sorted((PACKAGE / "stages").rglob("*.py")),
    *(PACKAGE / name for name in ("pipeline.py", "nlp.py")),
]
RUNTIME_MODULES = (
    "store",
    "runtime",
    "tasks",
    "celery_app",
    "consumer",
    "transport",
    "deadletter",
    "shutdown",
)
NOT_FROM_NLP = ("celery", "kombu", "redis", *(f"worker.{name}" for name in RUNTIME_MODULES))
TOOLS = ("worker.cli", "worker.commands", "worker.local")
RUNTIME = [
    PACKAGE / f"{name}.py" for name in (*RUNTIME_MODULES, "gate", "janitor", "health", "producer", "protocol")
]


def _module_name(path: Path) -> str:
    return ".".join(path.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__")


def imported(path: Path) -> set[str]:
    """Every module a file imports (relative imports resolved), at any depth of the file."""
    package = _module_name(path).rsplit(".", 1)[0] if path.name != "__init__.py" else _module_name(path)
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = package.rsplit(".", node.level - 1)[0] if node.level else ""
            module = ".".join(part for part in (base, node.module or "") if part)
            names.add(module)
            names.update(f"{module}.{alias.name}" for alias in node.names)
    return names


def violations(path: Path, forbidden: tuple[str, ...]) -> list[str]:
    """The imports of `path` that are, or lie under, a forbidden module."""
    return sorted(n for n in imported(path) if any(n == f or n.startswith(f + ".") for f in forbidden))


@pytest.mark.parametrize("path", NLP, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_nlp_modules_import_nothing_of_the_runtime(path: Path) -> None:
    """Stages, nlp, name_spans and the pipeline never reach the store, tasks, Celery, kombu or Redis."""
    assert violations(path, NOT_FROM_NLP) == []


@pytest.mark.parametrize("path", RUNTIME, ids=lambda p: p.name)
def test_runtime_modules_never_import_the_cli(path: Path) -> None:
    """The worker's runtime is a library: the command line sits on top of it."""
    assert violations(path, TOOLS) == []


def test_the_checker_catches_a_planted_bad_import(tmp_path: Path) -> None:
    """A stage that imports the store, directly, from a package or relatively, is reported."""
    stage = PACKAGE / "stages" / "planted_for_test.py"
    stage.write_text(
        "import worker.store\nfrom worker import tasks\nfrom ..runtime import store_for\nimport kombu\n"
    )
    try:
        found = violations(stage, NOT_FROM_NLP)
    finally:
        stage.unlink()
    assert found == ["kombu", "worker.runtime", "worker.runtime.store_for", "worker.store", "worker.tasks"]


@pytest.mark.parametrize("module", ["worker.protocol", "worker.producer"])
def test_importing_the_wire_contract_loads_no_nlp(module: str) -> None:
    """A producer imports the protocol or the Producer without spaCy, the stages or the tasks."""
    code = (
        f"import sys, {module}; "
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'spacy' "
        "or m.startswith(('worker.stages', 'worker.nlp', 'worker.loader', 'worker.pipeline', 'worker.tasks'))))"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_only_settings_reads_the_environment() -> None:
    """Configuration is read once, in settings.py."""
    readers = [
        p.name
        for p in PACKAGE.rglob("*.py")
        if p.name != "settings.py" and ("os.environ.get" in p.read_text() or "os.getenv" in p.read_text())
    ]
    assert readers == []
