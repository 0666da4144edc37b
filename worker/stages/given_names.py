"""A person's gender from their given name, when the name is strongly gendered (see worker/data/NOTICE)."""

from __future__ import annotations

from importlib import resources


def _load() -> dict[str, str]:
    """given name (case-folded) -> 'm' or 'f', read once when the module is imported (before forking)."""
    text = resources.files("worker").joinpath("data/given_names.tsv").read_text(encoding="utf-8")
    rows = (line.split("\t") for line in text.splitlines() if line and not line.startswith("#"))
    return {name: sex for name, sex in rows}


GIVEN_NAMES = _load()


def given_gender(name: str) -> str | None:
    """'m' or 'f' for a full name whose first word is a strongly gendered given name ("Tim Lohmar")."""
    words = name.split()
    return GIVEN_NAMES.get(words[0].casefold()) if len(words) > 1 else None
