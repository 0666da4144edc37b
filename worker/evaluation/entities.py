"""Evaluate the entities stage: people per article (GGT, CoNLL) and CoNLL-2003 NER, ours beside raw spaCy.

Run as `python -m worker.evaluation.entities [--limit N] [--eval-dir PATH] [--split train|dev|all]`.
CoNLL's document-level people (GGT style) are its PER entities not contained in a longer PER of the
same document ("Clinton" beside "Bill Clinton" is one person).
"""

from __future__ import annotations

import argparse
import re
import time
from collections.abc import Hashable, Iterable, Iterator
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field
from pathlib import Path

from worker.evaluation.common import SPLITS, default_eval_dir, parsed_articles, read_jsonl, splits_of
from worker.models import Entity
from worker.stages.base import ParsedArticle
from worker.stages.entities import extract_entities
from worker.stages.entities.name_spans import recognised

PEOPLE_FILE = "ggt_people_dev.jsonl"
CONLL_FILES = {"train": "conll2003_train.jsonl", "dev": "conll2003_dev.jsonl"}
CONLL_LABELS = ("PER", "LOC", "ORG")
SPACY_TO_CONLL = {"PERSON": "PER", "GPE": "LOC", "LOC": "LOC", "FAC": "LOC", "ORG": "ORG"}
# The eval README's normalisation: case-folding, titles and possessive 's dropped (an independent list).
EVAL_TITLE = re.compile(
    r"^(mr|mrs|ms|miss|mx|dr|prof|sir|dame|lord|lady|rev|president|premier|prime|deputy|minister|senator|sen|"
    r"rep|gov|governor|mayor|judge|justice|chief|captain|capt|gen|general|sgt|const|cst|officer|coach|king|"
    r"queen|prince|princess|pope)\.?\s+"
)
Spans = set[tuple[int, int]]
POSSESSIVE = re.compile(r"['’ʼ′]s?$")


def normalise_person(name: str) -> str:
    """A person's name case-folded, titles and possessive 's dropped, for document-level matching."""
    name = POSSESSIVE.sub("", " ".join(name.split())).casefold()
    while EVAL_TITLE.match(name):
        name = EVAL_TITLE.sub("", name, count=1)
    return name


@dataclass
class Score:
    """True positives, predictions and gold counts, summed over documents."""

    hits: int = 0
    predicted: int = 0
    gold: int = 0

    def add(self, predicted: AbstractSet[Hashable], gold: AbstractSet[Hashable]) -> None:
        """Count one document's predicted and gold sets."""
        self.hits += len(predicted & gold)
        self.predicted += len(predicted)
        self.gold += len(gold)

    def prf(self) -> tuple[float, float, float]:
        """Precision, recall and F1 as percentages."""
        p = 100 * self.hits / self.predicted if self.predicted else 0.0
        r = 100 * self.hits / self.gold if self.gold else 0.0
        return p, r, (2 * p * r / (p + r) if p + r else 0.0)


@dataclass
class Timing:
    """Parse time and stage time in seconds, summed over the eval texts."""

    parse_s: float = 0.0
    stage_s: float = 0.0

    def share(self) -> float:
        """The stage's time as a percentage of the parse time."""
        return 100 * self.stage_s / self.parse_s if self.parse_s else 0.0


@dataclass
class Results:
    """Every score the command prints."""

    people: dict[tuple[str, str], Score] = field(default_factory=dict)
    conll: dict[tuple[str, str], Score] = field(default_factory=dict)
    timing: Timing = field(default_factory=Timing)


def timed_runs(texts: list[str], timing: Timing) -> Iterator[tuple[ParsedArticle, list[Entity]]]:
    """Each text parsed and run through the stage, parse and stage time added to `timing`."""
    seconds = {"parse": 0.0}
    for parsed in parsed_articles(texts, seconds):
        timing.parse_s, seconds["parse"] = timing.parse_s + seconds["parse"], 0.0
        timing.stage_s, seconds["steps"] = timing.stage_s + seconds.get("steps", 0.0), 0.0
        began = time.perf_counter()
        entities = extract_entities(parsed, {})
        timing.stage_s += time.perf_counter() - began
        yield parsed, entities


def people_sets(parsed: ParsedArticle, entities: list[Entity]) -> tuple[set[str], set[str]]:
    """Normalised PERSON names: our canonical entities, and raw spaCy PERSON mentions."""
    ours = {normalise_person(e.name) for e in entities if e.label == "PERSON"}
    text = parsed.article.text
    raw = {
        normalise_person(text[start:end]) for start, end, label in recognised(parsed.doc) if label == "PERSON"
    }
    return ours - {""}, raw - {""}


def conll_sets(parsed: ParsedArticle, entities: list[Entity], label: str) -> tuple[Spans, Spans]:
    """(start, end) spans with CoNLL `label`: our repaired mentions, and raw spaCy entities."""
    ours = {(m.start, m.end) for e in entities if SPACY_TO_CONLL.get(e.label) == label for m in e.mentions}
    raw = {(start, end) for start, end, spacy in recognised(parsed.doc) if SPACY_TO_CONLL.get(spacy) == label}
    return ours, raw


def conll_people(entities: list[dict[str, object]]) -> set[str]:
    """A CoNLL document's people: its PER names not contained (as words) in a longer PER name."""
    names = {normalise_person(str(e["text"])) for e in entities if e["label"] == "PER"}
    return {n for n in names if not any(n != m and f" {n} " in f" {m} " for m in names)} - {""}


def score_people(rows: list[dict[str, object]], results: Results) -> None:
    """Document-level PERSON precision/recall over the GGT people file."""
    runs = timed_runs([str(r["text"]) for r in rows], results.timing)
    for row, (parsed, entities) in zip(rows, runs, strict=True):
        gold = {normalise_person(str(p)) for p in _strings(row["people"])}
        _add_people(results, "GGT dev", gold, people_sets(parsed, entities))


def _add_people(results: Results, data: str, gold: set[str], found: tuple[set[str], set[str]]) -> None:
    """Count one document's people for ours and raw spaCy under the dataset's heading."""
    for system, predicted in zip(("ours", "spacy"), found, strict=True):
        results.people.setdefault((data, system), Score()).add(predicted, gold)


def score_conll(rows: list[dict[str, object]], results: Results, split: str) -> None:
    """Mention-level exact span and label scores per PER/LOC/ORG, and document-level people, on CoNLL."""
    runs = timed_runs([str(r["text"]) for r in rows], results.timing)
    for row, (parsed, entities) in zip(rows, runs, strict=True):
        gold_entities = row["entities"]
        assert isinstance(gold_entities, list)
        _add_people(results, f"CoNLL {split}", conll_people(gold_entities), people_sets(parsed, entities))
        for label in CONLL_LABELS:
            gold = {(g["start"], g["end"]) for g in gold_entities if g["label"] == label}
            ours, raw = conll_sets(parsed, entities, label)
            results.conll.setdefault((f"{split} ours", label), Score()).add(ours, gold)
            results.conll.setdefault((f"{split} spacy", label), Score()).add(raw, gold)


def _strings(value: object) -> Iterable[str]:
    """A gold list field as strings."""
    return [str(v) for v in value] if isinstance(value, list) else []


def _line(name: str, score: Score) -> str:
    """One aligned table row: P, R, F1 and the counts behind them."""
    p, r, f = score.prf()
    return f"  {name:<22} P {p:5.1f}  R {r:5.1f}  F1 {f:5.1f}   ({score.hits}/{score.predicted}/{score.gold})"


def report(results: Results) -> None:
    """Print the people table, the CoNLL table (splits side by side) and the timing share."""
    print("People, document level (canonical names)                      hits/predicted/gold")
    for (data, system), score in results.people.items():
        name = "ours (canonical)" if system == "ours" else "raw spaCy PERSON"
        print(_line(f"{data:10} {name}", score))
    print("CoNLL-2003, exact span + label")
    for label in CONLL_LABELS:
        for (system, each), score in results.conll.items():
            if each == label:
                print(_line(f"{label} {system}", score))
    t = results.timing
    print(
        f"Stage time (with the name trims and relabelling after the parse): {t.stage_s:.2f}s ="
        f" {t.share():.1f}% of spaCy's parse time ({t.parse_s:.2f}s)"
    )


def main(eval_dir: Path, limit: int | None = None, split: str = "dev") -> int:
    """Print people and CoNLL figures for ours and raw spaCy per split; skip when the gold data is absent."""
    if not eval_dir.is_dir():
        print(f"entities eval skipped: no gold data at {eval_dir}")
        return 0
    results = Results()
    for name in splits_of(split):
        if name == "dev" and (eval_dir / PEOPLE_FILE).is_file():
            score_people(read_jsonl(eval_dir / PEOPLE_FILE, limit), results)
        if (eval_dir / CONLL_FILES[name]).is_file():
            score_conll(read_jsonl(eval_dir / CONLL_FILES[name], limit), results, name)
    report(results)
    return 0


if __name__ == "__main__":
    cli = argparse.ArgumentParser(description=__doc__)
    cli.add_argument("--limit", type=int, default=None, help="only the first N examples of each file")
    cli.add_argument("--eval-dir", type=Path, default=None, help="gold data folder (default ../shared/eval)")
    cli.add_argument("--split", choices=SPLITS, default="dev", help="train, dev or all (both)")
    args = cli.parse_args()
    raise SystemExit(main(args.eval_dir or default_eval_dir(), args.limit, args.split))
