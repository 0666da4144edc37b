"""A parse step after the name-span repair: each name's label re-decided by a small learned model.

The recogniser often calls a person's full name ORG, GPE or WORK_OF_ART, and a firm or a team PERSON.
A multinomial logistic regression over the name's words, its neighbours, its place in the parse, the
given-name table and what the same document calls the same words picks PER, ORG, LOC, MISC or O (not a
name); the label changes only where the model is confident. Trained on CoNLL-2003 train by
scripts/train_entity_labels.py; the weights ship as JSON in worker/data/entity_labels.json.
Then names in lists of people become people and names listed as examples of bodies bodies; a person's name
takes in an unlabelled given name just before it, and unlabelled runs of name words that read as a person's
become people (both found by name_runs.py).
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Sequence
from functools import cache
from importlib import resources

from spacy.tokens import Doc, Span, Token

from worker.stages import names
from worker.stages.entities.name_runs import given_name_start, person_end, unlabelled_people
from worker.stages.entities.name_spans import RECOGNISED
from worker.stages.entities.name_trims import leading_words, trimmed
from worker.stages.lexicon import GIVEN_NAMES

RELABEL = "newsworker_relabel"
WEIGHTS_FILE = "data/entity_labels.json"
# The recogniser's labels this step may change, and the label each model class becomes.
NAME_LABELS = frozenset({"PERSON", "ORG", "GPE", "LOC", "FAC", "NORP", "WORK_OF_ART", "PRODUCT", "EVENT"})
LOC_LABELS = frozenset({"GPE", "LOC", "FAC"})
POSSESSIVE = re.compile(r"['’ʼ′]s?$")
CONFIDENT = 0.6  # to make a name a person's
CONFIDENT_NOT_PERSON = 0.6  # to take a person's label away: the stages already filter weak persons
# "companies including X, Y and Z", "brands such as X": the names listed are bodies.
LIST_INTRODUCERS = frozenset({"including", "like", "as"})
LISTED_BODY_WORDS = (
    "company firm brand business corporation bank retailer chain label maker manufacturer publisher "
    "airline carrier network group club team organization organisation charity agency"
)
LISTED_BODIES = frozenset(LISTED_BODY_WORDS.split())
CONFIDENT_PLACE = 0.8  # to make a person's name a place's: an unknown surname often reads as a place


def features(ent: Span, persons: frozenset[str], same: dict[str, set[str]]) -> list[str]:
    """The model's features for one entity: its words, shape, neighbours, parse role and document votes."""
    doc, words = ent.doc, [POSSESSIVE.sub("", t.lower_) or t.lower_ for t in ent]
    found = [f"lab={ent.label_}", f"len={min(len(ent), 4)}", f"fw={words[0]}", f"lw={words[-1]}"]
    if POSSESSIVE.search(ent.text) or (ent.end < len(doc) and doc[ent.end].tag_ == "POS"):
        found.append("possessive")
    found += [f"w={w}" for w in words]
    found.append(f"suf={words[-1][-3:]}")
    text = ent.text
    found.append("case=upper" if text.isupper() else "case=title" if text.istitle() else "case=mixed")
    if GIVEN_NAMES.get(words[0]) and len(ent) > 1:
        found.append("given=first")
    if names.names_a_body(text):
        found.append("body_word")
    if ent.start > 0:
        before = doc[ent.start - 1]
        found += [f"prev={before.lower_}", f"prevshape={before.shape_[:4]}"]
        if names.is_role(before.text) or names.is_title(before.text):
            found.append("prev=role")
    if ent.end < len(doc):
        found += [f"next={doc[ent.end].lower_}", f"nextlemma={doc[ent.end].lemma_.lower()}"]
    root = ent.root
    found += [f"dep={root.dep_}", f"dephead={root.dep_}:{root.head.lemma_.lower()}"]
    if words[-1] in persons:
        found.append("doc=person_word")
    found += [f"same={label}" for label in sorted(same.get(text, ())) if label != ent.label_]
    found += [f"starts={label}" for label in sorted(same.get("<" + text, ()))]
    found += [f"ends={label}" for label in sorted(same.get(">" + text, ()))]
    found += [f"within={label}" for label in sorted(same.get("<>" + text, ()))]
    return found


def document_votes(ents: Sequence[Span]) -> tuple[frozenset[str], dict[str, set[str]]]:
    """Words of the document's multi-word PERSON names; labels per surface text and per name part.

    `same` maps an entity's text to the labels the recogniser gives it elsewhere, a "<" or ">" before
    the text to the labels of longer names that start or end with it ("Acme" in "Acme Robotics"), and
    "<>" before it to the labels of shorter names it starts with.
    """
    persons = {t.lower_ for e in ents if e.label_ == "PERSON" and len(e) > 1 for t in e}
    same: dict[str, set[str]] = {}
    for ent in ents:
        same.setdefault(ent.text, set()).add(ent.label_)
        for k in range(1, len(ent)):
            same.setdefault("<" + ent[:k].text, set()).add(ent.label_)
            same.setdefault(">" + ent[k:].text, set()).add(ent.label_)
    for ent in ents:  # the labels of shorter names this one starts with ("Acme Robotics" in "... Co.")
        for k in range(1, len(ent)):
            same.setdefault("<>" + ent.text, set()).update(same.get(ent[:k].text, ()))
    return frozenset(persons), same


@cache
def weights() -> tuple[tuple[str, ...], dict[str, list[float]], list[float]]:
    """The trained model (classes, feature weights, biases), read once per process."""
    path = resources.files("worker").joinpath(WEIGHTS_FILE)
    model = json.loads(path.read_text(encoding="utf-8"))
    return tuple(model["classes"]), model["weights"], model["bias"]


def probabilities(found: list[str]) -> dict[str, float]:
    """Each class's probability for an entity's features (softmax over summed weights)."""
    classes, table, bias = weights()
    scores = list(bias)
    for name in found:
        for k, w in enumerate(table.get(name, ())):
            scores[k] += w
    top = max(scores)
    exps = [math.exp(s - top) for s in scores]
    total = sum(exps)
    return {c: e / total for c, e in zip(classes, exps, strict=True)}


def new_label(ent: Span, probs: dict[str, float], person_word: bool) -> str:
    """The label the entity gets: the model's class where confident and different, else spaCy's.

    A name whose last word ends a person's full name in the same document keeps PERSON ("Doe" after
    "Jane Doe"): that is how news refers to people, whatever the model says of the word alone.
    """
    best = max(probs, key=probs.__getitem__)
    if best == "PER" and probs[best] >= CONFIDENT:
        return "PERSON"
    if ent.label_ == "PERSON" and not person_word and probs[best] >= CONFIDENT_NOT_PERSON:
        if best == "ORG":
            return "ORG"
        if best == "LOC" and probs[best] >= CONFIDENT_PLACE:
            return "GPE"
    return ent.label_


def relabel(doc: Doc) -> Doc:
    """Re-decide the label of every name the recogniser found (a spaCy pipe step).

    Two passes: names become people first, then a person's label is taken away only from names whose
    last word is not the last word of a person's full name after the first pass. A person's name then
    takes in an unlabelled given name just before it.
    """
    ents = doc.ents
    persons, same = document_votes(ents)
    probs = [probabilities(features(e, persons, same)) if e.label_ in NAME_LABELS else {} for e in ents]
    labels = [e.label_ for e in ents]
    for k, ent in enumerate(ents):
        if probs[k] and ent.label_ != "PERSON" and new_label(ent, probs[k], True) == "PERSON":
            labels[k] = "PERSON"
    full = {e[-1].lower_ for e, label in zip(ents, labels, strict=True) if label == "PERSON" and len(e) > 1}
    for k, ent in enumerate(ents):
        if probs[k] and ent.label_ == "PERSON":
            labels[k] = new_label(ent, probs[k], ent[-1].lower_ in full)
    labels = listed_people(ents, listed_people(ents, labels))  # twice: a list's other names may change
    labels = [
        "ORG" if label == "PERSON" and _listed_as_body(e) else label
        for e, label in zip(ents, labels, strict=True)
    ]
    spans = [
        (_person_start(e), person_end(e), label) if label == "PERSON" else (e.start, e.end, label)
        for e, label in zip(ents, labels, strict=True)
    ]
    found = unlabelled_people(doc, lambda run: _likely_person(run, persons, same))
    if found or spans != [(e.start, e.end, e.label_) for e in ents]:
        doc.user_data.setdefault(RECOGNISED, [(e.start_char, e.end_char, e.label_) for e in ents])
        kept = [
            e if (e.start, e.end, e.label_) == span else Span(doc, span[0], span[1], label=span[2])
            for e, span in zip(ents, spans, strict=True)
        ]
        taken = {i for e in kept for i in range(e.start, e.end)}
        found = [f for f in found if not taken.intersection(range(f.start, f.end))]
        doc.ents = sorted(kept + found, key=lambda e: e.start)
    return doc


def _listed_as_body(ent: Span) -> bool:
    """Whether a name is listed as an example of bodies ("companies including Pernod Ricard and Reckitt
    Benckiser", "brands such as Calvin Klein"): a firm named after people, not a person."""
    token = ent.root
    while token.dep_ == "conj" and token.head.i < token.i:
        token = token.head
    introducer = token.head
    if token.dep_ not in {"pobj", "dobj"} or introducer.lower_ not in LIST_INTRODUCERS:
        return False
    return introducer.head.lemma_.lower() in LISTED_BODIES


def listed_people(ents: Sequence[Span], labels: list[str]) -> list[str]:
    """The labels with names in a list of people made people: a name listed (coordinated) with two people
    or more and fewer names of its own label ("Greta Lindholm, Ama Owusu and Hiroshi Tanabe"), or a lone
    given name in a list of three or more that are mostly given names ("Mara, Jolene, Tavia and Brynn")."""
    label_at = {t.i: (k, label) for k, (e, label) in enumerate(zip(ents, labels, strict=True)) for t in e}
    new = list(labels)
    for k, ent in enumerate(ents):
        if labels[k] == "PERSON" or labels[k] not in NAME_LABELS:
            continue
        items = [label_at[t.i] for t in _listed(ent) if t.i in label_at and label_at[t.i][0] != k]
        others = [label for _, label in items]
        people = others.count("PERSON")
        if people >= 2 and people > others.count(labels[k]):
            new[k] = "PERSON"
        elif len(ent) == 1 and ent[0].lower_ in GIVEN_NAMES and len(items) >= 2:
            given = sum(len(ents[j]) == 1 and ents[j][0].lower_ in GIVEN_NAMES for j, _ in items)
            new[k] = "PERSON" if 3 * (given + 1) >= 2 * (len(items) + 1) else new[k]
    return new


def _listed(ent: Span) -> list[Token]:
    """The heads of the items of the list (chain of conjuncts) a name is in, itself included."""
    top = ent.root
    while top.dep_ == "conj":
        top = top.head
    items, k = [top], 0
    while k < len(items):
        items += [c for c in items[k].children if c.dep_ == "conj"]
        k += 1
    return items if len(items) > 1 else []


def _likely_person(run: Span, persons: frozenset[str], same: dict[str, set[str]]) -> bool:
    """Whether the model would keep a run of name words as a person's name if the recogniser had called it
    one: for runs whose first word is only a possible given name ("Scottie Barnes", not "Red Star")."""
    found = features(Span(run.doc, run.start, run.end, label="PERSON"), persons, same)
    return probabilities(found)["PER"] >= CONFIDENT


def _person_start(ent: Span) -> int:
    """Where a person's name starts: a name made a person here loses the leading words the trims cut off
    a person ("Spokesman", "American"), then any name takes in an unlabelled given name before it."""
    if ent.label_ != "PERSON":
        start = trimmed(Span(ent.doc, ent.start, ent.end, label="PERSON"), leading_words())[0]
        if start != ent.start:
            return start
    return given_name_start(ent)
