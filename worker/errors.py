"""One exception tree: permanent errors are never retried, transient ones are."""


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


class TransientError(NewsworkerError):
    """A passing fault (Redis unreachable, a timeout): the article is retried."""


class ConfigurationError(NewsworkerError):
    """The settings or environment are wrong; the message says which and how to fix it."""
