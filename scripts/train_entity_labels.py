"""Train the name trims and relabelling model (worker/name_trims.py, worker/relabel.py) on CoNLL-2003 train.

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

import numpy as np

from worker.evaluation.common import default_eval_dir, parsed_articles, read_jsonl
from worker.name_trims import trim_names
from worker.relabel import CONFIDENT, NAME_LABELS, document_votes, features

CLASSES = ("PER", "ORG", "LOC", "MISC", "O")
MIN_COUNT = 2
L2 = 1e-4
STEPS = 300
SEED = 17
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


def fit(data: list[Example], vocab: dict[str, int]) -> tuple[np.ndarray, np.ndarray]:
    """Weights (features x classes) and biases of a multinomial logistic regression, by full-batch Adam."""
    rows = np.array([i for i, (f, _, _) in enumerate(data) for name in f if name in vocab])
    cols = np.array([vocab[name] for f, _, _ in data for name in f if name in vocab])
    y = np.eye(len(CLASSES))[[c for _, c, _ in data]]
    rng = np.random.default_rng(SEED)
    w = rng.normal(0, 0.01, (len(vocab), len(CLASSES)))
    b = np.zeros(len(CLASSES))
    m, v = np.zeros_like(w), np.zeros_like(w)
    for step in range(1, STEPS + 1):
        p = _softmax(_scores(w, b, rows, cols, len(data)))
        g = (p - y) / len(data)
        gw = np.zeros_like(w)
        np.add.at(gw, cols, g[rows])
        gw += L2 * w
        b -= 0.1 * g.sum(axis=0)
        m = 0.9 * m + 0.1 * gw
        v = 0.999 * v + 0.001 * gw**2
        w -= 0.1 * (m / (1 - 0.9**step)) / (np.sqrt(v / (1 - 0.999**step)) + 1e-8)
    return w, b


def _scores(w: np.ndarray, b: np.ndarray, rows: np.ndarray, cols: np.ndarray, n: int) -> np.ndarray:
    """Each example's class scores: its features' weights summed, plus the biases."""
    s = np.tile(b, (n, 1))
    np.add.at(s, rows, w[cols])
    return s


def _softmax(s: np.ndarray) -> np.ndarray:
    """Row-wise softmax."""
    e = np.exp(s - s.max(axis=1, keepdims=True))
    out: np.ndarray = e / e.sum(axis=1, keepdims=True)
    return out


def vocabulary(data: list[Example]) -> dict[str, int]:
    """Features seen at least MIN_COUNT times, indexed in a fixed order."""
    counts = Counter(name for f, _, _ in data for name in f)
    return {name: i for i, name in enumerate(sorted(n for n, c in counts.items() if c >= MIN_COUNT))}


def cross_validate(docs: list[list[Example]], folds: int) -> None:
    """Held-out accuracy by document folds, and the precision of the confident label changes."""
    right = total = changes = good_changes = 0
    for k in range(folds):
        train = [e for i, d in enumerate(docs) if i % folds != k for e in d]
        test = [e for i, d in enumerate(docs) if i % folds == k for e in d]
        vocab = vocabulary(train)
        w, b = fit(train, vocab)
        rows = np.array([i for i, (f, _, _) in enumerate(test) for name in f if name in vocab])
        cols = np.array([vocab[name] for f, _, _ in test for name in f if name in vocab])
        p = _softmax(_scores(w, b, rows, cols, len(test)))
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
    vocab = vocabulary(data)
    w, b = fit(data, vocab)
    table = {
        name: [round(float(x), 3) for x in w[i]] for name, i in vocab.items() if np.abs(w[i]).max() >= 0.01
    }
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
