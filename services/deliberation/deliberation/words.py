"""What the public board says in words (zh-CN): the parties, the options, a matter's status, and
why a vote was not carried, from the codes tally.py and state.py keep. Plain functions; the
JSON API says the same words beside the codes, so a notice board and an app read alike.

    verdict({"carried": False, "reasons": [{"code": "party_quorum",
             "party": "property_company"}]}, "simple", {})
    # '未通过：物业公司一方未达到法定人数'
"""

from collections.abc import Mapping
from typing import Any

PARTY_NAMES = {
    "party_core": "社区党组织",
    "residents_committee": "居委会",
    "mediation_committee": "调委会",
    "community_police": "社区民警",
    "residents_representatives": "居民代表",
    "owners_committee": "业主委员会",
    "property_company": "物业公司",
    "social_organisations": "社会组织",
    "party_organisation": "小区党组织",
}
OPTION_NAMES = {"agree": "赞成", "abstain": "弃权", "disagree": "反对", "block": "否决"}
OPTIONS = tuple(OPTION_NAMES)
TASK_STATE_NAMES = {  # dispatch.STATES
    None: "待实施",
    "open": "待办理",
    "done": "已完成",
    "assigned": "已交办",
    "in_progress": "办理中",
    "resolved": "已办结",
    "closed": "已结案",
    "reopened": "重新办理",
}
VERDICT_NAMES = {"satisfied": "满意", "basically": "基本满意", "unsatisfied": "不满意"}
STATUS_NAMES = {
    "raised": "提出",  # the chain's first entry of a matter (board.history)
    "collecting": "征集附议",
    "proposed": "提议",
    "deliberating": "商议中",
    "reviewing": "审议中",
    "voting": "表决中",
    "executing": "实施中",
    "evaluating": "评议中",
    "closed": "已办结",
    "failed": "未通过",
}
MAJORITY_MISSED = {
    "simple": "赞成票未超过反对票",
    "two_thirds": "赞成票未达到三分之二",
    "concurrent": "赞成票未超过反对票",
}
CARRIED, NOT_CARRIED = "通过", "未通过"


def party_name(party: str, groups: Mapping[str, str]) -> str:
    """The party's name: the fixed ones here, the district's own groups from its config; an
    unknown code as it is (a party a matter names)."""
    return groups.get(party) or PARTY_NAMES.get(party, party)


def reason_text(reason: Mapping[str, Any], majority: str, groups: Mapping[str, str]) -> str:
    """One reason a vote was not carried, in words."""
    party = party_name(reason["party"], groups) if reason.get("party") else ""
    code = reason["code"]
    if code == "quorum":
        return "投票人数未达到法定人数"
    if code == "party_quorum":
        return f"{party}一方未达到法定人数"
    if code == "majority":
        return MAJORITY_MISSED.get(majority, MAJORITY_MISSED["simple"])
    if code == "party_majority":
        return f"{party}一方赞成票未超过反对票"
    if code == "veto":
        return f"{party}一方否决"
    return code


def verdict(result: Mapping[str, Any], majority: str, groups: Mapping[str, str]) -> str:
    """通过, or 未通过 with every reason."""
    if result["carried"]:
        return CARRIED
    reasons = [reason_text(r, majority, groups) for r in result["reasons"]]
    return f"{NOT_CARRIED}：{'；'.join(reasons)}" if reasons else NOT_CARRIED
