"""One exception tree: everything this package raises on purpose.

Passing faults (Redis unreachable, a timeout) are redis-py's own errors: the tasks hand the message back on
them (worker/tasks.py TRANSIENT), so there is no TransientError of ours.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from worker.models import LanguageDetection


class NewsworkerError(Exception):
    """Base of every error this package raises on purpose."""


class PermanentError(NewsworkerError):
    """Retrying cannot help: the article is marked failed at once."""


class InvalidArticleError(PermanentError):
    """The input is not a usable article (bad JSON, missing or empty text, wrong types)."""

    def __init__(self, article_id: str, problem: str) -> None:
        super().__init__(f"article {article_id}: {problem}")
        self.article_id = article_id
        self.problem = problem


class UnsupportedLanguageError(PermanentError):
    """No pipeline is configured (or installed) for the article's language; never guessed with another."""

    def __init__(
        self, article_id: str, language: str, detail: str, detection: LanguageDetection | None = None
    ) -> None:
        super().__init__(f"article {article_id}: language {language!r} is not supported ({detail})")
        self.article_id = article_id
        self.language = language
        self.detection = detection  # the LanguageDetection, for the failed result


class ConfigurationError(NewsworkerError):
    """The settings or environment are wrong; the message says which and how to fix it."""
