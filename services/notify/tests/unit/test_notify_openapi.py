"""Notify's OpenAPI document: a valid 3.1 document, committed as built, naming every HTTP
entrypoint under its own name, each behind the key the service asks for (a resident's behind
their link's token), with the roles table access.py enforces; and what the views answer fits
the answers it documents."""

import contextlib
import json
from pathlib import Path
from types import SimpleNamespace

import pytest
from cryptography.fernet import Fernet
from openapi_spec_validator import validate

from gongzhi import contract
from gongzhi.testing import documents
from gongzhi.testing.units import FakeClock, an_event, session_fixture
from gongzhi.web import HttpError
from notify import delivery, dispatch, model, openapi, schemas, views, webhooks
from notify.channels import Channel
from notify.retries import Retry
from notify.rules import RuleSchema, messages_for
from notify.service import NotifyService

session = session_fixture(model.metadata)
COMMITTED = Path(__file__).resolve().parents[2] / "openapi.json"
INBOX = Channel("inbox", "inbox", None, "none", "text")
RETRY = Retry(attempts=2, base_seconds=10, max_age_minutes=60, timeout_seconds=2)
# A resident has no key: these take the token of the link their messages carry (access.py).
BY_LINK = [
    ("get", "/api/v1/preferences/resident"),
    ("put", "/api/v1/preferences/resident"),
    ("post", "/api/v1/preferences/resident/unsubscribe"),
]


@pytest.fixture(scope="module")
def document() -> dict:
    return openapi.document()


def sent_to_the_inbox(session, clock: FakeClock) -> None:
    """A case assigned to gw-1, its message sent to gw-1's in-app inbox."""
    rule = RuleSchema().load(
        {"event": "routing.issue.assigned.v1", "to": ["owner"], "template": "t", "chain": ["inbox"]}
    )
    data = {"issue_id": "c1", "action": "assign", "owner": {"kind": "grid_worker", "id": "gw-1"}}
    event = an_event("routing.issue.assigned.v1", data)
    owed = messages_for(event, (rule,), session, {})
    channels = {"inbox": INBOX}
    delivery.owe(session, event, owed, channels, lambda *_: ("派单", "请处理 c1"), clock.now())

    @contextlib.contextmanager
    def transaction():
        yield SimpleNamespace(session=session)

    dispatch.run(transaction, channels, RETRY, lambda *_: None, clock)


class TestTheDocument:
    def test_it_is_valid_openapi_3_1(self, document):
        validate(document)
        assert document["openapi"] == "3.1.0"

    def test_the_committed_copy_is_the_one_built(self, document):
        assert json.loads(COMMITTED.read_text(encoding="utf-8")) == document
        assert contract.api_documents()[COMMITTED] == COMMITTED.read_text(encoding="utf-8")

    def test_every_http_entrypoint_is_documented_and_nothing_else(self, document):
        assert documents.documented(document) == documents.http_entrypoints(NotifyService)

    def test_every_error_answer_is_an_error_body(self, document):
        assert documents.not_error_bodies(document) == []


class TestKeys:
    def test_every_api_call_but_the_document_and_a_residents_needs_a_key(self, document):
        assert sorted(documents.unkeyed(document)) == sorted(BY_LINK)

    @pytest.mark.parametrize(("method", "path"), BY_LINK)
    def test_a_residents_calls_take_their_links_token_and_may_be_refused_it(
        self, document, method, path
    ):
        operation = document["paths"][path][method]

        assert operation["security"] == []
        assert [(p["name"], p["in"], p["required"]) for p in operation["parameters"]] == [
            ("token", "query", True)
        ]
        assert {"400", "403"} <= operation["responses"].keys()

    def test_the_delivery_query_leaves_the_key_to_its_security_scheme(self, document):
        parameters = document["paths"]["/api/v1/deliveries"]["get"]["parameters"]
        assert [p["name"] for p in parameters] == [
            "subject",
            "recipient",
            "status",
            "channel",
            "stuck",
            "limit",
        ]

    def test_the_description_tells_each_role_what_it_may_do(self, document):
        assert documents.roles(document) == {
            "operator": ["yes", "no", "no", "no", "no", "no"],
            "staff": ["no", "yes", "yes", "no", "no", "no"],
            "integrator": ["no", "no", "no", "yes", "no", "no"],
            "gateway": ["no", "no", "no", "no", "yes", "yes"],
        }


class TestIdsInAPath:
    """Werkzeug's <int:> answered an id it refused with an HTML 404, and one past a BIGINT
    overflowed the column: the id is read as text, and anything no record has is a JSON 404."""

    @pytest.mark.parametrize("given", ["x", "-1", "1.5", "١٢", str(2**63), "9" * 19, ""])
    def test_what_no_record_can_have_is_not_found(self, given):
        with pytest.raises(HttpError) as refused:
            schemas.record_id(given, "message")
        assert (refused.value.status, refused.value.code) == (404, "not_found")

    def test_an_id_of_eighteen_digits_is_read(self):
        assert schemas.record_id("9" * 18, "webhook") == 10**18 - 1


class TestAnswersFitTheDocument:
    def test_the_delivery_log_and_the_inbox(self, session, document):
        clock = FakeClock()
        sent_to_the_inbox(session, clock)
        log = views.deliveries_log(session, {"limit": 5, "stuck": False}, clock.now())
        inbox = views.inbox(session, "gw-1", unread=False)

        documents.answer_schema(document, "get", "/api/v1/deliveries").validate(
            {"deliveries": schemas.DeliveryOut(many=True).dump(log)}
        )
        documents.answer_schema(document, "get", "/api/v1/inbox").validate(
            {"messages": schemas.InboxOut(many=True).dump(inbox)}
        )
        assert [m["status"] for m in log] == ["delivered"]  # the inbox holds it at once
        assert [m["body"] for m in inbox] == ["请处理 c1"]

    def test_a_webhook_subscription_made_and_listed(self, session, document):
        wanted = {
            "url": "https://ops.example.cn/gongzhi",
            "event_types": ["intake.report.submitted.v1"],
        }
        made = webhooks.subscribe(session, "ops", wanted, Fernet.generate_key(), FakeClock().now())
        listed = webhooks.owned(session, "ops")

        documents.answer_schema(document, "post", "/api/v1/webhooks", "201").validate(
            schemas.WebhookOut().dump(made)
        )
        documents.answer_schema(document, "get", "/api/v1/webhooks").validate(
            {"webhooks": schemas.WebhookOut(many=True).dump(listed)}
        )
        assert "secret" in made
        assert "secret" not in listed[0]
