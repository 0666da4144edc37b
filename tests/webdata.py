"""Stored articles for the web tests: a result built from spans found in a text, committed to a Store."""

from __future__ import annotations

from worker.models import Article, ArticleResult, Entity, ErrorInfo, Quote, Summary, TextSpan
from worker.store import Store

TEXT = (
    "<script>alert('text')</script> Chinese Foreign Minister Wang Yi met Vladimir Putin in Moscow.\n"
    "“Our ties threaten no one,” Wang Yi said. Putin said Moscow and Beijing would keep talking.\n"
    "😀 “Nothing changes,” a spokesman added."
)
TITLE = "<script>alert('title')</script> Wang Yi in Moscow"


def span(text: str, part: str, nth: int = 0) -> TextSpan:
    """The nth occurrence of `part` in `text` as a TextSpan (code-point offsets)."""
    start = -1
    for _ in range(nth + 1):
        start = text.index(part, start + 1)
    return TextSpan(text=part, start=start, end=start + len(part))


def quote(said: TextSpan, kind: str, speaker: str | None, who: TextSpan | None, cue: TextSpan) -> Quote:
    """A quote of `said` by `speaker`, with its speaker mention `who` and its cue."""
    return Quote(
        text=said.text, start=said.start, end=said.end, type=kind,  # type: ignore[arg-type]
        speaker=speaker, speaker_label="PERSON" if speaker else None, speaker_span=who, cue=cue,
    )  # fmt: skip


def sample_result(article_id: str, text: str = TEXT, title: str | None = TITLE) -> ArticleResult:
    """A done result over TEXT-like text: entities, three quotes by two speakers and one unresolved."""
    entities = [
        Entity(name="Wang Yi", label="PERSON", count=2, salience=0.9, mentions=[span(text, "Wang Yi", i) for i in (0, 1)]),
        Entity(name="Vladimir Putin", label="PERSON", count=2, salience=0.8, mentions=[span(text, "Vladimir Putin"), span(text, "Putin", 1)]),
        Entity(name="Moscow", label="GPE", count=2, salience=0.5, mentions=[span(text, "Moscow", i) for i in (0, 1)]),
    ]  # fmt: skip
    quotes = [
        quote(span(text, "“Our ties threaten no one,”"), "direct", "Wang Yi", span(text, "Wang Yi", 1), span(text, "said")),
        quote(span(text, "Moscow and Beijing would keep talking"), "indirect", "Vladimir Putin", span(text, "Putin", 1), span(text, "said", 1)),
        quote(span(text, "“Nothing changes,”"), "direct", None, None, span(text, "added")),
    ]  # fmt: skip
    first = text.index("Chinese")
    summary = Summary(
        text=text[first : text.index("\n")], sentences=[TextSpan(text="", start=first, end=text.index("\n"))]
    )
    return ArticleResult(
        id=article_id, title=title, status="done", pipeline_version="1/test.1",
        summary=summary, entities=entities, quotes=quotes,
    )  # fmt: skip


def store_done(store: Store, article_id: str, text: str = TEXT, title: str | None = TITLE) -> ArticleResult:
    """Queue, start and commit a sample article, as a worker would."""
    article = Article(id=article_id, text=text, title=title)
    store.mark_queued(article)
    store.mark_processing(article)
    result = sample_result(article_id, text, title)
    store.save_result(result)
    return result


def store_failed(store: Store, article_id: str, message: str) -> None:
    """Queue, start and fail an article."""
    article = Article(id=article_id, text="Some text that failed.", title="Failed one")
    store.mark_queued(article)
    store.mark_processing(article)
    error = ErrorInfo(type="InvalidArticle", message=message)
    store.save_result(
        ArticleResult(
            id=article_id, title="Failed one", status="failed", pipeline_version="1/test.1", error=error
        )
    )
