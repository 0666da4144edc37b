"""Quote scoring (the Gender Gap Tracker protocol): greedy character-share matching, P/R/F1, speakers."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from worker.models import Quote
from worker.stages.quotes.speakers import PRONOUNS

SUFFIXES = frozenset({"jr", "jr.", "sr", "sr.", "ii", "iii", "iv"})
KINDS = {"direct": ("direct",), "direct+mixed": ("direct", "mixed"), "all": ("direct", "mixed", "indirect")}
LEADING_TITLES = re.compile(
    r"^(the |mr\.? |mrs\.? |ms\.? |dr\.? |prof\.? |sen\.? |rep\.? |gov\.? |president |premier |"
    r"prime minister |minister |chief |mayor |senator |judge |justice |sir |dame |lord )+"
)


@dataclass(frozen=True)
class Pred:
    """One predicted quote as the scorer sees it."""

    chars: frozenset[int]
    type: str
    speaker: str | None
    speaker_chars: frozenset[int]


@dataclass(frozen=True)
class Gold:
    """One gold quote: its characters, kind, canonical speaker name and speaker mention characters."""

    chars: frozenset[int]
    type: str
    speaker: str | None
    speaker_chars: frozenset[int]


@dataclass
class Tally:
    """Counts behind precision, recall and speaker accuracy for one system on one dataset."""

    gold: list[Gold] = field(default_factory=list)
    preds: list[Pred] = field(default_factory=list)
    docs: list[tuple[list[Gold], list[Pred]]] = field(default_factory=list)
    aborted: int = 0


def chars(spans: list[tuple[int, int]]) -> frozenset[int]:
    """Every character index covered by the spans."""
    return frozenset(i for start, end in spans for i in range(start, end))


def normalise(name: str | None) -> str:
    """A speaker name case-folded, without titles, a leading 'the' or a possessive 's."""
    text = " ".join((name or "").casefold().replace("’", "'").replace("ʼ", "'").replace("′", "'").split())
    text = re.sub(r"'s?$", "", text)
    return LEADING_TITLES.sub("", text).strip(" .,")


def match(gold: list[Gold], preds: list[Pred], threshold: float) -> list[tuple[Gold, Pred]]:
    """Greedy one-to-one pairs: each gold quote takes the unused prediction covering most of it."""
    shares = [
        (len(g.chars & p.chars) / len(g.chars), gi, pi)
        for gi, g in enumerate(gold)
        for pi, p in enumerate(preds)
        if g.chars and g.chars & p.chars
    ]
    used_g: set[int] = set()
    used_p: set[int] = set()
    pairs = []
    for share, gi, pi in sorted(shares, key=lambda s: -s[0]):
        if share >= threshold and gi not in used_g and pi not in used_p:
            used_g.add(gi)
            used_p.add(pi)
            pairs.append((gold[gi], preds[pi]))
    return pairs


def prf(
    tally: Tally, kinds: tuple[str, ...], threshold: float, every_prediction: bool = True
) -> tuple[float, float, float]:
    """Precision, recall and F1 (x100) for quotes of `kinds`, matched per document.

    Recall is over the gold quotes of `kinds`. Precision is over every predicted quote, of any kind, right
    when it matches a gold quote of any kind (the shared eval protocol); `every_prediction=False` counts
    only the predictions we typed as one of `kinds` (the project's earlier protocol).
    """
    tp_r = tp_p = n_gold = n_pred = 0
    for gold, preds in tally.docs:
        mine = preds if every_prediction else [p for p in preds if p.type in kinds]
        pairs = match(gold, mine, threshold)
        tp_p += len(pairs)
        tp_r += sum(1 for g, _ in pairs if g.type in kinds)
        n_gold += sum(1 for g in gold if g.type in kinds)
        n_pred += len(mine)
    p = 100 * tp_p / n_pred if n_pred else 0.0
    r = 100 * tp_r / n_gold if n_gold else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def named_source(text: str | None) -> str | None:
    """The last word of a gold source that is a bare name ("Ben Carson", "Carson"), case-folded; else None."""
    words = normalise(text).split() if text else []
    raw = (text or "").split()
    if not 0 < len(raw) <= 4 or not all(w[:1].isupper() for w in raw) or not words:
        return None
    words = [w for w in words if w not in SUFFIXES]
    return None if not words or words[-1] in PRONOUNS else words[-1]


def name_agreement(tally: Tally) -> tuple[float, int]:
    """Over matched quotes whose gold source is a bare name: the share (x100) whose canonical speaker
    ends with the same word (a train-sized check of speaker names, not only mention spans), and how many."""
    right = total = 0
    for gold, preds in tally.docs:
        for g, p in match(gold, preds, 0.3):
            if (last := named_source(g.speaker)) is not None:
                total += 1
                right += [w for w in normalise(p.speaker).split() if w not in SUFFIXES][-1:] == [last]
    return 100 * right / max(total, 1), total


def speaker_scores(tally: Tally, by_span: bool) -> tuple[float, float]:
    """Speaker accuracy on matched quotes (x100) and the share of predictions with a named speaker."""
    right = total = 0
    for gold, preds in tally.docs:
        for g, p in match(gold, preds, 0.3):
            if by_span and g.speaker_chars:
                total += 1
                right += bool(g.speaker_chars & p.speaker_chars)
            elif not by_span:
                total += 1
                right += normalise(p.speaker) == normalise(g.speaker)
    named = [p for p in tally.preds if p.speaker and p.speaker.casefold() not in PRONOUNS]
    return 100 * right / max(total, 1), 100 * len(named) / max(len(tally.preds), 1)


def statements(found: list[Quote], text: str) -> list[list[Quote]]:
    """Quotes grouped as PolNeAR annotates statements: a piece with no cue of its own that continues the
    quote before it in the same paragraph, with the same speaker mention, joins it ("'X,' he said. 'Y.'")."""
    groups: list[list[Quote]] = []
    for q in found:
        last = groups[-1][-1] if groups else None
        continues = (
            last is not None
            and q.cue is None
            and q.type == last.type == "direct"
            and q.speaker_span is not None
            and q.speaker_span == last.speaker_span
            and "\n" not in text[last.end : q.start]
        )
        if continues:
            groups[-1].append(q)
        else:
            groups.append([q])
    return groups


def to_preds(found: list[Quote], text: str, joined: bool) -> list[Pred]:
    """Scorer predictions: one per quote, or one per statement (`joined`, PolNeAR's unit)."""
    groups = statements(found, text) if joined else [[q] for q in found]
    return [
        Pred(
            chars=chars([(q.start, q.end) for q in group]),
            type=group[0].type,
            speaker=group[0].speaker,
            speaker_chars=chars([(s.start, s.end) for s in [group[0].speaker_span] if s is not None]),
        )
        for group in groups
    ]
