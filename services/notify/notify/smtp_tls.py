"""One TLS context for all the e-mail notify sends.

Apprise 2.3 opens an SMTP connection per send (apprise/plugins/email/smtp.py,
AppriseSMTPController) and builds `ssl.create_default_context()` for each, plain SMTP included;
it takes no context from its caller. Under OpenSSL 3 that parses the system's CA bundle every
time: 29 ms of CPU an e-mail on our machines, in one C call that holds eventlet's hub, so no
number of green threads overlaps it. Profiled on bench/notifybench.py's e-mail fan-out (301
e-mails): 8.8 s of the pass's 15.6 s in `set_default_verify_paths`, the dispatcher at 0.2 of
raw smtplib; with one context, about level with it.

`share()` points that module's name `ssl` at a copy of the `ssl` module whose
`create_default_context()` (called as Apprise calls it, with no arguments) gives one context,
built once. Apprise weakens the context it is given only for a channel that does not verify the
server's certificate (`verify=no`), which would weaken it for every channel: so channels.py
refuses `verify=no` on an e-mail channel. test_smtp_tls checks that the pinned Apprise still
reads the name.
"""

import ssl
import types
from functools import cache
from typing import Any

from apprise.plugins.email import smtp as apprise_smtp


def share() -> None:
    """Apprise's SMTP connections take the one context from now on (again: no change)."""
    if apprise_smtp.ssl is not ssl:
        return
    shared = types.ModuleType("ssl")
    shared.__dict__.update(ssl.__dict__)
    shared.create_default_context = _create_default_context  # type: ignore[attr-defined]
    apprise_smtp.ssl = shared


@cache
def _one() -> ssl.SSLContext:
    """The system's CA certificates, hostnames checked: as Apprise's own, once."""
    return ssl.create_default_context()


def _create_default_context(*args: Any, **kwargs: Any) -> ssl.SSLContext:
    """As `ssl.create_default_context`; the one context when called with no arguments."""
    if args or kwargs:
        return ssl.create_default_context(*args, **kwargs)
    return _one()
