"""A resident's own link to their preferences. Residents have no API key: every message to one
carries a link whose token is their credential (the templates' `preferences_url`; an e-mail
also its List-Unsubscribe headers for RFC 8058's one-click unsubscribe). The token is the
resident's pseudonymous ref (never their contact) and the time it was made, signed with
HMAC-SHA256 (itsdangerous) under GONGZHI_PREFERENCES_KEY, a key notify alone holds; it is good
for `link_days` (notify.residents in district.yaml).

Messages are rendered when owed with PLACEHOLDER where the token goes, and `filled` puts a
fresh token in at send time: no token is ever stored (the delivery log shows the placeholder),
and each counts its days from when it went. A token travels only as `token=` in a URL, which
gongzhi.logs masks in every log line.
"""

import hashlib
import re
from dataclasses import dataclass, replace
from datetime import datetime

from itsdangerous import BadSignature, SignatureExpired, TimestampSigner

from notify.channels import Message
from notify.rules import RESIDENT_PREFIX

PLACEHOLDER = "{token}"
PREFERENCES = "/api/v1/preferences/resident"
UNSUBSCRIBE = "/api/v1/preferences/resident/unsubscribe"
PURPOSE = "gongzhi.notify.resident-preferences"  # itsdangerous' salt: a token for this alone
DAY = 86400
# ref.timestamp.signature, each part url-safe base64 (a ref is hex); anything else is no token.
SHAPE = re.compile(r"[A-Za-z0-9_-]{1,64}\.[A-Za-z0-9_-]{1,12}\.[A-Za-z0-9_-]{20,100}")


class BadLink(Exception):
    """A token that is not good: 400 when it is missing or malformed, 403 when it is forged,
    altered, signed with a key notify no longer holds, or expired; `reason` says which."""

    def __init__(self, status: int, reason: str):
        super().__init__(reason)
        self.status, self.reason = status, reason


class _Signer(TimestampSigner):
    """itsdangerous' timestamped signer on notify's clock (a FakeClock in tests), not time.time."""

    def __init__(self, keys: tuple[bytes, ...], now: datetime):
        super().__init__(list(keys), salt=PURPOSE, digest_method=hashlib.sha256)
        self._now = int(now.timestamp())

    def get_timestamp(self) -> int:
        return self._now


@dataclass(frozen=True)
class Links:
    """How notify makes and reads residents' links: its keys (newest last, the newest signs),
    its address as residents reach it, the page that shows their preferences (None: the API's
    own GET), and how many days a link is good for."""

    keys: tuple[bytes, ...]
    public_url: str | None
    page: str | None = None
    days: int = 90

    def preferences_url(self, token: str = PLACEHOLDER) -> str:
        """The link a message shows ("" where the district has not said where notify is)."""
        if not self.public_url:
            return ""
        return f"{self.page or self.public_url.rstrip('/') + PREFERENCES}?token={token}"

    def unsubscribe_url(self, token: str) -> str:
        """The one-click unsubscribe URL (RFC 8058) an e-mail's List-Unsubscribe names."""
        return f"{(self.public_url or '').rstrip('/')}{UNSUBSCRIBE}?token={token}"

    def token(self, ref: str, now: datetime) -> str:
        return _Signer(self.keys, now).sign(ref).decode()

    def ref_of(self, token: str | None, now: datetime) -> str:
        """The ref a good token names; BadLink saying why another is refused."""
        if not token:
            raise BadLink(400, "no token: use the link from one of your messages")
        if not SHAPE.fullmatch(token):
            raise BadLink(400, "not a link token: copy the whole link from your message")
        try:
            ref = _Signer(self.keys, now).unsign(token, max_age=self.days * DAY)
        except SignatureExpired:
            raise BadLink(403, "the link has expired: use the link in a newer message") from None
        except BadSignature:
            raise BadLink(403, "the link's signature does not match: it was altered") from None
        return ref.decode()

    def filled(self, message: Message, recipient: str, now: datetime) -> Message:
        """`message` as it goes to `recipient`: a resident's with a fresh token where the
        placeholder is, and the one-click URL for an e-mail's headers; anyone else's as it is."""
        if not (recipient.startswith(RESIDENT_PREFIX) and self.public_url):
            return message
        token = self.token(recipient.removeprefix(RESIDENT_PREFIX), now)
        return replace(
            message,
            title=message.title.replace(PLACEHOLDER, token),
            body=message.body.replace(PLACEHOLDER, token),
            unsubscribe=self.unsubscribe_url(token),
        )
