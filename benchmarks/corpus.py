"""Benchmark corpora: the seed plus real news from ../shared/eval (CNN/DM dev, PolNeAR train) or generated.

Its word lists are also the vocabulary of tests/corpus.py's shorter synthetic articles (one copy).
"""

from __future__ import annotations

import json
import math
import random
from pathlib import Path

from worker.inputs import read_inputs
from worker.models import Article

ROOT = Path(__file__).resolve().parents[1]
EVAL_DIR = ROOT.parent / "shared" / "eval"
EVAL_ARTICLES = EVAL_DIR / "cnndm_dev.jsonl"
VOLUME_ARTICLES = EVAL_DIR / "polnear_train.jsonl"  # 840 news articles of several outlets, for volume
KINDS = ("news", "synthetic", "eval")
FIRST = [
    "Maria",
    "James",
    "Chen",
    "Anna",
    "Rahul",
    "Sophie",
    "David",
    "Aiko",
    "Lars",
    "Fatima",
    "Tomas",
    "Grace",
]
SYLLABLES = [
    "ka",
    "lo",
    "ver",
    "mi",
    "son",
    "dra",
    "bel",
    "ton",
    "ric",
    "ha",
    "nu",
    "west",
    "ov",
    "ez",
    "berg",
]
ORGS = [
    "the World Health Organization",
    "Acme Corporation",
    "the city council",
    "the central bank",
    "Greenpeace",
    "the European Commission",
    "the Ministry of Finance",
    "Northwind Energy",
    "the Senate",
]
PLACES = ["Toronto", "Nairobi", "Lisbon", "Osaka", "Denver", "Krakow", "Lyon", "Santiago", "Manila", "Accra"]
TOPICS = [
    "the new transit plan",
    "water prices",
    "the housing shortage",
    "a trade agreement",
    "school funding",
    "the budget deficit",
    "wildfire preparations",
    "the port expansion",
    "hospital waiting lists",
]
ROLES = ["the minister", "the mayor", "the chief executive", "a spokeswoman", "the professor", "an analyst"]
CLAIMS = [
    "We will not accept delays any longer",
    "This is the most important decision in a decade",
    "The numbers simply do not add up",
    "Our priority is the safety of every resident",
    "Nobody expected the costs to rise this quickly",
    "We have listened to the community",
]
SENTENCES = [
    "{p} of {o} said the proposal would affect about {n:,} families in {l}.",
    "\u201c{c},\u201d said {p}, who has criticised {t} since {y}.",
    "According to {o}, spending on {t} rose by {k} percent last year, to ${m} million.",
    "{R} added that talks with officials from {l} would continue on {d}.",
    "She told reporters: \u201c{c}. We will publish the full figures on {d}.\u201d",
    "Officials in {l} expect a vote on {t} before the end of the month, {p2} said.",
    "The plan, first proposed in {y}, has been delayed {k} times by disputes between {o} and {o2}.",
    "{p} argued that {t} had been neglected for years, and that residents of {l} had paid the price.",
    "In a statement on {d}, {o} said it was \u201cdeeply concerned\u201d about the pace of the work.",
    "Critics, including {p2}, say the estimate of ${m} million is far too low.",
    "Asked whether the deadline would be met, {p} said: \u201cI cannot promise that, but we try.\u201d",
    "More than {n:,} people signed a petition in {l} last week calling for a public inquiry into {t}.",
    "{p2}, a researcher at the University of {l}, said the data suggested costs would keep rising.",
    "The debate over {t} has divided {o}, where some members want to pause the programme until {y2}.",
]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "March 3", "June 12", "October 28"]


def _name(rng: random.Random) -> str:
    """A person's name, often a new surname, so the vocabulary keeps growing as in real news."""
    surname = "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 3))).capitalize()
    return f"{rng.choice(FIRST)} {surname}"


def _sentence(rng: random.Random, cast: list[str], topic: str) -> str:
    """One news sentence with people, organisations, places, numbers and quotes."""
    p, p2 = rng.sample(cast, 2)
    o, o2 = rng.sample(ORGS, 2)
    year = rng.randint(1995, 2023)
    return rng.choice(SENTENCES).format(
        p=p,
        p2=p2,
        o=o,
        o2=o2,
        t=topic,
        l=rng.choice(PLACES),
        c=rng.choice(CLAIMS),
        R=rng.choice(ROLES).capitalize(),
        n=rng.randint(200, 90_000),
        k=rng.randint(2, 40),
        m=rng.randint(3, 900),
        y=year,
        y2=year + rng.randint(1, 5),
        d=rng.choice(DAYS),
    )


def generated_article(rng: random.Random, number: int, words: int) -> Article:
    """A news-like article of about `words` words: a title line and paragraphs of 2-4 sentences."""
    cast = [_name(rng) for _ in range(rng.randint(3, 7))]
    topic = rng.choice(TOPICS)
    title = f"{cast[0].split()[-1]} defends {topic} in {rng.choice(PLACES)}"
    paragraphs, count = [], 0
    while count < words:
        paragraph = " ".join(_sentence(rng, cast, topic) for _ in range(rng.randint(2, 4)))
        paragraphs.append(paragraph)
        count += len(paragraph.split())
    text = title + "\n\n" + "\n\n".join(paragraphs) + "\n"
    return Article(id=f"bench-{number:05d}", title=title, text=text)


def article_words(rng: random.Random, low: int, high: int) -> int:
    """A length drawn log-uniformly between `low` and `high` words (news lengths skew short)."""
    return round(low * math.exp(math.log(high / low) * rng.random()))


def generated(count: int, low: int = 200, high: int = 1500, seed: int = 7) -> list[Article]:
    """`count` generated articles, the same for the same arguments."""
    rng = random.Random(seed)
    return [generated_article(rng, n, article_words(rng, low, high)) for n in range(count)]


def seed_articles() -> list[Article]:
    """The articles in seeds/ (the repository's own sample)."""
    return [loaded.article for loaded in read_inputs([str(ROOT / "seeds")], 200_000) if loaded.article]


def _rows(path: Path) -> list[dict[str, str]]:
    """The JSON lines of an evaluation file, read at run time (never copied into the repository)."""
    if not path.exists():
        raise SystemExit(f"this corpus needs {path}")
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def eval_articles(count: int) -> list[Article]:
    """CNN/DailyMail dev articles from ../shared/eval."""
    rows = _rows(EVAL_ARTICLES)
    return [Article(id=f"cnndm-{i:04d}", text=row["article"]) for i, row in enumerate(rows[:count])]


def volume_articles(skip: int, count: int) -> list[Article]:
    """PolNeAR train articles `skip` to `skip + count` (title line included in the text, as published)."""
    rows = _rows(VOLUME_ARTICLES)[skip : skip + count]
    return [Article(id=f"polnear-{skip + i:04d}", text=row["text"]) for i, row in enumerate(rows)]


def news_articles(count: int) -> list[Article]:
    """Real news: every CNN/DailyMail dev article, then PolNeAR train articles up to `count`."""
    first = eval_articles(count)
    return first + volume_articles(0, count - len(first))


def default_kind() -> str:
    """`news` when ../shared/eval holds the articles, else `synthetic`."""
    return "news" if EVAL_ARTICLES.exists() and VOLUME_ARTICLES.exists() else "synthetic"


def load_corpus(kind: str, count: int) -> list[Article]:
    """The seed plus `count - 1` articles of the chosen kind (`news`, `synthetic` or `eval`: CNN/DM only)."""
    makers = {"news": news_articles, "synthetic": generated, "eval": eval_articles}
    return seed_articles() + makers[kind](count - 1)


def soak_articles(kind: str, count: int, used: int) -> list[Article]:
    """`count` articles not in the timed corpus: for `news` the unused PolNeAR ones first, then generated
    shorter articles (new words in every one, so a cache that grows with the vocabulary shows)."""
    real = volume_articles(max(used - len(eval_articles(used)), 0), count) if kind == "news" else []
    return real + generated(count - len(real), low=120, high=500, seed=11)


def words(articles: list[Article]) -> int:
    """Whitespace-separated words in the articles' texts."""
    return sum(len(a.text.split()) for a in articles)
