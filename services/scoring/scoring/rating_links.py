"""A resident's single-use link to rate a resolved case: `<public_url>/r/<token>`, short enough
for one SMS. The token is the invitation's random nonce and its HMAC-SHA256 under
GONGZHI_RATING_KEY (a key scoring alone holds; several, newest last: an older one still reads
the links it signed), cut to 96 bits. The nonce names the invitation, whose row says whether it
was used and when it lapses; a token that does not verify, or names no invitation, is forged.
A link is never logged.

    token = sign(keys, "mQ3vX9aPz2Lk")   # "mQ3vX9aPz2Lk.0f3Zq8V1bY7cW2xA"
    nonce_of(keys, token)                 # "mQ3vX9aPz2Lk", or Forged
"""

import base64
import hashlib
import hmac
import re
import secrets

PURPOSE = b"gongzhi.scoring.rating-link:"  # a signature for this alone
SIGNATURE_CHARS = 16  # 96 bits of the HMAC, url-safe base64
SHAPE = re.compile(r"([A-Za-z0-9_-]{12,64})\.([A-Za-z0-9_-]{16})")


class Forged(Exception):
    """A token scoring did not sign (or altered, or under a key it no longer holds)."""


def new_nonce() -> str:
    return secrets.token_urlsafe(9)  # 72 random bits, 12 characters


def sign(keys: tuple[bytes, ...], nonce: str) -> str:
    return f"{nonce}.{_signature(keys[-1], nonce)}"


def nonce_of(keys: tuple[bytes, ...], token: str) -> str:
    shape = SHAPE.fullmatch(token)
    if shape is None:
        raise Forged("not a rating link")
    nonce, signature = shape.groups()
    if not any(hmac.compare_digest(_signature(key, nonce), signature) for key in keys):
        raise Forged("not a rating link")
    return nonce


def link(public_url: str, keys: tuple[bytes, ...], nonce: str) -> str:
    return f"{public_url}/r/{sign(keys, nonce)}"


def _signature(key: bytes, nonce: str) -> str:
    digest = hmac.new(key, PURPOSE + nonce.encode(), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest).decode()[:SIGNATURE_CHARS]
