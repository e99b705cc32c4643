"""`send` puts one message on one channel for one recipient, through Apprise to real local
servers: an SMTP server, a JSON webhook and the district's SMS gateway. A receiver that fails,
refuses or hangs is a failed Sent with its reason, never an exception; no log line holds an
address."""

import io
import logging
import time

import pytest
import structlog

from gongzhi import logs
from notify.channels import Channel, Message, Sent, send

RESIDENT_EMAIL = "zhang.san@example.cn"
RESIDENT_PHONE = "13800138000"
RECEIPT = Message("诉求已受理", "您的诉求 R-2026-0001 已受理, 我们将在 5 个工作日内答复。", "text")


def email_channel(url: str) -> Channel:
    return Channel("email", "apprise", url, "email", "email")


def sms_channel(url: str) -> Channel:
    return Channel("sms", "apprise", url, "phone", "sms")


def test_an_email_reaches_the_smtp_server_for_the_recipient_alone(smtp_server):
    sent = send(email_channel(smtp_server.url()), RESIDENT_EMAIL, RECEIPT)

    assert sent == Sent(True)
    [mail] = smtp_server.mails
    assert mail.recipients == [RESIDENT_EMAIL]
    assert mail.message["Subject"] == "诉求已受理"
    assert "R-2026-0001" in mail.message.get_body(("plain", "html")).get_content()


def test_an_address_in_the_url_gives_way_to_the_recipients(smtp_server):
    url = f"{smtp_server.url()}&to=office@example.cn"

    send(email_channel(url), RESIDENT_EMAIL, RECEIPT)

    assert [mail.recipients for mail in smtp_server.mails] == [[RESIDENT_EMAIL]]


def test_the_rest_of_the_url_is_kept_as_written(smtp_server):
    url = smtp_server.url(sender="notify+xiguan@example.cn")

    assert send(email_channel(url), RESIDENT_EMAIL, RECEIPT).ok

    assert smtp_server.mails[0].sender == "notify+xiguan@example.cn"


def test_a_markdown_message_reaches_email_as_html(smtp_server):
    answer = Message("诉求已办结", "**已办结**: 管道已疏通", "markdown")

    assert send(email_channel(smtp_server.url()), RESIDENT_EMAIL, answer).ok

    html = smtp_server.mails[0].message.get_body(("html",)).get_content()
    assert "<strong>已办结</strong>" in html


def test_an_sms_reaches_the_gateway_signed_with_the_gateways_message_id(sms_gateway):
    sent = send(sms_channel(sms_gateway.url(template="SMS_0001")), RESIDENT_PHONE, RECEIPT)

    assert sent == Sent(True, provider_id="msg-1")
    [request] = sms_gateway.sent
    assert request["phone_numbers"] == [RESIDENT_PHONE]
    assert request["sign_name"] == "西关街道"
    assert request["access_key_id"] == "LTAItest"
    assert request["template_code"] == "SMS_0001"
    assert "R-2026-0001" in request["template_param"]["content"]
    assert request["timestamp"].endswith("Z")
    assert len(request["nonce"]) == 32


def test_an_sms_without_a_template_carries_its_text(sms_gateway):
    sms = Message("", "您的诉求已办结", "text")

    assert send(sms_channel(sms_gateway.url()), RESIDENT_PHONE, sms).ok

    assert sms_gateway.sent[0]["text"] == "您的诉求已办结"
    assert "template_code" not in sms_gateway.sent[0]


def test_a_gateway_that_fails_then_hangs_is_a_failure_with_its_reason_each_time(sms_gateway):
    channel = sms_channel(sms_gateway.url())
    assert send(channel, RESIDENT_PHONE, RECEIPT).ok

    sms_gateway.mode = "fail"
    failed = send(channel, RESIDENT_PHONE, RECEIPT)

    assert not failed.ok
    assert (
        failed.error
        == "SMS gateway: refused the message: HTTP 500, code InternalError: the gateway is down."
    )
    assert failed.provider_id is None

    sms_gateway.mode = "hang"
    started = time.monotonic()
    hung = send(channel, RESIDENT_PHONE, RECEIPT, timeout=1.0)

    assert time.monotonic() - started < 1.5
    assert not hung.ok
    assert hung.error
    assert len(sms_gateway.sent) == 3


def test_a_request_signed_with_another_secret_is_refused_by_the_gateway(sms_gateway):
    url = sms_gateway.url().replace(sms_gateway.secret, "not-the-secret")

    refused = send(sms_channel(url), RESIDENT_PHONE, RECEIPT)

    assert not refused.ok
    assert "SignatureDoesNotMatch" in (refused.error or "")
    assert sms_gateway.sent == []


def test_a_failure_names_neither_the_address_nor_the_secret(sms_gateway):
    sms_gateway.mode = "fail"

    failed = send(sms_channel(sms_gateway.url()), RESIDENT_PHONE, RECEIPT)

    assert RESIDENT_PHONE not in (failed.error or "")
    assert sms_gateway.secret not in (failed.error or "")


def test_a_webhook_gets_the_message_at_its_url_as_configured(http_server):
    channel = Channel("webhook", "apprise", http_server.url("/gongzhi/notify"), "none", "text")

    assert send(channel, None, RECEIPT) == Sent(True)

    [request] = http_server.requests
    assert request.path == "/gongzhi/notify"
    assert request.json()["title"] == "诉求已受理"
    assert "R-2026-0001" in request.json()["message"]


def test_a_webhook_answering_500_is_a_failure_with_the_status(http_server):
    http_server.answer = lambda request: (500, {"error": "down"})
    channel = Channel("webhook", "apprise", http_server.url(), "none", "text")

    failed = send(channel, None, RECEIPT)

    assert not failed.ok
    assert "error=500" in (failed.error or "")


def test_a_refused_connection_is_a_failure_not_an_exception(http_server):
    closed = http_server.url().replace(str(http_server.port), "1")

    failed = send(Channel("webhook", "apprise", closed, "none", "text"), None, RECEIPT)

    assert not failed.ok
    assert failed.error


def test_a_secret_comes_from_the_environment_at_each_send(sms_gateway, monkeypatch):
    url = sms_gateway.url().replace(sms_gateway.secret, "{env:GONGZHI_SECRET_SMS_TEST}")
    channel = sms_channel(url)

    unset = send(channel, RESIDENT_PHONE, RECEIPT)
    monkeypatch.setenv("GONGZHI_SECRET_SMS_TEST", sms_gateway.secret)
    sent = send(channel, RESIDENT_PHONE, RECEIPT)

    assert unset == Sent(
        False, "GONGZHI_SECRET_SMS_TEST is not set: the channel's URL needs it "
        "({env:GONGZHI_SECRET_SMS_TEST})"
    )  # fmt: skip
    assert sent.ok


def test_a_channel_that_needs_an_address_fails_without_one(smtp_server):
    failed = send(email_channel(smtp_server.url()), None, RECEIPT)

    assert failed == Sent(False, "no email address for channel email")
    assert smtp_server.mails == []


def test_the_log_channel_writes_one_line_with_neither_address_nor_words():
    message = Message(f"致 {RESIDENT_EMAIL}", f"张三 您好, 请回电 {RESIDENT_PHONE}", "text")

    with structlog.testing.capture_logs() as lines:
        sent = send(Channel("log", "log", None, "none", "text"), RESIDENT_PHONE, message)

    assert sent == Sent(True)
    [line] = lines
    assert line["event"] == "notify.log_channel"
    assert line["channel"] == "log"
    for text in (RESIDENT_PHONE, RESIDENT_EMAIL, "张三"):
        assert text not in repr(line)


def test_the_inbox_is_not_sent_through_channels():
    with pytest.raises(ValueError, match="inbox"):
        send(Channel("inbox", "inbox", None, "none", "text"), None, RECEIPT)


def test_a_message_in_neither_text_nor_markdown_is_refused_naming_its_format():
    with pytest.raises(ValueError, match=r"message\.format: 'html'"):
        send(Channel("log", "log", None, "none", "text"), None, Message("t", "<b>b</b>", "html"))


@pytest.fixture
def log_text():
    """The service's own log pipeline (gongzhi.logs, at DEBUG) into a buffer; put back after."""
    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level
    stream = io.StringIO()
    logs.configure("notify", "DEBUG", stream=stream)
    yield stream.getvalue
    structlog.reset_defaults()
    root.handlers[:], root.level = handlers, level


def test_no_log_line_of_a_send_holds_an_address_or_a_secret(log_text, smtp_server, sms_gateway):
    send(email_channel(smtp_server.url()), RESIDENT_EMAIL, RECEIPT)
    send(sms_channel(sms_gateway.url()), RESIDENT_PHONE, RECEIPT)
    sms_gateway.mode = "fail"
    send(sms_channel(sms_gateway.url()), RESIDENT_PHONE, RECEIPT)

    text = log_text()
    assert "refused the message" in text
    for secret in (RESIDENT_EMAIL, RESIDENT_PHONE, sms_gateway.secret):
        assert secret not in text
