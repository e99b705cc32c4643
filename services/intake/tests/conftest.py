"""Intake's live tests: the service started on the real broker and database, an API key
issued in its database, and Open311 bodies read alike from XML and JSON."""

from xml.etree import ElementTree

import pytest

from gongzhi import apikeys
from gongzhi.db import create_engine_for
from intake import model

FORMATS = ["xml", "json"]


@pytest.fixture
def intake(system):
    system.start("intake")
    return system


@pytest.fixture
def api_key(intake):
    return issue_key(intake, "12345 hotline", "hotline_agent")


@pytest.fixture
def staff_key(intake):
    """A key that reads the full record, not the public view."""
    return issue_key(intake, "community staff", "staff")


def issue_key(system, holder: str, role: str) -> str:
    engine = create_engine_for(system.databases["intake"])
    try:
        return apikeys.issue(engine, model.api_keys, holder, role, roles=model.KEY_ROLES)
    finally:
        engine.dispose()


def read(response, fmt: str):
    """The body as Python: a list of dicts for lists, a dict for an object."""
    if fmt == "json":
        assert response.headers["Content-Type"].startswith("application/json")
        return response.json()
    assert response.headers["Content-Type"].startswith("text/xml")
    assert response.text.startswith('<?xml version="1.0" encoding="utf-8"?>')
    return _element(ElementTree.fromstring(response.content))


def _element(element):
    children = list(element)
    if not children:
        return element.text
    names = [child.tag for child in children]
    if (len(set(names)) == 1 and len(names) > 1) or element.tag in LISTS:
        return [_element(child) for child in children]
    return {child.tag: _element(child) for child in children}


LISTS = {"services", "service_requests", "errors", "attributes", "values", "endpoints", "formats"}


def code(fmt: str, status: int):
    """An Open311 error's code as read: a number in JSON, the same digits as XML text."""
    return status if fmt == "json" else str(status)
