"""Log lines are JSON, and no phone number, e-mail address or key ever reaches them."""

import io
import json
import logging

import pytest
import structlog

from gongzhi import logs


@pytest.mark.parametrize(
    "text",
    [
        "13800138000",
        "+8613800138000",
        "+86 138 0013 8000",
        "+86-138-0013-8000",
        "138-0013-8000",
        "138 0013 8000",
    ],
)
def test_a_mainland_mobile_is_masked_however_it_is_written(text):
    assert logs.mask(f"请联系 {text} 谢谢") == "请联系 [phone] 谢谢"


@pytest.mark.parametrize(
    "text",
    [
        "0931-8212345",
        "09318212345",
        "010-12345678",
        "0931 8212345",
        "(0931)8212345",
    ],
)
def test_a_landline_with_its_area_code_is_masked(text):
    assert logs.mask(f"座机 {text}") == "座机 [phone]"


@pytest.mark.parametrize("text", ["请回电13912345678谢谢", "电话0931-8212345。"])
def test_a_phone_number_inside_chinese_text_is_masked(text):
    assert "[phone]" in logs.mask(text)


def test_an_identity_card_number_is_masked():
    assert logs.mask("证件 620502198807150010") == "证件 [id-card]"


def test_an_email_address_is_masked():
    assert logs.mask("from zhang.san+jb@mail.qq.com today") == "from [email] today"


@pytest.mark.parametrize(
    "text",
    [
        "report 9f1c2e3a-7b4d-4e21-a0c5-3d2b8e6f1a90",
        "grid 620502001001001",
        "on 2024-05-06 and 20240506",
        "at 34.5805, 105.7123",
        "after 1715000000000 ms",
        "at 34.0123456789",
        "report e7a3c9b2-4f0e-4c1a-9b8a-013800138000",
    ],
)
def test_ordinary_numbers_are_left_alone(text):
    assert logs.mask(text) == text


@pytest.fixture
def log_lines():
    """Configure logging into a buffer; put the process's logging back afterwards."""
    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level
    stream = io.StringIO()
    logs.configure("intake", stream=stream)
    yield lambda: [json.loads(line) for line in stream.getvalue().splitlines()]
    structlog.reset_defaults()
    root.handlers[:], root.level = handlers, level


def test_a_log_line_is_json_with_the_service_name(log_lines):
    structlog.get_logger("test").info("report_accepted", report_id="r1")
    [line] = log_lines()
    assert (line["event"], line["level"], line["service"]) == ("report_accepted", "info", "intake")
    assert line["report_id"] == "r1"


def test_contacts_are_masked_however_deep_they_sit(log_lines):
    report = {"contact": {"phones": ["13800138000"], "email": "a@b.cn"}, "note": "tel 0931-8212345"}
    structlog.get_logger("test").info("report_received", report=report)
    [line] = log_lines()
    assert line["report"] == {
        "contact": {"phones": ["[phone]"], "email": "[email]"},
        "note": "tel [phone]",
    }


def test_secrets_are_redacted_by_their_key(log_lines):
    settings = {"api_key": "k-123", "database": {"password": "hunter2"}}
    structlog.get_logger("test").info("started", settings=settings, token="t-9")
    [line] = log_lines()
    assert line["settings"] == {"api_key": "[redacted]", "database": {"password": "[redacted]"}}
    assert line["token"] == "[redacted]"


def test_a_plain_logging_record_is_masked_too(log_lines):
    logging.getLogger("nameko").warning("could not reach 13800138000")
    [line] = log_lines()
    assert line["event"] == "could not reach [phone]"


def test_an_api_key_in_an_access_log_line_is_redacted():
    line = (
        "GET /open311/v2/servicerequestupdates.xml?api_key=gz_Abc-123_xyzXYZxyzXYZ&page=2 HTTP/1.1"
    )
    masked = logs.mask(line)
    assert "gz_Abc" not in masked
    assert "api_key=[redacted]&page=2" in masked


def test_one_of_our_api_keys_is_redacted_wherever_it_appears():
    assert logs.mask("key gz_abcdefghijklmnopqrstuvwxyz0123 issued") == "key [redacted] issued"


def test_a_links_token_in_a_path_is_redacted():
    line = '127.0.0.1 - - "GET /r/mQ3vX9aPz2Lk.0f3Zq8V1bY7cW2xA HTTP/1.1" 200'
    assert logs.mask(line) == '127.0.0.1 - - "GET /r/[redacted] HTTP/1.1" 200'
    posted = "POST /api/v1/ratings/mQ3vX9aPz2Lk.0f3Zq8V1bY7cW2xA HTTP/1.1"
    assert logs.mask(posted) == "POST /api/v1/ratings/[redacted] HTTP/1.1"
