"""The sentences a summary may use: whole, quote-safe sentences of the story, with what the scorer needs."""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from dataclasses import dataclass

from spacy.attrs import IDX, IS_ALPHA, IS_STOP, LOWER, POS
from spacy.tokens import Doc, Span

from worker.stages.columns import columns
from worker.stages.lexicon import words
from worker.stages.text import is_boilerplate

MIN_WORDS = 6
HEADLINE_WORD, HEADLINE_WORDS = 3, 4  # a title-case line: at least this many capitalised words this long
TITLE_SMALL_WORDS = words("the and but for nor yet via per off out")  # kept in lower case in titles
MAX_JOIN = 4  # a quotation still open after this many sentences is dropped, then reading starts afresh
# Datelines and sources before a paragraph's first sentence: "WASHINGTON (Reuters) - ", "Boston (CNN)",
# "(CNN) -- ", and a place in capitals before a dash: "WASHINGTON — ", "PORTSMOUTH, N.H. — ".
# No "^": `match(text, pos)` anchors at pos, where "^" would only match at the text's start.
PLACE = r"[A-Z][A-Z'’.-]+(?: [A-Z][A-Z'’.-]+){0,3}(?:, [A-Z][\w.]{0,10}){0,2}"
DASH = r"(?:--|[—–]) (?=[A-Z\"“‘'])"
DATELINE = re.compile(
    r"(?:[A-Z][\w.,'’ -]{0,40}?\s*)?\([A-Z][\w.&'’ -]{0,40}\)(?:\s*(?:--|[-—–])\s*|(?=[A-Z\"“‘']))"
    rf"|{PLACE} {DASH}"
)
# The parser sometimes makes "CALGARY" a sentence of its own: the next one then opens on the dateline's dash.
PLACE_ONLY, DASH_OPENER = re.compile(PLACE + r"(?:\s*(?:--|[—–]))?"), re.compile(DASH)
PAGE_FURNITURE = re.compile(
    r"^\W*(?:by\s+(?:[.|]\s*)?(?:[A-Z][\w'’.-]*|and|for|of|in)(?:\s+(?:[A-Z][\w'’.-]*|and|for|of|in))*\s*[.|]?\s*$|"
    r"published:|updated:|last updated|read more|related|see also|scroll down|click here|sign up|subscribe|"
    r"follow (?:us|@)|advertisement|share this|watch:|video:|photo:|image:|pictured:|file photo|copyright)",
    re.IGNORECASE,
)
# Photo captions: a short label and a colon ("Rescued: the dog ...", not "Police said: '...'"), or a
# labelled sentence that says what is pictured.
CAPTION = re.compile(
    r"\W*(?:[A-Z][\w'’-]*(?:\s+[\w'’-]+){0,3}:\s.*\b(?:pictured|photographed|above|left|right)\b|"
    r"(?![^:]*\b(?:said|says|told|added|asked|wrote)\b)[A-Z][a-z'’-]*(?:\s+[a-z'’-]+){0,2}:\s+(?![\"'“‘]))"
)
# A photo credit closing a caption: "(Submitted by Jane Roe)", "(Jane Roe/CBC)", "(Getty Images)".
CREDIT_AFTER = re.compile(
    r"\((?:\s?(?:submitted|supplied|courtesy|photo|file)\b[^()]{0,60}|[^()/]{1,40}/\s?[A-Z][^()]{0,40}"
    r"|\s?(?:Getty Images|AP|AFP|Reuters|The Canadian Press|CP|Shutterstock)\s?)\)\s*$",
    re.IGNORECASE,
)
DOUBLE_OPEN, DOUBLE_CLOSE = "“", "”"
SINGLE_OPEN = re.compile(r"(?:^|(?<=[\s(\[—–-]))['‘](?=\w)")
SINGLE_CLOSE = re.compile(r"(?<=[\w.,!?])['’](?=[\s.,;:!?)\]—–-]|$)")
END_MARKS = tuple(".!?\"'”’)")
SPACING = re.compile(r"\s*")
LETTER_RUNS = re.compile(r"[^\W\d_]+")
NON_WORDS = re.compile(r"\W+")


@dataclass(frozen=True)
class Unit:
    """One candidate sentence (a quote split by the parser is joined back): offsets and parse."""

    start: int
    end: int
    sents: tuple[Span, ...]


@dataclass(frozen=True)
class TokenTable:
    """The doc's token offsets, letter and stop-word flags, lower-case form and tag ids, read once."""

    doc: Doc
    idx: list[int]
    alpha: list[int]
    stop: list[int]
    lower: list[int]
    pos: list[int]

    def of(self, unit: Unit) -> range:
        """The indices of the unit's tokens: those of its sentences starting inside its offsets."""
        return self._within(unit.sents[0].start, unit.sents[-1].end, unit.start, unit.end)

    def rest(self, sent: Span, start: int) -> range:
        """The indices of the sentence's tokens starting at or after offset `start`."""
        return self._within(sent.start, sent.end, start, sent.end_char + 1)

    def _within(self, first: int, last: int, start: int, end: int) -> range:
        """Indices in [first, last) of the tokens starting at offsets [start, end) (offsets only grow)."""
        begin = bisect.bisect_left(self.idx, start, first, last)
        return range(begin, bisect.bisect_left(self.idx, end, begin, last))


def token_table(doc: Doc) -> TokenTable:
    """The attributes the summary reads of every token, without building a Token for each."""
    return TokenTable(doc, *columns(doc, IDX, IS_ALPHA, IS_STOP, LOWER, POS))


def quote_open(text: str) -> bool:
    """Whether `text` leaves a quotation open (an odd count of " or more opening than closing marks)."""
    if text.count('"') % 2 or text.count(DOUBLE_OPEN) > text.count(DOUBLE_CLOSE):
        return True
    opening = len(SINGLE_OPEN.findall(text)) if "'" in text or "‘" in text else 0
    return opening > 0 and opening > len(SINGLE_CLOSE.findall(text))


def _groups(doc: Doc, text: str) -> Iterator[tuple[list[Span], bool]]:
    """Runs of parser sentences joined while a quotation is open; the flag says whether it closed."""
    group: list[Span] = []
    sents = list(doc.sents)
    for k, sent in enumerate(sents):
        group.append(sent)
        with_ws = text[sent.start_char : sents[k + 1].start_char if k + 1 < len(sents) else len(text)]
        line_ends = "\n" in with_ws or sent.end == len(doc)  # `sent.text_with_ws`, without the tokens
        if not quote_open(text[group[0].start_char : sent.end_char]):
            yield group, True
            group = []
        elif line_ends or len(group) >= MAX_JOIN:
            yield group, False
            group = []
    if group:
        yield group, False


def _trimmed(text: str, start: int, end: int, first: bool) -> tuple[int, int]:
    """Offsets without surrounding space and, on the first sentence or a paragraph's, without a dateline
    (or the dash left of one whose place the parser made a sentence of its own)."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if first and (dateline := DATELINE.match(text, start, end)):
        start = dateline.end()
    elif (dash := DASH_OPENER.match(text, start, end)) and PLACE_ONLY.fullmatch(
        text[_line_bounds(text, start, start)[0] : start].strip()
    ):
        start = dash.end()
    return start, end


def _starts_line(text: str, start: int) -> bool:
    """Whether only spacing stands between the line break (or the text's start) before `start` and the
    first word from `start`."""
    stripped = SPACING.match(text, start).end()  # type: ignore[union-attr]  # \s* always matches
    return not text[_line_bounds(text, stripped, stripped)[0] : stripped].strip()


def _line_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """Where the line holding text[start:end] begins and ends (its line breaks left out)."""
    line_end = text.find("\n", end)
    return text.rfind("\n", 0, start) + 1, line_end if line_end != -1 else len(text)


def _is_heading(text: str, start: int, end: int) -> bool:
    """A whole line with no closing punctuation, or a line set in title case: a headline or subheading."""
    line_start, line_end = _line_bounds(text, start, end)
    line = text[line_start:line_end].strip()
    return (line == text[start:end] and not line.endswith(END_MARKS)) or headline_case(line)


def headline_case(line: str) -> bool:
    """Whether a line is set in title case ("Why Republicans Won't Renounce Trump."): at least four
    capitalised words of three letters or more, and no lower-case word of three letters or more but the
    small words titles keep in lower case. A title with a full stop, which no story sentence is."""
    capitalised = 0
    for run in LETTER_RUNS.finditer(line):  # a story line fails at its first lower-case word: no full scan
        word = run.group()
        if word.islower() and len(word) >= 3 and word not in TITLE_SMALL_WORDS:
            return False
        capitalised += len(word) >= HEADLINE_WORD and word[0].isupper()
    return capitalised >= HEADLINE_WORDS


def _same_as_title(sentence: str, title: str | None) -> bool:
    """Whether the sentence only repeats the article's title."""

    def norm(s: str) -> str:
        return NON_WORDS.sub(" ", s).strip().lower()

    return bool(title) and norm(sentence) == norm(title or "")


def _has_words(sentence: str, least: int) -> bool:
    """Whether the sentence has at least `least` runs of letters only (counting stops at `least`)."""
    found = 0
    for run in LETTER_RUNS.finditer(sentence):
        found += run.group().isalpha()
        if found >= least:
            return True
    return False


def is_story(text: str, start: int, end: int, title: str | None) -> bool:
    """Whether text[start:end] is story: not a byline, link, caption (also one its line ends with a photo
    credit), heading, dateline or repeated title."""
    sentence = text[start:end]
    if not _has_words(sentence, MIN_WORDS) or PLACE_ONLY.fullmatch(sentence):  # "SAINTE-MARTHE, Que."
        return False
    if PAGE_FURNITURE.match(sentence) or is_boilerplate(text, start) or CAPTION.match(sentence):
        return False
    with_rest = text[start : _line_bounds(text, start, end)[1]].rstrip()  # a credit may follow the sentence
    if with_rest.endswith(")") and CREDIT_AFTER.search(with_rest):
        return False
    return not _is_heading(text, start, end) and not _same_as_title(sentence, title)


def _after_caption(group: list[Span], text: str, start: int, end: int) -> int | None:
    """Where a sentence glued onto a photo caption begins: a capitalised function word after a bare word."""
    if not CAPTION.match(text, start, end):
        return None
    for token in (t for sent in group for t in sent if start < t.idx < end):
        previous = token.doc[token.i - 1]
        if token.is_title and token.is_stop and not (previous.is_punct or previous.is_stop):
            return token.idx
    return None


def _story_start(group: list[Span], text: str, start: int, end: int, title: str | None) -> int | None:
    """Where the group's story sentence starts, past any photo captions glued before it; None if none."""
    while not is_story(text, start, end, title):
        glued = _after_caption(group, text, start, end)
        if glued is None:
            return None
        start = glued
    return start


def story_units(doc: Doc, text: str, title: str | None) -> list[Unit]:
    """The article's story sentences in order (`text` is the doc's text), quotes never cut in half."""
    units: list[Unit] = []
    for group, closed in _groups(doc, text):
        begins = group[0].start_char
        first = not units or _starts_line(text, begins)
        start, end = _trimmed(text, begins, group[-1].end_char, first=first)
        story = _story_start(group, text, start, end, title) if closed else None
        if story is not None:
            units.append(Unit(story, end, tuple(group)))
    return units
