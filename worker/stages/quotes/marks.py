"""Finding quotation-marked passages: curly and straight marks, nesting, apostrophes, unclosed quotes."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from worker.stages.lexicon import words
from worker.stages.quotes.languages import ENGLISH_MARKS, QuoteMarks, marks_for

DOUBLE_OPEN = "“«„"
DOUBLE_CLOSE = "”»"
SINGLE_OPEN = "‘‹"
SINGLE_CLOSE = "’›"
OPEN_BEFORE = " \t([{—–-/\u00a0"
MARKS = re.compile("[\"'“”‘’«»„‹›]")
# Words a title leaves in lower case ("Meet the Press", "Guardians of the Galaxy").
TITLE_SMALL_WORDS = words("a an the and or nor of in on for to with at by from as vs")
WORD = re.compile(r"[^\W\d_][\w'’.-]*")


@dataclass(frozen=True)
class Marked:
    """A top-level quoted passage: offsets including its marks, and whether it closes in its paragraph."""

    start: int
    end: int
    closed: bool
    double: bool


def _role(text: str, i: int, marks: QuoteMarks = ENGLISH_MARKS) -> tuple[str, bool] | None:
    """Whether the character at `i` opens or closes a quote ("open"/"close", double?), or neither."""
    char = text[i]
    before = text[i - 1] if i > 0 else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    if char in marks.double_open:
        return "open", True
    if char in marks.double_close:
        return "close", True
    if char == '"':
        return ("open" if before in OPEN_BEFORE or before == "\n" else "close"), True
    if char in marks.spaced:  # ‹ › in French: never an apostrophe, a space inside is the typography
        return ("open" if char in marks.single_open else "close"), False
    if char in marks.single_open or (char == "'" and (before in OPEN_BEFORE or before == "\n")):
        return ("open", False) if after.isalnum() or after in '"“' else None
    if char in marks.single_close or char == "'":
        # Between letters it is an apostrophe ("don't"); after a space it closes nothing.
        if after.isalpha() or before.isspace():
            return None
        return "close", False
    return None


def _events(text: str, start: int, end: int, marks: QuoteMarks) -> Iterator[tuple[int, str, bool]]:
    """The opening and closing marks of one paragraph, in order."""
    for mark in MARKS.finditer(text, start, end):
        role = _role(text, mark.start(), marks)
        if role is not None:
            yield mark.start(), role[0], role[1]


def _paragraph(text: str, start: int, end: int, marks: QuoteMarks = ENGLISH_MARKS) -> Iterator[Marked]:
    """Top-level quoted passages of one paragraph; an unclosed one runs to the paragraph's end."""
    stack: list[tuple[int, bool]] = []
    for i, role, double in _events(text, start, end, marks):
        if role == "open" and stack and text[stack[-1][0]] + text[i] in marks.pairs:
            role = "close"  # „ ... “: the low opening mark's partner closes it
        if role == "open" and not (stack and stack[-1][1] and double and text[i] == '"'):
            stack.append((i, double))
            continue
        if role == "open":
            role = "close"  # a straight double mark inside a double quote closes it
        if not any(d == double for _, d in stack):
            continue  # a stray closing mark or an apostrophe: nothing to close
        while stack and stack[-1][1] != double:
            stack.pop()
        opened, _ = stack.pop()
        if not stack or (double and not any(d for _, d in stack)):
            yield Marked(opened, i + 1, True, double)
    if stack and stack[0][1]:
        last = end
        while last > stack[0][0] and text[last - 1].isspace():
            last -= 1
        yield Marked(stack[0][0], last, False, True)


def is_title(passage: str) -> bool:
    """Whether a quoted passage reads as a title or a name ("Meet the Press,", "Make America Great Again"),
    not speech: every word capitalised but the small ones, and no '!' or '?' ("Disgraceful!" is speech)."""
    found = WORD.findall(passage)
    if not found or "!" in passage or "?" in passage or not found[0][0].isupper():
        return False
    return all(w[0].isupper() for w in found if w.lower() not in TITLE_SMALL_WORDS)


def paragraphs(text: str) -> Iterator[tuple[int, int]]:
    """Offsets of every non-empty line of the text."""
    begin = 0
    for line in text.split("\n"):
        if line.strip():
            yield begin, begin + len(line)
        begin += len(line) + 1


def marked_passages(text: str, language: str = "en") -> list[Marked]:
    """Every top-level quoted passage of the text in the language's marks, paragraph by paragraph."""
    found, marks = [], marks_for(language)
    for start, end in paragraphs(text):
        for marked in _paragraph(text, start, end, marks):
            if marked.end - marked.start > 2 and (marked.double or marked.closed):
                found.append(marked)
    return found
