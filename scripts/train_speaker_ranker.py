"""Train the speaker ranker (worker/stages/quotes/ranker.py) on PolNeAR train; write its weights.

Every quote candidate the quotes stage finds in a PolNeAR train article that matches a gold attribution
(30% of its characters) with a gold source gives one group: the candidate speaker tokens near its cue, a
speaker when the token heads the gold source span. A two-class logistic regression (seeded) is fitted;
the margin by which the ranker must beat the rules' choice, and the score it needs to name a speaker the
rules left out, are picked from fixed grids to maximise the quotes whose mention overlaps the gold source.

The yardstick is that share out of fold: with --folds K (default 5) the articles are dealt into K seeded
folds, and each fold is scored by a model (and margin, fill score) fitted on the others alone.

    .venv/bin/python scripts/train_speaker_ranker.py [--eval-dir ../shared/eval] [--folds 5] [--dev]
"""

from __future__ import annotations

import argparse
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from spacy.tokens import Token

from worker.evaluation.common import default_eval_dir, parsed_articles, read_jsonl
from worker.evaluation.logistic import SEED, STEPS, fit, predict, vocabulary, weights_table
from worker.stages.quotes import find_candidates
from worker.stages.quotes.attribution import mention_phrase
from worker.stages.quotes.ranker import choices, mark_tokens, rule_choice

OUT = Path(__file__).resolve().parents[1] / "worker" / "data" / "speaker_ranker.json"
SHARE = 0.3
MARGINS = [round(0.05 * k, 2) for k in range(0, 21)]
FILLS = [round(0.1 * k, 1) for k in range(0, 11)]
NEVER = 9.0  # a margin or fill score no probability reaches: the rules alone


@dataclass(frozen=True)
class Option:
    """One candidate speaker token of one quote: its features and what the gold says of it."""

    features: list[str]
    speaker: int  # heads the gold source span (the training label)
    rule: bool  # the rules' choice
    hit: bool  # the mention it would give overlaps the gold source span (what the evaluation counts)


Group = list[Option]
# One candidate scored: probability, its mention overlaps the gold source, is the rules' choice, its kind.
Scored = tuple[float, bool, bool, str]


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


def groups(path: Path) -> list[list[Group]]:
    """Per article of one PolNeAR file, the candidate speaker groups of its matched quotes."""
    rows = read_jsonl(path)
    out: list[list[Group]] = []
    for row, parsed in zip(rows, parsed_articles([r["text"] for r in rows]), strict=True):
        marks = mark_tokens(parsed.doc)
        article: list[Group] = []
        for c in find_candidates(parsed)[1]:
            source = _gold_source(set(range(c.start, c.end)), row) if c.attribution else None
            if source is None or c.attribution is None:
                continue
            chosen = rule_choice(c.attribution, c.start, c.end, c.type)
            found = choices(parsed.doc, c.start, c.end, c.type, c.attribution, marks)
            group = []
            for ch in found:
                rule = ch.token == chosen
                mention = c.attribution.mention if rule else mention_phrase(ch.token)
                hit = mention is not None and any(
                    i in source for i in range(mention.start_char, mention.end_char)
                )
                group.append(Option(ch.features, int(_heads(ch.token, source)), rule, hit))
            article.append(group)
        out.append(article)
    return out


def picks(scored: list[list[Scored]], margin: float, fill: float) -> np.ndarray:
    """Whether each quote's kept candidate overlaps the gold source, the rules overruled by `margin`."""
    right = np.zeros(len(scored), dtype=bool)
    for n, group in enumerate(scored):
        if not group:
            continue
        rule = next((g for g in group if g[2]), None)
        best = max((g for g in group if g is rule or not _pronoun_for_name(g, rule)), key=lambda g: g[0])
        pick: Scored | None
        if rule is not None:
            pick = rule if best[0] - rule[0] < margin else best
        else:
            pick = best if best[0] >= fill else None
        right[n] = pick is not None and pick[1]
    return right


def accuracy(scored: list[list[Scored]], margin: float, fill: float) -> float:
    """The share of quotes (x100) whose kept candidate's mention overlaps the gold source."""
    return 100 * float(picks(scored, margin, fill).mean()) if scored else 0.0


def best_margin(scored: list[list[Scored]]) -> tuple[float, float]:
    """The margin and fill score (from the fixed grids) that keep the most right candidates."""
    return max(((m, f) for m in MARGINS for f in FILLS), key=lambda mf: accuracy(scored, *mf))


def _pronoun_for_name(option: Scored, rule: Scored | None) -> bool:
    """Whether an option is a pronoun that would overrule a name the rules chose (never allowed)."""
    return rule is not None and option[3].startswith("pron:") and rule[3] == "name"


def scored_groups(data: list[Group], w: Any, b: Any, vocab: dict[str, int]) -> list[list[Scored]]:
    """Each group's candidates with the model's probability."""
    flat = [o.features for g in data for o in g]
    probs = iter(float(p[1]) for p in predict(w, b, flat, vocab)) if flat else iter(())
    return [[(next(probs), o.hit, o.rule, _kind_of(o.features)) for o in g] for g in data]


def _kind_of(found: list[str]) -> str:
    """The candidate's kind from its features ("name", "pron:he", "role", "body")."""
    return next((x[5:] for x in found if x.startswith("kind=")), "")


def train(data: list[Group]) -> tuple[Any, Any, dict[str, int], float, float]:
    """Fit the model on some groups, then pick its margin and fill score on the same groups."""
    flat = [o.features for g in data for o in g]
    labels = [o.speaker for g in data for o in g]
    vocab = vocabulary(flat)
    w, b = fit(flat, labels, 2, vocab)
    margin, fill = best_margin(scored_groups(data, w, b, vocab))
    return w, b, vocab, margin, fill


def folds_of(count: int, folds: int) -> list[int]:
    """Each article's fold, dealt in a seeded random order."""
    order = np.random.default_rng(SEED).permutation(count)
    fold = [0] * count
    for position, article in enumerate(order):
        fold[int(article)] = position % folds
    return fold


def cross_validate(articles: list[list[Group]], folds: int) -> None:
    """Print the out-of-fold share of quotes whose chosen mention overlaps the gold source."""
    fold = folds_of(len(articles), folds)
    rules, ranker, both = [], [], []
    for k in range(folds):
        kept = [g for a, f in zip(articles, fold, strict=True) if f != k for g in a]
        held = [g for a, f in zip(articles, fold, strict=True) if f == k for g in a]
        w, b, vocab, margin, fill = train(kept)
        scored = scored_groups(held, w, b, vocab)
        rules.append(picks(scored, NEVER, NEVER))
        ranker.append(picks(scored, 0.0, 0.0))
        both.append(picks(scored, margin, fill))
        print(f"fold {k}: {len(held)} quotes, margin {margin}, fill {fill}")
    figures = " ".join(
        f"{n} {100 * np.concatenate(x).mean():.2f}"
        for n, x in [("rules", rules), ("ranker", ranker), ("both", both)]
    )
    print(f"train {folds}-fold out of fold: quotes whose chosen mention overlaps the gold source: {figures}")


def main() -> int:
    """Build the groups, cross-validate, fit on all of train, pick the margin and fill score, write."""
    cli = argparse.ArgumentParser(description=__doc__)
    cli.add_argument("--eval-dir", type=Path, default=None)
    cli.add_argument("--folds", type=int, default=5, help="cross-validation folds by article (0: none)")
    cli.add_argument("--dev", action="store_true", help="also print the figures on PolNeAR dev")
    args = cli.parse_args()
    eval_dir = args.eval_dir or default_eval_dir()
    articles = groups(eval_dir / "polnear_train.jsonl")
    if args.folds > 1:
        cross_validate(articles, args.folds)
    data = [g for a in articles for g in a]
    w, b, vocab, margin, fill = train(data)
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
    sets = [("train (in sample)", scored_groups(data, w, b, vocab))]
    if args.dev:
        dev = [g for a in groups(eval_dir / "polnear_dev.jsonl") for g in a]
        sets.append(("dev", scored_groups(dev, w, b, vocab)))
    for name, s in sets:
        rules, ranker, both = accuracy(s, NEVER, NEVER), accuracy(s, 0.0, 0.0), accuracy(s, margin, fill)
        figures = f"rules {rules:.1f} ranker {ranker:.1f} both {both:.1f}"
        print(f"{name}: quotes whose chosen mention overlaps the gold source: {figures}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
