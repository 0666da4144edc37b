"""Clustering mentions into entities: same name or alias, acronyms, shortened bodies, partial person names."""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span

from worker.stages import names
from worker.stages.entities.mentions import Mention, speaks
from worker.stages.entities.name_trims import NATIONALITIES, without_lead
from worker.stages.entities.story import StoryMap
from worker.stages.lexicon import GIVEN_NAMES

PERSON = "PERSON"
BODY_LABELS = frozenset({"ORG", "FAC"})  # a team's, firm's or venue's full name
# Labels spaCy often gives a lone surname; such a mention joins a person whose full name contains it.
SURNAME_SLIPS = frozenset(
    {PERSON, "ORG", "NORP", "PRODUCT", "WORK_OF_ART", "FAC", "LAW", "EVENT", "LANGUAGE"}
)


def _tally(items: Iterable[str]) -> dict[str, int]:
    """How often each item comes, first seen first: a Counter's counts and order, without its overhead."""
    counts: dict[str, int] = {}
    for item in items:
        counts[item] = counts.get(item, 0) + 1
    return counts


@dataclass
class Cluster:
    """Mentions of one real-world thing; its name and label are decided from all of them."""

    mentions: list[Mention] = field(default_factory=list)
    known: tuple[str, str] | None = None

    @property
    def is_person(self) -> bool:
        """Whether the evidence says a person: PERSON labels (honorifics count twice) are a majority."""
        votes = sum(2 if m.person_cue else 1 for m in self.mentions if m.label == PERSON)
        return 2 * votes > len(self.mentions)

    @property
    def label(self) -> str:
        """The alias's label, else PERSON for a person, else the most common label (first seen on ties)."""
        if self.known:
            return self.known[1]
        if self.is_person:
            return PERSON
        counts = _tally(m.label for m in self.mentions if m.label != PERSON)
        return max(counts, key=counts.__getitem__) if counts else PERSON

    @property
    def name(self) -> str:
        """The alias's name, else the fullest name used, preferring normal case and the commoner spelling."""
        if self.known:
            return self.known[0]
        counts = _tally(m.name for m in self.mentions)
        if not counts:
            return ""
        return max(counts, key=lambda n: (len(n.split()), not n.isupper(), counts[n]))

    @property
    def first(self) -> int:
        """Where the first mention starts."""
        return min(m.start for m in self.mentions)

    @property
    def weak_person(self) -> bool:
        """A one-word PERSON named once with nothing else saying person: often a capitalised common word."""
        if self.label != PERSON or len(self.mentions) > 1 or len(self.name.split()) > 1:
            return False
        return not any(m.person_cue or m.speaks or m.listed for m in self.mentions)

    def words(self) -> list[str]:
        """The case-folded words of the cluster's name."""
        return names.name_words(self.name)


def by_name(mentions: list[Mention]) -> list[Cluster]:
    """One cluster per distinct name key, aliases of a known place or body sharing one."""
    clusters: dict[str, Cluster] = {}
    for mention in mentions:
        known = names.alias(mention.name)
        key = names.name_key(known[0] if known else mention.name)
        clusters.setdefault(key, Cluster(known=known)).mentions.append(mention)
    return list(clusters.values())


def _absorb(host: Cluster, guest: Cluster) -> None:
    """Move all of `guest`'s mentions into `host`."""
    host.mentions.extend(guest.mentions)
    guest.mentions.clear()


def merge_acronyms(clusters: list[Cluster]) -> None:
    """An acronym joins the one named body whose initials it spells ("AFN", "Assembly of First Nations")."""
    for guest in clusters:
        if guest.known or guest.is_person or not names.is_acronym(guest.name):
            continue
        letters = guest.name.replace(".", "").upper()
        hosts = [c for c in clusters if c is not guest and c.mentions and not c.is_person]
        hosts = [c for c in hosts if names.initials(c.name) == letters]
        if len(hosts) == 1:
            _absorb(hosts[0], guest)


def merge_shortened_bodies(clusters: list[Cluster]) -> None:
    """A body's shortened name joins its one fuller name: the end of it ("Security Council", "UN Security
    Council") or its start ("Samsung", "Samsung Electronics Co."). Longer names merge first, so a chain of
    shortenings ends in the fullest name.
    """
    bodies = sorted(((c.words(), c) for c in clusters if c.label == "ORG"), key=lambda b: -len(b[0]))
    for words, guest in bodies:
        size = len(words)
        hosts = [
            c
            for w, c in bodies
            if c.mentions and c is not guest and len(w) > size and words in (w[-size:], w[:size])
        ]
        if len(hosts) == 1:
            _absorb(hosts[0], guest)


def merge_team_names(clusters: list[Cluster]) -> None:
    """A one-word "person" with nothing else saying person joins the one body or venue whose longer name
    ends with it ("Sharks" after "San Jose Sharks", "Canucks" after "the Vancouver Canucks"): a team or a
    firm named short. Runs after partial names joined their people ("Jones" after "Jane Jones" is hers)."""
    hosts = [(c.words(), c) for c in clusters if c.label in BODY_LABELS and len(c.words()) > 1]
    for guest in clusters:
        words = guest.words()
        if len(words) != 1 or guest.label != PERSON or guest.known or _cued(guest):
            continue
        ends = [c for w, c in hosts if c.mentions and w[-1] == words[0]]
        if len(ends) == 1:
            for mention in guest.mentions:
                mention.label = ends[0].label
            _absorb(ends[0], guest)


def _cued(cluster: Cluster) -> bool:
    """Whether any mention of a cluster has a person cue or speaks."""
    return any(m.person_cue or m.speaks for m in cluster.mentions)


def _can_be_surname(guest: Cluster) -> bool:
    """Whether a cluster may be a partial person name: a label spaCy confuses, or a cue or speech."""
    if guest.known:
        return False
    return guest.is_person or all(
        m.label in SURNAME_SLIPS or m.person_cue or m.speaks for m in guest.mentions
    )


def nearest_host(hosts: list[Cluster], start: int) -> Cluster:
    """The host named most recently before `start`, else the one named first.

    A relative introduced in passing ("her husband John Doe") takes a bare surname only when no one
    else can: "Doe" after it still means the article's Jane Doe.
    """
    main = [h for h in hosts if not all(m.kin for m in h.mentions if m.label == PERSON and m.start < start)]
    hosts = main or hosts
    before = [(_last_named(h, start), h) for h in hosts if h.first < start]
    return max(before, key=lambda b: b[0])[1] if before else min(hosts, key=lambda h: h.first)


def _last_named(host: Cluster, start: int) -> int:
    """Where `host` was last named before `start`, not counting mentions as someone's relative ("Her father
    John"): those do not make him the one a later bare surname means."""
    earlier = [m for m in host.mentions if m.start < start]
    return max(m.start for m in ([m for m in earlier if not m.kin] or earlier))


def promote_relatives(clusters: list[Cluster]) -> None:
    """A name spaCy mislabelled ("Nino Niederreiter" as GPE) is a person's when a person has its surname."""
    surnames = {c.words()[-1] for c in clusters if c.is_person and c.mentions}
    for c in clusters:
        words = c.words()
        if c.known or c.is_person or not 1 < len(words) < 4 or words[-1] not in surnames:
            continue
        if any(m.body_like for m in c.mentions):  # "the Calgary Stampeders" beside a stray "Stampeders"
            continue
        if names.could_be_person(c.name) and not names.names_a_body(c.name):
            for mention in c.mentions:
                mention.label, mention.name = PERSON, without_lead(mention.name)


def merge_partial_names(clusters: list[Cluster]) -> None:
    """Each mention of a partial name ("Wang", "Mr. Trudeau") joins the nearest fuller person name."""
    named = sorted(((set(c.words()), c) for c in clusters), key=lambda n: len(n[0]))
    people = [(words, c) for words, c in named if len(words) > 1 and c.is_person]
    for words, guest in named:
        if not guest.mentions or not _can_be_surname(guest):
            continue
        hosts = [p for host_words, p in people if p.mentions and words < host_words]
        if not hosts:
            continue
        for mention in guest.mentions:
            mention.label = PERSON
            nearest_host(hosts, mention.start).mentions.append(mention)
        guest.mentions.clear()


def demote_body_names(clusters: list[Cluster]) -> None:
    """A "person" whose full name starts a body's longer name the article also uses ("Kinder Morgan" beside
    "Kinder Morgan Canada") is that body, unless a cue or speech says person."""
    bodies = [c.words() for c in clusters if c.label == "ORG" and c.mentions]
    for c in clusters:
        words = c.words()
        if not c.is_person or c.known or len(words) < 2 or any(m.person_cue or m.speaks for m in c.mentions):
            continue
        if any(len(b) > len(words) and b[: len(words)] == words for b in bodies):
            for mention in c.mentions:
                mention.label = "ORG"


def demote_nationalities(clusters: list[Cluster]) -> None:
    """A "person" named only by a nationality ("Slovak", "Bosnian Croat", "S. Korean", "Sri Lankan") is a
    people, not a person, unless a strong given name, an honorific or a role says otherwise (a name only
    sometimes given, such as "Sri", does not). Runs after the partial names joined their people, so
    "French" after "Dawn French" is hers already."""
    for c in clusters:
        words = c.words()
        if not c.mentions or not c.is_person or c.known or not words:
            continue
        last = words[-1]
        nationality = last if last in NATIONALITIES else last.removesuffix("s")
        if nationality not in NATIONALITIES or any(w in GIVEN_NAMES for w in words):
            continue
        if not any(m.person_cue for m in c.mentions):
            for mention in c.mentions:
                mention.label = "NORP"


def cluster(mentions: list[Mention]) -> list[Cluster]:
    """Mentions grouped into one cluster per real-world thing."""
    clusters = by_name(mentions)
    demote_body_names(clusters)
    merge_acronyms(clusters)
    promote_relatives(clusters)
    merge_partial_names(clusters)
    demote_nationalities(clusters)
    merge_team_names(clusters)
    merge_shortened_bodies(clusters)
    return [c for c in clusters if c.mentions]


def _name_index(clusters: list[Cluster]) -> dict[str, list[Cluster]]:
    """Each capitalised word and full name of a person, with the people it may stand for."""
    index: dict[str, list[Cluster]] = {}
    for person in (c for c in clusters if c.label == PERSON):
        full = person.name
        words = [w for w in map(names.bare_word, full.split()) if w[:1].isupper() and len(w) > 1]
        words = [w for w in words if not names.is_title(w)]
        for form in {full, *words}:
            index.setdefault(form, []).append(person)
    return index


def _overlaps(starts: list[int], ends: list[int], start: int, end: int) -> bool:
    """Whether [start, end) overlaps one of the sorted, disjoint ranges given by `starts` and `ends`."""
    i = bisect.bisect_right(ends, start)  # the first range ending after `start`
    return i < len(starts) and starts[i] < end


def add_unlabelled_names(
    clusters: list[Cluster], doc: Doc, ents: Sequence[Span], text: str, story: StoryMap
) -> None:
    """Occurrences of a known person's name or name word that spaCy left unlabelled join that person.

    Each word must be tagged a proper noun, or a noun the article never writes in lower case (the tagger
    often calls a surname opening a sentence a noun: "Ainslie disagreed."). `ents` are the doc's
    entities (`doc.ents` walks every token each time it is read).
    """
    index = _name_index(clusters)
    if not index:
        return
    pattern = re.compile(r"\b(?:" + "|".join(map(re.escape, sorted(index, key=len, reverse=True))) + r")\b")
    starts, ends = [e.start_char for e in ents], [e.end_char for e in ents]
    common: set[str] | None = None  # the article's lower-case words, gathered when first needed
    for match in pattern.finditer(text):
        start, end = match.span()
        if _overlaps(starts, ends, start, end) or not story.is_story(start):
            continue
        span = doc.char_span(start, end)
        if span is None or any(t.pos_ not in ("PROPN", "NOUN") for t in span):
            continue
        if any(t.pos_ == "NOUN" for t in span):
            common = common if common is not None else {t.text for t in doc if t.is_lower}
            if any(t.pos_ == "NOUN" and t.lower_ in common for t in span):
                continue
        mention = Mention(start, end, span.text, span.text, PERSON, speaks=speaks(span))
        host = nearest_host(index[match.group()], start)
        host.mentions.append(mention)
