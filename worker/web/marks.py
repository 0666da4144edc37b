"""A result's spans as marks to render, and one colour per speaker."""

from __future__ import annotations

from dataclasses import dataclass

from worker.keys import name_key
from worker.models import ArticleResult, Quote
from worker.web.render import Mark

SUMMARY, QUOTE, PART, ENTITY = 0, 1, 2, 3  # layers: outermost first when two spans have the same offsets
GOLDEN_ANGLE = 137.508  # successive hues this far apart stay distinct for any number of speakers


@dataclass(frozen=True)
class Speaker:
    """A speaker of the article with its colour slot (`spk-<slot>`) and index key."""

    name: str | None
    slot: int

    @property
    def key(self) -> str:
        """The speaker index key (`/speakers/<key>`), empty for an unresolved speaker."""
        return name_key(self.name) if self.name else ""

    @property
    def css_class(self) -> str:
        """The class carrying this speaker's colour."""
        return f"spk-{self.slot}" if self.name else "spk-none"

    @property
    def hue(self) -> int:
        """The hue (degrees) of this speaker's colour."""
        return round(self.slot * GOLDEN_ANGLE) % 360


def speakers(result: ArticleResult) -> dict[str | None, Speaker]:
    """Each speaker (None: unresolved) in order of first quote in the text, with a colour slot."""
    found: dict[str | None, Speaker] = {}
    for quote in sorted(result.quotes or [], key=lambda q: q.start):
        if quote.speaker not in found:
            found[quote.speaker] = Speaker(quote.speaker, sum(1 for s in found if s is not None))
    return found


def quote_marks(number: int, quote: Quote, speaker: Speaker) -> list[Mark]:
    """A quote with its type and speaker, and its cue and speaker mention."""
    who = speaker.name or "unresolved speaker"
    marks = [
        Mark(
            quote.start,
            quote.end,
            QUOTE,
            f"quote {quote.type} {speaker.css_class}",
            (("data-quote", str(number)), ("data-type", quote.type), ("title", f"{quote.type} quote: {who}")),
        )
    ]
    if quote.cue is not None:
        marks.append(Mark(quote.cue.start, quote.cue.end, PART, "cue", (("title", f"cue of: {who}"),)))
    if quote.speaker_span is not None:
        span = quote.speaker_span
        title = (("title", f"speaker: {who}"),)
        marks.append(Mark(span.start, span.end, PART, f"speaker {speaker.css_class}", title))
    return marks


def result_marks(result: ArticleResult) -> list[Mark]:
    """Every span of a result: summary sentences, quotes (cue, speaker mention) and entity mentions."""
    marks = [
        Mark(s.start, s.end, SUMMARY, "sum", (("title", "summary sentence"),))
        for s in (result.summary.sentences if result.summary else [])
    ]
    by_speaker = speakers(result)
    for number, quote in enumerate(result.quotes or []):
        marks += quote_marks(number, quote, by_speaker[quote.speaker])
    for entity in result.entities:
        attrs = (("data-label", entity.label), ("title", f"{entity.label}: {entity.name}"))
        marks += [Mark(m.start, m.end, ENTITY, "ent", attrs, tag="mark") for m in entity.mentions]
    return marks
