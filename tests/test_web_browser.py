"""The dashboard in a real headless Chromium (Debian `chromium` + `chromium-driver`, driven by
selenium), against a real server over a database filled by the real ingest. The browser has no
network but loopback: every page must still render fully. Screenshots go to the test's tmp dir and
to docs/screenshots/."""
from __future__ import annotations

import os
import shutil
import tempfile
import time
from pathlib import Path
from urllib.parse import quote

import pytest

CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"
if not (os.path.exists(CHROMIUM) and os.path.exists(CHROMEDRIVER)):
    pytest.skip("browser tests need Debian's chromium and chromium-driver (/usr/bin/chromium is absent; "
                "scripts/ci/browser.sh installs them)", allow_module_level=True)
pytest.importorskip("fastapi")
webdriver = pytest.importorskip("selenium.webdriver")
from selenium.common.exceptions import NoAlertPresentException, TimeoutException  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.support.ui import WebDriverWait  # noqa: E402

from web_fixtures import HOSTILE_LITERALS, SEED_QUESTION, ServerThread, build_db  # noqa: E402

REPO = Path(__file__).resolve().parents[1]
SCREENSHOTS = REPO / "docs" / "screenshots"
UPDATE_DOCS = os.environ.get("MARSAD_UPDATE_SCREENSHOTS") == "1"


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    from marsad.api import connect
    from marsad.web.app import create_app

    db = build_db(tmp_path_factory.getbasetemp() / "webdb")
    with connect(str(db)) as store, ServerThread(create_app(store=store)) as srv:
        yield srv


@pytest.fixture(scope="module")
def browser():
    from selenium.webdriver.chrome.options import Options
    from selenium.webdriver.chrome.service import Service

    profile = tempfile.mkdtemp(prefix="marsad-chromium-")
    opts = Options()
    opts.binary_location = CHROMIUM
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--no-first-run", "--no-default-browser-check", "--disable-extensions",
                 f"--user-data-dir={profile}", "--window-size=1400,1000", "--lang=ar",
                 # no network but loopback: names do not resolve and anything else goes to a dead proxy
                 "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1",
                 "--proxy-server=127.0.0.1:9", "--proxy-bypass-list=127.0.0.1"):
        opts.add_argument(flag)
    opts.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=opts)
    driver.set_page_load_timeout(30)
    try:
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


@pytest.fixture(scope="module")
def shots(tmp_path_factory):
    d = tmp_path_factory.mktemp("screenshots")
    if UPDATE_DOCS:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return d


def _snap(driver, shots: Path, name: str) -> None:
    path = shots / f"{name}.png"
    driver.save_screenshot(str(path))
    assert path.stat().st_size > 5000
    if UPDATE_DOCS:   # refresh the README's pictures only when asked, not on every run
        shutil.copyfile(path, SCREENSHOTS / f"{name}.png")


def _console_errors(driver) -> list[str]:
    return [e["message"] for e in driver.get_log("browser") if e.get("level") == "SEVERE"]


def _no_alert(driver) -> None:
    try:
        alert = driver.switch_to.alert
    except NoAlertPresentException:
        return
    text = alert.text
    alert.dismiss()
    pytest.fail(f"a script ran: alert({text!r})")


def _open(driver, url: str, ready_css: str | None = None, timeout: float = 20):
    driver.get_log("browser")            # drop what earlier pages logged
    driver.get(url)
    _no_alert(driver)
    WebDriverWait(driver, timeout).until(lambda d: d.execute_script("return document.readyState") == "complete")
    if ready_css:
        try:
            WebDriverWait(driver, timeout).until(
                lambda d: d.find_elements(By.CSS_SELECTOR, ready_css))
        except TimeoutException:
            pytest.fail(f"{url}: {ready_css} never appeared; console: {_console_errors(driver)}")
    _no_alert(driver)


def _assert_complete(driver, server, url: str) -> None:
    """Everything the page loaded came from our server and loaded; nothing failed or logged an error."""
    errors = _console_errors(driver)
    assert not errors, f"{url}: console errors {errors}"
    resources = driver.execute_script(
        "return performance.getEntriesByType('resource').map(function (r) {"
        "  return [r.name, r.responseStatus || 0, r.transferSize, r.decodedBodySize]; })")
    for name, status, _transfer, _size in resources:
        assert name.startswith(server.url), f"{url} loaded {name} from elsewhere"
        assert status in (0, 200, 304), f"{url}: {name} answered {status}"
    sheets = driver.execute_script("return Array.prototype.map.call(document.styleSheets, "
                                   "function (s) { return s.cssRules.length; })")
    assert sheets and all(n > 10 for n in sheets), "the stylesheet did not load"
    assert driver.execute_script("return !!window.Marsad || !document.querySelector('script[src*=charts]')")


def test_ask_page_answers_the_seed_question(server, browser, shots):
    url = f"{server.url}/ask?lang=ar&q={quote(SEED_QUESTION)}"
    _open(browser, url, "#verdict")
    assert browser.find_element(By.TAG_NAME, "html").get_attribute("dir") == "rtl"
    verdict = browser.find_element(By.ID, "verdict").text
    assert verdict.strip()
    counts = {}
    for col in ("col-for", "col-against", "col-claims"):
        box = browser.find_element(By.ID, col)
        items = box.find_elements(By.CSS_SELECTOR, "article.item")
        counts[col] = len(items)
        for it in items:
            link = it.find_element(By.CSS_SELECTOR, "a.article-link")
            assert "/article/" in link.get_attribute("href")
            assert it.find_element(By.TAG_NAME, "blockquote").text.strip()
    assert counts["col-against"] >= 1 and counts["col-claims"] >= 1, counts
    assert sum(counts.values()) >= 2
    # the denial carries its badges
    against = browser.find_element(By.ID, "col-against")
    assert against.find_elements(By.CSS_SELECTOR, ".badge.b-negated")
    _assert_complete(browser, server, url)
    _snap(browser, shots, "ask")
    # the question box works from the page itself, and an item leads to its article
    box = browser.find_element(By.ID, "q")
    box.clear()
    box.send_keys("Did Haftar receive American support?")
    browser.find_element(By.ID, "ask-button").click()
    WebDriverWait(browser, 20).until(lambda d: "Haftar" in d.current_url or "Did" in d.current_url)
    WebDriverWait(browser, 20).until(lambda d: d.find_elements(By.ID, "verdict"))
    link = browser.find_element(By.CSS_SELECTOR, "#col-against a.article-link")
    link.click()
    WebDriverWait(browser, 20).until(lambda d: d.find_elements(By.ID, "article-text"))
    assert "/article/" in browser.current_url


def test_article_page_highlights_the_seed(server, browser, shots):
    _open(browser, f"{server.url}/articles?lang=ar&q={quote('بويصير')}", "#articles a")
    browser.find_element(By.CSS_SELECTOR, "#articles tbody a").click()
    WebDriverWait(browser, 20).until(lambda d: d.find_elements(By.ID, "article-text"))
    url = browser.current_url
    text = browser.find_element(By.ID, "article-text")
    kinds = {k: len(text.find_elements(By.CSS_SELECTOR, f".hl.k-{k}")) for k in
             ("actor", "place", "date", "quote", "event")}
    assert kinds["actor"] >= 3 and kinds["event"] >= 1 and kinds["quote"] >= 1 and kinds["date"] >= 1, kinds
    assert "حفتر" in " ".join(e.text for e in text.find_elements(By.CSS_SELECTOR, ".hl.k-actor"))
    assert "بويصير" in text.text
    events = browser.find_elements(By.CSS_SELECTOR, "#events li.ev")
    assert events
    assert browser.find_elements(By.CSS_SELECTOR, "#events .badge.b-negated")
    # pointing at an event marks its evidence in the text
    events[0].click()
    WebDriverWait(browser, 5).until(lambda d: d.find_elements(By.CSS_SELECTOR, "#article-text .focus"))
    _assert_complete(browser, server, url)
    browser.execute_script("window.scrollTo(0, 0)")
    _snap(browser, shots, "article")
    # English interface: left-to-right chrome, the Arabic text stays right-to-left
    browser.find_element(By.ID, "lang-switch").click()
    WebDriverWait(browser, 10).until(lambda d: d.find_element(By.TAG_NAME, "html").get_attribute("lang") == "en")
    assert browser.find_element(By.TAG_NAME, "html").get_attribute("dir") == "ltr"
    assert browser.find_element(By.ID, "article-text").get_attribute("dir") == "rtl"
    assert "Events" in browser.find_element(By.CSS_SELECTOR, "aside.side h2").text
    _snap(browser, shots, "article-en")
    browser.get(f"{server.url}/ask?lang=ar")   # back to Arabic for the next tests


def test_network_page_draws_the_haftar_neighbourhood(server, browser, shots):
    url = f"{server.url}/network?lang=ar&around={quote('حفتر')}&include_negated=1"
    _open(browser, url, "#network svg g.node")
    nodes = browser.find_elements(By.CSS_SELECTOR, "#network svg g.node")
    edges = browser.find_elements(By.CSS_SELECTOR, "#network svg path.edge")
    assert len(nodes) >= 3 and len(edges) >= 2
    center = browser.find_elements(By.CSS_SELECTOR, "#network svg g.node.center")
    assert len(center) == 1 and "حفتر" in center[0].find_element(By.TAG_NAME, "text").text
    colours = {e.get_attribute("stroke") for e in edges}
    assert colours <= {"#718096", "#2f855a", "#2b6cb0", "#dd6b20", "#c53030"}
    # click an edge: its evidence appears with links to articles
    hit = browser.find_elements(By.CSS_SELECTOR, "#network svg path.edge-hit")[0]
    browser.execute_script("arguments[0].dispatchEvent(new MouseEvent('click', {bubbles: true}))", hit)
    WebDriverWait(browser, 5).until(lambda d: d.find_elements(By.CSS_SELECTOR, "#evidence-body .item a"))
    _assert_complete(browser, server, url)
    _snap(browser, shots, "network")


def test_actor_timeline_map_pages_render(server, browser, shots):
    _open(browser, f"{server.url}/actors?lang=ar&q={quote('حفتر')}", "#actors a")
    browser.find_element(By.CSS_SELECTOR, "#actors tbody a").click()
    WebDriverWait(browser, 20).until(lambda d: d.find_elements(By.CSS_SELECTOR, "#timeline svg rect.bar"))
    url = browser.current_url
    assert "حفتر" in browser.find_element(By.ID, "actor-name").text
    assert browser.find_elements(By.CSS_SELECTOR, "#incoming .relgroup li")
    _assert_complete(browser, server, url)
    _snap(browser, shots, "actor")

    url = f"{server.url}/timeline?lang=ar&include_negated=1"
    _open(browser, url, "#timeline svg rect.bar")
    assert len(browser.find_elements(By.CSS_SELECTOR, "#timeline svg rect.bar")) >= 3
    assert browser.find_elements(By.CSS_SELECTOR, "#timeline .chart-legend span")
    _assert_complete(browser, server, url)
    _snap(browser, shots, "timeline")

    url = f"{server.url}/map?lang=ar&include_negated=1"
    _open(browser, url, "#map svg path.country")
    assert len(browser.find_elements(By.CSS_SELECTOR, "#map svg path.country")) > 150
    assert browser.find_element(By.CSS_SELECTOR, "#map svg path.country[data-iso3='LBY']")
    WebDriverWait(browser, 10).until(lambda d: d.find_element(By.ID, "map").get_attribute("data-ready"))
    points = browser.find_elements(By.CSS_SELECTOR, "#map svg circle.point")
    if points:
        browser.execute_script("arguments[0].dispatchEvent(new MouseEvent('click', {bubbles: true}))", points[0])
        WebDriverWait(browser, 5).until(lambda d: d.find_elements(By.CSS_SELECTOR, "#evidence-body .item"))
    _assert_complete(browser, server, url)
    _snap(browser, shots, "map")


def test_hostile_article_runs_no_script_and_shows_literally(server, browser, shots):
    _open(browser, f"{server.url}/articles?lang=ar&q=DROP", "#articles a")
    titles = [a.text for a in browser.find_elements(By.CSS_SELECTOR, "#articles tbody a")]
    assert any("<script>alert(1)</script>" in t for t in titles)
    browser.find_element(By.CSS_SELECTOR, "#articles tbody a").click()
    WebDriverWait(browser, 20).until(lambda d: d.find_elements(By.ID, "article-text"))
    time.sleep(0.5)                      # give any injected handler the chance to fire
    _no_alert(browser)
    url = browser.current_url
    shown = browser.find_element(By.ID, "article-text").text
    for lit in HOSTILE_LITERALS:
        assert lit in shown, lit
    assert "<script>alert(1)</script>" in browser.find_element(By.ID, "article-title").text
    page = browser.find_element(By.ID, "main")
    assert not page.find_elements(By.CSS_SELECTOR, "#article img, #article iframe, #article svg, "
                                                   "#article script, #article textarea")
    hrefs = [a.get_attribute("href") or "" for a in browser.find_elements(By.CSS_SELECTOR, "a")]
    assert not [h for h in hrefs if h.lower().startswith("javascript:")]
    assert browser.execute_script("return document.querySelectorAll('script').length") == \
        len(browser.find_elements(By.CSS_SELECTOR, "script[src^='/static/']"))
    # the same text through every view that shows it
    for view in ("/network?lang=ar&include_negated=1", f"/ask?lang=ar&q={quote('من يتهم حفتر؟')}",
                 "/actors?lang=ar"):
        _open(browser, server.url + view)
        time.sleep(0.3)
        _no_alert(browser)
        assert not _console_errors(browser), view
    _open(browser, url)
    _assert_complete(browser, server, url)
    _snap(browser, shots, "hostile")
