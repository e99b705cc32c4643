"""What every JSON entrypoint refuses at the door, before a schema or a database sees it."""

import marshmallow as ma
import pytest
from werkzeug.test import EnvironBuilder
from werkzeug.wrappers import Request

from gongzhi.web import HttpError, load_json


class Note(ma.Schema):
    text = ma.fields.String(required=True)


def loaded(body: bytes) -> dict:
    builder = EnvironBuilder(method="POST", data=body, content_type="application/json")
    return load_json(Request(builder.get_environ()), Note())


@pytest.mark.parametrize("escaped", [rb"\ud800", rb"\udfff", rb"a\ude00b"])
def test_half_a_surrogate_pair_is_a_400_not_a_500_from_the_driver(escaped):
    with pytest.raises(HttpError) as refused:
        loaded(b'{"text": "' + escaped + b'"}')
    assert (refused.value.status, refused.value.code) == (400, "bad_json")


def test_a_whole_pair_is_the_character_it_spells():
    assert loaded(rb'{"text": "\ud83d\ude00"}') == {"text": "\U0001f600"}


def test_a_nul_is_refused_as_before():
    with pytest.raises(HttpError) as refused:
        loaded(rb'{"text": "a\u0000b"}')
    assert refused.value.code == "nul_character"
