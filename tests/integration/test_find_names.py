"""Finding articles by a part of a name or an alias, in the Store and with `newsworker find`."""

from __future__ import annotations

import uuid

import pytest

from tests.support import RedisServer, run_cli, worker_env
from tests.webdata import store_done
from worker.keys import Keys
from worker.store import Store, connect

pytestmark = pytest.mark.integration
LABELS = ("PERSON", "GPE")


@pytest.fixture
def named(redis_server: RedisServer) -> Store:
    """A store of its own holding one sample article (Wang Yi, Vladimir Putin, Moscow)."""
    store = Store(connect(redis_server.url), Keys("names-" + uuid.uuid4().hex[:8]))
    store_done(store, "art-1")
    return store


def test_a_first_name_a_last_name_or_the_whole_name_finds_the_article(named: Store) -> None:
    """`Wang`, `yi`, `WANG YI` find Wang Yi as entity and speaker; a prefix of a word does too."""
    expected = [
        ("art-1", f"{named.keys.prefix}:entity:PERSON:wang-yi", 0.9),
        ("art-1", f"{named.keys.prefix}:speaker:wang-yi", 1.0),
    ]
    for query in ("Wang", "yi", "WANG YI", "Wan"):
        assert [row for row in named.find(query, LABELS) if "wang-yi" in row[1]] == expected, query


def test_an_alias_mention_finds_the_canonical_entity(named: Store) -> None:
    """`Putin` (a mention) and `Vladimir` both lead to the Vladimir Putin indexes."""
    assert [m.index for m in named.find_names("Putin")] == [
        "entity:PERSON:vladimir-putin",
        "speaker:vladimir-putin",
    ]
    assert [m.name for m in named.find_names("vladimir")] == ["Vladimir Putin", "Vladimir Putin"]


def test_labels_not_asked_for_are_left_out(named: Store) -> None:
    """An entity whose label is not among the labels searched is not listed; speakers always are."""
    assert named.find("Moscow", ("PERSON",)) == []
    assert named.find("Mosc", ("GPE",)) == [("art-1", f"{named.keys.prefix}:entity:GPE:moscow", 0.5)]


def test_find_prints_partial_matches_with_the_name_found(named: Store, redis_server: RedisServer) -> None:
    """`newsworker find Wang`: one line per article and index, the canonical name last."""
    out = run_cli(worker_env(redis_server.url, named.keys.prefix), "find", "Wang", timeout_s=60)
    title = "<script>alert('title')</script> Wang Yi in Moscow"
    assert out.stdout.splitlines() == [
        f"art-1\t{title}\tentity PERSON\t0.9\tWang Yi",
        f"art-1\t{title}\tspeaker\t1\tWang Yi",
    ]


def test_reindex_backfills_articles_stored_before_the_name_index(
    named: Store, redis_server: RedisServer
) -> None:
    """With the name index gone, only whole names are found; `find --reindex` rebuilds it from the results."""
    named._client.delete(named.keys.names)
    env = worker_env(redis_server.url, named.keys.prefix)
    assert run_cli(env, "find", "Wang", timeout_s=60).returncode == 1
    assert run_cli(env, "find", "Wang Yi", timeout_s=60).returncode == 0
    out = run_cli(env, "find", "--reindex", "Wang", timeout_s=60)
    assert out.stderr.strip() == "name index rebuilt from 1 stored results"
    assert len(out.stdout.splitlines()) == 2
