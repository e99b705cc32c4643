"""A reporter's follow-up token opens that report alone and is kept only as a hash."""

from sqlalchemy import select

from intake import followup, model


def test_a_token_opens_its_own_report_and_no_other(session, submit, clock):
    mine, another = submit(), submit(lat=34.5825)
    token = followup.issue(session, mine, co_report=False, now=clock.now())
    assert followup.grant(session, mine, token) == followup.Grant(mine, co_report=False)
    assert followup.grant(session, another, token) is None


def test_a_wrong_or_missing_token_opens_nothing(session, submit, clock):
    report_id = submit()
    token = followup.issue(session, report_id, co_report=True, now=clock.now())
    assert followup.grant(session, report_id, token[:-2] + "xx") is None
    assert followup.grant(session, report_id, "") is None
    assert followup.grant(session, None, token) is None


def test_only_a_hash_of_the_token_is_kept(session, submit, clock):
    token = followup.issue(session, submit(), co_report=False, now=clock.now())
    [stored] = session.execute(select(model.follow_up_tokens)).all()
    assert token.startswith("gzf_")
    assert token not in str(stored)
    assert token.removeprefix("gzf_") not in str(stored)
