"""Check the fast attribute ruler and lemmatizer against the stock ones on every eval text, and time them.

Each text (cut as the worker cuts it) is parsed up to the parser once; one copy then goes through the stock
attribute_ruler and lemmatizer, the other through worker/fast_rules.py's (the fast lemmatizer with a stock
lemmatizer and cache of its own); every token's POS, TAG, MORPH, LEMMA and DEP must agree. The eval files
are read where they lie (../shared/eval) and skipped when absent. Timed: texts 101-200, caches warm.
Run: .venv/bin/python scripts/check_fast_ruler.py
"""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc

from worker.fast_rules import STOCK_LEMMAS, STOCK_RULES, FastAttributeRuler, FastLemmatizer
from worker.loader import load_nlp
from worker.nlp import chunks
from worker.stages.entities.name_spans import possessive_marks

EVAL = Path(__file__).resolve().parents[1] / ".." / "shared" / "eval"
FILES = ("polnear_train.jsonl", "cnndm_dev.jsonl", "conll2003_dev.jsonl")
TIMED_ARTICLES = 100


def texts() -> Iterator[str]:
    """Every text of the eval files present."""
    for name in FILES:
        path = EVAL / name
        if not path.exists():
            print(f"skipped (absent): {path}")
            continue
        for line in path.read_text(encoding="utf-8").splitlines():
            row = json.loads(line)
            yield row.get("text") or row.get("article") or ""


def token_view(doc: Doc) -> list[tuple[str, str, str, str, str]]:
    """What the rulers may set, token by token."""
    return [(t.pos_, t.tag_, str(t.morph), t.lemma_, t.dep_) for t in doc]


def until_ruler(nlp: Language, text: str) -> Doc:
    """The doc after every component before the attribute ruler."""
    doc = nlp.make_doc(text)
    for name, proc in nlp.pipeline:
        if name == STOCK_RULES:
            return doc
        doc = proc(doc)
    return doc


Step = Callable[[Doc], Doc]


def ruled(ruler: Step, lemmatizer: Step, doc: Doc) -> tuple[Doc, float, float]:
    """A copy of `doc` through `ruler` then `lemmatizer`, and the seconds each took."""
    copy = doc.copy()
    start = time.perf_counter()
    copy = ruler(copy)
    middle = time.perf_counter()
    copy = lemmatizer(copy)
    return copy, middle - start, time.perf_counter() - middle


def main() -> int:
    """Compare both rulers on every eval text; print differences and the time per article."""
    nlp = load_nlp(fast_rules=False)
    stock = nlp.get_pipe(STOCK_RULES)
    fast = FastAttributeRuler(nlp, STOCK_RULES, stock.patterns)  # type: ignore[attr-defined]
    stock_lemmas = nlp.get_pipe(STOCK_LEMMAS)
    fast_lemmas = load_nlp(fast_rules=True).get_pipe(STOCK_LEMMAS)
    assert isinstance(fast_lemmas, FastLemmatizer), "the fast pipeline kept the stock lemmatizer"
    articles = tokens = differences = 0
    times = [0.0, 0.0, 0.0, 0.0]  # stock ruler, stock lemmatizer, fast ruler, fast lemmatizer
    for text in texts():
        for piece in chunks(possessive_marks(text)):
            doc = until_ruler(nlp, piece)
            by_stock, *stock_t = ruled(stock, stock_lemmas, doc)
            by_fast, *fast_t = ruled(fast, fast_lemmas, doc)
            for i, (a, b) in enumerate(zip(token_view(by_stock), token_view(by_fast), strict=True)):
                if a != b:
                    differences += 1
                    print(f"DIFF {doc[i].text!r} in {piece[:40]!r}: stock {a} fast {b}")
            tokens += len(doc)
            if TIMED_ARTICLES <= articles < 2 * TIMED_ARTICLES:  # after the caches warmed up
                times = [total + t for total, t in zip(times, [*stock_t, *fast_t], strict=True)]
        articles += 1
    timed = min(max(articles - TIMED_ARTICLES, 0), TIMED_ARTICLES) or 1
    print(f"{articles} texts, {tokens} tokens, {differences} differences")
    ms = [1000 * t / timed for t in times]
    print(f"per article ({timed} articles, warm): attribute ruler stock {ms[0]:.2f} ms, fast {ms[2]:.2f} ms;")
    print(f"  lemmatizer stock {ms[1]:.2f} ms, fast {ms[3]:.2f} ms")
    return 1 if differences else 0


if __name__ == "__main__":
    sys.exit(main())
