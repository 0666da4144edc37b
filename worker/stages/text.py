"""Small text helpers the stages share: boilerplate lines and spans."""

from __future__ import annotations

import re

from worker.models import TextSpan

BOILERPLATE_LINE = re.compile(
    r"^\s*(read more|related|see also|more:|published:|updated:|click here|sign up|subscribe|"
    r"follow us|advertisement|watch:|photo:|image:|pictured:|file photo|\(?photo|copyright)",
    re.IGNORECASE,
)


def line_of(text: str, start: int) -> str:
    """The whole line of `text` containing offset `start`."""
    begin = text.rfind("\n", 0, start) + 1
    end = text.find("\n", start)
    return text[begin : end if end != -1 else len(text)]


def is_boilerplate(text: str, start: int) -> bool:
    """Whether the line holding `start` is a link, byline or caption rather than the story."""
    return bool(BOILERPLATE_LINE.match(line_of(text, start)))


def trimmed_span(text: str, start: int, end: int) -> TextSpan:
    """A TextSpan of text[start:end] with surrounding whitespace left out of the offsets."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return TextSpan(text=text[start:end], start=start, end=end)
