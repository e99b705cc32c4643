"""One matter, one rating, without a broker: a resolution invites each reporter and co-reporter
with their own link; a link is refused forged (404), used (409) or expired (410), each
changing nothing; a later resolution supersedes the earlier links; silence lapses a link into
the district's default verdict or into not rated. On the database the migrations make."""

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from gongzhi.testing.units import (
    FakeClock,
    an_event,
    migrated_session_fixture,
    outbox_events,
    outbox_for,
)
from scoring import model, pages, rating_links, rating_record, rating_views, ratings
from scoring.handlers import record_co_report, record_report
from scoring.rating_record import Rater, Refused, Verdict
from scoring.ratings_config import Ratings

session = migrated_session_fixture("scoring")
CASE = "5b8f2c3e-7a41-4d2b-9c6e-1f0a3d4b5c6e"
KEYS = (b"an-older-rating-key-for-tests-0123456789", b"the-rating-key-for-these-tests-0123456789")
REASONS = {"not_fixed": "问题没有解决", "slow": "办理不及时"}


def plan(silence: str = "not_rated") -> ratings.Plan:
    config = Ratings(valid_days=7, silence=silence, public_url="https://xg.gov.cn", reasons=REASONS)
    return ratings.Plan(config, KEYS, {"620502001001001": "620502001001"})


@pytest.fixture
def clock():
    return FakeClock()


@pytest.fixture
def step(session, clock):
    """Apply a handler to an event as its entrypoint would; returns what it added to the outbox."""

    def step(handler, event, **more):
        before = len(outbox_events(session, model.metadata))
        outbox = outbox_for(session, model.metadata, clock, service="scoring")
        handler(event, session=session, outbox=outbox, **more)
        session.commit()
        return outbox_events(session, model.metadata)[before:]

    return step


def reported(step, ref: str, co: bool = False) -> None:
    data = {"report_id": CASE, "category": "blocked-sewer", "reporter_ref": ref, "channel": "app"}
    data["submitted_at"] = "2026-12-02T09:12:00+08:00"
    kind = "corroborated" if co else "submitted"
    step(record_co_report if co else record_report, an_event(f"intake.report.{kind}.v1", data))


def transitioned(action: str, owner_id: str = "city-management") -> dict:
    return {
        "issue_id": CASE,
        "category": "blocked-sewer",
        "grid": {"code": "620502001001001", "name": "西关第一社区第1网格"},
        "owner": {"kind": "department", "id": owner_id},
        "action": action,
        "answer": {"text": "已疏通。联系人电话13912345678", "photos": []},
        "at": "2026-12-08T16:00:00+08:00",
    }


def resolve(step, clock, rating_plan=None) -> dict:
    event = an_event("routing.issue.transitioned.v1", transitioned("resolve"))
    invited: list[int] = []
    made = step(
        ratings.on_transitioned, event, plan=rating_plan or plan(), clock=clock, invited=invited
    )
    [announced] = made
    assert announced.type == "scoring.rating.invited.v1"
    assert invited == [len(made[0].data["per_recipient"])]
    return announced.data["per_recipient"]


def token_of(link: str) -> str:
    return link.rsplit("/r/", 1)[1]


def rating_rows(session) -> int:
    return session.execute(select(func.count()).select_from(model.ratings)).scalar_one()


def rate(session, clock, token: str, verdict: str = "unsatisfied", reasons=("not_fixed",)):
    outbox = outbox_for(session, model.metadata, clock, service="scoring")
    said = Verdict(verdict, tuple(reasons), "还是堵")
    done = rating_record.by_resident(session, outbox, plan(), token, said, clock.now())
    session.commit()
    return done


def test_a_resolution_invites_the_reporter_and_each_co_reporter_with_their_own_link(
    session, step, clock
):
    reported(step, "ref-a")
    reported(step, "ref-b", co=True)
    links = resolve(step, clock)
    assert set(links) == {"ref-a", "ref-b"}
    assert links["ref-a"]["link"] != links["ref-b"]["link"]
    assert links["ref-a"]["link"].startswith("https://xg.gov.cn/r/")
    case = rating_record.case_of(session, CASE)
    assert "13912345678" not in case["answer"]
    assert case["community"] == "620502001001"


def test_a_resident_rates_once_and_the_rating_names_the_case_owner_but_no_comment(
    session, step, clock
):
    reported(step, "ref-a")
    token = token_of(resolve(step, clock)["ref-a"]["link"])
    done = rate(session, clock, token)
    assert done["verdict"] == "unsatisfied"
    assert done["source"] == "resident"
    assert done["owner"] == {"kind": "department", "id": "city-management"}
    assert done["department"] == "city-management"
    assert done["reasons"] == ["not_fixed"]
    [recorded] = [e for e in outbox_events(session, model.metadata) if "recorded" in e.type]
    assert recorded.data == done
    assert "comment" not in recorded.data


@pytest.mark.parametrize(
    "spoil",
    [
        lambda token: token[:-1] + ("A" if token[-1] != "A" else "B"),  # the signature altered
        lambda token: rating_links.sign((b"someone-elses-key-0123456789abcdef",), token[:12]),
        lambda token: "not-a-token",
    ],
)
def test_a_forged_link_is_not_found_and_changes_nothing(session, step, clock, spoil):
    reported(step, "ref-a")
    token = token_of(resolve(step, clock)["ref-a"]["link"])
    with pytest.raises(Refused) as refused:
        rate(session, clock, spoil(token))
    assert refused.value.status == 404
    assert rating_rows(session) == 0
    rate(session, clock, token)  # the real one still holds


def test_a_link_signed_with_an_older_key_still_holds():
    token = rating_links.sign(KEYS[:1], "mQ3vX9aPz2Lk")
    assert rating_links.nonce_of(KEYS, token) == "mQ3vX9aPz2Lk"


def test_a_used_link_is_a_conflict_and_changes_nothing(session, step, clock):
    reported(step, "ref-a")
    token = token_of(resolve(step, clock)["ref-a"]["link"])
    rate(session, clock, token, "satisfied", ())
    with pytest.raises(Refused) as refused:
        rate(session, clock, token)
    assert (refused.value.status, refused.value.code) == (409, "used")
    assert rating_rows(session) == 1


def test_an_expired_link_is_gone_and_changes_nothing(session, step, clock):
    reported(step, "ref-a")
    token = token_of(resolve(step, clock)["ref-a"]["link"])
    clock.advance(timedelta(days=7).total_seconds())
    with pytest.raises(Refused) as refused:
        rate(session, clock, token)
    assert (refused.value.status, refused.value.code) == (410, "expired")
    assert rating_rows(session) == 0


def test_a_reason_the_district_lacks_is_refused_and_the_link_stays_good(session, step, clock):
    reported(step, "ref-a")
    token = token_of(resolve(step, clock)["ref-a"]["link"])
    with pytest.raises(Refused) as refused:
        rate(session, clock, token, reasons=("bribery",))
    assert refused.value.status == 400
    assert "not_fixed" in refused.value.message
    session.rollback()
    assert rate(session, clock, token)["verdict"] == "unsatisfied"


def test_resolving_again_supersedes_the_earlier_links(session, step, clock):
    reported(step, "ref-a")
    first = token_of(resolve(step, clock)["ref-a"]["link"])
    reopen = an_event("routing.issue.transitioned.v1", transitioned("reopen"))
    step(ratings.on_transitioned, reopen, plan=plan(), clock=clock, invited=[])
    assert rating_record.case_of(session, CASE)["status"] == "reopened"
    second = token_of(resolve(step, clock)["ref-a"]["link"])
    with pytest.raises(Refused) as refused:
        rate(session, clock, first)
    assert refused.value.status == 410
    assert rate(session, clock, second)["verdict"] == "unsatisfied"
    assert rating_record.case_of(session, CASE)["round"] == 2


def test_a_follow_up_of_a_reopened_case_waits_for_its_resolution(session, step, clock):
    reported(step, "ref-a")
    resolve(step, clock)
    reopen = an_event("routing.issue.transitioned.v1", transitioned("reopen"))
    step(ratings.on_transitioned, reopen, plan=plan(), clock=clock, invited=[])
    outbox = outbox_for(session, model.metadata, clock, service="scoring")
    rater = Rater("follow_up", recorded_by="620502001001", visited=False)
    with pytest.raises(Refused) as refused:
        rating_record.by_follow_up(
            session, outbox, plan(), CASE, Verdict("satisfied"), rater, clock.now()
        )
    assert refused.value.status == 409


def lapse(session, clock, rating_plan):
    outbox = outbox_for(session, model.metadata, clock, service="scoring")
    lapsed = rating_record.lapse(session, outbox, rating_plan, clock.now())
    session.commit()
    return lapsed


def test_silence_counts_as_not_rated_by_default(session, step, clock):
    reported(step, "ref-a")
    resolve(step, clock)
    assert lapse(session, clock, plan()) == []  # not yet due
    clock.advance(timedelta(days=7).total_seconds())
    assert lapse(session, clock, plan()) == [None]
    assert rating_rows(session) == 0
    assert lapse(session, clock, plan()) == []  # once


def test_silence_records_the_districts_default_verdict(session, step, clock):
    reported(step, "ref-a")
    reported(step, "ref-b", co=True)
    token = token_of(resolve(step, clock, plan("basically"))["ref-a"]["link"])
    rate(session, clock, token, "satisfied", ())
    clock.advance(timedelta(days=8).total_seconds())
    assert lapse(session, clock, plan("basically")) == ["basically"]
    recorded = [e.data for e in outbox_events(session, model.metadata) if "recorded" in e.type]
    assert [(r["verdict"], r["source"]) for r in recorded] == [
        ("satisfied", "resident"),
        ("basically", "default"),
    ]


def test_the_links_page_shows_the_masked_answer_and_posts_back_beside_itself(session, step, clock):
    reported(step, "ref-a")
    token = token_of(resolve(step, clock)["ref-a"]["link"])
    invited = rating_record.invitation(session, plan(), token, clock.now())
    case = rating_record.case_of(session, CASE)
    shown = rating_views.page_of(case, invited, plan().ratings)
    action = f"../api/v1/ratings/{token}"  # from /r/<token>, behind any path prefix
    page = pages.render(
        "rating.html", **shown, action=action, zone="Asia/Shanghai", district="西关"
    )
    assert "已疏通" in page
    assert "13912345678" not in page
    assert f'action="{action}"' in page
    assert 'name="viewport"' in page
    assert [code in page for code in REASONS] == [True, True]
