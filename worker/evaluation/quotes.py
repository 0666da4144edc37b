"""Quotes evaluation: GGT and PolNeAR quote spans and speakers, textacy side by side, the seed check, cost."""

from __future__ import annotations

import argparse
import json
import re
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from worker.evaluation.common import default_eval_dir, parsed_articles, read_jsonl
from worker.nlp import ParsedArticle
from worker.stages import entities, quotes
from worker.stages.speakers import PRONOUNS

GGT = "ggt_quotes_dev.jsonl"
POLNEAR = "polnear_dev.jsonl"
SEED = "seed_gold.json"
KINDS = {"direct": ("direct",), "direct+mixed": ("direct", "mixed"), "all": ("direct", "mixed", "indirect")}
TITLES = re.compile(
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
    text = " ".join((name or "").casefold().replace("’", "'").split())
    text = re.sub(r"'s?$", "", text)
    return TITLES.sub("", text).strip(" .,")


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


def prf(tally: Tally, kinds: tuple[str, ...], threshold: float) -> tuple[float, float, float]:
    """Precision, recall and F1 (x100) for quotes of `kinds`, matched per document."""
    tp_r = tp_p = n_gold = n_pred = 0
    for gold, preds in tally.docs:
        mine = [p for p in preds if p.type in kinds]
        pairs = match(gold, mine, threshold)
        tp_p += len(pairs)
        tp_r += sum(1 for g, _ in pairs if g.type in kinds)
        n_gold += sum(1 for g in gold if g.type in kinds)
        n_pred += len(mine)
    p = 100 * tp_p / n_pred if n_pred else 0.0
    r = 100 * tp_r / n_gold if n_gold else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


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


def our_preds(parsed: ParsedArticle, timing: dict[str, float]) -> list[Pred]:
    """Run the entities then the quotes stage (timed) and turn the quotes into scorer predictions."""
    began = time.perf_counter()
    found = entities.STAGE.run(parsed, {})
    timing["entities"] += time.perf_counter() - began
    began = time.perf_counter()
    result = quotes.STAGE.run(parsed, {"entities": found})
    timing["quotes"] += time.perf_counter() - began
    return [
        Pred(
            chars=chars([(q.start, q.end)]),
            type=q.type,
            speaker=q.speaker,
            speaker_chars=chars([(q.speaker_span.start, q.speaker_span.end)])
            if q.speaker_span
            else frozenset(),
        )
        for q in result
    ]


def textacy_preds(parsed: ParsedArticle) -> list[Pred] | None:
    """textacy's direct quotations on the same parse, speakers as raw mentions; None when it aborts."""
    from textacy.extract.triples import direct_quotations

    preds: list[Pred] = []
    try:
        triples = list(direct_quotations(parsed.doc))
    except ValueError:  # textacy gives up on a whole article with an odd number of marks
        return None
    for triple in triples:
        content = triple.content
        speaker = triple.speaker
        spans = [(t.idx, t.idx + len(t.text)) for t in speaker]
        name = " ".join(t.text for t in speaker) or None
        preds.append(Pred(chars([(content.start_char, content.end_char)]), "direct", name, chars(spans)))
    return preds


def textacy_available() -> bool:
    """Whether textacy imports cleanly in this environment."""
    try:
        from textacy.extract.triples import direct_quotations  # noqa: F401
    except Exception:
        return False
    return True


def ggt_gold(row: dict[str, Any]) -> list[Gold]:
    """The gold quotes of one GGT article."""
    return [
        Gold(chars([(q["quote_start"], q["quote_end"])]), q["type"], q["speaker_reference"], frozenset())
        for q in row["quotes"]
    ]


def polnear_gold(row: dict[str, Any]) -> list[Gold]:
    """The gold attributions of one PolNeAR article (discontinuous contents as one set of characters)."""
    gold = []
    for a in row["attributions"]:
        source = a.get("source") or {}
        speaker_chars = chars([tuple(s) for s in source.get("spans", [])])
        content = chars([tuple(s) for s in a["content"]["spans"]])
        gold.append(Gold(content, a["type"], source.get("text"), speaker_chars))
    return gold


def run_dataset(
    rows: list[dict[str, Any]], gold_of: Callable[[dict[str, Any]], list[Gold]], timing: dict[str, float]
) -> dict[str, Tally]:
    """Parse every text once (timed) and collect gold and predictions for us and textacy."""
    tallies = {"ours": Tally(), "textacy": Tally()}
    with_textacy = textacy_available()
    docs = parsed_articles([row["text"] for row in rows])
    for row in rows:
        began = time.perf_counter()
        parsed = next(docs)
        timing["parse"] += time.perf_counter() - began
        gold = gold_of(row)
        systems: dict[str, list[Pred] | None] = {"ours": our_preds(parsed, timing)}
        if with_textacy:
            systems["textacy"] = textacy_preds(parsed)
        for name, preds in systems.items():
            tallies[name].aborted += preds is None
            tallies[name].gold.extend(gold)
            tallies[name].preds.extend(preds or [])
            tallies[name].docs.append((gold, preds or []))
    return tallies if with_textacy else {"ours": tallies["ours"]}


def report(name: str, tallies: dict[str, Tally], by_span: bool) -> Iterator[str]:
    """Table lines for one dataset: P/R/F1 at 0.3 and 0.8 per kind set, then speakers, per system."""
    yield f"\n{name}: {len(tallies['ours'].docs)} articles, {len(tallies['ours'].gold)} gold quotes"
    heads = ("P@.3", "R@.3", "F1@.3", "P@.8", "R@.8", "F1@.8")
    yield f"{'system':8} {'kinds':13} " + " ".join(f"{h:>6}" for h in heads)
    for system, tally in tallies.items():
        for label, kinds in KINDS.items():
            figures = prf(tally, kinds, 0.3) + prf(tally, kinds, 0.8)
            yield f"{system:8} {label:13} " + " ".join(f"{x:6.1f}" for x in figures)
    what = "speaker span overlap" if by_span else "speaker accuracy (canonical)"
    for system, tally in tallies.items():
        accuracy, named = speaker_scores(tally, by_span)
        yield (
            f"{system:8} {what}: {accuracy:5.1f}%   named speakers: {named:5.1f}%"
            f" of {len(tally.preds)} quotes"
            f"   articles aborted: {tally.aborted}"
        )


def seed_check(eval_dir: Path) -> Iterator[str]:
    """The seed article: every gold quote found with an acceptable speaker, nothing from boilerplate lines."""
    gold_doc = json.loads((eval_dir / SEED).read_text(encoding="utf-8"))
    text = (Path(__file__).resolve().parents[2] / "seeds" / gold_doc["file"]).read_text(encoding="utf-8")
    docs = parsed_articles([text])  # kept referenced: closing it ends the parse's memory zone
    parsed = next(docs)
    found = quotes.STAGE.run(parsed, {"entities": entities.STAGE.run(parsed, {})})
    preds = [Pred(chars([(q.start, q.end)]), q.type, q.speaker, frozenset()) for q in found]
    gold = [
        Gold(chars([(q["start"], q["end"])]), q["type"], q["speaker"], frozenset())
        for q in gold_doc["quotes"]
    ]
    pairs = match(gold, preds, 0.8)
    accept = {
        id(g): {normalise(s) for s in q["speaker_accept"]}
        for g, q in zip(gold, gold_doc["quotes"], strict=True)
    }
    good = sum(normalise(p.speaker) in accept[id(g)] for g, p in pairs)
    bad = [n["text"] for n in gold_doc["not_quotes"] if any(n["text"] in q.text for q in found)]
    yield f"\nseed: {len(pairs)}/{len(gold)} gold quotes found, {good}/{len(gold)} speakers acceptable, "
    yield f"      {len(bad)} boilerplate quotes extracted, {len(found)} quotes predicted"


def main(eval_dir: Path, limit: int | None = None) -> int:
    """Print the quote figures for us and textacy on GGT and PolNeAR, the seed check and the stage's cost."""
    if not (eval_dir / GGT).is_file():
        print(f"quotes eval skipped: no {GGT} under {eval_dir}")
        return 0
    timing = {"parse": 0.0, "entities": 0.0, "quotes": 0.0}
    ggt = run_dataset(read_jsonl(eval_dir / GGT, limit), ggt_gold, timing)
    lines = list(report("GGT quotes (dev)", ggt, by_span=False))
    if (eval_dir / POLNEAR).is_file():
        polnear = run_dataset(read_jsonl(eval_dir / POLNEAR, limit), polnear_gold, timing)
        lines += report("PolNeAR (dev)", polnear, by_span=True)
    if "textacy" not in ggt:
        lines.append("textacy is unavailable (not installed or fails to import): its figures are left out")
    if (eval_dir / SEED).is_file():
        lines += seed_check(eval_dir)
    share = 100 * timing["quotes"] / max(timing["parse"], 1e-9)
    lines.append(
        f"\ncost: quotes stage {timing['quotes']:.2f}s = {share:.1f}% of parse time {timing['parse']:.1f}s"
    )
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--eval-dir", type=Path, default=None)
    parser.add_argument("--limit", type=int, default=None, help="only the first N articles of each file")
    args = parser.parse_args()
    raise SystemExit(main(args.eval_dir or default_eval_dir(), args.limit))
