"""Which reported-speech candidates are quotes: a small learned filter over the cue verb and its clause.

"X said the plan failed" is a quote; "X said to wait" or "the policy that X says works" mostly are not. A
logistic regression over the cue (lemma, tag, role, negation, auxiliaries), the speaker mention and the
clause (length, first word, order) keeps a candidate when P(quote) >= the threshold stored with it.
Trained on PolNeAR train by scripts/train_indirect_quotes.py (worker/data/indirect_quotes.json).
"""

from __future__ import annotations

import json
import math
from functools import cache
from importlib import resources

from spacy.tokens import Doc

from worker.stages.quotes.attribution import Attribution

WEIGHTS_FILE = "data/indirect_quotes.json"


def clause_features(doc: Doc, start: int, end: int, att: Attribution) -> list[str]:
    """The filter's features for reported speech at [start, end) with its cue and mention."""
    cue = doc.char_span(att.cue_start, att.cue_end, alignment_mode="expand")
    content = doc.char_span(start, end, alignment_mode="expand")
    if cue is None or content is None or not len(content):
        return ["unaligned"]
    verb, first = cue.root, content[0]
    found = [f"lemma={verb.lemma_.lower()}", f"tag={verb.tag_}", f"dep={verb.dep_}", f"first={first.lower_}"]
    found += [f"firstpos={first.pos_}", f"len={min(len(content) // 4, 8)}", f"after={start >= att.cue_end}"]
    if verb.dep_ != "ROOT":
        found.append(f"head={verb.head.lemma_.lower()}")
    found += [f"aux={c.lemma_.lower()}" for c in verb.children if c.dep_ in ("aux", "neg")]
    if att.mention is not None:
        head = att.mention.root
        found += [f"mpos={head.pos_}", f"ment={head.ent_type_}"]
        if head.pos_ == "PRON":
            found.append(f"mword={head.lower_}")
    found += ["question"] if "?" in content.text else []
    found += ["modal"] if any(t.tag_ == "MD" for t in content) else []
    return found


@cache
def model() -> tuple[dict[str, list[float]], list[float], float]:
    """The trained filter (feature weights, biases, threshold), read once per process."""
    path = resources.files("worker").joinpath(WEIGHTS_FILE)
    data = json.loads(path.read_text(encoding="utf-8"))
    return data["weights"], data["bias"], float(data["threshold"])


def quote_probability(found: list[str]) -> float:
    """P(the candidate is a quote) for its features."""
    table, bias, _ = model()
    scores = list(bias)
    for name in found:
        for k, w in enumerate(table.get(name, ())):
            scores[k] += w
    return 1 / (1 + math.exp(scores[0] - scores[1]))


def is_quote(doc: Doc, start: int, end: int, att: Attribution | None) -> bool:
    """Whether reported speech at [start, end) with this cue is kept as a quote."""
    if att is None:
        return True
    return quote_probability(clause_features(doc, start, end, att)) >= model()[2]
