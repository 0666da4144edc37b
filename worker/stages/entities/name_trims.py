"""A parse step before the relabelling: words that are not part of a name cut off its edges.

Numbers, dashes and brackets at either end ("7 - Jana Novotna", "Bohinen 51st"); a title or a role noun
before a person ("Spokesman Glyn Davies"); a headline's verb and what follows it after a person ("Ted
Cruz Apologizes"), and in a headline the words after the longest start of the name that the article
names elsewhere; leading words that copy puts before a name but that are not part of it ("Frenchman"):
that list is learned from CoNLL-2003 train by scripts/train_entity_labels.py and ships as
worker/data/name_leads.json, beside word lists of nationalities and sports positions ("Spaniard Carlos
Sainz", "Reliever Mark Acre"), cut from a person's name of three words or more. Cut words stay in the
text, so the stages still read them as the words introducing the name.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from functools import cache
from importlib import resources

from spacy.tokens import Doc, Span, Token

from worker.stages import names
from worker.stages.entities.name_spans import RECOGNISED
from worker.stages.lexicon import GIVEN_NAMES, is_given_name

NAME_TRIMS = "newsworker_name_trims"
LEADS_FILE = "data/name_leads.json"
TRIMMED_LABELS = frozenset({"PERSON", "ORG", "GPE", "LOC", "FAC", "NORP", "WORK_OF_ART", "PRODUCT", "EVENT"})
# "their", "about" never start a name; an article stays with it ("the United States" is the mention).
FUNCTION_TAGS = frozenset({"PRP$", "IN"})
HEADLINE_SHARE = 0.9  # of a line's longer words capitalised: a headline
HEADLINE_VERB_TAGS = frozenset({"VBZ", "VBD", "VBG", "VBP", "MD"})
SPACED_SEPARATORS = frozenset({"-", "–", "—", "--", "/"})
BRACKETS = frozenset({"(", ")", "[", "]"})
COMMON_WORD_TAGS = frozenset({"VBG", "RB"})  # a verb's -ing form, an adverb
# Titles that also name places and buildings after their holders ("Prince William Sound").
ROYAL = frozenset({"king", "queen", "prince", "princess", "emperor", "pope"})
PLACE_LABELS = frozenset({"LOC", "FAC"})
ORDINAL = re.compile(r"^\d+(st|nd|rd|th)$", re.IGNORECASE)
# Words that describe a person before the name, never start one: nationalities ("Spaniard Carlos
# Sainz", "Canadian ...") and sports positions or standings the role list lacks ("Reliever Mark Acre").
NATIONALITY_WORDS = (
    "american americans canadian briton british englishman englishwoman scot scotsman welshman irishman "
    "frenchman frenchwoman french german spaniard spanish italian portuguese dutchman dutchwoman dutch "
    "belgian swiss austrian swede swedish norwegian dane danish finn finnish icelander pole polish czech "
    "slovak hungarian romanian bulgarian serb serbian croat croatian bosnian slovene slovenian albanian "
    "greek turk turkish cypriot russian ukrainian belarusian georgian armenian israeli palestinian lebanese "
    "syrian iraqi iranian jordanian egyptian libyan tunisian algerian moroccan saudi yemeni afghan "
    "pakistani indian bangladeshi nepali chinese japanese korean taiwanese thai vietnamese filipino "
    "indonesian malaysian singaporean australian aussie kiwi zealander mexican cuban brazilian argentine "
    "argentinian chilean colombian peruvian venezuelan uruguayan kenyan nigerian ghanaian ethiopian "
    "somali sudanese ugandan zimbabwean zambian rwandan congolese african european asian latvian "
    "lithuanian estonian moldovan kazakh uzbek namibian tanzanian mozambican angolan senegalese ivorian "
    "cameroonian malian haitian jamaican ecuadorian bolivian paraguayan guatemalan honduran salvadoran "
    "nicaraguan panamanian mongolian burmese cambodian tibetan kurdish qatari emirati kuwaiti bahraini "
    "omani lankan scottish irish welsh"
)
POSITION_WORDS = (
    "reliever starter outfielder infielder shortstop catcher batsman bowler opener spinner all-rounder "
    "wing winger lock prop flanker hooker fullback halfback centre center goalkeeper keeper netminder "
    "linebacker receiver unseeded seeded champion holder trainer manager swimmer sprinter cyclist rider "
    "driver jockey boxer golfer"
)
NATIONALITIES = frozenset(NATIONALITY_WORDS.split())
DESCRIBING_WORDS = NATIONALITIES | frozenset(POSITION_WORDS.split())


@cache
def leading_words() -> frozenset[str]:
    """Lower-cased words learned to stand before names without being part of them, read once."""
    text = resources.files("worker").joinpath(LEADS_FILE).read_text(encoding="utf-8")
    return frozenset(json.loads(text)["leading_words"])


def without_lead(name: str) -> str:
    """A name made a person's without a leading title, role or describing word ("Spokesman Glyn Davies")."""
    words = name.split()
    first = words[0] if len(words) > 2 else ""
    if first and (names.is_title(first) or names.is_role(first) or first.lower() in DESCRIBING_WORDS):
        return " ".join(words[1:])
    return name


def _edge(token: Token) -> bool:
    """Whether a token can never start or end a name: punctuation, a number, an ordinal."""
    return token.is_punct or token.like_num or bool(ORDINAL.match(token.text))


def _lead(token: Token, label: str, left: int, leads: frozenset[str]) -> bool:
    """Whether a first word goes, `left` words remaining with it: learned, or a person's title or role."""
    if token.tag_ == "DT":
        return False
    if token.lower_ in leads or token.tag_ in FUNCTION_TAGS:
        return True
    if label != "PERSON":
        return _titled_given_name(token, label, left)
    if left > 2 and token.lower_ in DESCRIBING_WORDS:
        return True
    if token.tag_ in COMMON_WORD_TAGS and token.lower_ not in GIVEN_NAMES:
        return True  # "Bumping Agassi", "Joining Chang": a headline's or sentence's first word
    return names.is_title(token.text) or (names.is_role(token.text) and left > 2)


def _titled_given_name(token: Token, label: str, left: int) -> bool:
    """Whether an office starts a name the recogniser did not call a person's, before a given name and a
    surname ("Councillor Priya Ramaswamy" as ORG): the office goes, the relabelling judges the name."""
    if (
        left < 3
        or not names.is_office(token.text)
        or token.lower_.rstrip(".") in ROYAL
        or label in PLACE_LABELS
    ):
        return False
    rest = token.doc[token.i + 1 : token.i + left]
    return rest[0].lower_ in GIVEN_NAMES and not names.names_a_body(rest.text)


def _headline_verb(ent: Span) -> int:
    """Where a person's name runs into a headline verb ("Ted Cruz Apologizes"), else where it ends."""
    if ent.label_ != "PERSON":
        return ent.end
    verbs = [t.i for t in ent[1:] if t.tag_ in HEADLINE_VERB_TAGS and t.text[:1].isupper()]
    return verbs[0] if verbs else ent.end


def trimmed(ent: Span, leads: frozenset[str]) -> tuple[int, int]:
    """The token bounds of the entity once the words that are not part of the name are cut off."""
    doc, start, end = ent.doc, ent.start, _headline_verb(ent)
    while end - start > 1 and _edge(doc[end - 1]):
        end -= 1
    while end - start > 1 and (_edge(doc[start]) or _lead(doc[start], ent.label_, end - start, leads)):
        start += 1
    return start, end


def _headline_test(doc: Doc) -> Callable[[Span], bool]:
    """Whether an entity sits in a title-case line ("Ben Carson Defends Remarks On ..."), where the
    recogniser runs names into the capitalised words after them; each line is judged once."""
    by_sentence = doc.has_annotation("SENT_START")
    judged: dict[int, bool] = {}

    def in_headline(ent: Span) -> bool:
        line = ent.sent if by_sentence else doc[:]
        if line.start not in judged:
            words = [t for t in line if t.is_alpha and len(t) > 3]
            capitalised = sum(t.text[:1].isupper() for t in words)
            judged[line.start] = len(words) >= 3 and capitalised >= HEADLINE_SHARE * len(words)
        return judged[line.start]

    return in_headline


def _known_prefix(
    ent: Span, known: set[str], name_words: set[str], in_headline: Callable[[Span], bool]
) -> int:
    """The end of the longest start of a headline's person name that the article names elsewhere, when
    the first word cut off is in no other name of the article ("Ben Carson Defends" -> "Ben Carson")."""
    if ent.label_ != "PERSON" or ent.text in known or not in_headline(ent):
        return ent.end
    doc = ent.doc
    ends = [
        end
        for end in range(ent.start + 1, ent.end)
        if doc[ent.start : end].text in known and doc[end].lower_ not in name_words and len(doc[end - 1]) > 2
    ]
    return max(ends) if ends else ent.end


def _separator(token: Token) -> bool:
    """Whether a token inside a recognised name separates two names: a spaced dash or slash ("Ajax -
    Jan Roe", "Ann Lee / Mia Ko"), a bracket ("Jan Roe ( Canada")."""
    if token.text in BRACKETS:
        return True
    spaced = bool(token.whitespace_) and token.i > 0 and bool(token.nbor(-1).whitespace_)
    return spaced and token.text in SPACED_SEPARATORS


def split_names(ent: Span) -> list[Span]:
    """The names a recognised entity runs together, at separators; a number's entity keeps only its
    parts with a number ("3 - Jana Novotna" -> "3"): the name left out is read as an unlabelled one.
    A person's part in capitals goes (a headline's "MOTOR RACING - ...")."""
    cuts = [t.i for t in ent if _separator(t)]
    if not cuts:
        return [ent]
    bounds = zip([ent.start, *(c + 1 for c in cuts)], [*cuts, ent.end], strict=True)
    parts = [Span(ent.doc, start, end, label=ent.label_) for start, end in bounds if end > start]
    if ent.label_ not in TRIMMED_LABELS:
        return [p for p in parts if any(t.like_num for t in p)]
    parts = [p for p in parts if not all(map(_edge, p))]
    return [p for p in parts if ent.label_ != "PERSON" or not _capitals(p)]


def _past_description(name: Span, label: str, known: set[str], texts_with: dict[str, set[str]]) -> int:
    """Where a person's name starts past a word describing them, when the article also gives the name
    without it ("Billionaire Donald Trump" beside "Donald Trump"): a first word that is no given name,
    initial or word of another name ("Obama" in "Obama White House")."""
    words = [t for t in name if t.is_alpha]
    first = name[0]
    if label != "PERSON" or len(words) < 3 or name[1:].text not in known or not first.is_title:
        return name.start
    other_names = texts_with.get(first.lower_, set()) - {name.text}  # a hyphenated word is not a key
    if is_given_name(first.lower_) or names.is_initials(first.text) or other_names:
        return name.start
    return name.start + 1


def _capitals(part: Span) -> bool:
    """Whether a part of a split name is written in capitals ("MOTOR RACING - ..."): a headline's words."""
    letters = "".join(t.text for t in part if t.is_alpha)
    return len(letters) > 3 and letters.isupper()


def trim_names(doc: Doc, leads: frozenset[str] | None = None) -> Doc:
    """Cut every name the recogniser found down to the name itself (a spaCy pipe step)."""
    words = leading_words() if leads is None else leads
    found = doc.ents  # `doc.ents` walks every token each time it is read
    ents = [part for ent in found for part in split_names(ent)]
    changed = [(e.start, e.end) for e in ents] != [(e.start, e.end) for e in found]
    counts: dict[str, int] = {}
    for ent in ents:
        counts[ent.text] = counts.get(ent.text, 0) + 1
    in_headline = _headline_test(doc)
    in_names = {t.lower_ for ent in ents if counts[ent.text] > 1 or not in_headline(ent) for t in ent}
    named = set(counts)
    texts_with: dict[str, set[str]] = {}  # each name word -> the names it is in
    for text in named:
        for word in text.lower().split():
            texts_with.setdefault(word, set()).add(text)
    for k, ent in enumerate(ents):
        if ent.label_ in TRIMMED_LABELS and len(ent) > 1:
            known = named if counts[ent.text] > 1 else named - {ent.text}  # named elsewhere in the article
            cut = _known_prefix(ent, known, in_names, in_headline)
            start, end = trimmed(Span(doc, ent.start, cut, ent.label_), words)
            start = _past_description(doc[start:end], ent.label_, known, texts_with)
            if (start, end) != (ent.start, ent.end):
                ents[k] = Span(doc, start, end, label=ent.label_)
                changed = True
    if changed:
        doc.user_data.setdefault(RECOGNISED, [(e.start_char, e.end_char, e.label_) for e in found])
        doc.ents = ents
    return doc
