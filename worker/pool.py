"""The prefork pool whose children exit at once instead of sleeping a second first.

billiard's pool child, once its loop ends (the worker stops, or the child is recycled), tells the parent it
is leaving and then sleeps one second before `os._exit`; a worker's stop waits for that exit, so an idle
worker needed ~1.7 s to stop. This child pauses EXIT_PAUSE_S instead: the parent reads the message from the
pipe whether or not the child is still there, and no article is running when a child leaves this way (a
running article is acknowledged only after it is finished in Redis). `newsworker worker --pool prefork`
(the default) runs it (worker/launch.py).
"""

from __future__ import annotations

import os
import signal
import time
from typing import Any

from billiard.common import TERM_SIGNAL
from billiard.pool import DEATH, EX_FAILURE, EX_OK
from celery.concurrency import asynpool
from celery.concurrency.prefork import TaskPool

EXIT_PAUSE_S = 0.05


class PromptChild(asynpool.Worker):  # type: ignore[misc]
    """Celery's pool child, leaving without billiard's one-second pause."""

    def _do_exit(self, pid: int, exitcode: int | None, exc: Any = None) -> None:
        """Report the exit to the parent (signals blocked while writing, as billiard does), then exit."""
        code = (EX_FAILURE if exc else EX_OK) if exitcode is None else exitcode
        if self.on_exit is not None:
            self.on_exit(pid, code)
        try:
            mask = signal.pthread_sigmask(signal.SIG_BLOCK, {TERM_SIGNAL})
            try:
                self.outq.put((DEATH, (pid, code)))
            finally:
                signal.pthread_sigmask(signal.SIG_SETMASK, mask)
            time.sleep(EXIT_PAUSE_S)
        finally:
            os._exit(code)


class PromptAsynPool(asynpool.AsynPool):  # type: ignore[misc]
    """Celery's prefork pool with the prompt child."""

    Worker = PromptChild


class PromptTaskPool(TaskPool):  # type: ignore[misc]
    """Celery's prefork task pool building the prompt pool."""

    Pool = PromptAsynPool
