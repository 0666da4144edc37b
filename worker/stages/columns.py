"""A doc's token attributes as plain lists, read at once: each `doc[i]` or token loop builds a new Token."""

from __future__ import annotations

from spacy.tokens import Doc


def columns(doc: Doc, *attrs: int) -> list[list[int]]:
    """One list per attribute id (`spacy.attrs.IDX`, `LOWER`...), indexed by token: what `to_array` gives."""
    if not len(doc):
        return [[] for _ in attrs]
    rows: list[list[int]] = doc.to_array(list(attrs)).T.tolist()
    return rows
