"""The results of one benchmark run, the issue's targets, and the printed report."""

from __future__ import annotations

import os
from dataclasses import dataclass, field

from benchmarks import report
from benchmarks.corpus import words
from benchmarks.inprocess import Pass
from benchmarks.memory import Snapshot, growth_mb, slope_mb_per_1000
from benchmarks.report import Target
from worker.models import Article

BUSY_CORES = 0.3  # other processes' load above which a pass's wall-clock ratio moves by several points


@dataclass
class Results:
    """Everything measured in one run."""

    passes: list[Pass] = field(default_factory=list)
    raw: dict[int, Pass] = field(default_factory=dict)
    queued: dict[int, Pass] = field(default_factory=dict)
    durations: list[dict[str, float]] = field(default_factory=list)
    latencies: list[float] = field(default_factory=list)
    latency_runs: list[dict[str, float]] = field(default_factory=list)
    memory: list[Snapshot] = field(default_factory=list)
    cpu_split: dict[int, dict[str, float]] = field(default_factory=dict)
    components: dict[str, float] = field(default_factory=dict)
    failed: int = 0


def targets(results: Results) -> list[Target]:
    """The issue's targets, each as a measured ratio."""
    found = [
        Target(
            "end-to-end 2 procs / raw nlp.pipe 2 procs (words/s)",
            results.queued[2].words_per_s / results.raw[2].words_per_s,
            0.90,
        ),
        Target(
            "end-to-end 2 procs / end-to-end 1 proc (speed-up)",
            results.queued[2].words_per_s / results.queued[1].words_per_s,
            1.8,
        ),
        Target(
            "summary+entities+quotes time / parse time",
            report.stage_shares(results.durations)["all"],
            0.15,
            at_most=True,
        ),
    ]
    if results.latencies:
        ratios = [a / b["parse"] for a, b in zip(results.latencies, results.latency_runs, strict=True)]
        found.append(
            Target(
                "p50 enqueue->done / parse time, light load",
                report.percentile(ratios, 0.5),
                1.5,
                at_most=True,
            )
        )
    last = results.memory[-1]
    found.append(
        Target(
            f"largest pool child private MB after {last.articles} articles",
            max(last.children_uss_mb),
            50,
            at_most=True,
        )
    )
    if len(results.memory) > 2:
        early = results.memory[len(results.memory) // 4]
        found.append(
            Target(
                f"pool child private MB growth, {early.articles} -> {last.articles} articles",
                growth_mb(early, last),
                5,
                at_most=True,
            )
        )
    return found


def disturbed(results: Results) -> float:
    """The most cores other processes kept busy during a raw or end-to-end pass (the ratios' passes)."""
    return max(p.other_cores for p in (*results.raw.values(), *results.queued.values()))


def stability_line(results: Results, repeat: int) -> str:
    """Whether this run's wall-clock ratios can be trusted, in one line."""
    busiest = disturbed(results)
    if busiest > BUSY_CORES:
        return (
            f"UNSTABLE: other processes kept {busiest:.2f} cores busy during a timed pass: this run cannot"
            " give a stable ratio; rerun on a quiet machine (words/cpu-s ratios are less affected)"
        )
    passes = "one pass of each (--quick)" if repeat == 1 else f"the fastest of {repeat} passes of each"
    return f"stable: others <= {BUSY_CORES} cores in every timed pass; ratios from {passes} in this run"


def print_report(results: Results, corpus: list[Article], kind: str, repeat: int) -> None:
    """Everything on stdout."""
    print(
        f"corpus: {kind}, {len(corpus)} articles, {words(corpus)} words "
        f"(mean {words(corpus) / len(corpus):.0f} words/article); {os.cpu_count()} CPUs;"
        f" load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}\n"
    )
    print(report.table(results.passes, results.raw))
    print(
        "words/cpu-s: words per CPU second of our processes (worker + redis-server for end-to-end);"
        " others: cores kept busy by processes outside the benchmark during the pass"
    )
    print(stability_line(results, repeat))
    print_details(results)


def print_details(results: Results) -> None:
    """CPU split, stage and component times, latency and memory."""
    print("\nCPU ms per article by process, end-to-end (last run):")
    for concurrency, split in results.cpu_split.items():
        in_process = sum(d["parse"] for d in results.durations) / len(results.durations)
        cells = ", ".join(f"{name} {ms:.1f}" for name, ms in split.items())
        print(f"  --concurrency {concurrency}: {cells} (parse alone in process: {in_process:.1f} ms wall)")
    print("\nstage time (run_pipeline, 1 process):")
    print(report.stage_lines(results.durations))
    print("\nparse time by spaCy component (one doc at a time), ms per article:")
    total = sum(results.components.values())
    print("  " + ", ".join(f"{name} {ms:.1f} ({ms / total:.0%})" for name, ms in results.components.items()))
    if results.latencies:
        print(f"\nlatency at light load (--concurrency 2, {len(results.latencies)} articles one at a time):")
        print(report.latency_lines(results.latencies, results.latency_runs))
    print("\nmemory (--concurrency 2):")
    print("\n".join(s.line() for s in results.memory))
    print(f"slope of the largest child: {slope_mb_per_1000(results.memory[1:]):+.2f} MB per 1,000 articles")
    print(f"failed articles: {results.failed}\n")


def print_targets(results: Results) -> None:
    """Each target with its measured value and PASS/FAIL, then the CPU-based view of the first."""
    print("\n".join(t.line() for t in targets(results)))
    efficiency = results.queued[2].words_per_cpu_s / results.raw[2].words_per_cpu_s
    print(f"info  end-to-end 2 procs / raw 2 procs, words per CPU second (less load-bound): {efficiency:.3f}")
