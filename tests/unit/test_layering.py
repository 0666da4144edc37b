"""Dependencies point one way: the NLP knows nothing of the runtime, the runtime nothing of the CLI.

Inside the NLP: nlp.py (generic spaCy) knows no stage; the stages know no loader, pipeline or settings;
a stage family (stages/summary/, stages/entities/, stages/quotes/) reads another family's modules only
through the shared ones at stages/ top level (base, columns, text, names, lexicon).
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "worker"
STAGES = sorted((PACKAGE / "stages").rglob("*.py"))
NLP = [*STAGES, *(PACKAGE / name for name in ("pipeline.py", "nlp.py", "loader.py", "fast_rules.py"))]
FAMILIES = ("summary", "entities", "quotes")
# What a stage may import of the project: the result models and the stages (within the family rule).
STAGES_MAY_IMPORT = ("worker.models", "worker.stages")
# What the generic spaCy module may import of the project.
NLP_MAY_IMPORT = ("worker.errors",)
RUNTIME_MODULES = (
    "store",
    "store_base",
    "store_reads",
    "store_index",
    "store_workers",
    "runtime",
    "tasks",
    "celery_app",
    "consumer",
    "transport",
    "deadletter",
    "shutdown",
)
NOT_FROM_NLP = ("celery", "kombu", "redis", *(f"worker.{name}" for name in RUNTIME_MODULES))
TOOLS = ("worker.cli", "worker.cli_parser", "worker.commands", "worker.local", "worker.local_commands")
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


def _under(name: str, modules: tuple[str, ...]) -> bool:
    return any(name == m or name.startswith(m + ".") for m in modules)


def violations(path: Path, forbidden: tuple[str, ...]) -> list[str]:
    """The imports of `path` that are, or lie under, a forbidden module."""
    return sorted(n for n in imported(path) if _under(n, forbidden))


def outside(path: Path, allowed: tuple[str, ...]) -> list[str]:
    """The project modules `path` imports that are not, and lie under none of, the allowed ones."""
    return sorted(
        n for n in imported(path) if n.split(".")[0] == "worker" and n != "worker" and not _under(n, allowed)
    )


def other_families(path: Path) -> list[str]:
    """The modules of another stage family that a module of a family imports (shared stages/ ones are fine)."""
    parts = path.relative_to(PACKAGE).parts
    own = parts[1] if len(parts) > 2 and parts[0] == "stages" else None
    others = tuple(f"worker.stages.{family}" for family in FAMILIES if family != own)
    return violations(path, others) if own is not None else []


@pytest.mark.parametrize("path", NLP, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_nlp_modules_import_nothing_of_the_runtime(path: Path) -> None:
    """Stages, nlp, name_spans and the pipeline never reach the store, tasks, Celery, kombu or Redis."""
    assert violations(path, NOT_FROM_NLP) == []


@pytest.mark.parametrize("path", STAGES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_stages_import_only_the_models_and_other_stages(path: Path) -> None:
    """No stage reaches the settings, the loader, nlp.py, the pipeline or the runtime: it sees a ParsedArticle."""
    assert outside(path, STAGES_MAY_IMPORT) == []


@pytest.mark.parametrize("path", STAGES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_a_family_reads_no_other_familys_modules(path: Path) -> None:
    """Summary, entities and quotes share code only through the top-level stages modules."""
    assert other_families(path) == []


@pytest.mark.parametrize("name", ["nlp.py", "fast_rules.py"])
def test_generic_spacy_modules_import_no_stage(name: str) -> None:
    """nlp.py and fast_rules.py are generic spaCy code: the stages' parse steps are registered by loader.py."""
    assert outside(PACKAGE / name, NLP_MAY_IMPORT) == []


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


def test_the_checker_catches_a_planted_bad_stage_import() -> None:
    """A family module that imports the settings, nlp.py or another family's module is reported."""
    stage = PACKAGE / "stages" / "summary" / "planted_for_test.py"
    stage.write_text(
        "from worker.settings import Settings\nimport worker.nlp\nfrom worker.stages.quotes import people\n"
        "from worker.stages import lexicon\nfrom ..entities.story import StoryMap\nfrom . import units\n"
    )
    try:
        found = outside(stage, STAGES_MAY_IMPORT), other_families(stage)
    finally:
        stage.unlink()
    assert found == (
        ["worker.nlp", "worker.settings", "worker.settings.Settings"],
        [
            "worker.stages.entities.story",
            "worker.stages.entities.story.StoryMap",
            "worker.stages.quotes",
            "worker.stages.quotes.people",
        ],
    )


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
