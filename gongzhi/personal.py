"""Personal data in free text, masked: phone numbers, resident identity card numbers and e-mail
addresses. The one masking function of the code base: log lines use it (gongzhi.logs), and so
does every public view of what residents wrote.

    mask("请回电 138 0013 8000 或 zhang@qq.com")   # '请回电 [phone] 或 [email]'

Phone numbers are what libphonenumber finds valid as dialled in China (mobiles and landlines,
with or without +86, the area code's 0 and separators); identity card numbers are 18 characters
that `stdnum.cn.ric` validates (birth date, place and check digit). Counts, dates, coordinates,
and a number inside an id or a decimal are left alone.
"""

import re

import phonenumbers
from stdnum.cn import ric

PHONE, ID_CARD, EMAIL = "[phone]", "[id-card]", "[email]"

_EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+")
_ID_CARD = re.compile(r"(?<!\d)\d{17}[\dXx](?![\dA-Za-z])")
# libphonenumber takes 50 to 200 µs a text, so a cheap test first: a number dialled in China
# has 11 digits or more (a mobile; an area code and a landline), written with at most a few
# spaces, hyphens, dots or brackets between them. Times (with ":") and coordinates fail it.
_ELEVEN_DIGITS = re.compile(r"\d(?:[\s\-.()（）－]{0,3}\d){10}")
# A match right beside a Latin letter, a digit, "_", "-" or "." is part of an id or a decimal
# (e-mail local parts are masked before); Chinese text right beside a number does not protect it.
_JOINED_BEFORE = re.compile(r"[A-Za-z0-9_.\-]")
_JOINED_AFTER = re.compile(r"[A-Za-z0-9_\-]|\.\d")
# A "+" percent-encoded in a URL (Apprise logs its SMS gateway's URL, "...&to=%2B8613800138000")
# is read as "+" first, else the number would pass for part of a token ("B86..."): the masked
# text says "+" where it said "%2B" before a digit.
_ENCODED_PLUS = re.compile(r"%2[Bb](?=\d)")


def mask(text: str) -> str:
    """`text` with every e-mail address, identity card number and phone number replaced by
    [email], [id-card] and [phone]."""
    text = _EMAIL.sub(EMAIL, text)
    text = _ID_CARD.sub(_id_card, text)
    if not _ELEVEN_DIGITS.search(text):
        return text
    return _phones(_ENCODED_PLUS.sub("+", text))


def _id_card(found: re.Match[str]) -> str:
    return ID_CARD if ric.is_valid(found.group()) else found.group()


def _phones(text: str) -> str:
    kept, end = [], 0
    for match in phonenumbers.PhoneNumberMatcher(text, "CN", phonenumbers.Leniency.VALID):
        if _inside_a_token(text, match.start, match.end):
            continue
        kept += [text[end : match.start], PHONE]
        end = match.end
    return "".join([*kept, text[end:]])


def _inside_a_token(text: str, start: int, end: int) -> bool:
    before = start > 0 and _JOINED_BEFORE.fullmatch(text[start - 1])
    return bool(before or _JOINED_AFTER.match(text, end))
