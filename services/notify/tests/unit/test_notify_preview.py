"""`gongzhi notify preview TEMPLATE` prints each variant of a message rendered for the sample
event, as district staff check what residents and workers will read."""

from gongzhi.cli import main
from gongzhi.testing.districts import SAMPLE, copy_sample


def test_preview_prints_every_variant_of_a_message(capsys):
    assert main(["notify", "preview", "report.resolved", "--district", str(SAMPLE)]) == 0

    printed = capsys.readouterr().out
    assert printed.startswith(
        "report.resolved for the sample routing.issue.transitioned.v1, told to r-7f3a9c\n\n"
        "── sms (42 characters)\n"
        "【西关街道】您反映的下水道堵塞问题已办结:下水道已疏通,路面污水已清理完毕。回T退订\n\n"
        "── email\n"
        "subject: 您反映的问题已办结:下水道堵塞\n\n"
        "您好:\n"
        "您反映的问题已办结,办理情况如下。\n"
    )
    assert (
        "── markdown\ntitle: 您反映的问题已办结:下水道堵塞\n\n### 您反映的问题已办结\n" in printed
    )
    assert "── text\ntitle: 您反映的问题已办结:下水道堵塞\n\n您好:\n" in printed
    assert printed.count("编号:5b8f2c3e-7a41-4d2b-9c6e-1f0a3d4b5c6e") == 2


def test_preview_takes_another_type_the_file_serves(capsys):
    argv = ["notify", "preview", "report.received.j2", "--type", "intake.report.corroborated.v1"]
    assert main([*argv, "--district", str(SAMPLE)]) == 0

    printed = capsys.readouterr().out
    assert printed.startswith("report.received for the sample intake.report.corroborated.v1")
    assert "已并入同一诉求一并办理" in printed


def test_preview_shows_a_variant_that_fails_for_another_type(capsys):
    argv = ["notify", "preview", "issue.warned", "--type", "routing.issue.assigned.v1"]
    assert main([*argv, "--district", str(SAMPLE)]) == 1

    printed = capsys.readouterr().out
    assert "── sms: fails\ntemplates/issue.warned.j2:5: 'turns_at' is undefined" in printed


def test_preview_names_the_templates_there_are(capsys):
    assert main(["notify", "preview", "issue.assign", "--district", str(SAMPLE)]) == 2

    error = capsys.readouterr().err
    assert error.startswith("gongzhi notify preview: no message template 'issue.assign' (known: ")
    assert "issue.assigned, issue.co_handler" in error


def test_preview_of_a_broken_district_prints_its_problems(tmp_path, capsys):
    folder = copy_sample(tmp_path)
    path = folder / "templates" / "issue.light.j2"
    path.write_text(path.read_text(encoding="utf-8").replace("{{ light }}", "{{ lihgt }}"))

    assert main(["notify", "preview", "issue.light", "--district", str(folder)]) == 2

    assert "templates/issue.light.j2:3: 'lihgt' is undefined" in capsys.readouterr().err
