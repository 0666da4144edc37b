"""Train the name trims and relabelling model (stages/entities/name_trims.py, relabel.py) on CoNLL-2003 train.

First the leading words that gold names leave out are counted (worker/data/name_leads.json); then, on the
trimmed names, the relabelling model is fitted (worker/data/entity_labels.json).

Every name spaCy finds in a CoNLL train document becomes one example: its features (relabel.features)
and the gold label of the gold entity with the same span, else of one sharing its start or end, else O.
A multinomial logistic regression (L2, full-batch Adam, fixed seed and iteration count) is fitted in
numpy; rare features are dropped and weights rounded so the file stays small. With --folds K it first
reports K-fold held-out accuracy and how often a confident change of label is right.

    .venv/bin/python scripts/train_entity_labels.py [--eval-dir ../shared/eval] [--folds 5]
"""

from __future__ import annotations

import argparse
import json
from collections import Counter
from pathlib import Path
from typing import Any

from worker.evaluation.common import default_eval_dir, parsed_articles, read_jsonl
from worker.evaluation.logistic import SEED, STEPS, fit, predict, vocabulary, weights_table
from worker.stages.entities.name_trims import trim_names
from worker.stages.entities.relabel import CONFIDENT, NAME_LABELS, document_votes, features

CLASSES = ("PER", "ORG", "LOC", "MISC", "O")
OUT = Path(__file__).resolve().parents[1] / "worker" / "data" / "entity_labels.json"
LEADS_OUT = OUT.with_name("name_leads.json")
LEAD_COUNT = 3
LEAD_SHARE = 0.6
Example = tuple[list[str], int, str]  # features, gold class index, spaCy's label


def gold_class(start: int, end: int, gold: list[dict[str, Any]]) -> int:
    """The class of the gold entity at this span, else one sharing its start or end, else O."""
    for test in (
        lambda g: (g["start"], g["end"]) == (start, end),
        lambda g: g["start"] == start or g["end"] == end,
    ):
        for g in gold:
            if test(g):
                return CLASSES.index(g["label"])
    return CLASSES.index("O")


def leading_words(rows: list[dict[str, Any]]) -> list[str]:
    """First words of recognised names that gold leaves out (the gold name starts at the next word) at
    least LEAD_COUNT times and in at least LEAD_SHARE of the names they start."""
    cut: Counter[str] = Counter()
    kept: Counter[str] = Counter()
    for row, parsed in zip(rows, parsed_articles([r["text"] for r in rows], relabelled=False), strict=True):
        gold = [(g["start"], g["end"]) for g in row["entities"]]
        for ent in parsed.doc.ents:
            if len(ent) > 1 and ent[0].is_alpha and ent[0].tag_ != "DT":  # articles stay (name_trims)
                word, first_end = ent[0].lower_, ent[0].idx + len(ent[0])
                kept[word] += any(s == ent.start_char and e > first_end for s, e in gold)
                cut[word] += any(s == ent[1].idx for s, _ in gold)
    return sorted(w for w, n in cut.items() if n >= LEAD_COUNT and n >= LEAD_SHARE * (n + kept[w]))


def examples(rows: list[dict[str, Any]], leads: frozenset[str]) -> list[list[Example]]:
    """Every recognised name of every CoNLL train document, trimmed, grouped by document."""
    docs: list[list[Example]] = []
    for row, parsed in zip(rows, parsed_articles([r["text"] for r in rows], relabelled=False), strict=True):
        ents = trim_names(parsed.doc, leads).ents
        persons, same = document_votes(ents)
        docs.append(
            [
                (features(e, persons, same), gold_class(e.start_char, e.end_char, row["entities"]), e.label_)
                for e in ents
                if e.label_ in NAME_LABELS
            ]
        )
    return docs


def cross_validate(docs: list[list[Example]], folds: int) -> None:
    """Held-out accuracy by document folds, and the precision of the confident label changes."""
    right = total = changes = good_changes = 0
    for k in range(folds):
        train = [e for i, d in enumerate(docs) if i % folds != k for e in d]
        test = [e for i, d in enumerate(docs) if i % folds == k for e in d]
        vocab = vocabulary([f for f, _, _ in train])
        w, b = fit([f for f, _, _ in train], [c for _, c, _ in train], len(CLASSES), vocab)
        p = predict(w, b, [f for f, _, _ in test], vocab)
        for (_, gold, spacy_label), probs in zip(test, p, strict=True):
            best = int(probs.argmax())
            right, total = right + (best == gold), total + 1
            to_person = CLASSES[best] == "PER" and spacy_label != "PERSON" and probs[best] >= CONFIDENT
            changes += to_person
            good_changes += to_person and gold == 0
    print(
        f"{folds}-fold held-out accuracy {100 * right / total:.1f}% over {total} names;"
        f" confident relabels to PERSON {changes}, right {good_changes}"
    )


def main() -> int:
    """Build the examples, optionally cross-validate, fit on everything and write the weights."""
    cli = argparse.ArgumentParser(description=__doc__)
    cli.add_argument("--eval-dir", type=Path, default=None)
    cli.add_argument("--folds", type=int, default=0)
    args = cli.parse_args()
    rows = read_jsonl((args.eval_dir or default_eval_dir()) / "conll2003_train.jsonl")
    leads = leading_words(rows)
    LEADS_OUT.write_text(json.dumps({"leading_words": leads}, indent=0) + "\n", encoding="utf-8")
    print(f"wrote {LEADS_OUT} ({len(leads)} leading words)")
    docs = examples(rows, frozenset(leads))
    if args.folds:
        cross_validate(docs, args.folds)
    data = [e for d in docs for e in d]
    vocab = vocabulary([f for f, _, _ in data])
    w, b = fit([f for f, _, _ in data], [c for _, c, _ in data], len(CLASSES), vocab)
    table = weights_table(w, vocab)
    model = {
        "classes": CLASSES,
        "bias": [round(float(x), 3) for x in b],
        "weights": table,
        "trained_on": "conll2003_train.jsonl",
        "examples": len(data),
        "seed": SEED,
        "steps": STEPS,
    }
    OUT.write_text(json.dumps(model, separators=(",", ":"), sort_keys=True) + "\n", encoding="utf-8")
    print(f"wrote {OUT} ({len(table)} features, {OUT.stat().st_size // 1024} KiB) from {len(data)} names")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
