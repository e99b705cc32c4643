"""The SMS gateway's Apprise notification reads its URL and writes it back, the secret hidden
when the URL is shown."""

import apprise

from notify import sms_gateway

URL = "smsgws://LTAItest@sms.example.cn/v1/send?secret=s3cret-key&sign=西关街道&template=SMS_0001"


def loaded(url: str):
    sms_gateway.register()
    return apprise.Apprise.instantiate(url, suppress_exceptions=False)


def test_the_gateway_url_is_read_into_its_parts():
    gateway = loaded(f"{URL}&to=13800138000,13900139000")

    assert (gateway.user, gateway.host, gateway.fullpath, gateway.secure) == (
        "LTAItest",
        "sms.example.cn",
        "/v1/send",
        True,
    )
    assert (gateway.secret, gateway.sign, gateway.template) == (
        "s3cret-key",
        "西关街道",
        "SMS_0001",
    )
    assert gateway.targets == ["13800138000", "13900139000"]


def test_the_url_written_back_loads_the_same_gateway():
    gateway = loaded(URL)
    again = loaded(gateway.url())

    assert (again.secret, again.sign, again.template, again.fullpath) == (
        "s3cret-key",
        "西关街道",
        "SMS_0001",
        "/v1/send",
    )


def test_the_url_shown_hides_the_secret():
    assert "s3cret-key" not in loaded(URL).url(privacy=True)


def test_registering_twice_keeps_one_notification():
    sms_gateway.register()
    sms_gateway.register()

    assert apprise.Apprise.instantiate(URL).__class__ is sms_gateway.NotifySmsGateway
