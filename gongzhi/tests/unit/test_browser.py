"""The headless browser the tests of pages use: a real Chromium that lays a page out on a
phone's width and under the print stylesheet."""

from urllib.parse import quote

from selenium.webdriver.common.by import By

from gongzhi.testing.browser import PHONE, page_width, phone, print_media

PAGE = """<!doctype html><html lang="zh-CN"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>@media print { nav { display: none } }</style></head>
<body><nav>导航</nav><p id="wide" style="width: 600px">当场公布</p></body></html>"""


def _open(browser) -> None:
    browser.get("data:text/html;charset=utf-8," + quote(PAGE))


def test_the_browser_reads_the_rendered_text(browser):
    _open(browser)
    assert browser.find_element(By.ID, "wide").text == "当场公布"


def test_a_phone_is_narrower_than_a_wide_paragraph(browser):
    _open(browser)
    assert page_width(browser) > PHONE["width"]  # 600 px of text fit on a desktop
    assert browser.execute_script("return window.innerWidth") >= page_width(browser)
    phone(browser)
    _open(browser)
    assert browser.execute_script("return screen.width") == PHONE["width"]
    assert page_width(browser) > PHONE["width"]


def test_print_media_applies_the_print_stylesheet(browser):
    _open(browser)
    assert browser.find_element(By.TAG_NAME, "nav").is_displayed()
    print_media(browser)
    assert not browser.find_element(By.TAG_NAME, "nav").is_displayed()


def test_each_test_starts_on_screen_at_desktop_width(browser):
    _open(browser)
    assert browser.find_element(By.TAG_NAME, "nav").is_displayed()
    assert browser.execute_script("return window.innerWidth") > PHONE["width"]
