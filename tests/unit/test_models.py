"""The input article model: defaults, limits and what it refuses."""

import pytest
from pydantic import ValidationError

from worker.models import Article, text_id


def test_missing_id_is_a_stable_hash_of_the_text() -> None:
    """The same text enqueued twice is the same article."""
    assert Article(text="Hello there.").id == Article(text="Hello there.").id == text_id("Hello there.")


def test_given_id_is_kept() -> None:
    """An explicit id wins over the hash."""
    assert Article(id="a-1", text="x y").id == "a-1"


def test_unknown_fields_are_ignored() -> None:
    """Producers may send extra fields; they are dropped, not fatal."""
    article = Article.model_validate({"text": "Some text.", "author": "me", "tags": [1]})
    assert article.model_dump(exclude={"id"}) == {
        "text": "Some text.",
        "title": None,
        "url": None,
        "source": None,
        "published_at": None,
        "language": None,
    }


@pytest.mark.parametrize("text", ["", "   ", "\n\t "])
def test_blank_text_is_refused(text: str) -> None:
    """Empty or whitespace-only text is not an article."""
    with pytest.raises(ValidationError, match="empty or whitespace"):
        Article(text=text)


def test_text_over_the_limit_is_refused() -> None:
    """The limit comes from the validation context (the MAX_TEXT_CHARS setting)."""
    with pytest.raises(ValidationError, match="11 characters, over the limit of 10"):
        Article.model_validate({"text": "x" * 11}, context={"max_text_chars": 10})


def test_id_with_spaces_or_colons_is_refused() -> None:
    """Ids become part of Redis keys, so they are limited to a safe alphabet."""
    with pytest.raises(ValidationError):
        Article(id="a b:c", text="text")
