"""`gongzhi check-config` renders the district's message templates against the sample events:
a template that does not parse or names an unknown variable fails it, naming the template's file
and line at the field `notify.templates` on its line of district.yaml."""

from gongzhi.cli import main
from gongzhi.testing.districts import (
    SAMPLE,
    copy_sample,
    edit_config,
    line_of,
    problems_in,
    where,
)


def break_template(folder, name: str, old: str, new: str) -> None:
    path = folder / "templates" / f"{name}.j2"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_the_sample_districts_templates_pass(capsys):
    assert main(["check-config", str(SAMPLE)]) == 0
    assert capsys.readouterr().out.endswith(": OK\n")


def test_an_unknown_variable_fails_check_config_naming_file_and_line(tmp_path, capsys):
    folder = copy_sample(tmp_path)
    break_template(folder, "report.resolved", "{{ answer }}", "{{ anwser }}")

    assert main(["check-config", str(folder)]) == 1

    [problem, count] = capsys.readouterr().err.splitlines()
    yaml = folder / "district.yaml"
    line = line_of(folder / "templates" / "report.resolved.j2", "{{ anwser }}")
    assert problem == (
        f"{yaml}:{line_of(yaml, 'templates: templates')}: notify.templates: "
        f"templates/report.resolved.j2:{line}: 'anwser' is undefined "
        "(sample routing.issue.transitioned.v1)"
    )
    assert count == f"1 problem(s) in {folder}"


def test_a_template_that_does_not_parse_fails_check_config_on_its_line(tmp_path):
    folder = copy_sample(tmp_path)
    break_template(folder, "issue.light", "{% endblock %}", "{% endblok %}")

    [problem] = problems_in(folder)

    assert where(problem) == (
        "district.yaml",
        line_of(folder / "district.yaml", "templates: templates"),
        "notify.templates",
    )
    assert problem.message.startswith(
        "templates/issue.light.j2:3: Encountered unknown tag 'endblok'"
    )


def test_a_file_serving_two_types_is_checked_against_both(tmp_path):
    folder = copy_sample(tmp_path)
    break_template(folder, "report.received", "类别:{{ category }}", "类别:{{ address }}")

    [problem] = problems_in(folder)

    line = line_of(folder / "templates" / "report.received.j2", "{{ address }}")
    assert problem.message == (
        f"templates/report.received.j2:{line}: 'address' is undefined "
        "(sample intake.report.corroborated.v1)"
    )


def test_an_sms_too_long_for_its_sample_fails_check_config(tmp_path):
    folder = copy_sample(tmp_path)
    break_template(
        folder,
        "issue.warned",
        "请督办。",
        "请督办,并将督办情况在系统中登记后反馈给街道综治指挥分中心。",
    )

    [problem] = problems_in(folder)

    assert problem.message == (
        "templates/issue.warned.j2:5: the SMS is 71 characters; keep it under 70 "
        "(sample routing.issue.warned.v1)"
    )


def test_a_template_folder_that_is_not_there_is_named(tmp_path):
    folder = copy_sample(tmp_path)
    yaml = folder / "district.yaml"
    yaml.write_text(
        yaml.read_text(encoding="utf-8").replace("templates: templates", "templates: messages")
    )

    [problem] = problems_in(folder)

    assert problem.field == "notify.templates"
    assert problem.message == f"messages: no template folder {str(folder / 'messages')!r}"


RESIDENTS_MESSAGES = ("report.received", "report.answered", "report.resolved", "report.reopened")


def test_residents_sms_end_with_how_to_opt_out_by_reply_and_staffs_do_not(capsys):
    for name in (*RESIDENTS_MESSAGES, "issue.assigned"):
        assert main(["notify", "preview", name]) == 0
        sms = capsys.readouterr().out.split("── sms")[1].splitlines()[1]
        assert sms.endswith("回T退订") == (name in RESIDENTS_MESSAGES), (name, sms)


def test_check_config_measures_residents_sms_with_the_districts_own_hint(tmp_path):
    folder = copy_sample(tmp_path)
    edit_config(folder, "\nnotify:\n", "\nnotify:\n  sms_replies: {opt_out: [TUIDING, T]}\n")

    found = sorted(problem.message for problem in problems_in(folder))

    received, reopened = (
        line_of(folder / "templates" / f"{name}.j2", "block sms")
        for name in ("report.received", "report.reopened")
    )
    too_long = "the SMS is {} characters; keep it under 70 (sample {})"
    assert found == [
        f"templates/report.received.j2:{received}: "
        + too_long.format(70, "intake.report.corroborated.v1"),
        f"templates/report.received.j2:{received}: "
        + too_long.format(70, "intake.report.submitted.v1"),
        f"templates/report.reopened.j2:{reopened}: "
        + too_long.format(72, "routing.issue.transitioned.v1"),
    ]


def test_a_recipients_own_value_through_another_filter_than_when_fails_check_config(tmp_path):
    """A rating link goes into a message as a placeholder and is filled in as it is sent
    (own.py): `| upper` would turn it into one nothing fills, and the resident a dead link."""
    folder = copy_sample(tmp_path)
    link = "评价链接(仅限一次):{{ own.link }}"
    break_template(folder, "rating.invite", link, "{{ own.link | upper }}")

    [problem] = problems_in(folder)

    assert problem.message == (
        "templates/rating.invite.j2: {OWN.LINK} would go out unfilled: a recipient's own value "
        "takes no filter but `when` (sample scoring.rating.invited.v1)"
    )
