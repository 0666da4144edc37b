"""`newsworker` with one extra stage that kills its own process on articles holding POISON_MARK.

A poison article in the wild is one that crashes the parser or exhausts memory; this reproduces that
deterministically so the chaos suite can prove such articles are dead-lettered instead of looping.
"""

from __future__ import annotations

import functools
import os
import signal
import sys
import time
from typing import Any

from worker import pipeline, tasks
from worker.stages.base import ParsedArticle, Stage

POISON_MARK = "POISON-PILL"
SLOW_MARK = "SLOW-ARTICLE"


def _crash_on_poison(parsed: ParsedArticle, prior: Any) -> None:
    """Die like an OOM kill when the article is poison; take a long time over a slow one."""
    if POISON_MARK in parsed.article.text:
        os.kill(os.getpid(), signal.SIGKILL)
    if SLOW_MARK in parsed.article.text:
        time.sleep(60)


POISONED = (*pipeline.STAGES, Stage(name="chaos_poison", version="1", reads=(), run=_crash_on_poison))
tasks.run_pipeline = functools.partial(pipeline.run_pipeline, stages=POISONED)  # type: ignore[assignment]

if __name__ == "__main__":
    from worker.cli import main

    sys.exit(main(sys.argv[1:]))
