"""Train the speaker ranker (worker/stages/quotes/ranker.py) on PolNeAR train; write its weights.

Every quote candidate the quotes stage finds in a PolNeAR train article that matches a gold attribution
(30% of its characters) with a gold source gives one group: the candidate speaker tokens near its cue, a
speaker when the token heads the gold source span. A two-class logistic regression (seeded) is fitted;
the margin by which the ranker must beat the rules' choice, and the score it needs to name a speaker the
rules left out, are picked from fixed grids to maximise the quotes whose chosen token is in the gold span.

    .venv/bin/python scripts/train_speaker_ranker.py [--eval-dir ../shared/eval] [--dev]
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from spacy.tokens import Token

from worker.evaluation.common import default_eval_dir, parsed_articles, read_jsonl
from worker.evaluation.logistic import SEED, STEPS, fit, predict, vocabulary, weights_table
from worker.stages.quotes import find_candidates
from worker.stages.quotes.ranker import choices, mark_tokens, rule_choice

OUT = Path(__file__).resolve().parents[1] / "worker" / "data" / "speaker_ranker.json"
SHARE = 0.3
MARGINS = [round(0.05 * k, 2) for k in range(0, 21)]
FILLS = [round(0.1 * k, 1) for k in range(0, 11)]
# One quote: per candidate token, (features, is the speaker, is the rules' choice).
Group = list[tuple[list[str], int, bool]]
# One candidate scored: probability, is the speaker, is the rules' choice, its kind (name, pron:he, ...).
Scored = tuple[float, int, bool, str]


def _gold_source(content: set[int], row: dict[str, Any]) -> set[int] | None:
    """The source characters of the gold attribution best covering a candidate's characters."""
    best: tuple[int, set[int]] | None = None
    for a in row["attributions"]:
        gold = {i for s, e in a["content"]["spans"] for i in range(s, e)}
        shared = len(gold & content)
        if gold and shared >= SHARE * len(gold) and (best is None or shared > best[0]):
            source = {i for s, e in (a.get("source") or {}).get("spans", []) for i in range(s, e)}
            best = (shared, source)
    return best[1] if best is not None and best[1] else None


def _heads(token: Token, source: set[int]) -> bool:
    """Whether a token heads the gold source span (in it, its head outside): "Doe" in "Jane Doe, a
    professor at X", not "X", so that the ranker learns the speaker, not any word of the span."""
    return token.idx in source and (token.head == token or token.head.idx not in source)


def groups(path: Path) -> list[Group]:
    """The candidate speaker groups of every matched quote in one PolNeAR file."""
    rows = read_jsonl(path)
    out: list[Group] = []
    for row, parsed in zip(rows, parsed_articles([r["text"] for r in rows]), strict=True):
        marks = mark_tokens(parsed.doc)
        for c in find_candidates(parsed)[1]:
            source = _gold_source(set(range(c.start, c.end)), row) if c.attribution else None
            if source is None or c.attribution is None:
                continue
            chosen = rule_choice(c.attribution, c.start, c.end, c.type)
            found = choices(parsed.doc, c.start, c.end, c.type, c.attribution, marks)
            out.append([(ch.features, int(_heads(ch.token, source)), ch.token == chosen) for ch in found])
    return out


def accuracy(scored: list[list[Scored]], margin: float, fill: float) -> float:
    """The share of quotes (x100) whose kept candidate is a speaker, rules overruled by `margin`."""
    right = 0
    for group in scored:
        if not group:
            continue
        rule = next((g for g in group if g[2]), None)
        best = max((g for g in group if g is rule or not _pronoun_for_name(g, rule)), key=lambda g: g[0])
        pick: Scored | None
        if rule is not None:
            pick = rule if best[0] - rule[0] < margin else best
        else:
            pick = best if best[0] >= fill else None
        right += pick is not None and pick[1] == 1
    return 100 * right / max(len(scored), 1)


def _pronoun_for_name(option: Scored, rule: Scored | None) -> bool:
    """Whether an option is a pronoun that would overrule a name the rules chose (never allowed)."""
    return rule is not None and option[3].startswith("pron:") and rule[3] == "name"


def scored_groups(data: list[Group], w: Any, b: Any, vocab: dict[str, int]) -> list[list[Scored]]:
    """Each group's candidates with the model's probability."""
    flat = [f for g in data for f, _, _ in g]
    probs = iter(float(p[1]) for p in predict(w, b, flat, vocab)) if flat else iter(())
    return [[(next(probs), y, r, _kind_of(f)) for f, y, r in g] for g in data]


def _kind_of(found: list[str]) -> str:
    """The candidate's kind from its features ("name", "pron:he", "role", "body")."""
    return next((x[5:] for x in found if x.startswith("kind=")), "")


def main() -> int:
    """Build the groups, fit, pick the margin and fill score, write the weights."""
    cli = argparse.ArgumentParser(description=__doc__)
    cli.add_argument("--eval-dir", type=Path, default=None)
    cli.add_argument("--dev", action="store_true", help="also print the figures on PolNeAR dev")
    args = cli.parse_args()
    eval_dir = args.eval_dir or default_eval_dir()
    data = groups(eval_dir / "polnear_train.jsonl")
    flat = [f for g in data for f, _, _ in g]
    labels = [y for g in data for _, y, _ in g]
    vocab = vocabulary(flat)
    w, b = fit(flat, labels, 2, vocab)
    scored = scored_groups(data, w, b, vocab)
    margin, fill = max(((m, f) for m in MARGINS for f in FILLS), key=lambda mf: accuracy(scored, *mf))
    model = {
        "bias": [round(float(x), 3) for x in b],
        "weights": weights_table(w, vocab),
        "margin": margin,
        "fill": fill,
        "trained_on": "polnear_train.jsonl",
        "quotes": len(data),
        "seed": SEED,
        "steps": STEPS,
    }
    OUT.write_text(json.dumps(model, separators=(",", ":"), sort_keys=True) + "\n", encoding="utf-8")
    print(f"wrote {OUT} ({len(vocab)} features, margin {margin}, fill {fill}) from {len(data)} quotes")
    sets = [("train", scored)]
    if args.dev:
        sets.append(("dev", scored_groups(groups(eval_dir / "polnear_dev.jsonl"), w, b, vocab)))
    for name, s in sets:
        rules, ranker, both = accuracy(s, 9.0, 9.0), accuracy(s, 0.0, 0.0), accuracy(s, margin, fill)
        figures = f"rules {rules:.1f} ranker {ranker:.1f} both {both:.1f}"
        print(f"{name}: quotes whose chosen token heads the gold source: {figures}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
