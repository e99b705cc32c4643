"""What a message template sees: one flat mapping, in the words residents and staff use.

District staff write the templates, so every name here is documented in the template folder's
README.md and kept flat. Every template sees:

    event_type      routing.issue.assigned.v1
    event_time      2026年12月2日 09:30 (the event's time in the district's timezone)
    subject         the event's subject (a case id), "" if none
    case_number     the case number residents see in the app and on Open311
    district        西关街道
    timezone        Asia/Shanghai (the district's, which the `when` filter formats times in)
    recipient_id, recipient_kind, recipient_name   who is told ("" for a name notify does not know)
    preferences_url a resident's own link to their preferences and to opt out (links.py); ""
                    for staff, who set theirs with their key
    sms_opt_out     what a resident's SMS ends with: 回T退订, the keyword that opts them out by
                    replying (sms_keywords.py); "" for staff
    own             what the event holds for this recipient alone (its `per_recipient` entry:
                    a resident's own link to rate their case, own.link and own.expires_at);
                    {} when it holds nothing for anyone. A message owed shows placeholders
                    for them, filled in as it is sent (own.py)
    data            the event's data as it came, for anything not named here

and, when the event carries them (so that check-config flags a name the event type lacks):

    category        下水道堵塞 (the category's name; its code if the district has none such)
    category_code   blocked-sewer
    grid            西关第一社区第1网格 ("" for a case with no grid)
    tier            网格 / 社区 / 街道 / 区
    owner, from_owner   the owner (a community's or street's name, else its id; from_owner "")
    status          已派发 / 已受理 / 处置中 / 已答复 / 已办结 / 已结案
    action          派发 / 转办 / 上报 / 退回 / 答复 / 办结 / 重新办理 ... (routing's step)
    light, from_light   绿灯 / 黄灯 / 红灯 (on a light that turned, light is the new one)
    clock           响应 / 答复 / 办结
    turns_at        when a warned light turns, for people
    deadlines       the running clocks' deadlines: [{"clock": "答复", "at": "2026年12月9日 09:15"}]
    reason          the step's reason (internal: for staff only)
    answer, photos  the answer to the resident on routing's steps ("" and [] without one)
    task            the recipient's own task as a co-handler of the case ("" if none)
    co_reports      how many co-reports (附议) the case has
    address         the address the resident gave ("" if none)
    update_kind     留言 / 照片

Codes become Chinese names (red → 红灯, reply → 答复, in_progress → 处置中); a code with no name
here is shown as it is.
"""

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from gongzhi.district import District
from gongzhi.envelope import Event

LIGHTS = {"green": "绿灯", "yellow": "黄灯", "red": "红灯"}
CLOCKS = {"response": "响应", "reply": "答复", "resolution": "办结"}
TIERS = {"grid": "网格", "community": "社区", "street": "街道", "district": "区"}
UPDATE_KINDS = {"comment": "留言", "photo": "照片"}
STATUSES = {
    "assigned": "已派发",
    "accepted": "已受理",
    "in_progress": "处置中",
    "replied": "已答复",
    "resolved": "已办结",
    "closed": "已结案",
}
ACTIONS = {
    "assign": "派发",
    "accept": "受理",
    "start": "开始处置",
    "reply": "答复",
    "resolve": "办结",
    "close": "结案",
    "reopen": "重新办理",
    "transfer": "转办",
    "escalate": "上报",
    "return": "退回",
    "request_pause": "申请暂停",
    "request_extension": "申请延期",
    "approve": "批准",
    "reject": "驳回",
    "resume": "恢复办理",
    "reclassify": "重新定类",
    "decide": "议事决议答复",
}
# context name: (the data field it is read from, its Chinese names)
NAMED = {
    "tier": ("tier", TIERS),
    "status": ("status", STATUSES),
    "action": ("action", ACTIONS),
    "light": ("light", LIGHTS),
    "from_light": ("from_light", LIGHTS),
    "clock": ("clock", CLOCKS),
    "update_kind": ("kind", UPDATE_KINDS),
}


def context(event: Event, district: District, recipient: dict) -> dict:
    """What every template sees for `event` told to `recipient` ({"id", "kind", "name"}, and a
    resident's "preferences_url" and "sms_opt_out")."""
    data = event.data
    return {
        "event_type": event.type,
        "event_time": for_people(event.time, district.timezone),
        "subject": event.subject or "",
        "case_number": data.get("issue_id") or data.get("report_id") or event.subject or "",
        "district": district.name,
        "timezone": district.timezone,
        "recipient_id": recipient["id"],
        "recipient_kind": recipient["kind"],
        "recipient_name": recipient.get("name") or "",
        "preferences_url": recipient.get("preferences_url") or "",
        "sms_opt_out": recipient.get("sms_opt_out") or "",
        "own": recipient.get("own") or {},  # the event's per_recipient entry for them alone
        "data": data,
        **_category(data, district),
        **_named(data),
        **_about_the_case(data, district, recipient["id"]),
    }


def for_people(moment: datetime | str, timezone: str) -> str:
    """An instant as people read it in the district: 2026年12月2日 09:30."""
    if isinstance(moment, str):
        moment = datetime.fromisoformat(moment)
    local = moment.astimezone(ZoneInfo(timezone))
    return f"{local.year}年{local.month}月{local.day}日 {local:%H:%M}"


def _named(data: dict[str, Any]) -> dict[str, str]:
    found = {name: data[key] for name, (key, _) in NAMED.items() if key in data}
    if "to_light" in data:  # a light that turned: the light it turned to
        found["light"] = data["to_light"]
    return {name: NAMED[name][1].get(value, value or "") for name, value in found.items()}


def _about_the_case(data: dict[str, Any], district: District, recipient_id: str) -> dict:
    found: dict[str, Any] = {key: data[key] for key in ("reason", "co_reports") if key in data}
    if "grid" in data:
        found["grid"] = (data["grid"] or {}).get("name", "")
    for key in ("owner", "from_owner"):
        if key in data:
            found[key] = _owner_name(district, data[key])
    if "turns_at" in data:
        found["turns_at"] = for_people(data["turns_at"], district.timezone)
    if "clocks" in data:
        found["deadlines"] = _deadlines(data["clocks"], district.timezone)
    if "address_string" in data:
        found["address"] = data["address_string"] or ""
    return {**found, **_answer(data), **_task(data, recipient_id)}


def _answer(data: dict[str, Any]) -> dict[str, Any]:
    """Routing's steps may carry an answer to the resident: "" and [] on those that do not."""
    if "action" not in data:
        return {}
    answer = data.get("answer") or {}
    return {"answer": answer.get("text", ""), "photos": answer.get("photos", [])}


def _task(data: dict[str, Any], recipient_id: str) -> dict[str, str]:
    """The recipient's own task when it is a co-handler of the case, else ""."""
    if "co_handlers" not in data:
        return {}
    mine = [co["task"] for co in data["co_handlers"] if co["owner"]["id"] == recipient_id]
    return {"task": mine[0] if mine else ""}


def _deadlines(clocks: list[dict[str, Any]], timezone: str) -> list[dict[str, str]]:
    """The running clocks' deadlines: [{"clock": "答复", "at": "2026年12月9日 09:15"}]."""
    return [
        {"clock": CLOCKS.get(c["clock"], c["clock"]), "at": for_people(c["deadline"], timezone)}
        for c in clocks
        if c.get("deadline") and not c.get("stopped_at")
    ]


def _owner_name(district: District, owner: dict[str, str] | None) -> str:
    """A community's or street's name from the grid tree; anyone else by their id."""
    if not owner:
        return ""
    try:
        return district.grid(owner["id"]).name
    except KeyError:
        return owner["id"]


def _category(data: dict[str, Any], district: District) -> dict[str, str]:
    if "category" not in data:
        return {}
    code = data["category"]
    known = district.categories.get(code)
    return {"category": known.name if known else code, "category_code": code}
