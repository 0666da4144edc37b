"""Check the fast attribute ruler against the stock one on every eval text, and time both.

Each text (cut as the worker cuts it) is parsed up to the parser once; one copy then goes through the stock
attribute_ruler, the other through worker/fast_rules.py, both followed by the lemmatizer; every token's POS,
TAG, MORPH, LEMMA and DEP must agree. The eval files are read where they lie (../shared/eval) and skipped when
absent. Run: .venv/bin/python scripts/check_fast_ruler.py
"""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc

from worker.fast_rules import STOCK_RULES, FastAttributeRuler
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


def ruled(nlp: Language, ruler: Callable[[Doc], Doc], doc: Doc) -> tuple[Doc, float]:
    """A copy of `doc` through `ruler` (timed, seconds) then the lemmatizer."""
    copy = doc.copy()
    start = time.perf_counter()
    copy = ruler(copy)
    elapsed = time.perf_counter() - start
    return nlp.get_pipe("lemmatizer")(copy), elapsed


def main() -> int:
    """Compare both rulers on every eval text; print differences and the time per article."""
    nlp = load_nlp(fast_rules=False)
    stock = nlp.get_pipe(STOCK_RULES)
    fast = FastAttributeRuler(nlp, STOCK_RULES, stock.patterns)  # type: ignore[attr-defined]
    articles = tokens = differences = 0
    stock_s = fast_s = 0.0
    for text in texts():
        for piece in chunks(possessive_marks(text)):
            doc = until_ruler(nlp, piece)
            (by_stock, stock_t), (by_fast, fast_t) = ruled(nlp, stock, doc), ruled(nlp, fast, doc)
            for i, (a, b) in enumerate(zip(token_view(by_stock), token_view(by_fast), strict=True)):
                if a != b:
                    differences += 1
                    print(f"DIFF {doc[i].text!r} in {piece[:40]!r}: stock {a} fast {b}")
            tokens += len(doc)
            if articles < TIMED_ARTICLES:
                stock_s, fast_s = stock_s + stock_t, fast_s + fast_t
        articles += 1
    timed = min(articles, TIMED_ARTICLES) or 1
    print(f"{articles} texts, {tokens} tokens, {differences} differences")
    stock_ms, fast_ms = 1000 * stock_s / timed, 1000 * fast_s / timed
    print(f"per article ({timed} articles): stock {stock_ms:.2f} ms, fast {fast_ms:.2f} ms")
    return 1 if differences else 0


if __name__ == "__main__":
    sys.exit(main())
