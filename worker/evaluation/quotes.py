"""Quotes evaluation: GGT and PolNeAR quote spans and speakers, textacy side by side, the seed check, cost."""

from __future__ import annotations

import argparse
import json
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from worker.evaluation.common import SPLITS, default_eval_dir, parsed_articles, read_jsonl, splits_of
from worker.evaluation.quote_scoring import (
    KINDS,
    Gold,
    Pred,
    Tally,
    chars,
    match,
    name_agreement,
    normalise,
    prf,
    speaker_scores,
    to_preds,
)
from worker.models import Quote
from worker.stages import entities, quotes
from worker.stages.base import ParsedArticle

GGT = "ggt_quotes_dev.jsonl"
POLNEAR = "polnear_dev.jsonl"
SEED = "seed_gold.json"
# (heading, file, gold reader, speakers scored by span overlap) per split; GGT has no train file.
DATASETS: dict[str, list[tuple[str, str, str, bool]]] = {
    "train": [("PolNeAR (train)", "polnear_train.jsonl", "polnear", True)],
    "dev": [("GGT quotes (dev)", GGT, "ggt", False), ("PolNeAR (dev)", POLNEAR, "polnear", True)],
}


def our_quotes(parsed: ParsedArticle, timing: dict[str, float]) -> list[Quote]:
    """Run the entities then the quotes stage (timed)."""
    began = time.perf_counter()
    found = entities.STAGE.run(parsed, {})
    timing["entities"] += time.perf_counter() - began
    began = time.perf_counter()
    result = quotes.STAGE.run(parsed, {"entities": found})
    timing["quotes"] += time.perf_counter() - began
    return result


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
    rows: list[dict[str, Any]],
    gold_of: Callable[[dict[str, Any]], list[Gold]],
    timing: dict[str, float],
    joined: bool = False,
) -> dict[str, Tally]:
    """Parse every text once (timed) and collect gold and predictions for us and textacy.

    `joined` scores our quotes as statements (PolNeAR's unit) and, as "pieces", one quote at a time.
    """
    tallies = {"ours": Tally(), "pieces": Tally(), "textacy": Tally()}
    with_textacy = textacy_available()
    docs = parsed_articles([row["text"] for row in rows], timing)
    for row in rows:
        parsed = next(docs)
        gold = gold_of(row)
        found = our_quotes(parsed, timing)
        systems: dict[str, list[Pred] | None] = {"ours": to_preds(found, row["text"], joined)}
        if joined:
            systems["pieces"] = to_preds(found, row["text"], False)
        if with_textacy:
            systems["textacy"] = textacy_preds(parsed)
        for name, preds in systems.items():
            tallies[name].aborted += preds is None
            tallies[name].gold.extend(gold)
            tallies[name].preds.extend(preds or [])
            tallies[name].docs.append((gold, preds or []))
    return {name: tally for name, tally in tallies.items() if tally.docs}


def report(name: str, tallies: dict[str, Tally], by_span: bool) -> Iterator[str]:
    """Table lines for one dataset: P/R/F1 at 0.3 and 0.8 per kind set, then speakers, per system."""
    yield f"\n{name}: {len(tallies['ours'].docs)} articles, {len(tallies['ours'].gold)} gold quotes"
    heads = ("P@.3", "R@.3", "F1@.3", "P@.8", "R@.8", "F1@.8")
    yield "precision over every predicted quote (the shared protocol); F1* = precision over the kinds' own"
    yield f"{'system':8} {'kinds':13} " + " ".join(f"{h:>6}" for h in heads) + "  F1*@.3 F1*@.8"
    for system, tally in tallies.items():
        for label, kinds in KINDS.items():
            figures = prf(tally, kinds, 0.3) + prf(tally, kinds, 0.8)
            own = (prf(tally, kinds, 0.3, False)[2], prf(tally, kinds, 0.8, False)[2])
            yield f"{system:8} {label:13} " + " ".join(f"{x:6.1f}" for x in figures + own)
    what = "speaker span overlap" if by_span else "speaker accuracy (canonical)"
    for system, tally in tallies.items():
        accuracy, named = speaker_scores(tally, by_span)
        yield (
            f"{system:8} {what}: {accuracy:5.1f}%   named speakers: {named:5.1f}%"
            f" of {len(tally.preds)} quotes"
            f"   articles aborted: {tally.aborted}"
        )
        if by_span:
            agree, count = name_agreement(tally)
            yield f"{system:8} sources named: speaker's last name agrees {agree:5.1f}% of {count}"


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
    exact = sum(any(g.chars == p.chars for p in preds) for g in gold)
    found_line = f"{len(pairs)}/{len(gold)} gold quotes found, {exact} with exact spans"
    yield f"\nseed: {found_line}, {good}/{len(gold)} speakers acceptable,"
    yield f"      {len(bad)} boilerplate quotes extracted, {len(found)} quotes predicted"


def headline(tally: Tally, by_span: bool) -> list[float]:
    """The figures compared across splits: direct F1 @0.3/@0.8, all kinds F1 @0.3, speakers."""
    return [
        prf(tally, KINDS["direct"], 0.3)[2],
        prf(tally, KINDS["direct"], 0.8)[2],
        prf(tally, KINDS["all"], 0.3)[2],
        speaker_scores(tally, by_span)[0],
    ]


def side_by_side(rows: list[tuple[str, str, list[float]]]) -> Iterator[str]:
    """One line per dataset and system: the headline figures of every split measured, next to each other."""
    yield "\nside by side: direct F1@.3  direct F1@.8  all F1@.3  speakers (span overlap / canonical)"
    for heading, system, figures in rows:
        yield f"  {heading:18} {system:8} " + "  ".join(f"{x:6.1f}" for x in figures)


def main(eval_dir: Path, limit: int | None = None, split: str = "dev") -> int:
    """Print the quote figures for us and textacy per split (PolNeAR train; GGT, PolNeAR dev), seed, cost."""
    if not eval_dir.is_dir():
        print(f"quotes eval skipped: no gold data at {eval_dir}")
        return 0
    timing = {"parse": 0.0, "entities": 0.0, "quotes": 0.0}
    readers = {"ggt": ggt_gold, "polnear": polnear_gold}
    lines: list[str] = []
    headlines: list[tuple[str, str, list[float]]] = []
    for name in splits_of(split):
        for heading, file, reader, by_span in DATASETS[name]:
            if not (eval_dir / file).is_file():
                lines.append(f"\n{heading}: skipped, no {file} under {eval_dir}")
                continue
            rows = read_jsonl(eval_dir / file, limit)
            tallies = run_dataset(rows, readers[reader], timing, joined=reader == "polnear")
            lines += report(heading, tallies, by_span)
            headlines += [(heading, system, headline(t, by_span)) for system, t in tallies.items()]
    if not textacy_available():
        lines.append("textacy is unavailable (not installed or fails to import): its figures are left out")
    if "dev" in splits_of(split) and (eval_dir / SEED).is_file():
        lines += seed_check(eval_dir)
    lines += side_by_side(headlines)
    ours = timing.get("steps", 0.0) + timing["entities"] + timing["quotes"]
    lines.append(
        f"\ncost: name trims and relabelling {timing.get('steps', 0.0):.2f}s + entities"
        f" {timing['entities']:.2f}s + quotes {timing['quotes']:.2f}s ="
        f" {100 * ours / max(timing['parse'], 1e-9):.1f}% of spaCy's parse time {timing['parse']:.1f}s"
        " (parse seconds as first measured, also for cached parses)"
    )
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--eval-dir", type=Path, default=None)
    parser.add_argument("--limit", type=int, default=None, help="only the first N articles of each file")
    parser.add_argument("--split", choices=SPLITS, default="dev", help="train, dev or all (both)")
    args = parser.parse_args()
    raise SystemExit(main(args.eval_dir or default_eval_dir(), args.limit, args.split))
