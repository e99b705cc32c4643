"""A TCP proxy a test puts in front of a real server (RabbitMQ, PostgreSQL) to take the server
away from a service and give it back, without stopping a server other tests share.

Threads and blocking sockets: green under the tests' eventlet monkey patch, plain otherwise.
"""

import contextlib
import socket
import threading
from collections.abc import Iterator
from urllib.parse import urlsplit, urlunsplit

OPEN, REFUSING, SILENT = "open", "refusing", "silent"


class TcpProxy:
    """`with TcpProxy("127.0.0.1", 5432) as proxy:` forwards 127.0.0.1:`proxy.port` to the
    target. `cut()` drops every open connection and closes new ones at once, as a server that
    went down; `cut(silent=True)` holds new ones without a word, as a network that drops
    packets. `restore()` forwards again; `with proxy.away():` cuts for a block."""

    def __init__(self, host: str, port: int):
        self._target = (host, port)
        self._listener = socket.create_server(("127.0.0.1", 0))
        self._listener.settimeout(0.1)  # so the accept loop notices close()
        self.port: int = self._listener.getsockname()[1]
        self._state = OPEN
        self._forwarded: set[socket.socket] = set()  # each read by its pump
        self._held: list[socket.socket] = []  # silent: read by no one
        self._lock = threading.Lock()
        self._closed = False
        self._accepting: threading.Thread | None = None

    def __enter__(self) -> "TcpProxy":
        self._accepting = threading.Thread(target=self._accept_loop, daemon=True)
        self._accepting.start()
        return self

    def __exit__(self, *_exc) -> None:
        self.close()

    def url(self, url: str) -> str:
        """`url` (amqp://..., postgresql://...) with its host and port replaced by the proxy's."""
        parts = urlsplit(url)
        credentials = parts.netloc.rpartition("@")[0]
        netloc = f"{credentials}@" if credentials else ""
        return urlunsplit(parts._replace(netloc=f"{netloc}127.0.0.1:{self.port}"))

    @contextlib.contextmanager
    def away(self, *, silent: bool = False) -> Iterator[None]:
        """Cut for the block, restored after it even if it fails: a service stopping while
        its broker is cut off may wait for it indefinitely."""
        self.cut(silent=silent)
        try:
            yield
        finally:
            self.restore()

    def cut(self, *, silent: bool = False) -> None:
        with self._lock:
            self._state = SILENT if silent else REFUSING
        self._drop_all()

    def restore(self) -> None:
        with self._lock:
            self._state = OPEN
        self._drop_all()  # those held silently: their clients reconnect

    def close(self) -> None:
        self._closed = True
        if self._accepting is not None:
            self._accepting.join()  # it closes the listener it waits on
        self._drop_all()

    def _accept_loop(self) -> None:
        with self._listener:
            while not self._closed:
                try:
                    client, _ = self._listener.accept()
                except TimeoutError:
                    continue
                self._admit(client)

    def _admit(self, client: socket.socket) -> None:
        with self._lock:
            state = self._state
            if state == SILENT:
                self._held.append(client)
        if state == REFUSING:
            client.close()
        elif state == OPEN:
            threading.Thread(target=self._connect, args=(client,), daemon=True).start()

    def _connect(self, client: socket.socket) -> None:
        try:
            server = socket.create_connection(self._target, timeout=5)
        except OSError:
            client.close()
            return
        server.settimeout(None)
        pumping = [2]  # pumps still running on this pair
        with self._lock:
            self._forwarded.update((client, server))
        for source, sink in ((client, server), (server, client)):
            pump = threading.Thread(target=self._pump, args=(source, sink, pumping), daemon=True)
            pump.start()

    def _pump(self, source: socket.socket, sink: socket.socket, pumping: list[int]) -> None:
        """Forwards until either side ends, then ends the other direction too. The last pump of
        the pair closes both sockets: closed under a waiting pump, a socket would leave eventlet
        listening on a file number the next connection (psycopg2's, say) gets."""
        with contextlib.suppress(OSError, EOFError):
            while chunk := source.recv(65536):
                sink.sendall(chunk)
        _shut(sink)
        with self._lock:
            pumping[0] -= 1
            if pumping[0]:
                return
            self._forwarded.difference_update((source, sink))
        source.close()
        sink.close()

    def _drop_all(self) -> None:
        with self._lock:
            forwarded, held, self._held = list(self._forwarded), self._held, []
        for each in forwarded:
            _shut(each)  # wakes its pump, which closes it
        for each in held:
            each.close()


def _shut(sock: socket.socket) -> None:
    with contextlib.suppress(OSError):
        sock.shutdown(socket.SHUT_RDWR)
