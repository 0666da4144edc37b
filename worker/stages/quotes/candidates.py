"""Quote candidates: quoted passages as direct or mixed quotes, and reported speech without marks."""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from spacy.attrs import LEMMA, LOWER, POS
from spacy.parts_of_speech import IDS as POS_IDS
from spacy.strings import get_string_id
from spacy.tokens import Doc, Token

from worker.models import QuoteType
from worker.stages.columns import columns
from worker.stages.lexicon import SAY_VERBS, SAY_VERBS_BY_LANGUAGE, SUBJECT_DEPS_ANY_LANGUAGE, is_say, words
from worker.stages.names import NAME_LABELS
from worker.stages.quotes.attribution import (
    Attribution,
    according_to,
    colon_intro,
    cue_in,
    governing_cue,
    outer_speaker_verb,
    speaker_before,
    subject_of,
    tokens_in,
    transcript_label,
)
from worker.stages.quotes.languages import source_word_ids
from worker.stages.quotes.marks import Marked, is_title
from worker.stages.text import is_boilerplate

VERB, ACCORDING = POS_IDS["VERB"], get_string_id("according")
CLAUSE_SUBJECTS = SUBJECT_DEPS_ANY_LANGUAGE | {"csubj", "csubjpass"}
# Nouns a work's title stands beside: 'its debut album, "Long Way Home,"' is a title, not speech.
WORK_NOUNS = words(
    "album song single record ep book novel memoir film movie documentary show series play musical podcast "
    "episode painting exhibit exhibition"
)
# A full stop ends a sentence unless it ends a title or an initial ("Mr. Obama said", "Mary J. Blige").
# The mark comes first and the lookbehinds include it, so the regex engine can skip straight to each mark.
SENTENCE_END = re.compile(
    r"[.!?](?<!\bMr.)(?<!\bMs.)(?<!\bMrs.)(?<!\bDr.)(?<!\bSt.)(?<!\bJr.)(?<!\bSr.)(?<!\bSen.)(?<!\bRep.)"
    r"(?<!\bGov.)(?<!\bGen.)(?<!\bCol.)(?<!\bLt.)(?<!\bSgt.)(?<!\bCpl.)(?<!\bCapt.)(?<!\bProf.)(?<!\bRev.)"
    r"(?<!\bFr.)(?<!\b[A-Z].)[\"”’']?(?=\s|$)"
)


def sentence_window(text: str, start: int, end: int, floor: int, ceiling: int) -> tuple[int, int]:
    """The stretch of the sentence before `start` and after `end`, kept within [floor, ceiling)."""
    ends = [m.end() for m in SENTENCE_END.finditer(text, floor, start)]
    left = max([floor, *ends])
    stop = SENTENCE_END.search(text, end, ceiling)
    return left, stop.end() if stop else ceiling


@dataclass(frozen=True)
class Candidate:
    """A quote found before its speaker is resolved."""

    start: int
    end: int
    type: QuoteType
    attribution: Attribution | None


@dataclass(frozen=True)
class Layout:
    """Paragraph bounds and quoted passages of one article, for windows around each quote."""

    doc: Doc
    text: str  # doc.text, built once: spaCy rebuilds it from the tokens on every access
    paras: list[tuple[int, int]]
    marked: list[Marked]

    def para(self, at: int) -> int:
        """The index of the paragraph holding offset `at`."""
        return max(0, bisect.bisect_right([p[0] for p in self.paras], at) - 1)

    def bounds(self, k: int) -> tuple[int, int]:
        """Where passage k's sentence may extend: its paragraph, not into a neighbouring passage."""
        m = self.marked[k]
        start, end = self.paras[self.para(m.start)]
        if k > 0 and self.marked[k - 1].end > start:
            start = self.marked[k - 1].end
        if k + 1 < len(self.marked) and self.marked[k + 1].start < end:
            end = self.marked[k + 1].start
        return start, end


def _colon_before(layout: Layout, at: int) -> Attribution | None:
    """The cue of a previous paragraph that ends with a colon introducing this quote ("X said:", "X made
    the following comment:")."""
    k = layout.para(at)
    if k == 0:
        return None
    start, end = layout.paras[k - 1]
    text = layout.text
    if not text[start:end].rstrip().endswith(":"):
        return None
    left, _ = sentence_window(text, end, end, start, end)
    return _intro(layout, left, end, named_maker=True)  # a named maker, not "The report is summed up:"


def _named(token: Token) -> bool:
    """Whether a token names someone: a proper noun or part of a named entity."""
    return token.pos_ == "PROPN" or token.ent_type_ in NAME_LABELS


def _intro(layout: Layout, left: int, at: int, named_maker: bool = False) -> Attribution | None:
    """The cue of 'X said: "..."', or for 'X made this comment: "..."' the subject of the verb before
    (only when X is named, with `named_maker`)."""
    found = cue_in(layout.doc, layout.text, left, at, after=False)
    if found is not None:
        return found
    made = colon_intro(tokens_in(layout.doc, left, at))
    if named_maker and (made is None or made.mention is None or not _named(made.mention.root)):
        return None
    return made


def _surer(first: Attribution | None, second: Attribution | None) -> Attribution | None:
    """The first cue that names a speaker, else the first cue found."""
    named = [a for a in (first, second) if a is not None and a.mention is not None]
    return named[0] if named else first or second


def marked_candidate(layout: Layout, k: int) -> Candidate | None:
    """A quoted passage as a direct quote, a mixed quote (needs a cue), or None for scare quotes."""
    m, doc, text = layout.marked[k], layout.doc, layout.text
    floor, ceiling = layout.bounds(k)
    left, right = sentence_window(text, m.start, m.end, floor, ceiling)
    before = text[left : m.start].strip()
    after = cue_in(doc, text, m.end, right, after=True)
    if not before or before.endswith(":"):
        label = transcript_label(doc, text, m.start)
        if label is not None:
            return Candidate(m.start, m.end, "direct", label)
        intro = _intro(layout, left, m.start) if before else _colon_before(layout, m.start)
        found = _surer(intro, after) if before else _surer(after, intro)
        return Candidate(m.start, m.end, "direct", found) if m.double or found else None
    intro = cue_in(doc, text, left, m.start, after=False) if before.endswith(",") else None
    if intro is not None and intro.mention is not None and intro.cue_end <= m.start:
        return (
            Candidate(m.start, m.end, "direct", intro) if not _named_title(layout, m, intro.cue_end) else None
        )
    return _mixed(layout, m, left, after)


def _named_title(layout: Layout, m: Marked, cue_end: int) -> bool:
    """Whether a passage after a comma is the title of a work the noun before names, not speech the cue
    before introduces ('said the band would release its album, "Long Way Home," in the spring')."""
    between = layout.text[cue_end : m.start].rstrip(" ,").split()
    named = len(between) > 2 and between[-1].casefold() in WORK_NOUNS
    return named and layout.doc.lang_ == "en" and is_title(layout.text[m.start + 1 : m.end - 1])


def _mixed(layout: Layout, m: Marked, left: int, after: Attribution | None) -> Candidate | None:
    """A fragment inside reported speech (marks included), with the verb above it or a cue beside it."""
    if layout.doc.lang_ == "en" and is_title(layout.text[m.start + 1 : m.end - 1]):
        return None  # a show, book or slogan named in a sentence: 'told "Meet the Press"'
    inner = tokens_in(layout.doc, m.start + 1, m.end - 1)
    governed = governing_cue(inner)
    if SENTENCE_END.match(layout.text, m.end - 2) or SENTENCE_END.match(layout.text, m.end - 3):
        after = None  # a fragment ending its sentence ('... “intakes.”') has nothing after it to cue it
    if governed is not None:
        verb = outer_speaker_verb(governed[0])
        subject = subject_of(verb)
        if subject is not None and m.start <= subject.start_char < m.end:  # the passage names no one speaking
            window = tokens_in(layout.doc, left, m.start)
            subject = speaker_before(verb, window[0].i) if window else None
        cue = Attribution(verb.idx, verb.idx + len(verb.text), subject)
        if after is not None and after.mention is not None and after.cue_start >= m.end:
            cue = after if _says(layout, after) else cue  # ', the diplomat added' is surer than the parse
        return Candidate(*_clause(layout, m, governed[1]), "mixed", cue)
    found = according_to(list(inner[0].sent)) if inner else None
    if found is None:
        return Candidate(m.start, m.end, "mixed", after) if after is not None else None
    sentence = inner[0].sent  # 'According to X, the plan was "too late."': the sentence without the phrase
    start, end = _trim(layout.text, *_without(sentence.start_char, sentence.end_char, found))
    end -= layout.text[end - 1] in ".!?" and end > m.end
    return Candidate(*_around(layout, m, start, end), "mixed", found)


def _clause(layout: Layout, m: Marked, child: Token) -> tuple[int, int]:
    """The reported clause holding a fragment: the subtree below the reporting verb on the way down to it
    ('said [the plan was "too late"]'), within the paragraph; the fragment alone when that is the subject."""
    if child.dep_ in CLAUSE_SUBJECTS:
        return m.start, m.end
    edge = child.right_edge
    return _around(layout, m, *_trim(layout.text, child.left_edge.idx, edge.idx + len(edge.text)))


def _around(layout: Layout, m: Marked, start: int, end: int) -> tuple[int, int]:
    """A span holding the fragment `m` and reaching to `start`..`end`, within the fragment's paragraph."""
    floor, ceiling = layout.paras[layout.para(m.start)]
    return max(min(start, m.start), floor), min(max(end, m.end), ceiling)


def one_per_clause(text: str, candidates: list[Candidate]) -> list[Candidate]:
    """Candidates in order, without overlaps: mixed quotes in one clause become one, and a mixed quote's
    clause stops at a direct quote beside it ('said it was "dead," adding: "..."')."""
    out: list[Candidate] = []
    for c in sorted(candidates, key=lambda c: c.start):
        last = out[-1] if out else None
        if last is None or c.start >= last.end:
            out.append(c)
        elif c.type == last.type == "mixed":
            out[-1] = Candidate(last.start, max(last.end, c.end), "mixed", last.attribution)
        elif c.type == "mixed" and c.end > last.end:
            out.append(Candidate(*_trim(text, last.end, c.end), "mixed", c.attribution))
        elif last.type == "mixed":
            out[-1] = Candidate(*_trim(text, last.start, c.start), "mixed", last.attribution)
            out.append(c)
    return [c for c in out if c.end > c.start]


def _says(layout: Layout, found: Attribution) -> bool:
    """Whether an attribution's cue is a reporting verb (not 'because it destabilized ...')."""
    cue = tokens_in(layout.doc, found.cue_start, found.cue_end)
    return bool(cue) and is_say(cue[0])


def carry_over(layout: Layout, candidates: list[Candidate]) -> list[Candidate]:
    """A quote running over paragraphs (each opens with a mark, only the last closes) shares one cue."""
    unclosed = {m.start for m in layout.marked if not m.closed}
    out = list(candidates)
    for i in range(len(out) - 2, -1, -1):
        c, following = out[i], out[i + 1]
        if (
            c.start in unclosed
            and c.attribution is None
            and layout.para(following.start) == layout.para(c.end) + 1
        ):
            out[i] = Candidate(c.start, c.end, c.type, following.attribution)
    return out


def _without(start: int, end: int, found: Attribution) -> tuple[int, int]:
    """A sentence's offsets without its leading or trailing 'according to X' phrase."""
    tail = found.mention.end_char if found.mention is not None else found.cue_end
    return (tail, end) if found.cue_start - start < end - tail else (start, found.cue_start)


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Offsets without surrounding spaces and separating punctuation (marks are kept)."""
    while start < end and (text[start].isspace() or text[start] in ",;:—–-"):
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in ",;:—–-"):
        end -= 1
    return start, end


def indirect_candidates(layout: Layout) -> list[Candidate]:
    """Reported speech without marks: a reporting verb's clausal complement, or 'according to X'."""
    doc, text, found = layout.doc, layout.text, []
    # A title in the clause ('said its album, "Long Way Home," is out') leaves it reported speech.
    english = doc.lang_ == "en"
    marked = [
        (m.start, m.end) for m in layout.marked if not (english and is_title(text[m.start + 1 : m.end - 1]))
    ]

    def free(start: int, end: int) -> bool:
        return not any(s < end and start < e for s, e in marked) and not is_boilerplate(text, start)

    tags, lemmas, lowers = columns(doc, POS, LEMMA, LOWER)
    strings = doc.vocab.strings
    say = SAY_VERBS_BY_LANGUAGE.get(doc.lang_, SAY_VERBS)
    verbs = [i for i, tag in enumerate(tags) if tag == VERB and strings[lemmas[i]].lower() in say]
    for verb in map(doc.__getitem__, verbs):
        for clause in (c for c in verb.children if c.dep_ == "ccomp"):
            edge = clause.right_edge
            start, end = _trim(text, clause.left_edge.idx, edge.idx + len(edge.text))
            mention = subject_of(verb)
            # A marked passage between the clause and its verb is what the verb reports ('He drove her.
            # "He never complains," she said'): the clause before it is story, not speech.
            if mention is not None and end - start > 12 and free(min(start, verb.idx), max(end, verb.idx)):
                cue = Attribution(verb.idx, verb.idx + len(verb.text), mention)
                found.append(Candidate(start, end, "indirect", cue))
    sources = source_word_ids(doc.lang_) | {ACCORDING}
    according = [i for i, lower in enumerate(lowers) if lower in sources]
    for sentence in doc.sents if according else ():
        source = according_to([doc[i] for i in according if sentence.start <= i < sentence.end])
        if source is not None and free(sentence.start_char, sentence.end_char):
            start, end = _trim(text, *_without(sentence.start_char, sentence.end_char, source))
            found.append(Candidate(start, end - (text[end - 1] in ".!?"), "indirect", source))
    return found
