"""Entity mentions out of the parse: spaCy's entities, cleaned, with the cues clustering and salience use."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from spacy.tokens import Span

from worker.stages import names
from worker.stages.entities.story import StoryMap
from worker.stages.lexicon import SUBJECT_DEPS

# Labels that name nothing: bare numbers, amounts and times.
NUMERIC_LABELS = frozenset({"CARDINAL", "ORDINAL", "QUANTITY", "MONEY", "PERCENT", "DATE", "TIME"})
REPORTING_WORDS = (
    "say tell add ask note explain write announce state claim argue insist warn admit acknowledge confirm "
    "deny reply respond recall suggest tweet post declare conclude agree testify urge predict caution "
    "stress emphasize emphasise continue describe"
)
REPORTING_VERBS = frozenset(REPORTING_WORDS.split())
REGION_AFTER = re.compile(r",\s*([A-Z][A-Za-z.]{1,5}\.)")
OWNER_BEFORE = re.compile(r"^[A-Z][\w.-]*['’ʼ′]s\s+(\S.*)$")
# "her husband John Doe": a relative named in passing, seldom the one a bare surname later means.
KIN_BEFORE = re.compile(
    r"\b(his|her|their|my|our|[A-Z]\w+['’ʼ′]s?)\s+(late\s+)?(husband|wife|father|mother|son|daughter|brother|"
    r"sister|uncle|aunt|cousin|nephew|niece|grandson|granddaughter|grandfather|grandmother|partner|"
    r"fiancée?|spouse|dad|mom|mum|parents?|child|children|stepson|stepdaughter|stepfather|stepmother),?\s*$",
    re.IGNORECASE,
)
KIN_NOUNS = (
    "husband wife father mother son daughter brother sister uncle aunt cousin nephew niece grandson "
    "granddaughter grandfather grandmother partner fiancé fiancée spouse dad mom mum parent parents child "
    "children stepson stepdaughter stepfather stepmother"
)
# KIN_BEFORE's ending, spelt backwards: an anchored match on the reversed text is cheap, and no text
# passes KIN_BEFORE without passing this (KIN_BEFORE alone tries every position of the text).
KIN_ENDING_REVERSED = re.compile(
    r"\s*,?(?:" + "|".join(noun[::-1] for noun in KIN_NOUNS.split()) + ")", re.IGNORECASE
)


# Nouns a person's name modifies after "the" ("the Jane Roe case", "the Roe administration").
PERSON_LED_WORDS = (
    "case trial affair scandal administration government presidency era years family campaign murder "
    "killing death verdict"
)
PERSON_LED_NOUNS = frozenset(PERSON_LED_WORDS.split())


# Nouns that stand right before a body's name ("Dutch club Ajax Amsterdam", "Thai group Dusit Thani").
# A result row of two teams (scorers in parentheses allowed) or a standings row of six numbers or more.
TEAM_ROW = re.compile(
    r"^\s*[A-Z][^\d\n()]*? \d{1,2}( \([^()\n]*\))? [A-Z][^\d\n()]*? \d{1,2}( \([^()\n]*\))?\s*\.?\s*$"
    r"|^\s*[A-Z][^\d\n()]*?( \d{1,3}){6,}\s*$"
)
# Not nouns a person also takes ("rival", "partner", "champions", "producer").
BODY_NOUN_WORDS = (
    "club side team company firm group newspaper daily weekly magazine paper bank carrier airline maker "
    "manufacturer retailer chain brand label publisher broadcaster network agency conglomerate giant "
    "distributor subsidiary unit"
)
BODY_NOUNS = frozenset(BODY_NOUN_WORDS.split())


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
    kin: bool = False
    body_like: bool = False  # not labelled a person, after "the" or a body noun: "the Calgary Stampeders"


def speaks(ent: Span) -> bool:
    """Whether the mention is the subject of a reporting verb ("Wang said") or follows "according to"."""
    root = ent.root
    head = root.head
    if root.dep_ in SUBJECT_DEPS and head.lemma_ in REPORTING_VERBS:
        return True
    return head.lower_ == "to" and head.i > 0 and head.nbor(-1).lower_ == "according"


def listed_with_people(ent: Span) -> bool:
    """Whether the mention is coordinated with a PERSON entity ("Alex, Annie and Erika")."""
    root = ent.root
    if root.dep_ == "conj" and root.head.ent_type_ == "PERSON":
        return True
    return any(c.dep_ == "conj" and c.ent_type_ == "PERSON" for c in root.children)


def _team_row(text: str, start: int) -> bool:
    """Whether the line holding `start` is a table row of teams: a result ("Ajax 2 Feyenoord 1") or a
    standings line ("Ajax 3 2 1 0 7 2 7"), which a list of people's results never is; not the scorers in
    its parentheses."""
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", start)
    line = text[line_start : line_end if line_end >= 0 else len(text)]
    before = text[line_start:start]
    return before.count("(") == before.count(")") and bool(TEAM_ROW.match(line))


def _reads_as_body(ent: Span) -> bool:
    """Whether a "person" reads as a body or a thing: right after "the" ("the Kinder Morgan pipeline",
    "the Charlotte Checkers"), which a person's name seldom is, or right after a body noun ("club Ajax
    Amsterdam", "group Dusit Thani")."""
    start = ent.start + (ent[0].lower_ == "the")  # the recogniser sometimes takes "the" in
    if start == 0:
        return False
    before = ent.doc[start - 1]
    if before.lower_ in BODY_NOUNS and before.tag_ in {"NN", "NNS"}:
        return True
    if before.lower_ != "the":
        return False
    root = ent.root
    return not (root.dep_ == "compound" and root.head.lemma_ in PERSON_LED_NOUNS)


def _attributive(ent: Span) -> bool:
    """Whether the name describes a noun after it ("the Tom Cruise film", "the Jane Doe campaign")."""
    head = ent.root.head
    return head.i >= ent.end and head.pos_ in {"NOUN", "PROPN"}


def _kin_before(text: str, start: int) -> bool:
    """Whether a relative's role introduces the mention at `start` ("her husband John Doe")."""
    before = text[max(0, start - 40) : start]
    return bool(KIN_ENDING_REVERSED.match(before[::-1]) and KIN_BEFORE.search(before))


def _person_cue(ent: Span, title: str, text: str) -> bool:
    """Whether an honorific, role, office or relative precedes the mention ("Mr. Wang", "economist Cross",
    "Queen Aishwarya", "his father, Bill") or an age follows."""
    if ent.label_ == "NORP" and _attributive(ent):
        return False  # "official Iraqi newspapers": a people's adjective, whatever the word before
    before = ent.doc[ent.start - 1].text if ent.start > 0 else ""
    office = before[:1].isupper() and names.is_office(before)
    if names.is_role(before) or office or any(names.is_honorific(w) for w in title.split()):
        return True
    kin = ent.label_ != "NORP" and _kin_before(text, ent.start_char)  # not "his wife, Democratic nominee X"
    return bool(names.AGE_AFTER.match(text, ent.end_char)) or kin


def _owner_stripped(ent: Span, surface: str, text: str) -> Mention | None:
    """A speaking 'Vancouver's Bo Horvat' that spaCy did not call a person: the person, without the owner."""
    found = OWNER_BEFORE.match(surface)
    if found is None or ent.label_ == "PERSON" or not speaks(ent):
        return None
    name = names.strip_name(found.group(1))
    if not (1 < len(name.split()) < 4 and names.could_be_person(name)):
        return None
    start, end = ent.start_char + found.start(1), ent.start_char + len(surface.rstrip())
    return Mention(start, end, text[start:end], name, "PERSON", person_cue=True, speaks=True)


def mention_of(ent: Span, text: str) -> Mention | None:
    """A Mention for a spaCy entity, or None when what is left of its name names nothing."""
    start, end, spacy_label = ent.start_char, ent.end_char, ent.label_
    surface = text[start:end]  # `ent.text`, without rebuilding it from the tokens
    if (owned := _owner_stripped(ent, surface, text)) is not None:
        return owned
    name = names.strip_name(surface)
    title = names.split_title(name)[0]
    cue = _person_cue(ent, title, text) and names.could_be_person(names.person_name(name))
    if spacy_label == "PERSON" or cue:
        name = names.person_name(name)
    if not name or (spacy_label not in NUMERIC_LABELS and not names.looks_like_name(name)):
        return None
    if spacy_label == "PERSON" and not names.could_be_person(name):
        return None
    while end > start and text[end - 1].isspace():
        end -= 1
    label = "PERSON" if cue else spacy_label
    if label == "PERSON" and names.names_a_body(name):
        label, cue = "ORG", False
    region_after = REGION_AFTER.match(text, end)
    if names.is_region(name) or (region_after and names.is_region(region_after.group(1))):
        label, cue = "GPE", False
    if label == "PERSON" and not cue and names.is_city(name):
        label = "GPE"  # "Hamilton police", "in Regina": a city the recogniser took for a person
    body_like = _reads_as_body(ent)
    if label == "PERSON" and not cue and (body_like or _team_row(text, start)):
        label = "ORG"
    mention = Mention(start, end, text[start:end], name, label, person_cue=cue, speaks=speaks(ent))
    mention.body_like = spacy_label != "PERSON" and body_like and not _attributive(ent)
    mention.listed = label == "PERSON" and listed_with_people(ent)
    mention.kin = _kin_before(text, start)
    return mention


def gather(ents: Sequence[Span], text: str, keep: frozenset[str], story: StoryMap) -> list[Mention]:
    """Mentions of named things (the doc's entities) in the story text, in text order."""
    mentions = []
    for ent in ents:
        if ent.label_ in NUMERIC_LABELS and ent.label_ not in keep:
            continue
        if not story.is_story(ent.start_char):
            continue
        mention = mention_of(ent, text)
        if mention is not None:
            mentions.append(mention)
    return mentions
