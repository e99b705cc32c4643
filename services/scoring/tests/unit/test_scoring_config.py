"""The sample district's `scoring:` section loads, and check-config names what it refers to
that does not exist: a budget of no grid, a rule on an event scoring does not consume, limits
of no role, an activity for a role not in `roles`, a rule's code twice."""

from gongzhi.district import load_district
from gongzhi.testing.districts import SAMPLE, copy_sample, edit_config, problems_in
from scoring.config import scoring_of


def test_the_sample_section_loads_with_its_rules_and_activities():
    scoring = scoring_of(load_district(SAMPLE))
    assert scoring.limits_of("person", "volunteer", "620502001001").daily_cap == 40
    assert scoring.limits_of("budget", None, "620502001001").min_balance == -30000
    assert scoring.limits_of("budget", None, "620502001006").min_balance == -20000
    assert scoring.activities["public_welfare_post"].points == 5
    assert scoring.shop.pending_days == 7  # an order not approved in a week expires
    codes = [rule.code for rule in scoring.rules]
    assert codes == ["report_by_app", "co_report", "council_vote", "plan_evaluated"]
    assert scoring.rules[2].who == "voters"
    assert scoring.rules[2].as_kind == "person"


def test_check_config_names_what_the_section_refers_to_that_is_not_there(tmp_path):
    folder = copy_sample(tmp_path)
    edit_config(folder, '"620502001001": 30000', '"999": 30000')
    edit_config(folder, "    merchant: {min_balance: 0}", "    mayor: {min_balance: 0}")
    edit_config(folder, "roles: [party_member, volunteer]", "roles: [party_member, mayor]")
    old = "code: co_report\n      event: intake.report.corroborated.v1"
    edit_config(folder, old, "code: report_by_app\n      event: routing.issue.warned.v1")
    found = {(p.field, p.message) for p in problems_in(folder)}
    assert found == {
        ("scoring.budgets.999", "no grid '999' in the district"),
        ("scoring.rules[1].event", "scoring does not consume 'routing.issue.warned.v1'"),
        ("scoring.limits.mayor", "no role or kind 'mayor'"),
        ("scoring.activities.grid_patrol.roles", "no role 'mayor' in roles"),
        ("scoring.rules[1].code", "'report_by_app' twice"),
    }
