"""The dev texts in ../shared/eval are for measuring only: none of their passages may enter the repository."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from tests.conftest import EVAL_DIR, ROOT

WORDS = 9  # a run of nine words in a row is a copied passage, not a shared phrase
CHECKED = ("worker", "tests", "benchmarks", "scripts", "docs", "seeds", "deploy")


def _shingles(text: str) -> set[str]:
    words = re.findall(r"\w+", text.lower())
    return {" ".join(words[i : i + WORDS]) for i in range(len(words) - WORDS + 1)}


def _eval_texts() -> list[str]:
    texts = []
    for path in sorted(EVAL_DIR.glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            row = json.loads(line)
            texts.append(row.get("text") or row.get("article") or "")
    return texts


def _repository_files() -> list[Path]:
    files = [ROOT / "README.md"]
    for folder in CHECKED:
        files += [
            p for p in (ROOT / folder).rglob("*") if p.suffix in {".py", ".md", ".txt", ".json", ".yml"}
        ]
    return [p for p in files if p.is_file()]


@pytest.mark.skipif(not EVAL_DIR.is_dir(), reason="../shared/eval is absent")
def test_no_dev_article_passage_is_copied_into_the_repository() -> None:
    """The seed article is ours; every other nine-word run of a dev article stays outside the repository."""
    seed = _shingles("".join(p.read_text(encoding="utf-8") for p in (ROOT / "seeds").glob("*.txt")))
    dev = set().union(*map(_shingles, _eval_texts())) - seed
    copied = {
        str(path.relative_to(ROOT)): sorted(found)[:3]
        for path in _repository_files()
        if (found := _shingles(path.read_text(encoding="utf-8", errors="replace")) & dev)
    }
    assert copied == {}
