"""A person's gender ('m'/'f') for pronouns: role words, nearby pronouns and strongly gendered given names.

The given names come from worker/data/given_names.tsv (see worker/data/NOTICE).
"""

from __future__ import annotations

import bisect
from collections import Counter
from collections.abc import Set as AbstractSet

from spacy.attrs import IDX, LOWER
from spacy.strings import get_string_id
from spacy.tokens import Doc

from worker.stages.columns import columns
from worker.stages.lexicon import LEANING_NAMES, words
from worker.stages.quotes.people import Person, given_sex

MALE = frozenset({"he", "him", "his", "himself", "mr", "mr.", "sir", "lord", "king", "prince"})
FEMALE = frozenset({"she", "her", "hers", "herself", "mrs", "mrs.", "ms", "ms.", "dame", "queen", "princess"})
MALE_IDS, FEMALE_IDS = frozenset(map(get_string_id, MALE)), frozenset(map(get_string_id, FEMALE))
MALE_ROLES = words(
    "father son husband brother man boy grandfather grandson uncle nephew boyfriend actor chairman "
    "spokesman businessman congressman sir mr mr. king prince dad widower grandpa gentleman"
)
FEMALE_ROLES = words(
    "mother daughter wife sister woman girl grandmother granddaughter aunt niece girlfriend actress "
    "chairwoman spokeswoman businesswoman congresswoman dame mrs mrs. ms ms. queen princess mom widow "
    "grandma lady"
)
GIVEN_NAME_WEIGHT = 3
LEANING_NAME_WEIGHT = 2  # outweighs one stray pronoun, not two
ROLE_WEIGHT = 3


def genders(doc: Doc, people: list[Person]) -> dict[str, str]:
    """Each person's gender ('m'/'f'): votes of gendered role words beside a mention, nearby pronouns and
    a gendered given name ("Tim" outweighs a stray "she" after one of his mentions; a name that only
    leans one way, such as "Bernie", outweighs one but not two)."""
    votes: dict[str, Counter[str]] = {}
    offsets, lowers = columns(doc, IDX, LOWER)
    ends = [p.start for p in people[1:]] + [offsets[-1] + 1 if offsets else 0][: len(people)]
    for person, until in zip(people, ends, strict=True):
        role = role_gender(person.titles)
        vote = role or _pronoun_gender(offsets, lowers, person.start, until)
        if vote is not None:
            weight = ROLE_WEIGHT if role else 1
            votes.setdefault(person.who.name, Counter())[vote] += weight
    for name in {p.who.name for p in people}:
        if (given := given_sex(name)) is not None:
            votes.setdefault(name, Counter())[given] += GIVEN_NAME_WEIGHT
        elif (leaning := given_sex(name, LEANING_NAMES)) is not None:
            votes.setdefault(name, Counter())[leaning] += LEANING_NAME_WEIGHT
    return {name: count.most_common(1)[0][0] for name, count in votes.items()}


def role_gender(words: AbstractSet[str]) -> str | None:
    """The gender the (lower-case) role words describing a person imply ("her father X", "actress X",
    "a spokeswoman"), if they agree on one."""
    male, female = bool(words & MALE_ROLES), bool(words & FEMALE_ROLES)
    return "m" if male and not female else "f" if female and not male else None


def _pronoun_gender(offsets: list[int], lowers: list[int], start: int, until: int) -> str | None:
    """The gender of the first gendered pronoun or title from just before a mention to 25 tokens on.

    `offsets` and `lowers` are the doc's token offsets and lower-case ids; `start` begins a token. The
    search stops at `until`, the next person's mention: a pronoun after it is more likely that person's.
    """
    at = bisect.bisect_right(offsets, start) - 1  # the token starting at `start`
    if at < 0:
        return None
    stop = min(at + 25, bisect.bisect_left(offsets, until))
    for lower in lowers[max(0, at - 1) : max(stop, at + 1)]:
        if lower in MALE_IDS or lower in FEMALE_IDS:
            return "m" if lower in MALE_IDS else "f"
    return None
