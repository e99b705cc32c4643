"""An e-mail to a resident names their one-click unsubscribe in its headers (RFC 2369's
List-Unsubscribe with RFC 8058's List-Unsubscribe-Post), as a real SMTP server receives it; and
every e-mail goes through Apprise's SMTP connection with one TLS context, built once
(smtp_tls.py), that checks certificates and hostnames."""

import ssl

from apprise.plugins.email import smtp as apprise_smtp

from notify import smtp_tls
from notify.channels import Channel, Message, send

RESIDENT = "li.ming@example.com"
ONE_CLICK = "https://gongzhi.xiguan.gov.cn/notify/api/v1/preferences/resident/unsubscribe?token=t"


def email(smtp_server) -> Channel:
    return Channel("email", "apprise", smtp_server.url(), "email", "email")


def test_a_residents_email_names_the_one_click_unsubscribe(smtp_server):
    resolved = Message("您反映的问题已办结", "管道已疏通", "text", unsubscribe=ONE_CLICK)

    assert send(email(smtp_server), RESIDENT, resolved).ok

    [mail] = smtp_server.mails
    assert mail.message["List-Unsubscribe"] == f"<{ONE_CLICK}>"
    assert mail.message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


def test_an_email_with_no_one_click_has_no_such_headers(smtp_server):
    assert send(email(smtp_server), RESIDENT, Message("派单", "请处理", "text")).ok

    [mail] = smtp_server.mails
    assert mail.message["List-Unsubscribe"] is None


def test_every_email_connection_takes_the_one_context_which_checks_certificates(smtp_server):
    send(email(smtp_server), RESIDENT, Message("派单", "请处理", "text"))
    smtp_tls.share()  # again: no change

    given = apprise_smtp.ssl.create_default_context()
    assert apprise_smtp.ssl.create_default_context() is given
    assert (given.verify_mode, given.check_hostname) == (ssl.CERT_REQUIRED, True)
    assert apprise_smtp.ssl.CERT_NONE == ssl.CERT_NONE  # the rest of ssl is ssl's


def test_a_context_asked_for_with_arguments_is_a_fresh_one():
    smtp_tls.share()
    shared = apprise_smtp.ssl.create_default_context()

    fresh = apprise_smtp.ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)

    assert fresh is not shared
