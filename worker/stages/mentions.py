"""Entity mentions out of the parse: spaCy's entities, cleaned, with the cues clustering and salience use."""

from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.tokens import Doc
from spacy.tokens import Span as SpacySpan

from worker.stages import names
from worker.stages.text import is_boilerplate, line_of

# Labels that name nothing: bare numbers, amounts and times.
NUMERIC_LABELS = frozenset({"CARDINAL", "ORDINAL", "QUANTITY", "MONEY", "PERCENT", "DATE", "TIME"})
REPORTING_WORDS = (
    "say tell add ask note explain write announce state claim argue insist warn admit acknowledge confirm "
    "deny reply respond recall suggest tweet post declare conclude agree testify urge predict caution "
    "stress emphasize emphasise continue describe"
)
REPORTING_VERBS = frozenset(REPORTING_WORDS.split())
AGE = re.compile(r"\s*,\s*\d{1,3}\s*(,|\.|;|$|\band\b)")
SUBJECTS = frozenset({"nsubj", "nsubjpass"})
# Lines that are not the story: photo credits and captions, bylines, author notes, video teasers.
CREDIT = re.compile(
    r"^([A-Z][\w.'’-]+ ){1,3}/ ?[A-Z]|\b(AFP|Getty|Reuters|REUTERS|Canadian Press|AP)\s?/"
    r"|/\s?(AFP|Getty Images|Reuters|The Canadian Press|AP|PA Images)\b|[.!?]\s*\(\s[^()]{1,60}\s\)\s*$"
)
BYLINE = re.compile(r"^\s*By [A-Z]|^\s*([A-Z][\w'’.-]+ ){1,3}[A-Z][\w'’.-]+\s*,\s*(The )?[A-Z][\w .]{2,40}$")
NOT_STORY = re.compile(
    r"^\s*(watch( below)?\s*:|with files from|follow\b.*\bon twitter|email\b)"
    r"|^\s*([A-Z][\w'’.-]+ ){1,3}is an? .{0,40}(reporter|editor|writer|columnist|correspondent|journalist)\b",
    re.IGNORECASE,
)


@dataclass
class Mention:
    """One mention: its offsets and surface text, its cleaned name, spaCy's label and what surrounds it."""

    start: int
    end: int
    text: str
    name: str
    label: str
    person_cue: bool = False
    speaks: bool = False
    listed: bool = False


def story_line(text: str, start: int, doc_line: str | None = None) -> bool:
    """Whether the line holding `start` is story text, not a caption, credit, byline or teaser."""
    line = doc_line if doc_line is not None else line_of(text, start)
    if is_boilerplate(text, start) or NOT_STORY.search(line) or CREDIT.search(line):
        return False
    return not (len(line.split()) <= 8 and BYLINE.match(line))


def speaks(ent: SpacySpan) -> bool:
    """Whether the mention is the subject of a reporting verb ("Wang said") or follows "according to"."""
    root = ent.root
    head = root.head
    if root.dep_ in SUBJECTS and head.lemma_ in REPORTING_VERBS:
        return True
    return head.lower_ == "to" and head.i > 0 and head.nbor(-1).lower_ == "according"


def listed_with_people(ent: SpacySpan) -> bool:
    """Whether the mention is coordinated with a PERSON entity ("Alex, Annie and Erika")."""
    root = ent.root
    if root.dep_ == "conj" and root.head.ent_type_ == "PERSON":
        return True
    return any(c.dep_ == "conj" and c.ent_type_ == "PERSON" for c in root.children)


def _person_cue(ent: SpacySpan, title: str, text: str) -> bool:
    """Whether an honorific or role precedes the mention ("Mr. Wang", "economist Cross") or an age follows."""
    before = ent.doc[ent.start - 1].text if ent.start > 0 else ""
    if names.is_role(before) or any(names.is_honorific(w) for w in title.split()):
        return True
    return bool(AGE.match(text, ent.end_char))


def mention_of(ent: SpacySpan, text: str) -> Mention | None:
    """A Mention for a spaCy entity, or None when what is left of its name names nothing."""
    name = names.strip_name(ent.text)
    title = names.split_title(name)[0]
    cue = _person_cue(ent, title, text) and names.could_be_person(names.person_name(name))
    if ent.label_ == "PERSON" or cue:
        name = names.person_name(name)
    if not name or (ent.label_ not in NUMERIC_LABELS and not names.looks_like_name(name)):
        return None
    if ent.label_ == "PERSON" and not names.could_be_person(name):
        return None
    start, end = ent.start_char, ent.end_char
    while end > start and text[end - 1].isspace():
        end -= 1
    label = "PERSON" if cue else ent.label_
    if label == "PERSON" and names.names_a_body(name):
        label, cue = "ORG", False
    mention = Mention(start, end, text[start:end], name, label, person_cue=cue, speaks=speaks(ent))
    mention.listed = label == "PERSON" and listed_with_people(ent)
    return mention


def _lines(text: str) -> dict[int, bool]:
    """For each line's start offset, whether it is story text."""
    flags, begin = {}, 0
    for line in text.split("\n"):
        flags[begin] = story_line(text, begin, line)
        begin += len(line) + 1
    return flags


def on_story_line(story: dict[int, bool], text: str, start: int) -> bool:
    """Whether offset `start` lies on a story line, given the flags `gather` returned."""
    return story[text.rfind("\n", 0, start) + 1]


def gather(doc: Doc, text: str, keep: frozenset[str]) -> tuple[list[Mention], dict[int, bool]]:
    """Mentions of named things on story lines in text order, and each line's story flag."""
    story = _lines(text)
    mentions = []
    for ent in doc.ents:
        if ent.label_ in NUMERIC_LABELS and ent.label_ not in keep:
            continue
        if not on_story_line(story, text, ent.start_char):
            continue
        mention = mention_of(ent, text)
        if mention is not None:
            mentions.append(mention)
    return mentions, story
