"""Train the reported-speech filter (worker/stages/indirect_filter.py) on PolNeAR train; write its weights.

Every indirect candidate the quotes stage finds in a PolNeAR train article is one example, a quote when it
covers at least 30% of a gold attribution's characters (the eval's match share). A two-class logistic
regression (worker/evaluation/logistic.py, seeded) is fitted; the threshold is the one, of a fixed grid,
that maximises F2 of kept candidates on train (recall over the candidates that are quotes).

    .venv/bin/python scripts/train_indirect_quotes.py [--eval-dir ../shared/eval]
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from worker.evaluation.common import default_eval_dir, parsed_articles, read_jsonl
from worker.evaluation.logistic import SEED, STEPS, fit, predict, vocabulary, weights_table
from worker.stages.quotes.candidates import Layout, indirect_candidates
from worker.stages.quotes.indirect_filter import clause_features
from worker.stages.quotes.marks import marked_passages, paragraphs
from worker.stages.text import is_boilerplate

OUT = Path(__file__).resolve().parents[1] / "worker" / "data" / "indirect_quotes.json"
SHARE = 0.3
BETA = 2
GRID = [round(0.05 * k, 2) for k in range(1, 15)]


def examples(eval_dir: Path) -> tuple[list[list[str]], list[int]]:
    """Features and labels (1 = a quote) of every indirect candidate in PolNeAR train."""
    rows = read_jsonl(eval_dir / "polnear_train.jsonl")
    found: list[list[str]] = []
    labels: list[int] = []
    for row, parsed in zip(rows, parsed_articles([r["text"] for r in rows]), strict=True):
        text = row["text"]
        gold = [{i for s, e in a["content"]["spans"] for i in range(s, e)} for a in row["attributions"]]
        marked = [m for m in marked_passages(text) if not is_boilerplate(text, m.start)]
        layout = Layout(parsed.doc, text, list(paragraphs(text)), marked)
        for c in indirect_candidates(layout):
            if c.attribution is None:
                continue
            chars = set(range(c.start, c.end))
            labels.append(int(any(g and len(g & chars) >= SHARE * len(g) for g in gold)))
            found.append(clause_features(parsed.doc, c.start, c.end, c.attribution))
    return found, labels


def best_threshold(probs: list[float], labels: list[int]) -> float:
    """The grid threshold with the best F-beta of kept candidates against the quotes among them.

    Recall weighs BETA times precision: PolNeAR has about twice as many gold attributions as predictions,
    so a quote dropped costs the all-kinds F1 more than a wrong candidate kept.
    """
    quotes = sum(labels)

    def score(t: float) -> float:
        kept = [y for p, y in zip(probs, labels, strict=True) if p >= t]
        if not kept:
            return 0.0
        p, r = sum(kept) / len(kept), sum(kept) / quotes
        return (1 + BETA**2) * p * r / (BETA**2 * p + r)

    return max(GRID, key=score)


def main() -> int:
    """Build the examples, fit, pick the threshold and write the weights."""
    cli = argparse.ArgumentParser(description=__doc__)
    cli.add_argument("--eval-dir", type=Path, default=None)
    args = cli.parse_args()
    found, labels = examples(args.eval_dir or default_eval_dir())
    vocab = vocabulary(found)
    w, b = fit(found, labels, 2, vocab)
    probs = [float(p[1]) for p in predict(w, b, found, vocab)]
    threshold = best_threshold(probs, labels)
    model = {
        "bias": [round(float(x), 3) for x in b],
        "weights": weights_table(w, vocab),
        "threshold": threshold,
        "trained_on": "polnear_train.jsonl",
        "examples": len(found),
        "quotes": sum(labels),
        "seed": SEED,
        "steps": STEPS,
    }
    OUT.write_text(json.dumps(model, separators=(",", ":"), sort_keys=True) + "\n", encoding="utf-8")
    kept = sum(p >= threshold for p in probs)
    print(
        f"wrote {OUT} ({len(vocab)} features, threshold {threshold}) from {len(found)} candidates,"
        f" {sum(labels)} quotes; keeps {kept}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
