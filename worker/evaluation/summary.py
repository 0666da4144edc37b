"""Summary evaluation: ROUGE against Lead-3 on CNN/DailyMail and BBC, each and pooled, with the spread."""

from __future__ import annotations

import argparse
import random
import statistics
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from worker.evaluation.common import default_eval_dir, read_jsonl
from worker.loader import load_nlp
from worker.models import Article, TextSpan
from worker.pipeline import parse_article
from worker.stages.base import ParsedArticle, StageOptions
from worker.stages.summary import opens_dependent, summarize
from worker.stages.text import trimmed_span

CNNDM = "cnndm_dev.jsonl"
BBC = "bbc_extractive_dev.jsonl"
ROUGE_TYPES = ("rouge1", "rouge2", "rougeLsum")
HEADERS = ("ROUGE-1", "ROUGE-2", "ROUGE-Lsum")
RESAMPLES = 2000  # paired bootstrap draws (seeded: the same figures every run)
HALVES = 1000  # random split halves, each set halved (seeded)


@dataclass
class Run:
    """Our summary and the Lead-3 baseline for one article, with parse and stage times."""

    parsed: ParsedArticle
    ours: list[TextSpan]
    lead: list[TextSpan]


@dataclass
class Timing:
    """Seconds spent parsing and in the summary stage, over every text evaluated."""

    parse_s: float = 0.0
    stage_s: float = 0.0


@dataclass
class Scored:
    """Per-article ROUGE F1 (x100: R-1, R-2, R-Lsum) of ours and of Lead-3 on one data set."""

    name: str
    ours: list[list[float]] = field(default_factory=list)
    lead: list[list[float]] = field(default_factory=list)
    dependent: int = 0

    def diffs(self, k: int) -> list[float]:
        """Per-article ours minus Lead-3 on figure `k`."""
        return [a[k] - b[k] for a, b in zip(self.ours, self.lead, strict=True)]


def runs(texts: list[str], timing: Timing, options: StageOptions | None = None) -> Iterator[Run]:
    """Parse each text like the worker, summarise it (timed) and take its first three sentences."""
    nlp = load_nlp()
    for text in texts:
        with nlp.memory_zone():
            began = time.perf_counter()
            parsed = parse_article(nlp, Article(text=text), options or StageOptions())
            timing.parse_s += time.perf_counter() - began
            began = time.perf_counter()
            ours = summarize(parsed, {}).sentences
            timing.stage_s += time.perf_counter() - began
            lead = [trimmed_span(text, s.start_char, s.end_char) for s in list(parsed.doc.sents)[:3]]
            yield Run(parsed, ours, lead)


def score_rows(name: str, rows: list[dict[str, Any]], timing: Timing) -> tuple[Scored, list[Run]]:
    """ROUGE F1 of our summary and of Lead-3 against each row's reference (lines joined by newlines)."""
    from rouge_score import rouge_scorer

    scorer = rouge_scorer.RougeScorer(list(ROUGE_TYPES), use_stemmer=True)
    scored, kept = Scored(name), []
    for row, run in zip(rows, runs([row["article"] for row in rows], timing), strict=True):
        for figures, spans in ((scored.ours, run.ours), (scored.lead, run.lead)):
            scores = scorer.score(row["reference"], "\n".join(s.text for s in spans))
            figures.append([100 * scores[r].fmeasure for r in ROUGE_TYPES])
        scored.dependent += bool(run.ours) and opens_dependent(run.ours[0].text)
        kept.append(run)
    return scored, kept


def sentence_offsets(article: str, sentences: list[str]) -> list[tuple[int, int]]:
    """Where each gold sentence lies in the article, found in order (-1, -1 when not found)."""
    found, cursor = [], 0
    for sentence in sentences:
        start = article.find(sentence.strip(), cursor)
        if start == -1:
            found.append((-1, -1))
            continue
        cursor = start + len(sentence.strip())
        found.append((start, cursor))
    return found


def gold_indices(spans: list[TextSpan], offsets: list[tuple[int, int]]) -> set[int]:
    """The gold sentence each chosen span overlaps most (spans overlapping none are left out)."""
    chosen = set()
    for span in spans:
        overlaps = [min(span.end, end) - max(span.start, start) for start, end in offsets]
        best = max(range(len(offsets)), key=lambda i: overlaps[i], default=-1)
        if best >= 0 and overlaps[best] > 0:
            chosen.add(best)
    return chosen


def selection_table(rows: list[dict[str, Any]], kept: list[Run]) -> dict[str, list[float]]:
    """Mean sentence-selection precision and recall (x100) of ours and Lead-3 on the BBC rows."""
    totals: dict[str, list[float]] = {"ours": [0.0, 0.0], "lead3": [0.0, 0.0]}
    for row, run in zip(rows, kept, strict=True):
        offsets = sentence_offsets(row["article"], row["article_sentences"])
        gold = set(row["reference_sentence_indices"])
        for name, spans in (("ours", run.ours), ("lead3", run.lead)):
            picked = gold_indices(spans, offsets)
            totals[name][0] += 100 * len(picked & gold) / max(len(spans), 1) / len(rows)
            totals[name][1] += 100 * len(picked & gold) / max(len(gold), 1) / len(rows)
    return totals


def bootstrap(diffs: list[float], resamples: int = RESAMPLES, seed: int = 0) -> tuple[float, float]:
    """A 95% paired bootstrap interval of the mean per-article difference (articles resampled)."""
    draw, n = random.Random(seed), len(diffs)
    means = sorted(sum(diffs[draw.randrange(n)] for _ in range(n)) / n for _ in range(resamples))
    return means[int(0.025 * resamples)], means[int(0.975 * resamples) - 1]


def margin_line(label: str, diffs: list[float]) -> str:
    """Mean difference, its standard error, the bootstrap interval and the wins/losses of one figure."""
    se = statistics.stdev(diffs) / len(diffs) ** 0.5 if len(diffs) > 1 else 0.0
    low, high = bootstrap(diffs)
    wins, losses = sum(d > 0 for d in diffs), sum(d < 0 for d in diffs)
    interval = f"[{low:+.2f}, {high:+.2f}]"
    return f"{label:<14}{statistics.mean(diffs):+6.2f} ± {se:.2f}  {interval}  {wins:>3} / {losses}"


def print_table(title: str, headers: tuple[str, ...], table: dict[str, list[float]]) -> None:
    """An aligned table: one row per system, one column per figure."""
    print(title)
    print(f"  {'system':<8}" + "".join(f"{h:>11}" for h in headers))
    for name, figures in table.items():
        print(f"  {name:<8}" + "".join(f"{v:>11.1f}" for v in figures))


def print_scored(scored: Scored) -> None:
    """Mean ROUGE F1 of ours and Lead-3 on one data set."""
    table = {
        name: [statistics.mean(a[k] for a in figures) for k in range(3)]
        for name, figures in (("ours", scored.ours), ("lead3", scored.lead))
    }
    print_table(f"{scored.name} ({len(scored.ours)} articles), ROUGE F1", HEADERS, table)


def print_margins(sets: list[Scored]) -> None:
    """Ours minus Lead-3 per set and pooled over every article: mean ± standard error [95% bootstrap]."""
    print("margin over Lead-3, per article: mean ± standard error [95% paired bootstrap]  wins / losses")
    pooled = Scored(f"pooled ({sum(len(s.ours) for s in sets)})")
    for s in sets:
        pooled.ours += s.ours
        pooled.lead += s.lead
    for k, header in enumerate(HEADERS):
        print(f"  {header}")
        for s in [*sets, pooled] if len(sets) > 1 else sets:
            print("    " + margin_line(s.name.split("_")[0], s.diffs(k)))


def half_margins(sets: list[Scored], draws: int = HALVES, seed: int = 0) -> list[list[float]]:
    """Ours minus Lead-3 (R-1, R-2, R-Lsum) on random halves, each set halved so both are in every half."""
    draw, margins = random.Random(seed), []
    for _ in range(draws):
        halves: tuple[list[list[float]], list[list[float]]] = ([], [])
        for s in sets:
            order = list(range(len(s.ours)))
            draw.shuffle(order)
            for rank, i in enumerate(order):
                halves[rank % 2].append([a - b for a, b in zip(s.ours[i], s.lead[i], strict=True)])
        margins += [[statistics.mean(d[k] for d in half) for k in range(3)] for half in halves if half]
    return margins


def print_halves(sets: list[Scored]) -> None:
    """How the margin holds on random halves: how many are above Lead-3 on all three figures, the worst."""
    margins = half_margins(sets)
    above = sum(all(v > 0 for v in m) for m in margins)
    worst = " / ".join(f"{min(m[k] for m in margins):+.2f}" for k in range(3))
    names = " + ".join(s.name.split("_")[0] for s in sets)
    print(f"split halves of {names}: {above} / {len(margins)} above Lead-3 on all three, worst {worst}")


def main(eval_dir: Path, limit: int | None = None) -> int:
    """Print the summary figures for the gold files found in `eval_dir`; skip cleanly when absent."""
    if not (eval_dir / CNNDM).is_file() and not (eval_dir / BBC).is_file():
        print(f"summary eval skipped: no {CNNDM} or {BBC} in {eval_dir}")
        return 0
    timing, sets = Timing(), []
    for name in (CNNDM, BBC):
        if (eval_dir / name).is_file():
            rows = read_jsonl(eval_dir / name, limit)
            scored, kept = score_rows(name, rows, timing)
            print_scored(scored)
            if name == BBC:
                table = selection_table(rows, kept)
                print_table(f"{BBC} ({len(rows)} articles), sentences", ("precision", "recall"), table)
            sets.append(scored)
    print_margins(sets)
    print_halves(sets)
    counts = ", ".join(f"{s.name.split('_')[0]} {s.dependent}/{len(s.ours)}" for s in sets)
    dependent, total = sum(s.dependent for s in sets), sum(len(s.ours) for s in sets)
    print(f"summaries opening with a dependent sentence: {dependent}/{total} ({counts})")
    share = 100 * timing.stage_s / max(timing.parse_s, 1e-9)
    print(f"summary stage time: {share:.1f}% of parse time ({timing.stage_s:.2f}s vs {timing.parse_s:.2f}s)")
    return 0


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument(
        "--eval-dir", type=Path, default=None, help="gold data folder (default ../shared/eval)"
    )
    parser.add_argument(
        "--limit", type=int, default=None, help="evaluate only the first N examples of each file"
    )
    args = parser.parse_args()
    raise SystemExit(main(args.eval_dir or default_eval_dir(), args.limit))
