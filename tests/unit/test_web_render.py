"""TextSpan-to-HTML rendering: nesting, escaping, code points, empty and overlapping spans."""

from __future__ import annotations

from worker.models import ArticleResult, Entity, Quote, Summary, TextSpan
from worker.web.marks import result_marks, speakers
from worker.web.render import Mark, render_marked


def test_text_without_marks_is_only_escaped() -> None:
    """Markup in the article text comes out as text, including quotes and ampersands."""
    html = render_marked("<script>alert('x')</script> & \"y\"", [])
    assert html == "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &#34;y&#34;"


def test_a_mark_wraps_exactly_its_offsets() -> None:
    """`text[start:end]` is what the element holds."""
    html = render_marked("Wang Yi said so.", [Mark(0, 7, 0, "ent")])
    assert html == '<span class="ent first last">Wang Yi</span> said so.'


def test_offsets_count_code_points_not_utf16_units() -> None:
    """Astral characters (two UTF-16 units) and combining accents shift nothing: offsets are str indices."""
    text = "😀😀 Ann said e\u0301 is fine."
    html = render_marked(text, [Mark(3, 6, 0, "ent"), Mark(12, 14, 0, "acc")])  # UTF-16 would say 5, 8
    assert (
        html
        == '😀😀 <span class="ent first last">Ann</span> said <span class="acc first last">e\u0301</span> is fine.'
    )


def test_a_quote_containing_an_entity_nests_the_entity_inside() -> None:
    """A span inside another becomes a child element."""
    text = "“Moscow is calm,” he said."
    html = render_marked(text, [Mark(1, 7, 3, "ent", tag="mark"), Mark(0, 17, 1, "quote")])
    assert (
        html
        == '<span class="quote first last">“<mark class="ent first last">Moscow</mark> is calm,”</span> he said.'
    )


def test_equal_spans_nest_by_layer() -> None:
    """A speaker mention and an entity mention on the same words: the lower layer is the outer element."""
    html = render_marked("Putin said", [Mark(0, 5, 3, "ent"), Mark(0, 5, 2, "speaker")])
    assert html == '<span class="speaker first last"><span class="ent first last">Putin</span></span> said'


def test_crossing_spans_are_split_into_well_nested_fragments() -> None:
    """A sentence ending inside a quote: the quote is closed and reopened; only its ends say first/last."""
    html = render_marked("aa bb cc", [Mark(0, 5, 0, "sum"), Mark(3, 8, 1, "quote", (("data-quote", "0"),))])
    assert html == (
        '<span class="sum first last">aa <span class="quote first" data-quote="0">bb</span></span>'
        '<span class="quote last" data-quote="0"> cc</span>'
    )


def test_empty_inverted_and_outside_spans_mark_nothing() -> None:
    """Zero-length and inverted spans are dropped; spans past the text are clipped to it."""
    marks = [Mark(2, 2, 0, "empty"), Mark(3, 1, 0, "inverted"), Mark(-4, 2, 0, "a"), Mark(4, 99, 0, "b")]
    assert (
        render_marked("abcdef", marks)
        == '<span class="a first last">ab</span>cd<span class="b first last">ef</span>'
    )


def test_attribute_values_are_escaped() -> None:
    """A name with markup in a title attribute cannot break out of the attribute."""
    html = render_marked("x", [Mark(0, 1, 0, "ent", (("title", '"><script>'),))])
    assert html == '<span class="ent first last" title="&#34;&gt;&lt;script&gt;">x</span>'


def _quote(start: int, end: int, speaker: str | None, cue: TextSpan | None, said: TextSpan | None) -> Quote:
    """A direct quote by `speaker`."""
    return Quote(
        text="", start=start, end=end, type="direct", speaker=speaker, speaker_label="PERSON",
        speaker_span=said, cue=cue,
    )  # fmt: skip


def test_a_result_marks_quotes_cues_speakers_entities_and_summary() -> None:
    """Cue and speaker mention outside the quote, an entity inside, the whole in a summary sentence."""
    text = "“Moscow waits,” Ann Lee said."
    result = ArticleResult(
        id="a",
        title=None,
        status="done",
        pipeline_version="1/x",
        summary=Summary(text=text, sentences=[TextSpan(text=text, start=0, end=len(text))]),
        entities=[
            Entity(
                name="Moscow",
                label="GPE",
                count=1,
                salience=0.5,
                mentions=[TextSpan(text="Moscow", start=1, end=7)],
            )
        ],
        quotes=[
            _quote(
                0,
                15,
                "Ann Lee",
                TextSpan(text="said", start=24, end=28),
                TextSpan(text="Ann Lee", start=16, end=23),
            )
        ],
    )
    html = render_marked(text, result_marks(result))
    assert html == (
        '<span class="sum first last" title="summary sentence">'
        '<span class="quote direct spk-0 first last" data-quote="0" data-type="direct" title="direct quote: Ann Lee">'
        '“<mark class="ent first last" data-label="GPE" title="GPE: Moscow">Moscow</mark> waits,”</span> '
        '<span class="speaker spk-0 first last" title="speaker: Ann Lee">Ann Lee</span> '
        '<span class="cue first last" title="cue of: Ann Lee">said</span>.</span>'
    )


def test_a_cue_and_speaker_inside_the_quote_nest_inside_it() -> None:
    """An indirect quote spans its cue and speaker mention: both are children of the quote element."""
    text = "Ann said it rains."
    quote = _quote(0, 17, "Ann", TextSpan(text="said", start=4, end=8), TextSpan(text="Ann", start=0, end=3))
    result = ArticleResult(id="a", title=None, status="done", pipeline_version="1/x", quotes=[quote])
    html = render_marked(text, result_marks(result))
    assert html.startswith('<span class="quote direct spk-0 first last" data-quote="0"')
    assert html.endswith(
        '<span class="speaker spk-0 first last" title="speaker: Ann">Ann</span> '
        '<span class="cue first last" title="cue of: Ann">said</span> it rains</span>.'
    )


def test_each_speaker_gets_one_colour_slot_in_order_of_first_quote() -> None:
    """Slots follow the first quote of each speaker in the text; unresolved speakers share the grey class."""
    quotes = [
        _quote(20, 25, "Bo", None, None),
        _quote(0, 5, "Ann", None, None),
        _quote(30, 35, "Ann", None, None),
        _quote(40, 45, None, None, None),
    ]
    result = ArticleResult(id="a", title=None, status="done", pipeline_version="1/x", quotes=quotes)
    found = speakers(result)
    assert [(name, s.css_class) for name, s in found.items()] == [
        ("Ann", "spk-0"),
        ("Bo", "spk-1"),
        (None, "spk-none"),
    ]
    assert (found["Ann"].hue, found["Bo"].hue) == (0, 138)
