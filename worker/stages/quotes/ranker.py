"""Which noun phrase near a quote's cue is its speaker: a small learned ranker over candidate mentions.

Every noun, name or pronoun heading a phrase in the cue's sentence (outside the quote itself) is a candidate.
A logistic regression scores each from its dependency path to the cue, distance, entity label, part of speech,
side of the quote, whether the rules chose it, and a few pairs of these; the best-scoring candidate is kept.
Trained on PolNeAR train's gold source spans by scripts/train_speaker_ranker.py
(worker/data/speaker_ranker.json).
"""

from __future__ import annotations

import bisect
import json
import math
from dataclasses import dataclass
from functools import cache
from importlib import resources

from spacy.tokens import Doc, Span, Token

from worker.stages.lexicon import SUBJECT_DEPS_ANY_LANGUAGE, is_say
from worker.stages.quotes.attribution import Attribution, mention_phrase
from worker.stages.quotes.bodies import BODIES

WEIGHTS_FILE = "data/speaker_ranker.json"
HEADS = frozenset({"NOUN", "PROPN", "PRON"})
NUMBERS = frozenset({"DATE", "TIME", "CARDINAL", "MONEY", "PERCENT", "QUANTITY", "ORDINAL"})
INSIDE = frozenset({"compound", "flat", "poss", "det", "amod", "nummod", "case"})
MARKS = ('"', "“", "”")
PATH_DEPTH = 4


@dataclass(frozen=True)
class Choice:
    """A candidate speaker token for one quote and its features."""

    token: Token
    features: list[str]


def _cue(doc: Doc, att: Attribution) -> Token | None:
    """The cue's head token (a verb, 'according', a dash or a label)."""
    span = doc.char_span(att.cue_start, att.cue_end, alignment_mode="expand")
    return span.root if span is not None and len(span) else None


def _ancestors(token: Token) -> list[int]:
    """The indices of the token and its heads up to the root."""
    chain, node = [token.i], token
    while node.head.i != node.i and len(chain) < 40:
        node = node.head
        chain.append(node.i)
    return chain


def dep_path(token: Token, cue: Token, down: list[int] | None = None) -> str:
    """The dependency path from a candidate up to the common head and down to the cue, or 'far'."""
    up, down = _ancestors(token), down if down is not None else _ancestors(cue)
    above = set(down)
    common = next((i for i in up if i in above), None)
    if common is None:
        return "far"
    rise, fall = up[: up.index(common)], down[: down.index(common)]
    if len(rise) + len(fall) > PATH_DEPTH:
        return "far"
    doc = token.doc
    return "/".join(doc[i].dep_ for i in rise) + "^" + "/".join(doc[i].dep_ for i in reversed(fall))


def _bucket(n: int) -> str:
    """A signed token distance, coarsened."""
    size = abs(n)
    coarse = str(size) if size <= 3 else "4-6" if size <= 6 else "7-12" if size <= 12 else "13+"
    return ("-" if n < 0 else "+") + coarse


def _kind(token: Token) -> str:
    """A name, a pronoun, a body noun or another role noun."""
    if token.pos_ == "PRON":
        return "pron:" + token.lower_
    if token.pos_ == "PROPN" or token.ent_type_ == "PERSON":
        return "name"
    return "body" if token.lemma_.lower() in BODIES else "role"


def _crosses_marks(marks: list[int], a: int, b: int) -> bool:
    """Whether an odd number of double quotation marks (token indices `marks`) lies between two tokens."""
    lo, hi = sorted((a, b))
    return (bisect.bisect_left(marks, hi) - bisect.bisect_right(marks, lo)) % 2 == 1


@dataclass(frozen=True)
class Context:
    """What the features of every candidate for one quote share: the quote, its cue and the rules' choice."""

    start: int
    end: int
    kind: str
    cue: Token
    chosen: Token | None
    sentence: tuple[int, int]
    down: list[int]  # the cue and its heads
    marks: list[int]  # the double quotation marks of the document


def features(token: Token, ctx: Context) -> list[str]:
    """The ranker's features for one candidate speaker token of a quote."""
    cue, chosen = ctx.cue, ctx.chosen
    path, k, ent, kind = dep_path(token, cue, ctx.down), _kind(token), token.ent_type_ or "-", ctx.kind
    side = "before" if token.idx < ctx.start else "after"
    rule = "nochoice" if chosen is None else "rule" if token == chosen else "norule"
    subject = token.dep_ in SUBJECT_DEPS_ANY_LANGUAGE and token.head == cue
    same = ctx.sentence[0] <= token.i < ctx.sentence[1]
    found = [f"path={path}", f"dist={_bucket(token.i - cue.i)}", f"ent={ent}", f"kind={k}", f"side={side}"]
    found += [f"dep={token.dep_}", f"hdep={token.head.dep_}", f"type={kind}", rule, f"cuesay={is_say(cue)}"]
    found += [f"subj={subject}", f"samesent={same}", f"marks={_crosses_marks(ctx.marks, token.i, cue.i)}"]
    found += [f"path+kind={path}|{k}", f"rule+kind={rule}|{k}", f"rule+path={rule}|{path}"]
    found += [f"side+kind={side}|{k}", f"type+path={kind}|{path}", f"ent+path={ent}|{path}"]
    found += [f"cue={cue.lemma_.lower()}|{subject}"]
    found += [f"lemma={token.lemma_.lower()}"] if token.pos_ == "NOUN" else []
    found += [f"hlemma={token.head.lemma_.lower()}|{token.dep_}"] if token.head != cue else []
    return found


def _between(found: list[Choice], cue: Token) -> list[Choice]:
    """The choices with how many other candidates lie between each and the cue (0: the nearest)."""
    out = []
    for c in found:
        lo, hi = sorted((c.token.i, cue.i))
        n = sum(lo < o.token.i < hi for o in found)
        side = "L" if c.token.i < cue.i else "R"
        extra = [f"near={side}{min(n, 3)}", f"near+kind={side}{min(n, 3)}|{_kind(c.token)}"]
        out.append(Choice(c.token, c.features + extra))
    return out


def rule_choice(att: Attribution, start: int, end: int, kind: str) -> Token | None:
    """The head of the rules' speaker mention, unless it lies inside a mixed quote's fragment itself
    ('X, who lost “and two belt loops”, says'); a transcript label inside a direct quote speaks it."""
    chosen = att.mention.root if att.mention is not None else None
    inside = chosen is not None and start <= chosen.idx < end and kind == "mixed"
    return None if inside else chosen


def choices(doc: Doc, start: int, end: int, kind: str, att: Attribution, marks: list[int]) -> list[Choice]:
    """Every candidate speaker token in the cue's sentence outside the quote, with its features."""
    cue = _cue(doc, att)
    if cue is None:
        return []
    chosen = rule_choice(att, start, end, kind)
    sentence = cue.sent
    ctx = Context(start, end, kind, cue, chosen, (sentence.start, sentence.end), _ancestors(cue), marks)
    out = []
    for token in sentence:
        if token.pos_ not in HEADS or token.dep_ in INSIDE or token.ent_type_ in NUMBERS:
            continue
        if start <= token.idx < end:
            continue
        if token.pos_ == "PRON" and token.lower_ not in {"he", "she", "they", "i", "we", "it", "who"}:
            continue
        out.append(Choice(token, features(token, ctx)))
    if chosen is not None and all(c.token != chosen for c in out):
        out.append(Choice(chosen, features(chosen, ctx)))
    return _between(out, cue)


def mark_tokens(doc: Doc) -> list[int]:
    """The token indices of the document's double quotation marks (found once per article)."""
    return [t.i for t in doc if t.text in MARKS]


@cache
def model() -> tuple[dict[str, list[float]], list[float], float, float]:
    """The trained ranker: feature weights, biases, the margin to overrule the rules, the score to fill in."""
    path = resources.files("worker").joinpath(WEIGHTS_FILE)
    data = json.loads(path.read_text(encoding="utf-8"))
    return data["weights"], data["bias"], float(data["margin"]), float(data["fill"])


def score(found: list[str]) -> float:
    """P(the candidate is the speaker) for its features."""
    table, bias, _, _ = model()
    scores = list(bias)
    for name in found:
        for k, w in enumerate(table.get(name, ())):
            scores[k] += w
    return 1 / (1 + math.exp(scores[0] - scores[1]))


def ranked_mention(
    doc: Doc, start: int, end: int, kind: str, att: Attribution, marks: list[int]
) -> Span | None:
    """The speaker mention for a quote: the rules' one unless the ranker prefers another by its margin."""
    chosen = rule_choice(att, start, end, kind)
    options = choices(doc, start, end, kind, att, marks)
    if not options:
        return att.mention if chosen is not None else None
    named = chosen is not None and att.mention is not None and any(_kind(t) == "name" for t in att.mention)
    scored = [(score(c.features), c.token) for c in options if not (named and c.token.pos_ == "PRON")]
    best, token = max(scored, key=lambda s: s[0])
    current = next((p for p, t in scored if t == chosen), 0.0)
    if chosen is not None and (token == chosen or best - current < model()[2]):
        return att.mention
    return mention_phrase(token) if chosen is not None or best >= model()[3] else None
