"""The district's message templates: every sample message renders each channel variant for the
sample event of each type it serves; what district staff get wrong is named by file and line,
and the sandbox keeps a template inside its own text."""

from pathlib import Path

import pytest

from gongzhi.district import load_district
from gongzhi.testing.districts import SAMPLE
from notify.samples import sample_event, sample_recipient
from notify.template_files import EXAMPLE_FOR
from notify.templates import (
    Rendered,
    RenderFailed,
    TemplateProblems,
    Templates,
    context,
    load,
    problems,
)

VARIANTS = ("sms", "email", "markdown", "text")
SAMPLE_TEMPLATES = load(SAMPLE / "templates")
SERVED = [(n, t) for n in sorted(SAMPLE_TEMPLATES.names) for t in SAMPLE_TEMPLATES.serves(n)]
ASSIGNED = "routing.issue.assigned.v1"


@pytest.fixture(scope="module")
def district():
    return load_district(SAMPLE)


def written(folder: Path, **files: str) -> Templates:
    """A template folder holding `files` (name without .j2: text), loaded."""
    folder.mkdir(exist_ok=True)
    for name, text in files.items():
        (folder / f"{name}.j2").write_text(text, encoding="utf-8")
    return load(folder)


def message(body: str, *, sms: str = "", for_: str = "routing.issue.assigned.v1") -> str:
    sms_block = f"{{% block sms %}}{sms}{{% endblock %}}\n" if sms else ""
    return (
        f"{{# for: {for_} #}}\n"
        "{% block title %}新诉求:{{ category }}{% endblock %}\n"
        f"{sms_block}"
        f"{{% block body %}}\n{body}\n{{% endblock %}}\n"
    )


def rendered_for(templates: Templates, name: str, event_type: str, district, variant: str):
    return templates.render(name, variant, sample_context(event_type, district))


def sample_context(event_type: str, district) -> dict:
    return context(sample_event(event_type), district, sample_recipient(event_type))


@pytest.mark.parametrize(("name", "event_type"), SERVED)
def test_each_sample_message_renders_every_variant_for_its_sample_event(name, event_type, district):
    for variant in VARIANTS:
        got = rendered_for(SAMPLE_TEMPLATES, name, event_type, district, variant)
        assert got.body.strip() == got.body != ""
        assert (got.title == "") == (variant == "sms")
    sms = rendered_for(SAMPLE_TEMPLATES, name, event_type, district, "sms").body
    assert len(sms) < 70
    assert "\n" not in sms
    assert problems(SAMPLE_TEMPLATES, name, event_type, district) == []


def test_the_sample_covers_todays_messages_and_the_residents():
    assert SAMPLE_TEMPLATES.names == {
        "issue.assigned",
        "issue.moved",
        "issue.co_handler",
        "issue.light",
        "issue.warned",
        "report.updated",
        "report.received",
        "report.answered",
        "report.resolved",
        "report.reopened",
        "digest",
        "issue.watched",
        "meeting.invited",
        "step.warned",
        "matter.evaluated",
        "matter.review_due",
        "card.yellow",
        "project.step",
        "order.step",
        "review.filed",
        "rating.invite",
        "issue.reopened",
    }
    assert SAMPLE_TEMPLATES.serves("report.received") == (
        "intake.report.submitted.v1",
        "intake.report.corroborated.v1",
    )


def test_a_resolution_tells_the_resident_the_answer_and_the_case_number(district):
    got = rendered_for(
        SAMPLE_TEMPLATES, "report.resolved", "routing.issue.transitioned.v1", district, "email"
    )
    assert got.title == "您反映的问题已办结:下水道堵塞"
    assert "下水道已疏通,路面污水已清理完毕。" in got.body
    assert "编号:5b8f2c3e-7a41-4d2b-9c6e-1f0a3d4b5c6e" in got.body
    assert "办结时间:2026年12月3日 16:30" in got.body
    assert "照片:https://img.example.cn/after.jpg" in got.body
    assert "物业与市政" not in got.body  # the reason is internal


def test_a_co_handler_hears_its_own_task(district):
    got = rendered_for(SAMPLE_TEMPLATES, "issue.co_handler", ASSIGNED, district, "sms")
    assert got == Rendered("", "【西关街道】请协同处置下水道堵塞诉求,您的任务:协调物业清掏化粪池")


def test_a_missing_sms_sends_the_title_and_a_missing_card_the_body(tmp_path, district):
    templates = written(tmp_path / "templates", plain=message("请于时限内处理。"))
    sms = rendered_for(templates, "plain", ASSIGNED, district, "sms")
    card = rendered_for(templates, "plain", ASSIGNED, district, "markdown")
    assert sms == Rendered("", "新诉求:下水道堵塞")
    assert card == Rendered("新诉求:下水道堵塞", "请于时限内处理。")


def test_an_unknown_name_fails_naming_the_file_and_line(tmp_path, district):
    templates = written(
        tmp_path / "templates", typo=message("类别:{{ category }}\n网格:{{ gird }}")
    )
    assert problems(templates, "typo", ASSIGNED, district) == [
        "templates/typo.j2:5: 'gird' is undefined (sample routing.issue.assigned.v1)"
    ]


def test_a_name_the_event_type_lacks_is_unknown_too(tmp_path, district):
    templates = written(tmp_path / "templates", light=message("{{ turns_at }}"))
    [problem] = problems(templates, "light", ASSIGNED, district)
    assert problem.startswith("templates/light.j2:4: 'turns_at' is undefined")


def test_a_failure_in_a_shared_part_names_the_part(tmp_path, district):
    folder = tmp_path / "templates"
    folder.mkdir()
    (folder / "_footer.j2").write_text("\n—— {{ distrct }}\n", encoding="utf-8")
    templates = written(folder, signed=message('正文\n{% include "_footer.j2" %}'))
    with pytest.raises(RenderFailed, match=r"^templates/_footer\.j2:2: 'distrct' is undefined$"):
        rendered_for(templates, "signed", ASSIGNED, district, "email")


def test_an_sms_of_70_characters_or_more_is_a_problem(tmp_path, district):
    long_sms = "【{{ district }}】" + "请尽快处理" * 13
    templates = written(tmp_path / "templates", wordy=message("正文", sms=long_sms))
    assert problems(templates, "wordy", ASSIGNED, district) == [
        "templates/wordy.j2:3: the SMS is 71 characters; keep it under 70 "
        "(sample routing.issue.assigned.v1)"
    ]


@pytest.mark.parametrize(
    "trick",
    [
        "{{ ''.__class__ }}",
        "{{ ''.__class__.__mro__[1].__subclasses__() }}",
        "{{ data.__class__ }}",
        "{{ cycler.__init__.__globals__ }}",
    ],
)
def test_the_sandbox_refuses_attribute_tricks(tmp_path, district, trick):
    templates = written(tmp_path / "templates", trick=message(trick))
    with pytest.raises(RenderFailed, match=r"^templates/trick\.j2:4: "):
        rendered_for(templates, "trick", ASSIGNED, district, "text")


def test_a_template_cannot_change_the_event_it_is_given(tmp_path, district):
    templates = written(
        tmp_path / "templates", meddle=message("{{ data.update({'issue_id': 'x'}) }}")
    )
    event = sample_event(ASSIGNED)
    values = context(event, district, sample_recipient(event.type))
    with pytest.raises(RenderFailed, match="unsafe"):
        templates.render("meddle", "text", values)
    assert event.data["issue_id"] == "5b8f2c3e-7a41-4d2b-9c6e-1f0a3d4b5c6e"


def test_every_problem_of_a_folder_is_named_by_file_and_line(tmp_path):
    folder = tmp_path / "templates"
    folder.mkdir()
    files = {
        "broken": message("{% if category %}没有结束"),
        "no_for": "{% block title %}t{% endblock %}{% block body %}b{% endblock %}",
        "no_body": "{# for: routing.issue.assigned.v1 #}\n{% block title %}t{% endblock %}",
        "odd_block": message("b") + "{% block subject %}s{% endblock %}\n",
        "bad_type": message("b", for_="assigned"),
    }
    for name, text in files.items():
        (folder / f"{name}.j2").write_text(text, encoding="utf-8")
    with pytest.raises(TemplateProblems) as caught:
        load(folder)
    found = caught.value.problems
    assert [(file, line) for file, line, _ in found] == [
        ("templates/bad_type.j2", 1),
        ("templates/broken.j2", 5),
        ("templates/no_body.j2", None),
        ("templates/no_for.j2", 1),
        ("templates/odd_block.j2", 6),
    ]
    said = [message for _, _, message in found]
    assert said[0] == "'assigned' is not an event type, e.g. intake.report.updated.v1"
    assert said[1].startswith("Encountered unknown tag 'endblock'")
    assert said[2] == "no {% block body %}: a message has a title and a body"
    assert said[3] == f"the first line names the event types it serves: {EXAMPLE_FOR}"
    assert said[4] == "unknown block 'subject' (blocks: title, body, sms, markdown)"


def test_a_type_with_no_sample_event_is_a_problem_on_the_first_line(tmp_path, district):
    templates = written(
        tmp_path / "templates", other=message("b", for_="scoring.points.awarded.v1")
    )
    [problem] = problems(templates, "other", "scoring.points.awarded.v1", district)
    assert problem.startswith(
        "templates/other.j2:1: no sample event of type 'scoring.points.awarded.v1'"
    )


def test_an_unknown_variant_or_message_is_refused(district):
    values = sample_context("routing.issue.warned.v1", district)
    with pytest.raises(ValueError, match="variant must be one of sms, email, markdown, text"):
        SAMPLE_TEMPLATES.render("issue.warned", "fax", values)
    with pytest.raises(LookupError, match=r"no message template 'issue\.warn'"):
        SAMPLE_TEMPLATES.render("issue.warn", "sms", values)
