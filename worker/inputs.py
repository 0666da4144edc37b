"""Turning files, JSON and raw message payloads into validated articles, with one-line errors."""

from __future__ import annotations

import hashlib
import json
import re
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from worker.errors import InvalidArticleError
from worker.gate import id_for
from worker.models import ID_PATTERN, Article, text_id, validation_message

SUFFIXES = (".txt", ".json", ".jsonl")


@dataclass(frozen=True)
class Loaded:
    """One article read from an input, or the error that kept it from being one."""

    origin: str
    article: Article | None = None
    error: InvalidArticleError | None = None


def guess_id(payload: Any) -> str:
    """The best id for a payload that may be invalid: its own id (`invalid-<hash of it>` when it breaks
    the id pattern), its text's hash, or its bytes' hash."""
    if isinstance(payload, dict):
        given = payload.get("id")
        if isinstance(given, str) and given:
            return id_for(given)
        if isinstance(payload.get("text"), str):
            return text_id(payload["text"])
    raw = (
        json.dumps(payload, sort_keys=True, default=str) if not isinstance(payload, bytes | str) else payload
    )
    data = raw.encode("utf-8", "replace") if isinstance(raw, str) else raw
    return "invalid-" + hashlib.sha256(data).hexdigest()[:16]


def to_article(payload: Any, max_text_chars: int) -> Article:
    """Validate a decoded JSON payload as an Article, or raise InvalidArticleError naming it."""
    if not isinstance(payload, dict):
        raise InvalidArticleError(guess_id(payload), f"expected a JSON object, got {type(payload).__name__}")
    try:
        return Article.model_validate(payload, context={"max_text_chars": max_text_chars})
    except ValidationError as exc:
        problem = validation_message(exc)
        given = payload.get("id")
        if isinstance(given, str) and given and not re.match(ID_PATTERN, given):
            problem = f"id {given[:80]!r} is not a valid id (letters, digits, '.', '_', '-'); {problem}"
        raise InvalidArticleError(guess_id(payload), problem) from None


def _loaded(origin: str, payload: Any, max_text_chars: int) -> Loaded:
    try:
        return Loaded(origin, article=to_article(payload, max_text_chars))
    except InvalidArticleError as exc:
        return Loaded(origin, error=exc)


def _read_utf8(path: Path) -> str | Loaded:
    """A file's text, or the Loaded error saying it is not UTF-8 (decoded strictly, never guessed)."""
    try:
        return path.read_bytes().decode("utf-8")
    except UnicodeDecodeError as exc:
        problem = f"file is not UTF-8 ({exc.reason} at byte {exc.start})"
        return Loaded(str(path), error=InvalidArticleError(path.stem, problem))


def _text_file(path: Path, max_text_chars: int) -> Loaded:
    """A .txt file: the whole file is the text, the first non-empty line its title, the stem its id."""
    text = _read_utf8(path)
    if isinstance(text, Loaded):
        return text
    title = next((line.strip() for line in text.splitlines() if line.strip()), None)
    article_id = path.stem if re.match(ID_PATTERN, path.stem) else ""
    return _loaded(str(path), {"id": article_id, "text": text, "title": title}, max_text_chars)


def _json_lines(lines: Iterable[str], origin: str, max_text_chars: int) -> Iterator[Loaded]:
    """One article per non-blank line; a bad line is reported with its number and the rest go on."""
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        where = f"{origin}:{number}"
        try:
            payload = json.loads(line)
        except json.JSONDecodeError as exc:
            yield Loaded(
                where,
                error=InvalidArticleError(guess_id(line), f"invalid JSON: {exc.msg} at column {exc.colno}"),
            )
            continue
        yield _loaded(where, payload, max_text_chars)


def _json_file(path: Path, max_text_chars: int) -> Iterator[Loaded]:
    """A .json file (one object) or a .jsonl file (one object per line)."""
    content = _read_utf8(path)
    if isinstance(content, Loaded):
        yield content
        return
    if path.suffix == ".jsonl":
        yield from _json_lines(content.splitlines(), str(path), max_text_chars)
        return
    try:
        payload = json.loads(content)
    except json.JSONDecodeError as exc:
        yield Loaded(
            str(path), error=InvalidArticleError(path.stem, f"invalid JSON: {exc.msg} at line {exc.lineno}")
        )
        return
    yield _loaded(str(path), payload, max_text_chars)


def _files(path: Path) -> Iterator[Path]:
    """A file itself, or a directory's article files, recursively, in a stable order."""
    if path.is_dir():
        yield from sorted(p for p in path.rglob("*") if p.is_file() and p.suffix in SUFFIXES)
    else:
        yield path


def read_inputs(paths: Iterable[str], max_text_chars: int) -> Iterator[Loaded]:
    """Every article in the given paths (`-` reads JSON lines from stdin), errors included, in order."""
    for name in paths:
        if name == "-":
            yield from _json_lines(sys.stdin, "<stdin>", max_text_chars)
            continue
        for path in _files(Path(name)):
            if not path.exists():
                yield Loaded(str(path), error=InvalidArticleError(path.stem, f"no such file: {path}"))
            elif path.suffix == ".txt":
                yield _text_file(path, max_text_chars)
            elif path.suffix in (".json", ".jsonl"):
                yield from _json_file(path, max_text_chars)
            else:
                yield Loaded(
                    str(path),
                    error=InvalidArticleError(
                        path.stem, f"unsupported file type {path.suffix!r} (use .txt, .json, .jsonl)"
                    ),
                )
