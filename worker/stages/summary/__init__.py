"""The summary stage: the story's leading, central sentences, whole and in article order."""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass

from spacy.parts_of_speech import IDS as POS_IDS
from spacy.strings import get_string_id
from spacy.tokens import Span

from worker.models import Summary, TextSpan
from worker.stages.base import ParsedArticle, Prior, Stage
from worker.stages.lexicon import SUBJECT_DEPS
from worker.stages.summary.units import TokenTable, Unit, story_units, token_table

CONNECTIVES = (
    "however but and also yet so still meanwhile instead then thus therefore hence moreover furthermore "
    "besides nevertheless nonetheless otherwise accordingly consequently additionally likewise similarly "
    "indeed again afterwards later or nor here now too plus though whereas earlier previously elsewhere "
    "separately finally lastly secondly thirdly subsequently thereafter conversely alternatively anyway "
    "regardless either neither other"
)
REFERRING = (
    "he she they it him her them his hers its their theirs this that these those such both another others"
)
# Nouns naming what an earlier sentence told: "The move comes after ...", "The decision was ...".
EVENT_NOUNS = (
    "move|decision|incident|announcement|news|comments?|remarks?|statement|revelation|development|"
    "discovery|findings?|ruling|attack|deal|claims?|allegations?|report|case|change|plan|offer|call|request"
)
DEPENDENT_WORDS = frozenset(f"{CONNECTIVES} {REFERRING}".split())
DEPENDENT_PHRASES = re.compile(
    r"^(?:in (?:addition|fact|contrast|turn|response|the meantime)|as a result|on the other hand|"
    r"at the same time|for (?:example|instance|(?:his|her|their|its) part)|even so|by contrast|after that|"
    r"as well|that said|even then|as such|by then|since then|until then|at the time|on top of that|"
    r"in (?:doing so|the process|this case|that case|other words|short|particular)|"
    r"the same|not only|the \d+-year-old|the (?:pair|couple|duo|trio)|"
    rf"the (?:former|latter|two|three|four|{EVENT_NOUNS})(?=\s*[,;:]|\s+(?:is|was|are|were|has|had|have|"
    r"said|says|told|added|will|would|can|could|did|does|comes?|came|follows?|followed|means?|meant|"
    r"marks?|marked|sparked|prompted|led|leaves?|left)\b))\b"
)
# A definite description with an aside about a known referent: "The firm, which ...", "The prince, 20,".
DESCRIPTION = re.compile(r"^The (?:[A-Za-z][\w'’-]*\s+){0,3}[a-z][\w'’-]*,\s+(?:who|which|whose|\d+)\b")
TIME_WORDS = r"week|weekend|month|year|morning|afternoon|evening|spring|summer|autumn|fall|winter|season"
INDEPENDENT_OPENERS = re.compile(  # "This week ...", and "Both X and Y ..." naming both
    rf"^(?:(?:this|that|these|those)\s+(?:(?:past|coming|\w+'?s)\s+)?(?:{TIME_WORDS})s?\b|"
    r"both\s+(?!(?:is|are|was|were|have|had|has|will|would|can|could|did|do)\b)(?:[\w'’-]+\s+){1,3}and\b)"
)
REPORTING = (
    "said|says|added|adds|told|tells|explained|insisted|wrote|writes|claimed|claims|admitted|admits|revealed|"
    "reveals|continued|warned|asked|noted|stated|replied|recalled|argued|confirmed|joked|posted|tweeted"
)
# `..." she said`, `..., he told reporters`; after a closing quote any past-tense verb (`..." she sighed`).
PRONOUN_SPEAKER = re.compile(
    rf"[,.!?](?:[\"”’']?\s+(?:he|she|they)\s+(?:\w+\s+)?(?:{REPORTING})|[\"”’']\s+(?:he|she|they)\s+\w+ed)\b",
    re.IGNORECASE,
)
QUOTE_MARKS = "\"'“‘"
SPEAKERS = frozenset(("i", "me", "my", "we", "us", "our", "you", "your"))
PERSONAL = frozenset(("he", "she", "they", "him", "her", "them", "his", "their", "hers", "theirs"))
# The same words and tags as the ids a token table holds (`get_string_id` gives a token's `lower`).
SPEAKER_IDS = frozenset(map(get_string_id, SPEAKERS))
PERSONAL_IDS = frozenset(map(get_string_id, PERSONAL))
PROPN, PRON, NOUN = (POS_IDS[tag] for tag in ("PROPN", "PRON", "NOUN"))

# Weights chosen on the CNN/DailyMail development set and confirmed on BBC (see docs/summary.md).
POSITION_SCALE = 5.0  # lead bias: exp(-index / scale)
CENTRAL_WEIGHT = 0.6  # how often its content words recur in the story, on average, relative to the best
SHORT_WORDS, LONG_WORDS, LENGTH_WEIGHT = 10, 25, 0.02  # penalty per word outside [10, 25]
QUESTION_PENALTY = 0.5
VOICE_PENALTY = 0.3  # quotes and first/second person: someone speaking, not the story's summary
REDUNDANT = 0.8  # share of the smaller sentence's content words already chosen


@dataclass(frozen=True)
class StorySentence:
    """A story sentence with the features the scorer reads."""

    index: int
    unit: Unit
    words: frozenset[str]
    length: int
    dependent: bool  # only right after its chosen predecessor
    described: bool  # only after some chosen sentence (a description of a known referent)
    voiced: bool


def opens_dependent(text: str) -> bool:
    """Whether a sentence cannot open a summary: it leans on the one before or describes a known referent."""
    return leans_back(text) or describes_known(text)


def describes_known(text: str) -> bool:
    """Whether a sentence opens on a description of someone or something already introduced."""
    return DESCRIPTION.match(re.sub(r"^[\W_]+", "", text)) is not None


def leans_back(text: str) -> bool:
    """Whether a sentence leans on one before it: a connective, a pronoun, a pronoun speaker or a cut-off."""
    stripped = re.sub(r"^[\W_]+", "", text)  # past quote marks too: '"We ...' opens on "We"
    first = re.match(r"\w+", stripped)  # "It's" is "It"
    if first is None:
        return False
    word = first.group()
    if word.islower() or word.lower() in SPEAKERS:
        return True  # the rest of a cut sentence ("and then ..."), or a speaker's "I" / "we" / "you"
    opening = stripped.lower()
    if word.lower() in DEPENDENT_WORDS and not INDEPENDENT_OPENERS.match(opening):
        return True
    return bool(DEPENDENT_PHRASES.match(opening) or PRONOUN_SPEAKER.search(text))


def _subjects(sent: Span) -> set[int]:
    """The token indices of the subjects of a sentence's main verb."""
    return {t.i for t in sent.root.children if t.dep_ in SUBJECT_DEPS}


def _pronoun_first(unit: Unit, table: TokenTable) -> bool:
    """Whether a personal pronoun precedes any noun, or is the subject before any name ("Later, he said")."""
    sent = unit.sents[0]
    nouns = False
    for i in table.rest(sent, unit.start):
        pos = table.pos[i]
        if pos == PROPN:
            return False
        if table.lower[i] in PERSONAL_IDS and pos == PRON and (not nouns or i in _subjects(sent)):
            return True
        nouns = nouns or pos == NOUN
    return False


def _candidate(index: int, unit: Unit, text: str, table: TokenTable) -> StorySentence:
    """Features of one story sentence: its content words, length and whether it depends on context."""
    tokens, strings = table.of(unit), table.doc.vocab.strings
    words = frozenset(strings[table.lower[i]] for i in tokens if table.alpha[i] and not table.stop[i])
    sentence = text[unit.start : unit.end]
    dependent = leans_back(sentence) or _pronoun_first(unit, table)
    voiced = text[table.idx[tokens[0]]] in QUOTE_MARKS or any(
        table.pos[i] == PRON for i in tokens if table.lower[i] in SPEAKER_IDS
    )
    length = sum(table.alpha[tokens.start : tokens.stop])
    return StorySentence(index, unit, words, length, dependent, describes_known(sentence), voiced)


@dataclass(frozen=True)
class Context:
    """What sentences are scored against: how often each content word occurs and the best centrality."""

    counts: Counter[str]
    top: float


def context(candidates: list[StorySentence]) -> Context:
    """The content-word counts over the article's story sentences and its most central sentence's score."""
    counts: Counter[str] = Counter(w for c in candidates for w in c.words)
    top = max((centrality(c.words, counts) for c in candidates), default=0.0)
    return Context(counts, top if top > 0 else 1.0)


def centrality(words: frozenset[str], counts: Counter[str]) -> float:
    """How many other story sentences each of the sentence's content words comes back in, on average.

    An average, not a sum (SumBasic's mean word frequency): a long sentence gains nothing by length alone.
    """
    return sum(counts[w] - 1 for w in words) / len(words) if words else 0.0


def score(candidate: StorySentence, ctx: Context, text: str) -> float:
    """Lead bias plus centrality, less penalties for odd lengths, questions and quoted speech."""
    position = math.exp(-candidate.index / POSITION_SCALE)
    central = CENTRAL_WEIGHT * centrality(candidate.words, ctx.counts) / ctx.top
    length = max(SHORT_WORDS - candidate.length, candidate.length - LONG_WORDS, 0) * LENGTH_WEIGHT
    question = QUESTION_PENALTY if text[candidate.unit.end - 1] == "?" else 0.0
    voice = VOICE_PENALTY if candidate.voiced else 0.0
    return position + central - length - question - voice


def _redundant(candidate: StorySentence, chosen: list[StorySentence]) -> bool:
    """Whether most of the sentence's content words already appear in one chosen sentence."""
    for other in chosen:
        shared = len(candidate.words & other.words)
        if shared >= REDUNDANT * max(min(len(candidate.words), len(other.words)), 1):
            return True
    return False


def select(
    candidates: list[StorySentence], ranked: list[StorySentence], count: int, max_words: int
) -> list[StorySentence]:
    """Best first, skipping repeats and overflow; a dependent sentence only right after its predecessor."""
    chosen: list[StorySentence] = []
    changed = True
    while changed and len(chosen) < count:
        changed = False
        for cand in ranked:
            if cand in chosen or len(chosen) >= count or _redundant(cand, chosen):
                continue
            if cand.dependent and (cand.index == 0 or candidates[cand.index - 1] not in chosen):
                continue
            if cand.described and not any(c.index < cand.index for c in chosen):
                continue
            if chosen and max_words and sum(c.length for c in chosen) + cand.length > max_words:
                continue
            chosen.append(cand)
            changed = True
            break
    return sorted(chosen, key=lambda c: c.index)


def summarize(parsed: ParsedArticle, prior: Prior) -> Summary:
    """Pick the best-scoring story sentences, never opening on one that depends on what came before."""
    text = parsed.article.text  # the doc's text exactly; `doc.text` rebuilds it from every token
    units = story_units(parsed.doc, text, parsed.article.title)
    table = token_table(parsed.doc)
    candidates = [_candidate(i, unit, text, table) for i, unit in enumerate(units)]
    ctx = context(candidates)
    ranked = sorted(candidates, key=lambda c: (-score(c, ctx, text), c.index))
    options = parsed.options
    chosen = select(candidates, ranked, options.summary_sentences, options.summary_max_words)
    spans = [
        TextSpan(text=text[c.unit.start : c.unit.end], start=c.unit.start, end=c.unit.end) for c in chosen
    ]
    return Summary(text=" ".join(s.text for s in spans), sentences=spans)


STAGE: Stage[Summary] = Stage(name="summary", version="7", reads=(), run=summarize)
