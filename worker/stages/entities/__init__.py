"""The entities stage: spaCy's mentions clustered into one canonical entity per real-world thing.

Salience (0-1) = 0.35 * frequency + 0.2 * earliness + 0.25 * prominence + 0.2 * speaking, where
frequency is the entity's mention count over the most-mentioned entity's, earliness is 1 minus where its
first mention falls in the text (0 at the start, 1 at the end), prominence is 1 when the title names it,
0.75 when the lead (first three sentences) does, else 0, and speaking is 1 when one of its mentions is the
subject of a reporting verb (said, told, added...) or follows "according to".
"""

from __future__ import annotations

from spacy.tokens import Doc

from worker.models import DEFAULT_ENTITY_LABELS, Entity, TextSpan
from worker.stages import names
from worker.stages.base import ParsedArticle, Prior, Stage
from worker.stages.entities.clusters import Cluster, add_unlabelled_names, cluster
from worker.stages.entities.mentions import gather
from worker.stages.entities.story import StoryMap

LEAD_SENTENCES = 3
WEIGHTS = {"frequency": 0.35, "earliness": 0.2, "prominence": 0.25, "speaking": 0.2}


def lead_end(doc: Doc) -> int:
    """The offset where the lead (the first sentences with words in them) ends."""
    end, seen = 0, 0
    for sent in doc.sents:
        if any(t.is_alpha for t in sent):
            end, seen = sent.end_char, seen + 1
        if seen == LEAD_SENTENCES:
            break
    return end


def salience(entity: Cluster, most: int, text_len: int, lead: int, title: str) -> float:
    """How central the entity is to the article, 0-1 (the formula is in the module docstring)."""
    in_title = any(names.word_string(m.name) in title for m in entity.mentions)
    prominence = 1.0 if in_title else 0.75 if entity.first < lead else 0.0
    parts = {
        "frequency": len(entity.mentions) / max(most, 1),
        "earliness": 1 - entity.first / max(text_len, 1),
        "prominence": prominence,
        "speaking": 1.0 if any(m.speaks for m in entity.mentions) else 0.0,
    }
    return round(min(1.0, sum(WEIGHTS[k] * v for k, v in parts.items())), 4)


def to_entity(entity: Cluster, score: float) -> Entity:
    """The result model for a cluster, mentions in text order."""
    mentions = sorted(entity.mentions, key=lambda m: m.start)
    return Entity(
        name=entity.name,
        label=entity.label,
        count=len(mentions),
        salience=score,
        mentions=[TextSpan(text=m.text, start=m.start, end=m.end) for m in mentions],
    )


def extract_entities(parsed: ParsedArticle, prior: Prior) -> list[Entity]:
    """One entity per real-world thing whose label is kept, ordered by salience."""
    keep = frozenset(parsed.options.entity_labels or DEFAULT_ENTITY_LABELS)
    text = parsed.article.text
    story = StoryMap(text)
    ents = parsed.doc.ents
    clusters = cluster(gather(ents, text, keep, story))
    clusters = [c for c in clusters if not c.weak_person]
    add_unlabelled_names(clusters, parsed.doc, ents, text, story)
    kept = [c for c in clusters if c.label in keep]
    if not kept:
        return []
    most = max(len(c.mentions) for c in kept)
    lead = lead_end(parsed.doc)
    title = names.word_string(parsed.article.title or "")
    scored = [(salience(c, most, len(text), lead, title), c) for c in kept]
    scored.sort(key=lambda sc: (-sc[0], sc[1].first))
    return [to_entity(c, score) for score, c in scored]


STAGE: Stage[list[Entity]] = Stage(name="entities", version="12", reads=(), run=extract_entities)
