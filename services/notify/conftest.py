"""Notify's test fixtures: the real local servers of tests/servers.py, one of each per test.

This file sits beside tests/, not in it: pytest imports every service's tests/ folder as the
package `tests` (intake's conftest is `tests.conftest`, routing's `tests.unit.conftest`), so a
conftest or a helper module in notify's tests/ would meet another service's of the same name in
a whole run. Here it is the module `conftest`, and it loads servers.py by its path.
"""

import importlib.util
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest


def _servers() -> ModuleType:
    name = "notify_test_servers"
    if name not in sys.modules:
        spec = importlib.util.spec_from_file_location(
            name, Path(__file__).parent / "tests" / "servers.py"
        )
        assert spec is not None
        assert spec.loader is not None
        sys.modules[name] = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(sys.modules[name])
    return sys.modules[name]


@pytest.fixture
def smtp_server() -> Iterator[Any]:
    """An SMTP server (aiosmtpd) taking every e-mail: `.url()` for Apprise, `.mails`."""
    with _servers().smtp_server() as server:
        yield server


@pytest.fixture
def http_server() -> Iterator[Any]:
    """An HTTP server recording `.requests` and answering each with `.answer` (200 {})."""
    with _servers().http_server() as server:
        yield server


@pytest.fixture
def sms_gateway() -> Iterator[Any]:
    """An SMS gateway checking signatures: `.url()`, `.mode` ("ok", "fail", "hang"), `.sent`."""
    with _servers().sms_gateway() as gateway:
        yield gateway


@pytest.fixture
def share_contact():
    """`share_contact(session, case, ref, contact, key, co_report=False)`: a resident's contact
    reaching notify as intake shares it (`intake.contact.shared.v1`), sealed with `key`."""
    from gongzhi import contacts
    from gongzhi.testing.units import an_event
    from notify import residents

    def share(session, case: str, ref: str, contact: str, key: bytes, co_report=False) -> None:
        address, value = contacts.reachable(contact)
        data = {
            "report_id": case,
            "reporter_ref": ref,
            "co_report": co_report,
            "address": address,
            "contact": contacts.seal(value, key),
        }
        event = an_event("intake.contact.shared.v1", data)
        residents.keep_contact(event, session=session, outbox=None)

    return share
