"""Notify's channels: where a message can go, as the district names them in `notify.channels`,
and `send`, which puts one message on one channel for one recipient through Apprise.

    notify:
      channels:
        email:
          kind: apprise
          url: mailtos://noreply%40xiguan.gov.cn:{env:GONGZHI_SECRET_SMTP}@smtp.xiguan.gov.cn
          address: email      # the recipient's e-mail goes into the URL's to=
          variant: email      # the template variant it carries: a subject and a body

A URL names a secret as `{env:NAME}`, read from the environment at each send (percent-encoded
into the URL), never written in district.yaml. NAME is a variable outside the GONGZHI_ prefix or
one starting GONGZHI_SECRET_, which gongzhi's settings let be. A channel whose `address` is not
"none" gets the recipient's address as the URL's `to=` (mailto(s), smsgw(s), DingTalk, WeCom);
with "none" (a group robot, a webhook) it posts to the URL as configured.

Apprise sends in the calling green thread: the asset's async_mode is off and no deadline is set,
so Apprise starts no thread pool and no asyncio loop under nameko's eventlet. Each send is bounded
by `timeout`: the socket timeouts of the notification, and an eventlet.Timeout over the whole.
"""

import os
import re
from dataclasses import dataclass
from functools import cache
from typing import Any
from urllib.parse import quote, urlsplit, urlunsplit

import apprise
import marshmallow as ma
import structlog
from apprise.plugins.email import NotifyEmail

from gongzhi.logs import mask
from notify import sms_gateway, smtp_tls

KINDS = ("apprise", "log", "inbox")
ADDRESSES = ("email", "phone", "wecom", "dingtalk", "feishu", "none")
VARIANTS = ("sms", "email", "markdown", "text")
FORMATS = {"text": apprise.NotifyFormat.TEXT, "markdown": apprise.NotifyFormat.MARKDOWN}
NAME = re.compile(r"[a-z0-9][a-z0-9_-]{0,39}")
SECRET = re.compile(r"\{env:([^{}]*)\}")
# Outside the GONGZHI_ prefix, or GONGZHI_SECRET_*: the names gongzhi's settings let be.
SECRET_NAME = re.compile(r"(?!GONGZHI_)[A-Z][A-Z0-9_]*|GONGZHI_SECRET_[A-Z0-9_]+")
log = structlog.get_logger(__name__)


@dataclass(frozen=True)
class Channel:
    name: str  # its key in notify.channels
    kind: str  # "apprise", "log" (a log line, for development) or "inbox" (notify's in-app inbox)
    url: str | None  # the Apprise URL for kind apprise, as configured (secrets unresolved)
    address: str  # the contact a message on it needs, or "none" (a group robot, a webhook)
    variant: str  # the template variant it carries: "sms", "email", "markdown", "text"


@dataclass(frozen=True)
class Message:
    title: str
    body: str
    format: str  # "text" or "markdown"
    unsubscribe: str | None = None  # a resident's one-click URL, for an e-mail's headers


class UnsetSecret(LookupError):
    """A channel's URL names a variable that this process's environment does not set."""

    def __init__(self, name: str):
        super().__init__(f"{name} is not set: the channel's URL needs it ({{env:{name}}})")
        self.name = name


@dataclass(frozen=True)
class Sent:
    ok: bool
    error: str | None = None  # why not, short, with no address or secret in it
    provider_id: str | None = None  # the gateway's message id where it gives one


def default_channels() -> dict[str, Channel]:
    """What a district without `notify.channels` has: the log and the in-app inbox."""
    return {
        "log": Channel("log", "log", None, "none", "text"),
        "inbox": Channel("inbox", "inbox", None, "none", "text"),
    }


def send(channel: Channel, address: str | None, message: Message, *, timeout: float = 10.0) -> Sent:
    """Put `message` on `channel` for the holder of `address` (None on an address "none"
    channel). A receiver that fails, refuses or hangs is `Sent(ok=False, error=...)`, never an
    exception; so are a missing address and an unset secret. The inbox is notify's own to keep:
    asking this to send on it is a ValueError, as is a message in another format."""
    if message.format not in FORMATS:
        raise ValueError(f"message.format: {message.format!r} is neither text nor markdown")
    if channel.kind == "log":
        return _log_line(channel, message)
    if channel.kind != "apprise" or channel.url is None:
        raise ValueError(f"channel {channel.name!r} of kind {channel.kind!r} is not sent here")
    if channel.address == "none":
        address = None
    elif not address:
        return Sent(False, f"no {channel.address} address for channel {channel.name}")
    try:
        url = resolved(channel.url)
    except UnsetSecret as unset:
        log.warning("notify.channel_secret_unset", channel=channel.name, variable=unset.name)
        return Sent(False, str(unset))
    return _notify(addressed(url, address), message, timeout)


def resolved(url: str) -> str:
    """`url` with each {env:NAME} replaced by that variable's value, percent-encoded; an unset
    or empty one is UnsetSecret. Read at each send, so a rotated secret needs no restart."""
    return SECRET.sub(lambda found: quote(_secret(found.group(1)), safe=""), url)


def _secret(name: str) -> str:
    value = os.environ.get(name, "")
    if not value:
        raise UnsetSecret(name)
    return value


def addressed(url: str, address: str | None) -> str:
    """`url` with `address` as its only `to=` (or as it is, without an address)."""
    if address is None:
        return url
    parts = urlsplit(url)
    # Kept as written, not decoded and encoded again: Apprise reads a "+" as a "+".
    kept = [pair for pair in parts.query.split("&") if pair and pair.split("=")[0] != "to"]
    return urlunsplit(parts._replace(query="&".join([*kept, f"to={quote(address, safe='')}"])))


def _notify(url: str, message: Message, timeout: float) -> Sent:
    import eventlet  # here, not at import: check-config and the CLI never send

    smtp_tls.share()
    service = _instance(url)
    if service is None:
        return Sent(False, "Apprise cannot use the channel's URL")
    service.socket_connect_timeout = service.socket_read_timeout = timeout
    if message.unsubscribe and isinstance(service, NotifyEmail):
        service.headers.update(unsubscribe_headers(message.unsubscribe))
    sender = apprise.Apprise(asset=_asset())
    sender.add(service)
    with eventlet.Timeout(timeout, False):
        result = sender.notify(message.body, message.title, body_format=FORMATS[message.format])
        if result:
            return Sent(True, provider_id=getattr(service, "message_id", None))
        return Sent(False, _reason(result, service))
    return Sent(False, f"{service.service_name} gave no answer within {timeout:g} s")


def unsubscribe_headers(url: str) -> dict[str, str]:
    """RFC 8058's one-click unsubscribe (RFC 2369's List-Unsubscribe with its POST): mail
    clients show an unsubscribe button that POSTs `List-Unsubscribe=One-Click` to `url`."""
    return {"List-Unsubscribe": f"<{url}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"}


def _reason(result: Any, service: Any) -> str:
    """Apprise's last warning about the send, masked, or a plain word if it said nothing."""
    warnings = [entry.message for entry in result.logs() if entry.level in ("WARNING", "ERROR")]
    said = mask(warnings[-1])[:200] if warnings else "refused the message"
    return f"{service.service_name}: {said}"


def _instance(url: str, *, strict: bool = False) -> Any:
    sms_gateway.register()
    return apprise.Apprise.instantiate(url, asset=_asset(), suppress_exceptions=not strict)


@cache
def _asset() -> apprise.AppriseAsset:
    return apprise.AppriseAsset(async_mode=False)


def _log_line(channel: Channel, message: Message) -> Sent:
    """For development: that a message went, and how long, but none of its words (they may
    name a resident) and no address."""
    log.info(
        "notify.log_channel",
        channel=channel.name,
        format=message.format,
        title_chars=len(message.title),
        body_chars=len(message.body),
    )
    return Sent(True)


class ChannelSchema(ma.Schema):
    kind = ma.fields.String(required=True, validate=ma.validate.OneOf(KINDS))
    url = ma.fields.String(load_default=None, allow_none=True)
    address = ma.fields.String(load_default="none", validate=ma.validate.OneOf(ADDRESSES))
    variant = ma.fields.String(load_default="text", validate=ma.validate.OneOf(VARIANTS))

    @ma.validates_schema
    def _url_fits_kind(self, fields: dict[str, Any], **_: Any) -> None:
        url = fields["url"]
        if fields["kind"] != "apprise":
            if url is not None:
                raise ma.ValidationError(f"a {fields['kind']} channel has no url", "url")
            return
        if not url:
            raise ma.ValidationError("an apprise channel needs its Apprise URL", "url")
        if problem := _badly_named_secret(url) or _unusable(url):
            raise ma.ValidationError(problem, "url")


def _badly_named_secret(url: str) -> str | None:
    for name in SECRET.findall(url):
        if not SECRET_NAME.fullmatch(name):
            return (
                f"{{env:{name}}}: a secret's variable is in capitals, digits and _, and named "
                "GONGZHI_SECRET_... or outside the GONGZHI_ prefix"
            )
    return None


def _unusable(url: str) -> str | None:
    """Why Apprise cannot use `url`, with a placeholder for each secret, if it cannot."""
    try:
        service = _instance(SECRET.sub("secret", url), strict=True)
    except Exception as error:  # a notification's own complaint, whatever its type
        return f"Apprise cannot use this URL: {error}"
    if service is None:
        return "Apprise cannot use this URL: check its scheme and parts (https://appriseit.com)"
    if isinstance(service, NotifyEmail) and not service.verify_certificate:
        return (
            "an e-mail channel checks its server's certificate: remove verify=no (notify's "
            "e-mail channels share one TLS context, smtp_tls.py), or send in plain SMTP to a "
            "relay on the same host (mode=insecure)"
        )
    return None


class ChannelsField(ma.fields.Field):
    """notify.channels: name -> Channel; a problem is reported at notify.channels.<name>.<field>
    (a plain Dict field would put `.value` in between)."""

    def _deserialize(self, value: Any, attr: Any, data: Any, **kwargs: Any) -> dict[str, Channel]:
        if not isinstance(value, dict):
            raise ma.ValidationError("Not a valid mapping.")
        channels, errors = {}, {}
        for name, fields in value.items():
            try:
                channels[name] = _channel(name, fields)
            except ma.ValidationError as error:
                errors[name] = error.messages
        if errors:
            raise ma.ValidationError(errors)
        return channels


def _channel(name: Any, fields: Any) -> Channel:
    if not isinstance(name, str) or not NAME.fullmatch(name):
        raise ma.ValidationError(["a channel's name: lowercase letters, digits, - and _"])
    return Channel(name=name, **ChannelSchema().load(fields))
