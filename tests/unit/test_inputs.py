"""Reading articles from files, JSON and stdin, with a clear error for each bad input."""

import json
from pathlib import Path

import pytest

from worker.errors import InvalidArticleError
from worker.inputs import guess_id, read_inputs, to_article


def _errors(paths: list[str]) -> list[str]:
    return [str(loaded.error) for loaded in read_inputs(paths, 1000) if loaded.error]


def test_txt_file_gives_text_title_and_id_from_stem(tmp_path: Path) -> None:
    """The whole file is the text, its first non-empty line the title, the stem the id."""
    path = tmp_path / "story-1.txt"
    path.write_text("\n  Headline here \nBody text.\n", encoding="utf-8")
    (loaded,) = read_inputs([str(path)], 1000)
    assert loaded.article is not None
    assert (loaded.article.id, loaded.article.title, loaded.article.text) == (
        "story-1",
        "Headline here",
        "\n  Headline here \nBody text.\n",
    )


def test_directory_is_read_recursively_in_order(tmp_path: Path) -> None:
    """A directory yields its .txt/.json/.jsonl files, sorted, including subfolders."""
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "two.txt").write_text("Two.", encoding="utf-8")
    (tmp_path / "one.json").write_text(json.dumps({"id": "one", "text": "One."}), encoding="utf-8")
    (tmp_path / "notes.md").write_text("ignored", encoding="utf-8")
    ids = [loaded.article.id for loaded in read_inputs([str(tmp_path)], 1000) if loaded.article]
    assert ids == ["two", "one"]


def test_jsonl_bad_lines_are_reported_and_the_rest_read(tmp_path: Path) -> None:
    """Invalid JSON, a non-object, missing text and wrong types each give one error; good lines pass."""
    path = tmp_path / "batch.jsonl"
    path.write_text(
        '{"id": "ok", "text": "Fine."}\nnot json\n[1, 2]\n{"id": "m"}\n{"id": "t", "text": 3}\n{"id": "e", "text": " "}\n',
        encoding="utf-8",
    )
    loaded = list(read_inputs([str(path)], 1000))
    assert [item.article.id for item in loaded if item.article] == ["ok"]
    errors = [str(item.error) for item in loaded if item.error]
    assert errors[0].endswith("invalid JSON: Expecting value at column 1")
    assert errors[1:] == [
        f"article {guess_id([1, 2])}: expected a JSON object, got list",
        "article m: text: Field required",
        "article t: text: Input should be a valid string",
        "article e: text: article text is empty or whitespace",
    ]
    assert [item.origin for item in loaded] == [f"{path}:{n}" for n in range(1, 7)]


def test_non_utf8_file_is_an_error_naming_the_file(tmp_path: Path) -> None:
    """A Latin-1 file is refused with the byte position, not decoded wrongly."""
    path = tmp_path / "latin.txt"
    path.write_bytes("Caf\xe9 society.".encode("latin-1"))
    assert _errors([str(path)]) == ["article latin: file is not UTF-8 (invalid continuation byte at byte 3)"]


def test_text_over_the_limit_is_an_error(tmp_path: Path) -> None:
    """The MAX_TEXT_CHARS limit applies when reading."""
    path = tmp_path / "long.txt"
    path.write_text("x" * 1001, encoding="utf-8")
    assert _errors([str(path)]) == [
        "article long: text: article text has 1001 characters, over the limit of 1000"
    ]


def test_missing_path_is_an_error(tmp_path: Path) -> None:
    """A path that does not exist is reported, not raised."""
    assert _errors([str(tmp_path / "nope.txt")]) == [f"article nope: no such file: {tmp_path / 'nope.txt'}"]


def test_to_article_names_a_payload_without_id_by_its_text_hash() -> None:
    """An invalid payload with text but no usable id is named by the text's hash."""
    with pytest.raises(InvalidArticleError) as info:
        to_article({"text": "Real words.", "title": 5}, 1000)
    assert info.value.article_id == guess_id({"text": "Real words."})
    assert str(info.value).endswith("title: Input should be a valid string")
