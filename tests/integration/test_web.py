"""The inspector's routes against a real redis-server: list, article, indexes, search, API, errors."""

from __future__ import annotations

import json
import re
import uuid
from collections.abc import Iterator

import pytest
from starlette.testclient import TestClient

from tests.support import RedisServer, run_cli, worker_env
from tests.webdata import TEXT, store_done, store_failed
from worker.keys import Keys
from worker.models import Article, ArticleResult, LanguageDetection, SkippedStage
from worker.settings import Settings
from worker.store import Store, connect
from worker.web.app import make_app

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def web_store(redis_server: RedisServer) -> Store:
    """A store under a prefix of its own with two done articles and a failed one."""
    store = Store(connect(redis_server.url), Keys("web-" + uuid.uuid4().hex[:8]))
    store_done(store, "first")
    store_failed(store, "broken", "article text is empty (id=broken)")
    store_done(store, "second", title="Second <b>story</b>")
    return store


@pytest.fixture(scope="module")
def client(web_store: Store, redis_server: RedisServer) -> Iterator[TestClient]:
    """The app over that store, called in-process."""
    settings = Settings(
        redis_url=redis_server.url, key_prefix=web_store.keys.prefix, queue=web_store.keys.prefix
    )
    with TestClient(make_app(web_store, settings)) as test_client:
        yield test_client


def test_the_list_shows_finished_articles_newest_first_with_counts(client: TestClient) -> None:
    """Done and failed articles, newest first, with status, entity and quote counts."""
    html = client.get("/").text
    rows = re.findall(r'<tr class="article-row status-(\w+)" data-id="([^"]+)">', html)
    assert rows == [("done", "second"), ("failed", "broken"), ("done", "first")]
    counts = re.findall(r'<td class="num">(\d+)</td>\s*<td class="num">(\d+)</td>', html)
    assert counts == [("3", "3"), ("0", "0"), ("3", "3")]
    assert "Second &lt;b&gt;story&lt;/b&gt;" in html


def test_the_list_shows_the_status_figures(client: TestClient) -> None:
    """Queue length, articles by status, dead letters and workers alive, as `newsworker status`."""
    figures = dict(
        (name, int(value))
        for name, value in re.findall(r'data-figure="([^"]+)">(\d+)<', client.get("/").text)
    )
    assert figures == {
        "queue": 0,
        "queued": 0,
        "processing": 0,
        "done": 2,
        "failed": 1,
        "dead letters": 1,
        "workers": 0,
    }


def test_an_article_page_escapes_script_in_title_and_text(client: TestClient) -> None:
    """`<script>` in the title and the text is shown as text, never as an element."""
    html = client.get("/articles/first").text
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(&#39;title&#39;)&lt;/script&gt; Wang Yi in Moscow</h1>" in html
    assert (
        '<div class="text" id="text">&lt;script&gt;alert(&#39;text&#39;)&lt;/script&gt; <span class="sum'
        in html
    )


def test_an_article_page_marks_every_quote_with_type_and_speaker_colour(client: TestClient) -> None:
    """One element per quote (none split here), typed and coloured by speaker; cues and speakers marked."""
    html = client.get("/articles/first").text
    quotes = re.findall(r'<span class="quote (\w+) (spk-\w+) first last" data-quote="(\d)"', html)
    assert quotes == [("direct", "spk-0", "0"), ("indirect", "spk-1", "1"), ("direct", "spk-none", "2")]
    assert re.findall(r'<span class="speaker (spk-\d) first last" title="speaker: ([^"]+)">', html) == [
        ("spk-0", "Wang Yi"),
        ("spk-1", "Vladimir Putin"),
    ]
    assert html.count('<span class="cue first last"') == 3
    assert (
        '<mark class="ent first last" data-label="GPE" title="GPE: Moscow">Moscow</mark> and Beijing' in html
    )


def test_an_article_page_lists_entities_by_salience_and_quotes_by_speaker(client: TestClient) -> None:
    """The side column links each entity and speaker to its index page."""
    html = client.get("/articles/first").text
    assert re.findall(r'href="/entities/(\w+)/([\w-]+)"', html) == [
        ("PERSON", "wang-yi"),
        ("PERSON", "vladimir-putin"),
        ("GPE", "moscow"),
    ]
    assert re.findall(r'class="speaker-link" href="/speakers/([\w-]+)"', html) == [
        "wang-yi",
        "vladimir-putin",
    ]
    assert "<em>unresolved speaker</em>" in html


def test_a_failed_article_page_shows_its_error(client: TestClient) -> None:
    """Status failed and the recorded error."""
    html = client.get("/articles/broken").text
    assert "<strong>InvalidArticle</strong>: article text is empty (id=broken)" in html


def test_an_unfinished_article_shows_its_status_and_text(client: TestClient, web_store: Store) -> None:
    """A queued article has a page (status, text, no result yet) and its API answer is its stored fields."""
    from worker.models import Article

    web_store.mark_queued(Article(id="waiting", text="Not parsed <yet>.", title="Waiting"))
    html = client.get("/articles/waiting").text
    assert '<span class="badge queued">queued</span>' in html
    assert '<div class="text" id="text">Not parsed &lt;yet&gt;.</div>' in html
    data = client.get("/api/articles/waiting").json()
    assert (data["id"], data["status"], data["title"], "text" in data) == (
        "waiting",
        "queued",
        "Waiting",
        False,
    )
    web_store.unqueue("waiting")


def test_an_unknown_article_is_a_plain_404_page(client: TestClient) -> None:
    """404 status and a page saying which id is unknown; unknown paths too."""
    response = client.get("/articles/nope")
    assert response.status_code == 404
    assert '<p class="message">no article &#39;nope&#39;</p>' in response.text
    assert client.get("/no/such/page").status_code == 404
    assert client.get("/api/articles/nope").json() == {"error": "no article 'nope'"}


def test_the_api_answers_as_newsworker_show_prints(
    client: TestClient, web_store: Store, redis_server: RedisServer
) -> None:
    """`/api/articles/{id}` is byte for byte the line `newsworker show ID` prints."""
    env = worker_env(redis_server.url, web_store.keys.prefix)
    shown = run_cli(env, "show", "first", timeout_s=60).stdout
    response = client.get("/api/articles/first")
    assert response.headers["content-type"] == "application/json"
    assert response.text == shown.rstrip("\n")
    assert json.loads(response.text)["quotes"][0]["speaker"] == "Wang Yi"


def test_a_speaker_page_lists_the_articles_quoting_them_with_the_quotes(client: TestClient) -> None:
    """`/speakers/wang-yi`: both done articles, each with Wang Yi's quote."""
    html = client.get("/speakers/wang-yi").text
    assert '<h1>Wang Yi <span class="kind">speaker</span></h1>' in html
    assert sorted(re.findall(r'<tr class="article-row" data-id="(\w+)">', html)) == ["first", "second"]
    assert html.count("“Our ties threaten no one,”</li>") == 2
    assert client.get("/speakers/nobody-here").status_code == 404


def test_an_entity_page_lists_the_articles_mentioning_it_by_salience(client: TestClient) -> None:
    """`/entities/GPE/moscow`: both done articles with the salience; a bad label is a 404."""
    html = client.get("/entities/GPE/moscow").text
    assert '<h1>Moscow <span class="kind">entity · GPE</span></h1>' in html
    assert re.findall(r'<td class="num">([\d.]+)</td>', html) == ["0.5", "0.5"]
    assert client.get("/entities/gpe/moscow").status_code == 404


def test_search_finds_names_by_a_part(client: TestClient) -> None:
    """`Putin` finds Vladimir Putin as entity and speaker, and the articles; nonsense finds nothing."""
    html = client.get("/search", params={"q": "putin"}).text
    assert re.findall(r'<li><a href="([^"]+)">([^<]+)</a>', html) == [
        ("/entities/PERSON/vladimir-putin", "Vladimir Putin"),
        ("/speakers/vladimir-putin", "Vladimir Putin"),
    ]
    assert sorted(re.findall(r'data-id="(\w+)"', html)) == ["first", "second"]
    assert "No article mentions or quotes a name like “zzz”." in client.get("/search?q=zzz").text


def test_every_response_forbids_scripts_other_than_the_inspectors_own(client: TestClient) -> None:
    """A Content-Security-Policy behind the escaping: no inline script would run even if one slipped in."""
    for path in ("/", "/articles/first", "/articles/nope", "/static/app.js"):
        headers = client.get(path).headers
        assert headers["content-security-policy"].startswith("default-src 'self';"), path
        assert headers["x-content-type-options"] == "nosniff"


def test_the_page_text_is_the_stored_text(client: TestClient) -> None:
    """With the tags taken out and entities unescaped, the marked text is exactly the article text."""
    import html as html_lib

    page = client.get("/articles/first").text
    body = page.split('<div class="text" id="text">', 1)[1].split("</div>", 1)[0]
    assert html_lib.unescape(re.sub(r"<[^>]+>", "", body)) == TEXT


def test_an_article_page_shows_its_language_and_a_skipped_quotes_stage(
    client: TestClient, web_store: Store
) -> None:
    """A German article with quotes skipped: its language, the detector's view, and no '0 quotes' claim."""
    text = "Der Stadtrat hat am Dienstag die Schließung der alten Brücke beschlossen."
    web_store.mark_queued(Article(id="german", text=text, language="de"))
    web_store.save_result(
        ArticleResult(
            id="german",
            title=None,
            status="done",
            pipeline_version="2/x.1",
            language="de",
            language_detection=LanguageDetection(detected="de", confidence=0.99, given="de", disagrees=False),
            quotes=None,
            skipped=[SkippedStage(stage="quotes", reason="no quotes method for language 'de'")],
        )
    )
    stored = web_store.result("german")
    assert stored is not None and stored.quotes is None  # null survives the round trip through Redis
    html = client.get("/articles/german").text
    assert "<dt>language</dt><dd>de (detected de, 0.99)</dd>" in html
    assert "Quotes by speaker (0): not extracted for this language</h2>" in html
