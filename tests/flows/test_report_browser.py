"""report.html of a real release in a real headless browser (Debian's chromium + chromium-driver,
driven by Selenium): it loads offline with no network request, the sample renders, the role filter
and the source search work, and a screenshot is written for a person to look at.

Skipped with a message saying how to install the browser where it is missing; `.ci/run` installs it,
so CI always runs this test."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
DRIVER = shutil.which("chromedriver") or "/usr/bin/chromedriver"
INSTALL = "apt-get update && apt-get install -y chromium chromium-driver (Debian packages; .ci/run does this in CI)"
# Flags for a browser that must not reach the network on its own (updates, sync, field trials).
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
         "--disable-sync", "--no-first-run", "--disable-default-apps", "--window-size=1280,1800"]
# Where the screenshot goes: TEXTMILL_SCREENSHOT_DIR if set (to keep it), else the test's tmp folder.
SCREENSHOT_DIR = os.environ.get("TEXTMILL_SCREENSHOT_DIR")

webdriver = pytest.importorskip("selenium.webdriver", reason="selenium is not installed: pip install -e '.[test]'")
if not (Path(CHROMIUM).exists() and Path(DRIVER).exists()):
    if os.environ.get("CI") == "true":  # .ci/run installed them: missing here is a failure, not a skip
        pytest.fail(f"CI without chromium/chromedriver: {INSTALL}", pytrace=False)
    pytest.skip(f"no chromium/chromedriver on this machine: {INSTALL}", allow_module_level=True)


@pytest.fixture(scope="module")
def browser():
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in FLAGS:
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"performance": "ALL"})
    driver = webdriver.Chrome(service=Service(DRIVER), options=options)
    yield driver
    driver.quit()


def _requests(driver) -> list[str]:
    """URLs the page asked for (Chrome's network log): a self-contained page asks for none but itself."""
    import json

    urls = []
    for entry in driver.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        if message["method"] == "Network.requestWillBeSent":
            urls.append(message["params"]["request"]["url"])
    return urls


def test_report_page_loads_offline_renders_the_sample_and_filters(two_releases, browser, tmp_path):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select

    releases, _, _ = two_releases
    page = releases / "r2" / "report.html"
    browser.execute_cdp_cmd("Network.enable", {})
    browser.execute_cdp_cmd("Network.emulateNetworkConditions", {"offline": True, "latency": 0, "downloadThroughput": -1, "uploadThroughput": -1})
    browser.get(page.as_uri())
    assert "release r2" in browser.title
    others = [u for u in _requests(browser) if not u.startswith(("file://", "data:"))]
    assert others == []
    images = browser.find_elements(By.CSS_SELECTOR, "#stats img")
    assert len(images) == 7 and all(browser.execute_script("return arguments[0].naturalWidth", img) > 0 for img in images)
    docs = browser.find_elements(By.CSS_SELECTOR, "article.doc")
    assert len(docs) == 6  # every document of this small release is in the sample
    assert browser.find_elements(By.CSS_SELECTOR, ".line.removed .rule")  # removed lines shown with their rule
    assert "passed" in browser.find_element(By.ID, "validation").text

    Select(browser.find_element(By.ID, "role")).select_by_value("dateline")
    visible = [e for e in browser.find_elements(By.CSS_SELECTOR, ".line") if e.is_displayed()]
    assert visible and all(e.get_attribute("data-role") == "dateline" for e in visible)
    shown = int(browser.find_element(By.ID, "shown").text)
    assert 0 < shown < len(docs)  # documents without a dateline are hidden

    Select(browser.find_element(By.ID, "role")).select_by_value("")
    box = browser.find_element(By.ID, "q")
    box.send_keys("geneva_talks")
    assert [d.find_element(By.TAG_NAME, "h3").text for d in docs if d.is_displayed()] == ["Geneva talks on Syria resume after a week of delays"]
    browser.execute_script("arguments[0].value = ''; arguments[0].dispatchEvent(new Event('input'))", box)
    assert int(browser.find_element(By.ID, "shown").text) == len(docs)
    browser.execute_script("document.getElementById('browser').scrollIntoView()")

    out = Path(SCREENSHOT_DIR) if SCREENSHOT_DIR else tmp_path
    out.mkdir(parents=True, exist_ok=True)
    shot = out / "report_r2.png"
    assert browser.save_screenshot(str(shot)) and shot.stat().st_size > 10_000
