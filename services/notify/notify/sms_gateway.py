"""A district's own SMS gateway as an Apprise notification, for the schemes smsgw:// (HTTP) and
smsgws:// (HTTPS). Apprise has none for it, so notify teaches it this one (`register()`).

    smsgws://KEY_ID@sms.example.cn/v1/send?secret={env:GONGZHI_SECRET_SMS}&sign=西关街道
        &template=SMS_0001&to=13800138000

KEY_ID is the gateway's access key id; `secret` the key it signs with (put it in the environment,
never in district.yaml); `sign` the registered sign name (签名); `template` the gateway's template
code, if it sends by template; `to` the phone numbers (notify adds the recipient's at each send).

One message is one JSON request in the style of Aliyun's and Tencent Cloud's SMS APIs:

    POST /v1/send
    Content-Type: application/json
    X-Signature: hex(HMAC-SHA256(secret, b"POST\\n/v1/send\\n" + body))

    {"access_key_id": "KEY_ID", "phone_numbers": ["13800138000"], "sign_name": "西关街道",
     "template_code": "SMS_0001", "template_param": {"content": "..."},
     "timestamp": "2026-12-02T02:00:00Z", "nonce": "5f0c…"}

The signature covers the method, the path and the body's exact bytes (and so the timestamp and
the nonce, which let the gateway refuse a replay). Without `template`, the body carries
`"text": "..."` instead of the template fields. The gateway answers 200 with
`{"code": "OK", "message_id": "..."}`; anything else is a failure, reported with the HTTP status
and the answer's `code` and `message`.
"""

import hashlib
import hmac
import json
import secrets
from datetime import UTC, datetime
from typing import Any

import requests
from apprise import NotifyBase, NotifyFormat, PrivacyMode
from apprise.manager_plugins import NotificationManager
from apprise.utils.parse import parse_list

PROTOCOL, SECURE_PROTOCOL = "smsgw", "smsgws"


def register() -> None:
    """Teach this process's Apprise the smsgw:// and smsgws:// schemes (idempotent)."""
    plugins = NotificationManager()
    if PROTOCOL not in plugins:
        plugins.add(NotifySmsGateway)


def signature(secret: str, path: str, body: bytes) -> str:
    """The X-Signature of a request with this body posted to this path."""
    signed = b"POST\n" + path.encode() + b"\n" + body
    return hmac.new(secret.encode(), signed, hashlib.sha256).hexdigest()


class NotifySmsGateway(NotifyBase):
    """Apprise's notification for a district's SMS gateway (the module docstring has the
    request and the answer)."""

    # Apprise's base classes declare these None or (): every notification of its sets them.
    service_name = "SMS gateway"  # type: ignore[assignment]
    protocol = PROTOCOL  # type: ignore[assignment]
    secure_protocol = SECURE_PROTOCOL  # type: ignore[assignment]
    setup_url = "https://appriseit.com/"  # type: ignore[assignment]
    notify_format = NotifyFormat.TEXT
    title_maxlen = 0  # an SMS has no title: Apprise puts one given into the body
    body_maxlen = 500
    request_rate_per_sec = 0
    templates = ("{schema}://{user}@{host}{path}", "{schema}://{user}@{host}:{port}{path}")  # type: ignore[assignment]

    def __init__(
        self,
        secret: str | None = None,
        sign: str | None = None,
        template: str | None = None,
        targets: Any = None,
        **kwargs: Any,
    ):
        super().__init__(**kwargs)
        if not (self.user and secret and sign):
            raise TypeError("an SMS gateway URL needs KEY_ID@, secret= and sign=")
        self.secret, self.sign, self.template = secret, sign, template
        self.fullpath = kwargs.get("fullpath") or "/"
        self.targets = parse_list(targets)
        self.message_id: str | None = None

    def send(self, body: str, title: str = "", notify_type: Any = None, **kwargs: Any) -> bool:
        if not self.targets:
            self.logger.warning("no phone number to send to.")
            return False
        payload = json.dumps(self._request(body), ensure_ascii=False).encode()
        headers = {
            "Content-Type": "application/json",
            "X-Signature": signature(self.secret, self.fullpath, payload),
        }
        try:
            answer = requests.post(
                self._endpoint(),
                data=payload,
                headers=headers,
                timeout=self.request_timeout,
                verify=self.verify_certificate,
            )
        except requests.RequestException as error:
            self.logger.warning("did not answer: %s.", type(error).__name__)
            return False
        return self._answered(answer)

    def _request(self, body: str) -> dict[str, Any]:
        request: dict[str, Any] = {
            "access_key_id": self.user,
            "phone_numbers": list(self.targets),
            "sign_name": self.sign,
            "timestamp": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
            "nonce": secrets.token_hex(16),
        }
        if self.template:
            return {**request, "template_code": self.template, "template_param": {"content": body}}
        return {**request, "text": body}

    def _endpoint(self) -> str:
        port = f":{self.port}" if self.port else ""
        return f"{'https' if self.secure else 'http'}://{self.host}{port}{self.fullpath}"

    def _answered(self, response: requests.Response) -> bool:
        answer = _json_object(response)
        code = str(answer.get("code", ""))
        if response.status_code == 200 and code == "OK":
            self.message_id = str(answer.get("message_id") or "") or None
            return True
        reason = str(answer.get("message", ""))[:120]
        self.logger.warning(
            "refused the message: HTTP %s, code %s%s.",
            response.status_code,
            code or "none",
            f": {reason}" if reason else "",
        )
        return False

    def url(self, privacy: bool = False, *args: Any, **kwargs: Any) -> str:
        params = {
            "sign": self.sign,
            "secret": self.pprint(self.secret, privacy, mode=PrivacyMode.Secret, safe=""),
        }
        if self.template:
            params["template"] = self.template
        if self.targets:
            params["to"] = ",".join(self.targets)
        params.update(self.url_parameters(*args, privacy=privacy, **kwargs))
        scheme = self.secure_protocol if self.secure else self.protocol
        port = f":{self.port}" if self.port else ""
        return (
            f"{scheme}://{self.quote(self.user, safe='')}@{self.host}{port}"
            f"{self.quote(self.fullpath, safe='/')}?{self.urlencode(params)}"
        )

    @staticmethod
    def parse_url(url: str, *args: Any, **kwargs: Any) -> dict[str, Any] | None:
        results: dict[str, Any] | None = NotifyBase.parse_url(url, *args, **kwargs)
        if not results:
            return results
        query = results["qsd"]
        for name in ("secret", "sign", "template"):
            if query.get(name):
                results[name] = query[name]  # Apprise has unquoted the query already
        results["targets"] = parse_list(query.get("to", ""))
        return results


def _json_object(response: requests.Response) -> dict[str, Any]:
    """The answer's JSON object, or {} for anything else (an HTML error page, nothing)."""
    try:
        answer = response.json()
    except ValueError:
        return {}
    return answer if isinstance(answer, dict) else {}
