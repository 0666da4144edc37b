"""Synthetic news articles for the tests, from the benchmarks' vocabulary (no evaluation texts copied)."""

from __future__ import annotations

import random

from benchmarks.corpus import CLAIMS, FIRST, ORGS, PLACES, ROLES, TOPICS

SURNAMES = ["Lopez", "Okafor", "Wei", "Kowalski", "Mehta", "Martin", "Cohen", "Tanaka", "Nilsson", "Haddad"]
PEOPLE = [f"{first} {last}" for first, last in zip(FIRST, SURNAMES, strict=False)]


def article_text(rng: random.Random, paragraphs: int) -> tuple[str, str]:
    """A title and a body with named people, places, organisations and quotes."""
    person, other = rng.sample(PEOPLE, 2)
    place, topic, org = rng.choice(PLACES), rng.choice(TOPICS), rng.choice(ORGS)
    title = f"{person.split()[-1]} defends {topic} in {place}"
    lines = [
        f"{person}, a senior official in {place}, defended {topic} on Monday as {org} raised fresh concerns.",
        f"\u201c{rng.choice(CLAIMS)},\u201d {person.split()[-1]} said at a news conference.",
    ]
    for _ in range(paragraphs):
        claim = rng.choice(CLAIMS)
        lines.append(
            rng.choice(
                [
                    f"{other} of {rng.choice(ORGS)} said the proposal would affect thousands of families in {rng.choice(PLACES)}.",
                    f'"{claim}," said {other}, who has criticised {topic} for months.',
                    f"According to {org}, spending on {topic} rose by a third last year.",
                    f"{rng.choice(ROLES).capitalize()} added that talks with {rng.choice(PLACES)} would continue next week.",
                    f"She told reporters: \u201c{claim}.\u201d",
                    f"Officials in {place} expect a vote on {topic} before the end of the month.",
                ]
            )
        )
    return title, title + "\n" + "\n".join(lines) + "\n"


def articles(
    count: int, seed: int = 7, min_paragraphs: int = 3, max_paragraphs: int = 12
) -> list[dict[str, str]]:
    """`count` distinct article payloads (id, title, text), the same for the same seed."""
    rng = random.Random(seed)
    made = []
    for number in range(count):
        title, text = article_text(rng, rng.randint(min_paragraphs, max_paragraphs))
        made.append({"id": f"synthetic-{seed}-{number:04d}", "title": title, "text": text})
    return made
