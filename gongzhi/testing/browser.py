"""A real headless browser for tests of pages: Debian's `chromium` driven through its own
`chromium-driver` by Selenium (`make tools` and `.ci/run` install both when missing).

    def test_board_shows_the_tally(browser, ...):
        browser.get(url)
        browser.find_element(By.CSS_SELECTOR, ".tally").text

One Chromium serves the whole test session (it takes seconds to start); each test gets it back
at desktop width, on screen media, with no cookies. `phone(driver)` and `print_media(driver)`
emulate a phone's viewport and the print stylesheet through the DevTools protocol, which
Chromium speaks natively.
"""

import shutil
from collections.abc import Iterator

import pytest

DESKTOP = (1280, 900)
# An iPhone X, in CSS pixels.
PHONE = {"width": 375, "height": 812, "deviceScaleFactor": 2, "mobile": True}
ARGUMENTS = (
    "--headless=new",
    "--no-sandbox",  # CI and the development machines run the tests as root
    "--disable-dev-shm-usage",  # a container's /dev/shm is small
    "--disable-gpu",
    "--lang=zh-CN",
)


def _programs() -> tuple[str, str] | None:
    """Chromium and its driver, both from the system: Selenium Manager would download others."""
    chromium, driver = shutil.which("chromium"), shutil.which("chromedriver")
    return (chromium, driver) if chromium and driver else None


def start_chromium():
    """A headless Chromium under the system's chromedriver, or a skip saying what is missing."""
    programs = _programs()
    if programs is None:
        pytest.skip("no chromium and chromedriver on PATH: `make tools` installs Debian's")
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = programs[0]
    for argument in ARGUMENTS:
        options.add_argument(argument)
    return webdriver.Chrome(options=options, service=Service(programs[1]))


def phone(driver) -> None:
    """From here on the page is laid out as on a phone: 375 CSS pixels wide, touch, mobile."""
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", PHONE)


def page_width(driver) -> int:
    """How wide the page is laid out, in CSS pixels: on a phone a page wider than the screen
    (PHONE["width"]) is zoomed out or scrolls sideways."""
    return driver.execute_script("return document.documentElement.scrollWidth")


def print_media(driver) -> None:
    """From here on CSS `@media print` applies, as when the page is printed."""
    driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})


def _reset(driver) -> None:
    driver.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
    driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": ""})
    driver.delete_all_cookies()
    driver.set_window_size(*DESKTOP)


@pytest.fixture(scope="session")
def chromium() -> Iterator:
    driver = start_chromium()
    yield driver
    driver.quit()


@pytest.fixture
def browser(chromium) -> Iterator:
    """The session's headless Chromium (a Selenium WebDriver), at desktop width on screen media."""
    _reset(chromium)
    yield chromium
    _reset(chromium)
