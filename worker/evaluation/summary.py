"""Summary evaluation: ROUGE vs Lead-3 on CNN/DailyMail, sentence choice on BBC, dependent openers, cost."""

from __future__ import annotations

import argparse
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from worker.evaluation.common import default_eval_dir, read_jsonl
from worker.models import Article, Span
from worker.nlp import ParsedArticle, StageOptions, load_nlp, parse
from worker.stages.summary import opens_dependent, summarize
from worker.stages.text import trimmed_span

CNNDM = "cnndm_dev.jsonl"
BBC = "bbc_extractive_dev.jsonl"
ROUGE_TYPES = ("rouge1", "rouge2", "rougeLsum")


@dataclass
class Run:
    """Our summary and the Lead-3 baseline for one article, with parse and stage times."""

    parsed: ParsedArticle
    ours: list[Span]
    lead: list[Span]


@dataclass
class Timing:
    """Seconds spent parsing and in the summary stage, over every text evaluated."""

    parse_s: float = 0.0
    stage_s: float = 0.0
    opened_dependent: list[bool] = field(default_factory=list)


def runs(texts: list[str], timing: Timing, options: StageOptions | None = None) -> Iterator[Run]:
    """Parse each text like the worker, summarise it (timed) and take its first three sentences."""
    nlp = load_nlp()
    for text in texts:
        with nlp.memory_zone():
            began = time.perf_counter()
            parsed = parse(nlp, Article(text=text), options or StageOptions())
            timing.parse_s += time.perf_counter() - began
            began = time.perf_counter()
            ours = summarize(parsed, {}).sentences
            timing.stage_s += time.perf_counter() - began
            timing.opened_dependent.append(bool(ours) and opens_dependent(ours[0].text))
            lead = [trimmed_span(text, s.start_char, s.end_char) for s in list(parsed.doc.sents)[:3]]
            yield Run(parsed, ours, lead)


def rouge_table(rows: list[dict[str, Any]], timing: Timing) -> dict[str, list[float]]:
    """Mean ROUGE-1/2/Lsum F1 (x100) of our summaries and of Lead-3 over the CNN/DailyMail rows."""
    from rouge_score import rouge_scorer

    scorer = rouge_scorer.RougeScorer(list(ROUGE_TYPES), use_stemmer=True)
    totals: dict[str, list[float]] = {"ours": [0.0] * 3, "lead3": [0.0] * 3}
    texts = [row["article"] for row in rows]
    for row, run in zip(rows, runs(texts, timing), strict=True):
        for name, spans in (("ours", run.ours), ("lead3", run.lead)):
            scores = scorer.score(row["reference"], "\n".join(s.text for s in spans))
            for k, rouge in enumerate(ROUGE_TYPES):
                totals[name][k] += 100 * scores[rouge].fmeasure / len(rows)
    return totals


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


def gold_indices(spans: list[Span], offsets: list[tuple[int, int]]) -> set[int]:
    """The gold sentence each chosen span overlaps most (spans overlapping none are left out)."""
    chosen = set()
    for span in spans:
        overlaps = [min(span.end, end) - max(span.start, start) for start, end in offsets]
        best = max(range(len(offsets)), key=lambda i: overlaps[i], default=-1)
        if best >= 0 and overlaps[best] > 0:
            chosen.add(best)
    return chosen


def selection_table(rows: list[dict[str, Any]], timing: Timing) -> dict[str, list[float]]:
    """Mean sentence-selection precision and recall (x100) of ours and Lead-3 on the BBC rows."""
    totals: dict[str, list[float]] = {"ours": [0.0, 0.0], "lead3": [0.0, 0.0]}
    texts = [row["article"] for row in rows]
    for row, run in zip(rows, runs(texts, timing), strict=True):
        offsets = sentence_offsets(row["article"], row["article_sentences"])
        gold = set(row["reference_sentence_indices"])
        for name, spans in (("ours", run.ours), ("lead3", run.lead)):
            picked = gold_indices(spans, offsets)
            totals[name][0] += 100 * len(picked & gold) / max(len(spans), 1) / len(rows)
            totals[name][1] += 100 * len(picked & gold) / max(len(gold), 1) / len(rows)
    return totals


def print_table(title: str, headers: tuple[str, ...], table: dict[str, list[float]]) -> None:
    """An aligned table: one row per system, one column per figure."""
    print(title)
    print(f"  {'system':<8}" + "".join(f"{h:>11}" for h in headers))
    for name, figures in table.items():
        print(f"  {name:<8}" + "".join(f"{v:>11.1f}" for v in figures))


def main(eval_dir: Path, limit: int | None = None) -> int:
    """Print the summary figures for the gold files found in `eval_dir`; skip cleanly when absent."""
    if not (eval_dir / CNNDM).is_file() and not (eval_dir / BBC).is_file():
        print(f"summary eval skipped: no {CNNDM} or {BBC} in {eval_dir}")
        return 0
    timing = Timing()
    if (eval_dir / CNNDM).is_file():
        rows = read_jsonl(eval_dir / CNNDM, limit)
        print_table(
            f"{CNNDM} ({len(rows)} articles), F1",
            ("ROUGE-1", "ROUGE-2", "ROUGE-Lsum"),
            rouge_table(rows, timing),
        )
    if (eval_dir / BBC).is_file():
        rows = read_jsonl(eval_dir / BBC, limit)
        print_table(
            f"{BBC} ({len(rows)} articles), sentences", ("precision", "recall"), selection_table(rows, timing)
        )
    dependent = sum(timing.opened_dependent)
    print(f"summaries opening with a dependent sentence: {dependent}/{len(timing.opened_dependent)}")
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
