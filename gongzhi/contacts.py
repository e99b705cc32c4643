"""Contacts: what kind a contact is (a phone number in China, an e-mail address), and a
resident's contact sealed for notify alone.

A reporter is named everywhere else by `reporter_ref`, a keyed pseudonym of their contact
(HMAC-SHA256 under `GONGZHI_PSEUDONYM_KEY`): intake makes it when a report comes in, and notify
makes it again from the number a resident's SMS reply comes from, so both must spell it alike.

Intake keeps a reporter's contact and hands it to notify sealed with Fernet (`cryptography`),
under a key only those two hold (`GONGZHI_CONTACT_KEY`); notify keeps the token as it came and
opens it only when it sends. Without the setting, both use a development key made on first use
in `GONGZHI_VAR` (the same folder for both under `make run`), so a first run needs no set-up.

    token = seal("13800138000", key)     # 'gAAAAAB...'
    unseal(token, key)                   # '13800138000'; WrongKey under another key
    reporter_ref("+86 138-0013-8000", b"k") == reporter_ref("13800138000", b"k")
"""

import hashlib
import hmac
import re
from pathlib import Path

import marshmallow as ma
import phonenumbers
from cryptography.fernet import Fernet, InvalidToken

from gongzhi.devkeys import development_key

PHONE, EMAIL = "phone", "email"
KEY_FILE = "contact.key"  # the development key, in GONGZHI_VAR
# Without GONGZHI_PSEUDONYM_KEY, intake and notify both use this (warned): refs still agree.
DEVELOPMENT_PSEUDONYM_KEY = b"gongzhi-development-pseudonym-key"
_EMAIL = ma.validate.Email()


class WrongKey(ValueError):
    """A sealed contact this key cannot open: not the key intake sealed it with."""


def reporter_ref(contact: str | None, key: bytes) -> str | None:
    """A keyed pseudonym: the same reporter gets the same reference, nobody can reverse it."""
    if not contact:
        return None
    return hmac.new(key, normalised(contact).encode(), hashlib.sha256).hexdigest()[:32]


def normalised(contact: str) -> str:
    """One spelling per reporter: "+86 138-0013-8000" and "13800138000" are the same phone."""
    digits = re.sub(r"[\s()+\-]", "", contact)
    if digits.isdigit():
        return digits[2:] if len(digits) == 13 and digits.startswith("86") else digits
    return "".join(contact.split()).lower()


def phone_number(text: str) -> str | None:
    """`text` as an E.164 number (+8613800138000) if it is a valid number dialled in China."""
    try:
        number = phonenumbers.parse(text, "CN")
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_valid_number(number):
        return None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def is_email(text: str) -> bool:
    try:
        _EMAIL(text)
    except ma.ValidationError:
        return False
    return True


def reachable(contact: str) -> tuple[str, str] | None:
    """("phone", the E.164 number) or ("email", the address); None for a contact no channel
    can reach."""
    if is_email(contact.strip()):
        return EMAIL, contact.strip()
    number = phone_number(contact)
    return (PHONE, number) if number else None


def seal(contact: str, key: bytes) -> str:
    return Fernet(key).encrypt(contact.encode()).decode()


def unseal(token: str, key: bytes) -> str:
    try:
        return Fernet(key).decrypt(token.encode()).decode()
    except InvalidToken:
        raise WrongKey(
            "a resident's contact did not open with this key: GONGZHI_CONTACT_KEY must be the "
            "one intake sealed it with"
        ) from None


def checked_key(text: str) -> str:
    """`text` if it is a Fernet key; ValueError (without the value: it is a secret) if not."""
    try:
        Fernet(text.encode())
    except ValueError:
        raise ValueError(
            "not a Fernet key (32 url-safe base64-encoded bytes; make one with "
            '`python -c "from cryptography.fernet import Fernet; print(Fernet.generate_key())"`)'
        ) from None
    return text


def contact_key(given: str | None, var: Path) -> bytes:
    """The key the setting gives or, without one, the development key in `var`, made on first
    use (gongzhi.devkeys)."""
    if given:
        return given.encode()
    return development_key(var, KEY_FILE, Fernet.generate_key)
