"""Notify's channels in the district's `notify:` section: a URL Apprise cannot use, an e-mail
channel that would not check its server's certificate, an unknown kind, address or variant, or
a secret written where gongzhi's settings would refuse it, fails check-config with file, line
and field."""

import re

import pytest

from gongzhi.district import load_district
from gongzhi.testing.districts import SAMPLE, copy_sample, line_of, problems_in, where
from notify.channels import Channel, default_channels
from notify.config import Notify, notify_of

# The commented examples of the sample's channels: a key, or a field of one.
EXAMPLE_LINE = re.compile(r"^    # (  )?[a-z]+:", re.MULTILINE)


def with_channel(tmp_path, text: str):
    """A copy of the sample whose notify.channels has one more channel, written as `text`."""
    folder = copy_sample(tmp_path)
    path = folder / "district.yaml"
    sample = path.read_text(encoding="utf-8")
    at = sample.index("    inbox: {kind: inbox}\n") + len("    inbox: {kind: inbox}\n")
    path.write_text(sample[:at] + text + sample[at:], encoding="utf-8")
    return folder, path


def test_the_sample_district_has_the_log_and_the_inbox():
    channels = notify_of(load_district(SAMPLE)).channels

    assert channels == default_channels()
    assert channels["log"] == Channel("log", "log", None, "none", "text")


def test_a_district_without_channels_has_the_log_and_the_inbox():
    assert Notify().channels == {
        "log": Channel("log", "log", None, "none", "text"),
        "inbox": Channel("inbox", "inbox", None, "none", "text"),
    }


def test_every_example_channel_of_the_sample_loads_once_uncommented(tmp_path):
    folder = copy_sample(tmp_path)
    path = folder / "district.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(EXAMPLE_LINE.sub(lambda found: found.group()[:4] + found.group()[6:], text))

    channels = notify_of(load_district(folder)).channels

    assert sorted(channels) == [
        "dingtalk", "email", "feishu", "inbox", "log", "sms", "webhook", "wecom"
    ]  # fmt: skip
    assert channels["sms"].address == "phone"
    assert channels["email"].url is not None
    assert "{env:GONGZHI_SECRET_SMTP_PASSWORD}" in channels["email"].url


def test_a_url_apprise_cannot_use_is_reported_with_file_line_and_field(tmp_path):
    folder, path = with_channel(
        tmp_path, "    pager:\n      kind: apprise\n      url: pager://nowhere\n"
    )

    [problem] = problems_in(folder)

    line = line_of(path, "url: pager://nowhere")
    assert where(problem) == ("district.yaml", line, "notify.channels.pager.url")
    assert problem.message.startswith("Apprise cannot use this URL")


def test_a_url_missing_its_parts_is_refused(tmp_path):
    folder, path = with_channel(tmp_path, "    email:\n      kind: apprise\n      url: mailto://\n")

    [problem] = problems_in(folder)

    assert where(problem) == (
        "district.yaml",
        line_of(path, "url: mailto://"),
        "notify.channels.email.url",
    )


@pytest.mark.parametrize(
    ("text", "field", "message"),
    [
        (
            "    sms: {kind: apprise, url: 'smsgws://LTAItest@sms.example.cn/v1/send?sign=x'}\n",
            "notify.channels.sms.url",
            "Apprise cannot use this URL: an SMS gateway URL needs KEY_ID@, secret= and sign=",
        ),
        (
            "    email: {kind: apprise, address: email}\n",
            "notify.channels.email.url",
            "an apprise channel needs its Apprise URL",
        ),
        (
            "    loud: {kind: log, url: 'json://example.cn'}\n",
            "notify.channels.loud.url",
            "a log channel has no url",
        ),
    ],
)
def test_a_url_that_does_not_fit_its_channel_is_refused(tmp_path, text, field, message):
    folder, _ = with_channel(tmp_path, text)

    [problem] = problems_in(folder)

    assert (problem.field, problem.message) == (field, message)


def test_an_email_channel_that_would_not_check_its_servers_certificate_is_refused(tmp_path):
    url = "mailtos://smtp.example.cn:587?from=noreply%40example.cn&verify=no"
    folder, path = with_channel(tmp_path, f"    email: {{kind: apprise, url: '{url}'}}\n")

    [problem] = problems_in(folder)

    assert where(problem) == ("district.yaml", line_of(path, url), "notify.channels.email.url")
    assert problem.message.startswith("an e-mail channel checks its server's certificate")


@pytest.mark.parametrize(
    ("field", "value", "allowed"),
    [
        ("kind", "pigeon", "apprise, log, inbox"),
        ("address", "qq", "email, phone, wecom, dingtalk, feishu, none"),
        ("variant", "poster", "sms, email, markdown, text"),
    ],
)
def test_an_unknown_kind_address_or_variant_is_reported_with_its_line(
    tmp_path, field, value, allowed
):
    fields = {"kind": "apprise", "url": "json://example.cn", field: value}
    lines = "".join(f"      {key}: {given}\n" for key, given in fields.items())
    folder, path = with_channel(tmp_path, f"    hook:\n{lines}")

    [problem] = problems_in(folder)

    line = line_of(path, f"{field}: {value}")
    assert where(problem) == ("district.yaml", line, f"notify.channels.hook.{field}")
    assert problem.message == f"Must be one of: {allowed}."


@pytest.mark.parametrize("name", ["GONGZHI_SMTP_PASSWORD", "smtp_password"])
def test_a_secret_named_where_the_settings_would_refuse_it_is_reported(tmp_path, name):
    url = f"mailtos://noreply%40example.cn:{{env:{name}}}@smtp.example.cn"
    folder, _ = with_channel(tmp_path, f"    email:\n      kind: apprise\n      url: '{url}'\n")

    [problem] = problems_in(folder)

    assert problem.field == "notify.channels.email.url"
    assert problem.message.startswith(f"{{env:{name}}}: a secret's variable")


def test_a_channel_name_that_is_no_name_is_refused(tmp_path):
    folder, _ = with_channel(tmp_path, "    E Mail: {kind: log}\n")

    [problem] = problems_in(folder)

    assert problem.field == "notify.channels.E Mail"
    assert "lowercase letters" in problem.message
