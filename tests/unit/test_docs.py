"""The docs hold: links lead somewhere, figures come from the code, the JavaScript offsets snippet is right."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from worker.settings import Settings

ROOT = Path(__file__).resolve().parents[2]
DOCS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
LINK = re.compile(r"\]\(([^)\s]+)\)")


def slug(heading: str) -> str:
    """GitHub's anchor for a heading: lower case, punctuation dropped, spaces to hyphens."""
    return re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-")


def anchors(path: Path) -> set[str]:
    """The anchors of a Markdown file's headings."""
    return {
        slug(line.lstrip("#"))
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.startswith("#")
    }


@pytest.mark.parametrize("doc", DOCS, ids=lambda p: p.name)
def test_relative_links_reach_existing_files_and_headings(doc: Path) -> None:
    """Every relative link names a file that exists, and its #anchor a heading in it."""
    for target in LINK.findall(doc.read_text(encoding="utf-8")):
        if target.startswith(("http://", "https://", "mailto:")):
            continue
        path, _, anchor = target.partition("#")
        file = (doc.parent / path).resolve() if path else doc
        assert file.exists(), f"{doc.name}: {target}"
        if anchor and file.suffix == ".md":
            assert anchor in anchors(file), f"{doc.name}: {target}"


def test_visibility_timeout_figures_are_the_settings_default() -> None:
    """Wherever the docs quote VISIBILITY_TIMEOUT_S in seconds, it is the value the code uses."""
    default = Settings.model_fields["visibility_timeout_s"].default
    quoted = [
        int(figure)
        for doc in DOCS
        for figure in re.findall(r"`VISIBILITY_TIMEOUT_S` \((\d+) s\)", doc.read_text(encoding="utf-8"))
    ]
    assert len(quoted) >= 2 and set(quoted) == {default}


def test_the_javascript_offsets_snippet_cuts_the_same_spans_as_python() -> None:
    """docs/producers.md's spanText, run by Node, gives text[start:end] even after astral characters."""
    node = shutil.which("node")
    if node is None:
        pytest.skip("no node binary")
    doc = (ROOT / "docs" / "producers.md").read_text(encoding="utf-8")
    snippet = re.search(r"<!-- tested: node-offsets -->\n\s*```js\n(.*?)```", doc, flags=re.DOTALL)
    assert snippet is not None
    text = "🙂 Émilie Côté said 𝒳 was “fine” 👍🏽 today."
    spans = [
        {"start": text.index(w), "end": text.index(w) + len(w)} for w in ("Émilie Côté", "𝒳", "fine", "👍🏽")
    ]
    call = f"{json.dumps(spans)}.map(s => spanText({json.dumps(text)}, s))"
    program = snippet.group(1) + f"\nconsole.log(JSON.stringify({call}));"
    out = subprocess.run([node, "-e", program], capture_output=True, text=True, timeout=30, check=True).stdout
    assert json.loads(out) == ["Émilie Côté", "𝒳", "fine", "👍🏽"]
    units = text.encode("utf-16-le")  # what a plain text.slice(start, end) would cut: UTF-16 code units
    assert units[2 * spans[0]["start"] : 2 * spans[0]["end"]].decode("utf-16-le") != "Émilie Côté"
