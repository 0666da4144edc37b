"""Which parts of an article's text are the story, not captions, photo credits, bylines or author notes."""

from __future__ import annotations

import bisect
import re

from worker.stages.text import is_boilerplate

# A photo credit that makes its whole line a caption: one with a slash, or one in parentheses ending it.
CREDIT_SLASH = re.compile(
    r"^([A-Z][\w.'’-]+ ){1,3}/ ?[A-Z]|\b(AFP|Getty|Reuters|REUTERS|Canadian Press|CANADIAN PRESS|AP)\s?/"
    r"|/\s?(AFP|Getty Images|Reuters|The Canadian Press|AP|PA Images)\b"
)
CREDIT_END = re.compile(r"[.!?]\s*\(\s[^()]{1,60}\s\)\s*$")
# A credit in parentheses inside a line ("( Jane Roe / Toronto Star )"): the sentence before it is a caption.
# Both forms open with the parenthesis, so the regex engine can skip to each "(" (a lookbehind first cannot).
CREDIT_PARENS = re.compile(
    r"\((?:\s?[A-Z][^()\n/]{0,50}/\s?[A-Z][^()\n]{0,50}\)|(?<=[.!?] \()\s[A-Z][^()\n]{0,40}\s\))"
)
# A caption opening on its photo credit ("The Canadian Press Jane Roe attends ..."), case kept.
CREDIT_FIRST = re.compile(
    r"^\s*(The Canadian Press|The Associated Press|Getty Images|(AP|AFP|Reuters) Photo)\s+[A-Z]"
)
# A short line naming a writer: "By Jane Roe", "Story by ...", "Jane Roe, The Canadian Press" (or with a
# dash or a bar), "Jane Roe for the Star".
BYLINE = re.compile(
    r"^\s*((Story|Written|Words|Text|Reporting) by|By) [A-Z]"
    r"|^\s*([A-Z][\w'’.-]+ ){1,3}[A-Z][\w'’.-]+\s*[,|—–]\s*(The )?[A-Z][\w .]{2,40}$"
    r"|^\s*([A-Z][\w'’.-]+ ){2,3}(for|special to) (the )?[A-Z][\w .]{2,40}$"
)
# A byline with a middle dot or a bar, of any length: "Jane Roe · CBC News · Posted: Jan 14, 2019 4:00 AM ET".
BYLINE_DOTTED = re.compile(r"^\s*([A-Z][\w'’.-]+ ){1,3}[A-Z][\w'’.-]+\s*[·|]")
CREDIT_LINE = re.compile(
    r"^[\s—–-]*(watch( below)?\s*:|with files from|follow\b.*\bon twitter|email\b|(photo )?credits?\s*:"
    r"|\(\s*(additional )?(reporting|writing|editing) by\b)"  # a wire's "(Reporting by X; Editing by Y)"
    r"|^\s*([A-Z][\w'’.-]+ ){1,3}is an? .{0,40}(reporter|editor|writer|columnist|correspondent|journalist)\b",
    re.IGNORECASE,
)
# A closing author note: "Jane Roe is a lawyer ..." in the last characters of the text, after a line
# break, a sentence or a link ("... /cottages/ Jane Roe is a writer"), on the last line of story text
# (a story's own "Roe is the third player to ..." has more story lines after it).
AUTHOR_NOTE = re.compile(r"(?:^|(?<=[.!?”\"/] ))([A-Z][\w'’.-]+ ){1,3}is (a|an|the) ", re.MULTILINE)
AUTHOR_NOTE_SPAN = 400
LOOSE_SENTENCE_END = re.compile(r"[.!?][\"”’]?\s")


def story_line(text: str, start: int, line: str) -> bool:
    """Whether the line starting at `start` is story text, not a caption, credit, byline or teaser."""
    if is_boilerplate(text, start) or CREDIT_LINE.search(line) or CREDIT_FIRST.match(line) or _credited(line):
        return False
    return not (
        (len(line.split()) <= 8 and BYLINE.match(line))
        or (("·" in line or "|" in line) and BYLINE_DOTTED.match(line))
    )


def _credited(line: str) -> bool:
    """Whether the line carries a photo credit (the cheap character tests skip most lines)."""
    if "/" in line and CREDIT_SLASH.search(line):
        return True
    return "(" in line and CREDIT_END.search(line) is not None


def _caption_start(text: str, credit_start: int) -> int:
    """Where the caption sentence ending just before a credit begins: after the previous sentence or line."""
    end = len(text[:credit_start].rstrip()) - 1
    line_start = text.rfind("\n", 0, end) + 1
    ends = [m.end() for m in LOOSE_SENTENCE_END.finditer(text, line_start, end)]
    return ends[-1] if ends else line_start


class StoryMap:
    """The text's non-story ranges, to ask whether an offset is story text."""

    def __init__(self, text: str) -> None:
        """Find the caption, credit, byline and author-note ranges of `text` once."""
        ranges, begin, last_story = [], 0, 0
        for line in text.split("\n"):
            if not story_line(text, begin, line):
                ranges.append((begin, begin + len(line)))
            elif line.strip():
                last_story = begin
            begin += len(line) + 1
        ranges += [(_caption_start(text, m.start()), m.end()) for m in CREDIT_PARENS.finditer(text)]
        tail = max(0, len(text) - AUTHOR_NOTE_SPAN)
        note = AUTHOR_NOTE.search(text, tail)
        if note and text.rfind("\n", 0, note.start()) + 1 >= last_story:  # in the last story line
            ranges.append((note.start(), len(text)))
        self._ranges = _merged(ranges)
        self._starts = [start for start, _ in self._ranges]

    def is_story(self, offset: int) -> bool:
        """Whether `offset` lies outside every non-story range."""
        i = bisect.bisect_right(self._starts, offset) - 1
        return i < 0 or offset >= self._ranges[i][1]


def _merged(ranges: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Overlapping ranges joined, in order."""
    merged: list[tuple[int, int]] = []
    for start, end in sorted(ranges):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged
