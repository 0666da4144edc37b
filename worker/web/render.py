"""Article text to HTML with nested marks for every span: quotes, cues, speakers, entities, summary.

Spans may overlap without nesting (a summary sentence ending inside a quote); HTML elements may not.
At every span boundary the stack of open elements is compared with the spans covering the next piece of
text, ordered outermost first; elements past the common prefix are closed and the rest (re)opened, so a
span crossing another is split into fragments carrying the same attributes. Offsets are Python `str`
indices (code points), exactly as the result defines them. Every piece of text and every attribute value
is escaped. Hand-written because displaCy-style renderers handle one layer of non-overlapping spans only.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from markupsafe import Markup, escape


@dataclass(frozen=True)
class Mark:
    """One span to mark up: offsets, a layer deciding the nesting of equal spans, the element to use."""

    start: int
    end: int
    layer: int  # on equal offsets a lower layer is the outer element
    classes: str
    attrs: tuple[tuple[str, str], ...] = ()
    tag: str = "span"


def _order(mark: Mark) -> tuple[int, int, int]:
    """Outermost first: earlier start, then later end, then lower layer."""
    return (mark.start, -mark.end, mark.layer)


def open_tag(mark: Mark, first: bool, last: bool) -> str:
    """The opening tag of one fragment of a mark; `first` / `last` say if it begins / ends the span."""
    head, tail = _tag_parts(mark)
    return head + (" first" if first else "") + (" last" if last else "") + tail


def _tag_parts(mark: Mark) -> tuple[str, str]:
    """An opening tag split where the `first` / `last` classes go."""
    return _cached_tag_parts(mark.tag, mark.classes, mark.attrs)


@lru_cache(maxsize=4096)
def _cached_tag_parts(tag: str, classes: str, attrs: tuple[tuple[str, str], ...]) -> tuple[str, str]:
    """The escaped parts of an opening tag, once per distinct element (every mention of an entity)."""
    rest = "".join(f' {name}="{escape(value)}"' for name, value in attrs)
    return f'<{tag} class="{escape(classes)}', f'"{rest}>'


def usable(marks: Iterable[Mark], length: int) -> list[Mark]:
    """Marks clipped to the text; empty or inverted spans dropped (they cover no text to mark)."""
    clipped = (Mark(max(m.start, 0), min(m.end, length), m.layer, m.classes, m.attrs, m.tag) for m in marks)
    return sorted((m for m in clipped if m.start < m.end), key=_order)


def render_marked(text: str, marks: Iterable[Mark]) -> Markup:
    """The text, escaped, with every mark as an element, correctly nested."""
    spans = usable(marks, len(text))
    rank = {id(mark): n for n, mark in enumerate(spans)}  # position in outermost-first order
    parts = {id(mark): _tag_parts(mark) for mark in spans}
    starting: dict[int, list[Mark]] = defaultdict(list)
    for mark in spans:
        starting[mark.start].append(mark)
    points = sorted({0, len(text)} | {m.start for m in spans} | {m.end for m in spans})
    out: list[str] = []
    stack: list[tuple[Mark, int, bool]] = []  # open elements, outermost first: mark, tag's place, first?
    active: list[Mark] = []
    for point, following in zip(points, [*points[1:], None], strict=True):
        active = [m for m in active if m.end > point] + starting[point]
        active.sort(key=lambda m: rank[id(m)])
        keep = 0
        while keep < min(len(stack), len(active)) and stack[keep][0] is active[keep]:
            keep += 1
        for mark, place, first in reversed(stack[keep:]):
            out.append(f"</{mark.tag}>")
            if point == mark.end:  # this fragment ends the span: mark its opening tag `last`
                head, tail = parts[id(mark)]
                out[place] = head + (" first last" if first else " last") + tail
        del stack[keep:]
        for mark in active[keep:]:
            stack.append((mark, len(out), point == mark.start))
            head, tail = parts[id(mark)]
            out.append(head + (" first" if point == mark.start else "") + tail)
        if following is not None:
            out.append(escape(text[point:following]))
    return Markup("".join(out))
