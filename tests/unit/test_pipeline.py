"""The pipeline over the seed article, and `newsworker process` output against the published schema."""

import json
import warnings
from pathlib import Path

import jsonschema
import pytest
from spacy.language import Language

from tests.conftest import EVAL_DIR, SEED
from worker.cli import main
from worker.models import DEFAULT_ENTITY_LABELS, Article, ArticleResult
from worker.nlp import NEWLINE_SENTENCES, STEPS
from worker.pipeline import pipeline_version, run_pipeline
from worker.schemas import SCHEMA_DIR
from worker.stages.base import StageOptions


@pytest.fixture(scope="module")
def seed_result(nlp: Language, seed_text: str) -> ArticleResult:
    """The seed article run through every stage."""
    article = Article(id=SEED.stem, text=seed_text, title=seed_text.strip().splitlines()[0])
    return run_pipeline(nlp, article, StageOptions(entity_labels=DEFAULT_ENTITY_LABELS)).result


def _spans(result: ArticleResult) -> list[tuple[str, int, int]]:
    spans = [(s.text, s.start, s.end) for s in (result.summary.sentences if result.summary else [])]
    for entity in result.entities:
        spans += [(m.text, m.start, m.end) for m in entity.mentions]
    for quote in result.quotes:
        spans.append((quote.text, quote.start, quote.end))
        spans += [(s.text, s.start, s.end) for s in (quote.speaker_span, quote.cue) if s is not None]
    return spans


def test_every_offset_indexes_the_text_exactly(seed_result: ArticleResult, seed_text: str) -> None:
    """Offsets are Python str indices into the text as given: text[start:end] is the span's text."""
    assert all(seed_text[start:end] == text for text, start, end in _spans(seed_result))


def test_seed_names_wang_yi_as_a_person(seed_result: ArticleResult) -> None:
    """The seed's main speaker comes out as one PERSON entity."""
    assert ("Wang Yi", "PERSON") in {(e.name, e.label) for e in seed_result.entities}


def test_seed_finds_at_least_six_gold_quotes(seed_result: ArticleResult) -> None:
    """At least 6 of the 8 hand-made gold quotes are found: a direct one exactly, a mixed fragment inside a
    mixed quote (its reported clause)."""
    gold_path = EVAL_DIR / "seed_gold.json"
    if not gold_path.exists():
        pytest.skip("../shared/eval is absent")
    gold = json.loads(gold_path.read_text(encoding="utf-8"))["quotes"]
    found = [(q.start, q.end, q.type) for q in seed_result.quotes]
    exact = sum((g["start"], g["end"], g["type"]) in found for g in gold if g["type"] == "direct")
    inside = sum(
        any(t == "mixed" and s <= g["start"] and g["end"] <= e for s, e, t in found)
        for g in gold
        if g["type"] == "mixed"
    )
    assert exact + inside >= 6


def test_pipeline_version_names_every_stage(seed_result: ArticleResult) -> None:
    """The version stored with a result says which stage versions made it."""
    assert seed_result.pipeline_version == pipeline_version()
    assert pipeline_version().split("/")[1].split(",")[0].startswith("summary.")


def test_process_prints_one_schema_valid_line(capsys: pytest.CaptureFixture[str]) -> None:
    """`newsworker process seeds/*.txt` prints one result line that validates against the schema."""
    assert main(["process", str(SEED)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 1
    schema = json.loads((SCHEMA_DIR / "result.schema.json").read_text(encoding="utf-8"))
    jsonschema.validate(json.loads(lines[0]), schema)
    assert json.loads(lines[0])["status"] == "done"


def test_process_reports_bad_inputs_and_goes_on(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A bad file is reported on stderr, the good one is processed, and the exit status is 1."""
    (tmp_path / "a_empty.txt").write_text("   \n", encoding="utf-8")
    (tmp_path / "b_good.txt").write_text("Anna Smith said the plan works.\n", encoding="utf-8")
    assert main(["process", str(tmp_path)]) == 1
    captured = capsys.readouterr()
    statuses = [json.loads(line)["status"] for line in captured.out.splitlines()]
    assert statuses == ["failed", "done"]
    assert (
        captured.err
        == f"error: {tmp_path / 'a_empty.txt'}: article a_empty: text: article text is empty or whitespace\n"
    )


def test_long_article_is_parsed_in_chunks_with_exact_offsets(nlp: Language) -> None:
    """Past CHUNK_CHARS the text is parsed in pieces cut at line breaks, and joined back exactly."""
    from tests.corpus import articles
    from worker.nlp import CHUNK_CHARS, chunks
    from worker.pipeline import parse_article
    from worker.stages.entities.name_spans import recognised

    text = "".join(a["text"] for a in articles(60, seed=5))
    assert len(text) > 2 * CHUNK_CHARS
    pieces = chunks(text)
    assert "".join(pieces) == text and all(p.endswith("\n") for p in pieces[:-1])
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # joining chunks keeps their user data without spaCy's W102
        parsed = parse_article(nlp, Article(text=text), StageOptions(entity_labels=DEFAULT_ENTITY_LABELS))
    assert parsed.doc.text == text
    assert all(text[e.start_char : e.end_char] == e.text for e in parsed.doc.ents)
    assert {t.i for t in parsed.doc if t.is_sent_start} >= {
        parsed.doc.char_span(len(pieces[0]), len(pieces[0]) + 1, alignment_mode="expand")[0].i
    }
    raw = recognised(parsed.doc)  # the recogniser's own entities survive the join, offsets shifted
    assert raw[-1][1] > len(pieces[0]) and all(text[s:e].strip() for s, e, _ in raw)


@pytest.mark.parametrize(
    "text",
    [
        "Harbour Plan Approved\nThe council met on Monday. It voted.\n\nMayor Ana Silva spoke",
        "\nA leading break\r\nthen a Windows one \n and a spaced one\n \nand a split run.\n",
        "No break at all in this one.",
        "Trailing break\n",
    ],
)
def test_a_sentence_starts_after_every_line_break(nlp: Language, text: str) -> None:
    """The token after a line break (in a token, or alone as a space token) starts a sentence, as the
    token-by-token definition says: the previous token's text or trailing space holds a break."""
    doc = STEPS[NEWLINE_SENTENCES](nlp.make_doc(text))
    expected = [t.i for t in doc[1:] if "\n" in doc[t.i - 1].text or "\n" in doc[t.i - 1].whitespace_]
    assert [t.i for t in doc[1:] if t.is_sent_start] == expected
