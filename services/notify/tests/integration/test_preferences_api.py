"""Preferences through notify's live HTTP API: each staff key's holder reads and sets their own
choices and no one else's; no key and an operator's key are refused; a bad choice is refused
naming its field, and nothing of it is kept."""

import pytest
import requests

pytestmark = pytest.mark.integration
PATH = "/api/v1/preferences"
WORKER, NEIGHBOUR = "gw-620502001001001", "gw-620502001001002"
CHOSEN = {"preferences": [{"topic": "case", "channels": ["log"], "opted_out": False}]}


def keyed(key: str) -> dict[str, dict[str, str]]:
    return {"headers": {"X-Api-Key": key}}


def put(system, body: dict, key: str | None) -> requests.Response:
    headers = keyed(key) if key else {}
    return requests.put(system.url("notify", PATH), json=body, timeout=10, **headers)


@pytest.fixture
def notify(system):
    return system.start("notify")


def test_a_holder_sets_and_reads_their_own_choices(notify):
    worker = notify.key("notify", "staff", WORKER)

    answer = put(notify, CHOSEN, worker)

    assert answer.status_code == 200, answer.text
    read = notify.get("notify", PATH, **keyed(worker)).json()
    assert read == {
        "recipient": WORKER,
        "preferences": [
            {"topic": "case", "channels": ["log"], "opted_out": False, "digest": False}
        ],
    }


def test_another_holder_sees_and_changes_none_of_them(notify):
    put(notify, CHOSEN, notify.key("notify", "staff", WORKER))
    neighbour = notify.key("notify", "staff", NEIGHBOUR)

    assert notify.get("notify", PATH, **keyed(neighbour)).json()["preferences"] == []
    put(notify, {"preferences": []}, neighbour)
    worker = notify.key("notify", "staff", WORKER)
    assert len(notify.get("notify", PATH, **keyed(worker)).json()["preferences"]) == 1


def test_no_key_is_refused(notify):
    assert notify.get("notify", PATH).status_code == 403
    assert put(notify, CHOSEN, None).status_code == 403


def test_an_operators_key_is_refused(notify):
    operator = notify.key("notify", "operator")

    for answer in (notify.get("notify", PATH, **keyed(operator)), put(notify, CHOSEN, operator)):
        assert answer.status_code == 403
        assert "staff key" in answer.json()["message"]


def test_a_bad_choice_is_refused_naming_the_field_and_nothing_is_kept(notify):
    worker = notify.key("notify", "staff", WORKER)
    bad = {"preferences": [{"topic": "case", "channels": ["pager"]}, {"topic": 7}]}

    answer = put(notify, bad, worker)

    assert answer.status_code == 400
    assert answer.json()["details"] == {"preferences": {"1": {"topic": ["Not a valid string."]}}}
    unknown = put(notify, {"preferences": [{"topic": "case", "channels": ["pager"]}]}, worker)
    assert unknown.status_code == 400
    assert list(unknown.json()["details"]) == ["preferences.0.channels.0"]
    assert notify.get("notify", PATH, **keyed(worker)).json()["preferences"] == []
