"""Printing the benchmark: a table of passes, latency and stage figures, and each target with PASS/FAIL."""

from __future__ import annotations

import statistics
from dataclasses import dataclass

from benchmarks.inprocess import Pass

STAGES = ("summary", "entities", "quotes")


@dataclass(frozen=True)
class Target:
    """A goal stated as a ratio, its measured value and whether it is met."""

    name: str
    measured: float
    limit: float
    at_most: bool = False

    @property
    def passed(self) -> bool:
        """Whether the measured value is on the right side of the limit."""
        return self.measured <= self.limit if self.at_most else self.measured >= self.limit

    def line(self) -> str:
        """One printable line: the goal, the value, PASS or FAIL."""
        goal = f"{'<=' if self.at_most else '>='} {self.limit:g}"
        return f"{'PASS' if self.passed else 'FAIL'}  {self.name:<58} {self.measured:8.3f}  (target {goal})"


def table(passes: list[Pass], raw: dict[int, Pass]) -> str:
    """The throughput table, each row with its ratio to raw nlp.pipe at the same process count."""
    head = (
        f"{'pass':<40} {'procs':>5} {'articles':>8} {'seconds':>8} {'art/s':>6} {'words/s':>8}"
        f" {'x raw':>6} {'words/cpu-s':>11} {'x raw':>6} {'others':>6}"
    )
    rows = [head, "-" * len(head)]
    for p in passes:
        limit = raw.get(p.processes)
        ratio = f"{p.words_per_s / limit.words_per_s:6.2f}" if limit else "     -"
        cpu_ratio = f"{p.words_per_cpu_s / limit.words_per_cpu_s:6.2f}" if limit else "     -"
        rows.append(
            f"{p.name:<40} {p.processes:>5} {p.articles:>8} {p.seconds:8.2f} {p.articles_per_s:6.2f}"
            f" {p.words_per_s:8.0f} {ratio} {p.words_per_cpu_s:11.0f} {cpu_ratio} {p.other_cores:6.2f}"
        )
    return "\n".join(rows)


def percentile(values: list[float], share: float) -> float:
    """The `share` quantile (0-1) of the values, interpolated."""
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[round(share * 100) - 1]


def stage_shares(durations: list[dict[str, float]]) -> dict[str, float]:
    """Each stage's total time as a share of the total parse time; `all` for the three together."""
    parse = sum(d["parse"] for d in durations)
    shares = {s: sum(d.get(s, 0.0) for d in durations) / parse for s in STAGES}
    return shares | {"all": sum(shares.values())}


def stage_lines(durations: list[dict[str, float]]) -> str:
    """Per-stage milliseconds per article and share of parse time."""
    shares = stage_shares(durations)
    count = len(durations)
    lines = [f"parse      {sum(d['parse'] for d in durations) / count:8.1f} ms/article   (1.000 of parse)"]
    for stage in STAGES:
        ms = sum(d.get(stage, 0.0) for d in durations) / count
        lines.append(f"{stage:<10} {ms:8.1f} ms/article   ({shares[stage]:.3f} of parse)")
    lines.append(f"{'all three':<10} {'':8}               ({shares['all']:.3f} of parse)")
    return "\n".join(lines)


def latency_lines(latencies: list[float], runs: list[dict[str, float]]) -> str:
    """p50/p95/p99 of enqueue-to-done next to the same articles' parse and in-process pipeline times."""
    parses = [r["parse"] for r in runs]
    pipelines = [sum(r.values()) for r in runs]
    rows = (
        ("enqueue->done ms", latencies),
        ("parse ms (here)", parses),
        ("run_pipeline ms (here)", pipelines),
        ("latency / parse", [a / b for a, b in zip(latencies, parses, strict=True)]),
        ("latency - pipeline ms", [a - b for a, b in zip(latencies, pipelines, strict=True)]),
    )
    lines = [f"{'':<24} {'p50':>8} {'p95':>8} {'p99':>8}"]
    for name, values in rows:
        lines.append(f"{name:<24} " + " ".join(f"{percentile(values, q):8.2f}" for q in (0.50, 0.95, 0.99)))
    return "\n".join(lines)
