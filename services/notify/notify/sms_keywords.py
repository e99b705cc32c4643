"""The keywords of residents' SMS replies (sms_replies.py), from the district's
`notify.sms_replies`, and what a reply's text means by them. The defaults:

    notify:
      sms_replies:
        opt_out: [T, TD, N, R, 退订]   # the first is the one residents' SMS name: 回T退订
        opt_in: [DY, 订阅]

A keyword matches whatever its case or width (ｔｄ is TD) and the spaces and punctuation around
it; a keyword in both lists is a config error.
"""

import unicodedata
from dataclasses import dataclass
from typing import Any

import marshmallow as ma

OPT_OUT, OPT_IN, IGNORED = "opt_out", "opt_in", "ignored"
MEANINGS = (OPT_OUT, OPT_IN, IGNORED)
AROUND = " \t\r\n　。.,，!！?？:：;；、~～\"'“”‘’()（）【】[]"  # what a keyword may be wrapped in


def keyword(text: str) -> str:
    """The text as a keyword reads: one width (NFKC), upper case, nothing around it."""
    return unicodedata.normalize("NFKC", text).strip(AROUND).upper()


@dataclass(frozen=True)
class SmsReplies:
    opt_out: tuple[str, ...] = ("T", "TD", "N", "R", "退订")
    opt_in: tuple[str, ...] = ("DY", "订阅")

    def meaning(self, text: str) -> str:
        """opt_out, opt_in, or ignored for any other text."""
        said = keyword(text)
        if said in self.opt_out:
            return OPT_OUT
        return OPT_IN if said in self.opt_in else IGNORED

    @property
    def hint(self) -> str:
        """What residents' SMS end with (the templates' `sms_opt_out`)."""
        return f"回{self.opt_out[0]}退订"


def _keywords(default: tuple[str, ...]) -> ma.fields.List:
    word = ma.fields.String(validate=ma.validate.Length(min=1, max=8))
    return ma.fields.List(word, load_default=list(default), validate=ma.validate.Length(min=1))


class SmsRepliesSchema(ma.Schema):
    opt_out = _keywords(SmsReplies.opt_out)
    opt_in = _keywords(SmsReplies.opt_in)

    @ma.validates_schema
    def _apart(self, fields: dict[str, Any], **_: Any) -> None:
        for name in ("opt_out", "opt_in"):
            if any(not keyword(word) for word in fields.get(name, ())):
                raise ma.ValidationError("a keyword must have a letter or a character", name)
        out, back = ({keyword(w) for w in fields.get(n, ())} for n in ("opt_out", "opt_in"))
        both = out & back
        if both:
            raise ma.ValidationError(
                f"both opt out and opt in: {', '.join(sorted(both))}", "opt_in"
            )

    @ma.post_load
    def _replies(self, fields: dict[str, Any], **_: Any) -> SmsReplies:
        return SmsReplies(*(tuple(keyword(w) for w in fields[n]) for n in ("opt_out", "opt_in")))
