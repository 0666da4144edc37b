"""Server time of the web inspector's pages: a 10,000-word article and a list of 1,000 articles.

    .venv/bin/python -m benchmarks.web [--runs 20]

Starts a private redis-server on a free port, commits synthetic results through `Store.save_result` (the
worker's own commit) and times requests to the Starlette app in this process (no network: the time is the
app's, Redis round trips included). Prints median and worst per page; PASS when the worst is under 200 ms.
"""

from __future__ import annotations

import argparse
import re
import statistics
import tempfile
import time
from pathlib import Path

from starlette.testclient import TestClient

from worker.embedded import RedisServer, redis_server_binary
from worker.keys import Keys
from worker.models import Article, ArticleResult, Entity, Quote, Summary, TextSpan
from worker.settings import Settings
from worker.store import Store, connect
from worker.web.app import make_app

TARGET_MS = 200.0
PEOPLE = [
    f"{first} {last}"
    for first in ("Anna", "Wang", "Lars", "Maria", "Omar")
    for last in ("Lee", "Yi", "Cruz", "Nilsson", "Haddad")
]
PLACES = ["Moscow", "Beijing", "Lagos", "Lima", "Oslo", "Ottawa"]


def article_text(words: int) -> str:
    """News-like text of about `words` words: meetings, quotes, reported speech; 5 lines a paragraph."""
    lines, count, i = [], 0, 0
    while count < words:
        a, b, place = PEOPLE[i % 25], PEOPLE[(i * 7 + 3) % 25], PLACES[i % 6]
        line = (
            f"{a} met {b} in {place} on Tuesday to discuss trade, energy and the border. "
            f"“We will keep talking about the ports of {place},” {a} said. "
            f"{b} said that talks in {PLACES[(i + 1) % 6]} would continue next month."
        )
        lines.append(line + ("\n" if i % 5 == 4 else " "))
        count, i = count + len(line.split()), i + 1
    return "".join(lines)


def _spans(text: str, pattern: str) -> list[TextSpan]:
    """Every match of a regular expression as a TextSpan."""
    return [TextSpan(text=m.group(0), start=m.start(), end=m.end()) for m in re.finditer(pattern, text)]


def synthetic_result(article_id: str, text: str) -> ArticleResult:
    """A result with every name marked, each sentence pattern's quotes, cues and speakers, a summary."""
    entities = [
        Entity(name=name, label=label, count=len(found), salience=0.5, mentions=found)
        for name, label in [(p, "PERSON") for p in PEOPLE] + [(p, "GPE") for p in PLACES]
        if (found := _spans(text, re.escape(name)))
    ]
    quotes = []
    for m in re.finditer(r"(“[^”]*”) ((\w+ \w+)) (said)", text):
        speaker_span = TextSpan(text=m.group(2), start=m.start(2), end=m.end(2))
        cue = TextSpan(text="said", start=m.start(4), end=m.end(4))
        quotes.append(Quote(
            text=m.group(1), start=m.start(1), end=m.end(1), type="direct", speaker=m.group(3),
            speaker_label="PERSON", speaker_span=speaker_span, cue=cue,
        ))  # fmt: skip
    sentences = _spans(text, r"[^.\n]+\.")[:3]
    summary = Summary(text=" ".join(s.text for s in sentences), sentences=sentences)
    return ArticleResult(
        id=article_id, title=f"Article {article_id}", status="done", pipeline_version="1/bench.1",
        summary=summary, entities=entities, quotes=quotes,
    )  # fmt: skip


def fill(store: Store, articles: int) -> None:
    """The long article, then `articles` articles of ~600 words, committed as a worker would."""
    for article_id, words in [("long", 10_000)] + [(f"a{n:04d}", 600) for n in range(articles)]:
        text = article_text(words)
        store.mark_queued(Article(id=article_id, text=text, title=f"Article {article_id}"))
        store.save_result(synthetic_result(article_id, text))


def timed(client: TestClient, path: str, runs: int) -> list[float]:
    """Milliseconds per request to `path` (after one warm-up request)."""
    assert client.get(path).status_code == 200, path
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        response = client.get(path)
        times.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, path
    return times


def main() -> int:
    """Fill a private Redis, time each page, print the figures; exit 1 when a page misses the target."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=20, help="timed requests per page")
    parser.add_argument("--articles", type=int, default=1000, help="articles in the list")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as data:
        server = RedisServer(redis_server_binary(), Path(data))
        server.start()
        try:
            return _measure(server.url, args.articles, args.runs)
        finally:
            server.stop()


def _measure(url: str, articles: int, runs: int) -> int:
    """Fill the Redis at `url` and report."""
    store = Store(connect(url), Keys("bench"))
    fill(store, articles)
    long = store.result("long")
    assert long is not None
    words = len(store.article_fields("long")["text"].split())
    mentions, quotes = sum(e.count for e in long.entities), len(long.quotes or [])
    pages = {
        f"article: {words} words, {mentions} entity mentions, {quotes} quotes": "/articles/long",
        f"list of {articles} articles": f"/?limit={articles}",
        "speaker page (100 of the articles)": "/speakers/anna-lee",
        "search 'wang' (names and 100 articles)": "/search?q=wang",
    }
    client = TestClient(make_app(store, Settings(redis_url=url, key_prefix="bench", queue="bench")))
    failed = 0
    print(f"{'page':60} {'median ms':>10} {'worst ms':>10}  target")
    for name, path in pages.items():
        times = timed(client, path, runs)
        verdict = "PASS" if max(times) < TARGET_MS else "FAIL"  # the worst request, not the typical one
        failed += verdict == "FAIL"
        print(
            f"{name:60} {statistics.median(times):10.1f} {max(times):10.1f}  < {TARGET_MS:.0f} ms {verdict}"
        )
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
