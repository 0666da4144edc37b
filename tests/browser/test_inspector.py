"""The inspector in a real browser: the list, an article page, a speaker page, live updates, escaping."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from selenium import webdriver
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from tests.conftest import SEED
from tests.inspector import InspectorProcess
from tests.support import ROOT, RedisServer, WorkerProcess, wait_for
from tests.webdata import TEXT, store_done
from worker.celery_app import make_celery
from worker.inputs import read_inputs
from worker.models import Article
from worker.producer import Producer
from worker.settings import Settings
from worker.store import Store

pytestmark = pytest.mark.browser
SCREENSHOT = ROOT / "docs" / "inspector.png"


def _process(store: Store, settings: Settings, article: Article) -> None:
    """Enqueue an article for the real worker and wait until it is done."""
    assert Producer(make_celery(settings), store, settings).enqueue(article, force=True)
    wait_for(lambda: store.article_fields(article.id).get("status") == "done", 120, f"article {article.id}")


@pytest.fixture(scope="module")
def seed(store: Store, settings: Settings, worker: WorkerProcess) -> Article:
    """The seed article, processed by the real worker."""
    article = next(iter(read_inputs([str(SEED)], settings.max_text_chars))).article
    assert article is not None
    _process(store, settings, article)
    return article


def _wait(browser: webdriver.Chrome, script: str, timeout_s: float = 30) -> object:
    """Wait until a JavaScript expression is truthy in the page; returns its value."""
    return WebDriverWait(browser, timeout_s, poll_frequency=0.2).until(
        lambda d: d.execute_script("return " + script)
    )


def test_the_list_shows_the_processed_seed_with_its_counts(
    browser: webdriver.Chrome, inspector: InspectorProcess, seed: Article, store: Store
) -> None:
    """The seed's row: its title, done, and the number of entities and quotes of its result."""
    result = store.result(seed.id)
    assert result is not None
    browser.get(inspector.url + "/")
    row = browser.find_element(By.CSS_SELECTOR, f'tr[data-id="{seed.id}"]')
    cells = [cell.text for cell in row.find_elements(By.TAG_NAME, "td")]
    assert cells[0].splitlines()[0] == seed.title
    assert (cells[1], cells[3], cells[4]) == ("done", str(len(result.entities)), str(len(result.quotes)))


def test_the_article_page_highlights_every_quote_of_the_result(
    browser: webdriver.Chrome, inspector: InspectorProcess, seed: Article, store: Store, tmp_path: Path
) -> None:
    """Clicking the seed opens its page; the distinct highlighted quotes, all visible, match the result."""
    result = store.result(seed.id)
    assert result is not None and result.quotes
    browser.get(inspector.url + "/")
    browser.find_element(By.CSS_SELECTOR, f'tr[data-id="{seed.id}"] td.title a').click()
    _wait(browser, "document.getElementById('text') !== null")
    assert browser.current_url == f"{inspector.url}/articles/{seed.id}"
    marked = browser.execute_script(
        "return [...document.querySelectorAll('#text .quote')].filter(e => e.getClientRects().length)"
        ".map(e => e.dataset.quote)"
    )
    assert len(set(marked)) == len(result.quotes)
    first = browser.execute_script("return document.querySelector('#text .quote.first').dataset.type")
    assert first == result.quotes[0].type
    shot = tmp_path / "article.png"
    assert browser.save_screenshot(str(shot)) and shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    if os.environ.get("UPDATE_SCREENSHOT"):
        SCREENSHOT.write_bytes(shot.read_bytes())


def test_a_click_on_a_speaker_opens_their_page_with_their_quotes(
    browser: webdriver.Chrome, inspector: InspectorProcess, seed: Article, store: Store
) -> None:
    """The first speaker in the side column leads to a page listing the seed with that speaker's quotes."""
    result = store.result(seed.id)
    assert result is not None
    browser.get(f"{inspector.url}/articles/{seed.id}")
    link = browser.find_element(By.CSS_SELECTOR, "a.speaker-link")
    name = link.text
    link.click()
    _wait(browser, "document.querySelector('h1') && location.pathname.startsWith('/speakers/')")
    assert browser.find_element(By.TAG_NAME, "h1").text == f"{name} speaker"
    said = browser.find_elements(By.CSS_SELECTOR, f'tr[data-id="{seed.id}"] li.said-quote')
    assert len(said) == sum(1 for q in result.quotes if q.speaker == name)


def test_a_new_article_appears_in_the_list_without_a_reload(
    browser: webdriver.Chrome, inspector: InspectorProcess, seed: Article, store: Store, settings: Settings
) -> None:
    """The worker finishes a new article while the list is open: its row arrives over the event stream."""
    browser.get(inspector.url + "/")
    _wait(browser, "document.getElementById('live-state').textContent === 'on'")
    browser.execute_script("window.sameDocument = true")
    article = Article(id="live-new", title="Ferry news", text="Lars Nilsson said the ferry will run again.")
    _process(store, settings, article)
    _wait(browser, "document.querySelector('tr[data-id=\"live-new\"]') !== null", 60)
    assert browser.execute_script("return window.sameDocument") is True
    assert browser.execute_script("return document.querySelector('#rows tr').dataset.id") == "live-new"


def test_the_live_list_survives_a_redis_restart(
    browser: webdriver.Chrome,
    inspector: InspectorProcess,
    redis_server: RedisServer,
    store: Store,
    seed: Article,
) -> None:
    """Redis killed and restarted under an open list: the next finished article still appears."""
    browser.get(inspector.url + "/")
    _wait(browser, "document.getElementById('live-state').textContent === 'on'")
    browser.execute_script("window.sameDocument = true")
    redis_server.stop()
    redis_server.start()
    store_done(store, "after-restart", title="After the restart")
    _wait(browser, "document.querySelector('tr[data-id=\"after-restart\"]') !== null", 90)
    assert browser.execute_script("return window.sameDocument") is True


def test_script_in_a_title_and_text_is_shown_not_run(
    browser: webdriver.Chrome, inspector: InspectorProcess, store: Store
) -> None:
    """An article whose title and text hold `<script>` shows them as text and runs neither."""
    text = TEXT.replace("alert('text')", "window.ranText = 1")
    store_done(store, "xss", text=text, title="<script>window.ranTitle = 1</script>")
    browser.get(inspector.url + "/articles/xss")
    assert browser.find_element(By.TAG_NAME, "h1").text == "<script>window.ranTitle = 1</script>"
    assert browser.find_element(By.ID, "text").text.startswith("<script>window.ranText = 1</script> Chinese")
    assert browser.execute_script("return [window.ranText, window.ranTitle]") == [None, None]
