"""Dependencies point one way: stages and the pipeline know nothing of Celery or Redis."""

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "worker"
PURE = [
    *sorted((PACKAGE / "stages").glob("*.py")),
    *(PACKAGE / name for name in ("pipeline.py", "nlp.py", "name_spans.py")),
]


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module.split(".")[0])
    return names


@pytest.mark.parametrize("path", PURE, ids=lambda p: p.name)
def test_pure_modules_import_neither_celery_nor_redis(path: Path) -> None:
    """A stage is data plus a pure function: no queue, no Redis."""
    assert _imports(path) & {"celery", "redis", "kombu"} == set()


def test_only_settings_reads_the_environment() -> None:
    """Configuration is read once, in settings.py."""
    readers = [
        p.name
        for p in PACKAGE.rglob("*.py")
        if p.name != "settings.py" and ("os.environ.get" in p.read_text() or "os.getenv" in p.read_text())
    ]
    assert readers == []
