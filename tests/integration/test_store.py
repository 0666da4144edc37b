"""The store's atomic transitions against a real Redis: dedup, redelivery, idempotent commits, dead letters."""

from __future__ import annotations

import uuid

import pytest
import redis

from tests.support import RedisServer
from worker.keys import Keys
from worker.models import Article, ArticleResult, ErrorInfo, Summary
from worker.store import Store, connect, failed_result

pytestmark = pytest.mark.integration


@pytest.fixture
def fresh(redis_server: RedisServer) -> Store:
    """A store under a key prefix of its own."""
    return Store(connect(redis_server.url), Keys("st-" + uuid.uuid4().hex[:8]))


def _done(article: Article) -> ArticleResult:
    return ArticleResult(
        id=article.id,
        title=None,
        status="done",
        pipeline_version="1/x.1",
        summary=Summary(text="S.", sentences=[]),
    )


def test_same_article_is_queued_once(fresh: Store) -> None:
    """The same id and text is not queued again while queued, processing or done."""
    article = Article(id="a1", text="Same words.")
    assert fresh.mark_queued(article) is True
    assert fresh.mark_queued(article) is False
    fresh.mark_processing(article)
    assert fresh.mark_queued(article) is False
    fresh.save_result(_done(article))
    assert fresh.mark_queued(article) is False
    assert fresh.mark_queued(article, force=True) is True
    assert fresh.article_fields("a1")["status"] == "queued"


def test_changed_text_is_queued_again(redis_client: redis.Redis, fresh: Store) -> None:
    """The same id with new text is reprocessed: back to queued, out of the done index."""
    fresh.mark_queued(Article(id="a2", text="First version."))
    fresh.save_result(_done(Article(id="a2", text="First version.")))
    assert fresh.mark_queued(Article(id="a2", text="Second version.")) is True
    assert redis_client.zscore(fresh.keys.done, "a2") is None
    assert fresh.article_fields("a2")["text"] == "Second version."


def test_redelivered_finished_article_is_skipped(fresh: Store) -> None:
    """A delivery of an article whose same text is done returns -1 and changes nothing."""
    article = Article(id="a3", text="Words here.")
    fresh.mark_queued(article)
    assert fresh.mark_processing(article) == 1
    fresh.save_result(_done(article))
    before = fresh.article_fields("a3")
    assert fresh.mark_processing(article) == -1
    assert fresh.article_fields("a3") == before


def test_deliveries_are_counted(fresh: Store) -> None:
    """Each delivery of an unfinished article increments `attempts`."""
    article = Article(id="a4", text="Crashy words.")
    fresh.mark_queued(article)
    assert [fresh.mark_processing(article) for _ in range(3)] == [1, 2, 3]


def test_second_commit_of_the_same_result_changes_nothing(redis_client: redis.Redis, fresh: Store) -> None:
    """Result, indexes and counters are written once however often the same result is committed."""
    article = Article(id="a5", text="Once only.")
    fresh.mark_queued(article)
    fresh.mark_processing(article)
    assert fresh.save_result(_done(article)) is True
    snapshot = fresh.article_fields("a5")
    assert fresh.save_result(_done(article)) is False
    assert fresh.article_fields("a5") == snapshot
    assert redis_client.zrange(fresh.keys.done, 0, -1) == ["a5"]
    assert redis_client.hgetall(fresh.keys.counters) == {"done": "1"}
    assert fresh.counts() == {"queued": 0, "processing": 0, "done": 1, "failed": 0}


def test_failure_is_dead_lettered_once(redis_client: redis.Redis, fresh: Store) -> None:
    """A failed commit adds one dead-letter entry with id, error, attempts and time; a repeat adds none."""
    article = Article(id="a6", text="Poison.")
    fresh.mark_queued(article)
    fresh.mark_processing(article)
    result = failed_result("a6", None, "1/x.1", ErrorInfo(type="Boom", message="article a6: exploded"))
    assert fresh.save_result(result) is True
    assert fresh.save_result(result) is False
    (entry,) = fresh.deadletters()
    assert {k: entry[k] for k in ("id", "error", "attempts")} == {
        "id": "a6",
        "error": "Boom: article a6: exploded",
        "attempts": "1",
    }
    assert entry["time"].endswith("Z")
    assert redis_client.zrange(fresh.keys.failed, 0, -1) == ["a6"]


def test_unqueue_forgets_an_unpublished_article(fresh: Store) -> None:
    """When publishing fails the queued record is removed, so a later enqueue is not skipped."""
    article = Article(id="a7", text="Never sent.")
    fresh.mark_queued(article)
    fresh.unqueue("a7")
    assert fresh.article_fields("a7") == {} and fresh.counts()["queued"] == 0
    assert fresh.mark_queued(article) is True


def _with_entities(
    article_id: str, names: list[tuple[str, str, float]], speakers: list[str]
) -> ArticleResult:
    from worker.models import Entity, Quote, TextSpan

    mention = TextSpan(text="x", start=0, end=1)
    return ArticleResult(
        id=article_id,
        title="T",
        status="done",
        pipeline_version="1/x.1",
        entities=[Entity(name=n, label=lab, count=1, salience=s, mentions=[mention]) for n, lab, s in names],
        quotes=[
            Quote(
                text="“q”",
                start=0,
                end=3,
                type="direct",
                speaker=sp,
                speaker_label="PERSON",
                speaker_span=None,
                cue=None,
            )
            for sp in speakers
        ],
    )


def test_entity_and_speaker_indexes_follow_the_latest_result(redis_client: redis.Redis, fresh: Store) -> None:
    """Index entries are written with the result, scored, and removed when a reprocessed result drops them."""
    article = Article(id="a8", text="Version one.")
    fresh.mark_queued(article)
    fresh.save_result(
        _with_entities("a8", [("Wang Yi", "PERSON", 0.9), ("Moscow", "GPE", 0.4)], ["Wang Yi", "Wang Yi"])
    )
    assert redis_client.zrange(f"{fresh.keys.prefix}:entity:PERSON:wang-yi", 0, -1, withscores=True) == [
        ("a8", 0.9)
    ]
    assert redis_client.zscore(fresh.keys.speaker("Wang Yi"), "a8") == 2.0
    assert fresh.find("wang yi", ("PERSON", "GPE")) == [
        ("a8", f"{fresh.keys.prefix}:entity:PERSON:wang-yi", 0.9),
        ("a8", f"{fresh.keys.prefix}:speaker:wang-yi", 2.0),
    ]
    fresh.mark_queued(Article(id="a8", text="Version two."))
    fresh.save_result(_with_entities("a8", [("Moscow", "GPE", 0.7)], []))
    assert fresh.find("Wang Yi", ("PERSON", "GPE")) == []
    assert redis_client.zscore(fresh.keys.entity("GPE", "Moscow"), "a8") == 0.7


def test_each_finished_article_appends_one_event(fresh: Store) -> None:
    """`{prefix}:events` gets id, status, finish time and version per commit that changes something."""
    article = Article(id="a9", text="Eventful.")
    fresh.mark_queued(article)
    fresh.save_result(_done(article))
    fresh.save_result(_done(article))
    (entry,) = fresh.read_events("0-0", block_ms=10)
    assert {k: entry[1][k] for k in ("id", "status", "pipeline_version")} == {
        "id": "a9",
        "status": "done",
        "pipeline_version": "1/x.1",
    }
    assert entry[1]["finished_at"] == fresh.article_fields("a9")["finished_at"]
    assert fresh.last_event_id() == entry[0]


def _sizes(fresh: Store) -> dict[str, int]:
    counts = fresh.counts()
    return {name: counts[name] for name in ("done", "failed") if counts[name]}


def test_counters_equal_the_set_sizes_through_every_transition(fresh: Store) -> None:
    """Done, reprocessed into failed, forced back to queued, done again: the counters follow the sets."""
    article = Article(id="c1", text="Counted words.")
    fresh.mark_queued(article)
    fresh.mark_processing(article)
    fresh.save_result(_done(article))
    assert fresh.counters() == _sizes(fresh) == {"done": 1}
    changed = Article(id="c1", text="Changed words.")
    fresh.mark_processing(changed)  # new text: out of `done`
    assert fresh.counters() == {"done": 0}
    fresh.save_result(failed_result("c1", None, "1/x.1", ErrorInfo(type="Boom", message="article c1: boom")))
    assert (fresh.counters(), _sizes(fresh)) == ({"done": 0, "failed": 1}, {"failed": 1})
    assert fresh.mark_queued(changed, force=True) is True
    assert fresh.counters() == {"done": 0, "failed": 0}
    fresh.mark_processing(changed)
    fresh.save_result(_done(changed))
    assert (fresh.counters(), _sizes(fresh)) == ({"done": 1, "failed": 0}, {"done": 1})


def test_a_refused_message_never_undoes_a_done_article(fresh: Store) -> None:
    """reject() on a done id writes only the dead letter (with its payload) and a repeat event."""
    article = Article(id="c2", text="Finished words.")
    fresh.mark_queued(article)
    fresh.mark_processing(article)
    fresh.save_result(_done(article))
    before, last = fresh.article_fields("c2"), fresh.last_event_id()
    refused = failed_result(
        "c2", None, "1/x.1", ErrorInfo(type="InvalidArticle", message="article c2: empty")
    )
    assert fresh.reject(refused, {"payload": '{"id": "c2", "text": ""}', "size": "24"}) is False
    assert fresh.article_fields("c2") == before
    assert fresh.counters() == {"done": 1}
    (entry,) = fresh.deadletters()
    assert (entry["id"], entry["error"], entry["payload"], entry["size"]) == (
        "c2",
        "InvalidArticle: article c2: empty",
        '{"id": "c2", "text": ""}',
        "24",
    )
    [(_, event)] = fresh.read_events(last, block_ms=0)
    assert (event["status"], event["repeat"], event["error"]) == (
        "done",
        "1",
        "InvalidArticle: article c2: empty",
    )


def test_the_same_refusal_twice_gets_two_dead_letters_and_events(fresh: Store) -> None:
    """Each refused message leaves a trace, even when the failed result is already committed."""
    refused = failed_result("c3", None, "1/x.1", ErrorInfo(type="InvalidMessage", message="article c3: bad"))
    last = fresh.last_event_id()
    assert fresh.reject(refused, {"payload": "bad"}) is True
    assert fresh.reject(refused, {"payload": "bad"}) is False
    assert [e["id"] for e in fresh.deadletters()] == ["c3", "c3"]
    events = [fields for _id, fields in fresh.read_events(last, block_ms=0)]
    assert [(e["status"], e.get("repeat")) for e in events] == [("failed", None), ("failed", "1")]
    assert fresh.article_fields("c3")["payload"] == "bad"
    assert fresh.counters() == {"failed": 1}


def test_commit_reads_enqueued_at_and_survives_a_flushed_script_cache(
    redis_client: redis.Redis, fresh: Store
) -> None:
    """One commit reads `enqueued_at` in its round trip, and reloads the script after SCRIPT FLUSH."""
    article = Article(id="e1", text="Timed words.")
    fresh.mark_queued(article)
    fresh.mark_processing(article)
    enqueued = fresh.article_fields("e1")["enqueued_at"]
    redis_client.script_flush()
    commit = fresh.commit(_done(article))
    assert (commit.changed, commit.enqueued_at) == (True, enqueued)
    assert fresh.article_fields("e1")["status"] == "done"
    redis_client.config_resetstat()
    assert fresh.commit(_done(article)).changed is False
    assert "cmdstat_script|exists" not in redis_client.info("commandstats")  # no extra round trip
