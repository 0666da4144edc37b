"""The entities stage: spaCy's entity mentions grouped into one entity per real-world thing."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from spacy.tokens import Span as SpacySpan

from worker.models import Entity, Span
from worker.nlp import ParsedArticle
from worker.stages.base import Prior, Stage
from worker.stages.text import is_boilerplate, span_of

LEADING = re.compile(r"^(the|a|an)\s+", re.IGNORECASE)
POSSESSIVE = re.compile(r"(['’]s|['’])$")


def canonical_text(text: str) -> str:
    """A mention's name without a leading article, possessive 's or surrounding punctuation."""
    name = " ".join(text.split())
    name = LEADING.sub("", name)
    name = POSSESSIVE.sub("", name)
    return name.strip(" \"'“”‘’.,;:-")


@dataclass
class _Cluster:
    name: str
    labels: list[str] = field(default_factory=list)
    mentions: list[Span] = field(default_factory=list)

    @property
    def label(self) -> str:
        return "PERSON" if "PERSON" in self.labels else max(set(self.labels), key=self.labels.count)


def _mentions(parsed: ParsedArticle) -> list[tuple[SpacySpan, str]]:
    """Entity mentions with their canonical text, boilerplate lines left out."""
    keep = set(parsed.options.entity_labels)
    text = parsed.doc.text
    return [
        (ent, canonical_text(ent.text))
        for ent in parsed.doc.ents
        if ent.label_ in keep and canonical_text(ent.text) and not is_boilerplate(text, ent.start_char)
    ]


def _cluster(mentions: list[tuple[SpacySpan, str]]) -> list[_Cluster]:
    """Group mentions: same name, or a one-word name that is part of a longer PERSON name."""
    clusters: dict[str, _Cluster] = {}
    for ent, name in mentions:
        cluster = clusters.setdefault(name.lower(), _Cluster(name=name))
        cluster.labels.append(ent.label_)
        cluster.mentions.append(span_of(ent))
    people = [c for c in clusters.values() if c.label == "PERSON" and " " in c.name]
    for key, cluster in list(clusters.items()):
        if " " in cluster.name:
            continue
        owners = [p for p in people if key in {w.lower() for w in p.name.split()}]
        if len(owners) == 1:
            owner = owners[0]
            owner.labels.extend(["PERSON"] * len(cluster.mentions))
            owner.mentions.extend(cluster.mentions)
            del clusters[key]
    return list(clusters.values())


def _salience(cluster: _Cluster, total: int, text_len: int, title: str) -> float:
    """Share of mentions, how early the first one is, and whether the title names it."""
    frequency = len(cluster.mentions) / max(total, 1)
    first = min(m.start for m in cluster.mentions) / max(text_len, 1)
    in_title = 1.0 if title and cluster.name.lower() in title.lower() else 0.0
    return round(min(1.0, 0.5 * frequency + 0.3 * (1 - first) + 0.2 * in_title), 4)


def extract_entities(parsed: ParsedArticle, prior: Prior) -> list[Entity]:
    """One entity per real-world thing, ordered by salience."""
    mentions = _mentions(parsed)
    clusters = _cluster(mentions)
    title = parsed.article.title or ""
    entities = [
        Entity(
            name=c.name,
            label=c.label,
            count=len(c.mentions),
            salience=_salience(c, len(mentions), len(parsed.doc.text), title),
            mentions=sorted(c.mentions, key=lambda m: m.start),
        )
        for c in clusters
    ]
    return sorted(entities, key=lambda e: (-e.salience, e.mentions[0].start))


STAGE: Stage[list[Entity]] = Stage(name="entities", version="1", reads=(), run=extract_entities)
