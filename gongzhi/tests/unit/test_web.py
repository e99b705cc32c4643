"""What every JSON entrypoint refuses at the door, before a schema or a database sees it; and
that the door answers at once."""

import socket

import marshmallow as ma
import pytest
from werkzeug.test import EnvironBuilder
from werkzeug.wrappers import Request

from gongzhi.web import HttpError, PromptWebServer, load_json


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


def test_a_connection_is_answered_without_nagles_delay():
    """Every accepted connection has TCP_NODELAY before the WSGI server reads it (measured:
    a 16 KiB+ answer otherwise waits for the client's delayed ACK, bench/boardbench.py)."""
    seen = []

    class Recording:  # eventlet's WSGI server, reduced to what the test looks at
        def process_request(self, conn_state):
            sock = conn_state[1]
            seen.append(sock.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY))

    with socket.create_server(("127.0.0.1", 0)) as listener:
        client = socket.create_connection(listener.getsockname())
        accepted, address = listener.accept()
        server = PromptWebServer()
        server._serv = Recording()
        server.process_request(accepted, address)
        accepted.close()
        client.close()
    assert seen == [1]
