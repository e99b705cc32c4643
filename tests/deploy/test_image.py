"""The Dockerfile and .dockerignore: a slim unprivileged image holding the build inputs only."""

import re

from .common import ROOT, SERVICES


def _dockerfile_instructions() -> list[tuple[str, str]]:
    text = (ROOT / "Dockerfile").read_text(encoding="utf-8")
    text = re.sub(r"\\\n", " ", text)
    lines = [line.strip() for line in text.splitlines()]
    return [
        (line.split(None, 1)[0].upper(), line.split(None, 1)[1])
        for line in lines
        if line and not line.startswith("#")
    ]


def test_image_is_python_311_slim_and_runs_unprivileged() -> None:
    instructions = _dockerfile_instructions()
    assert instructions[0] == ("FROM", "python:3.11-slim")
    users = [arg for op, arg in instructions if op == "USER"]
    assert users, "no USER instruction: the image would run as root"
    assert users[-1].split(":")[0] not in {"root", "0"}


def test_image_installs_the_five_services_and_never_migrates_on_start() -> None:
    instructions = _dockerfile_instructions()
    runs = " ".join(arg for op, arg in instructions if op == "RUN")
    assert "pip install -r requirements.txt" in runs
    for name in SERVICES:
        assert f"-e services/{name}" in runs
    start = " ".join(arg for op, arg in instructions if op in {"CMD", "ENTRYPOINT", "RUN"})
    assert "db upgrade" not in start
    assert "bus declare" not in start


def _dockerignored(path: str, patterns: list[str]) -> bool:
    """Docker's rule: the last pattern matching the path or one of its parents decides."""
    parts = path.split("/")
    prefixes = ["/".join(parts[: i + 1]) for i in range(len(parts))]
    ignored = False
    for raw in patterns:
        negated = raw.startswith("!")
        pattern = raw.removeprefix("!").strip("/")
        regex = re.escape(pattern).replace(r"\*\*/", "(?:.*/)?").replace(r"\*\*", ".*")
        regex = regex.replace(r"\*", "[^/]*")
        regex = regex.replace(r"\?", "[^/]").replace(r"\[", "[").replace(r"\]", "]")
        if any(re.fullmatch(regex, prefix) for prefix in prefixes):
            ignored = not negated
    return ignored


def test_build_context_holds_the_build_inputs_and_nothing_heavy() -> None:
    lines = (ROOT / ".dockerignore").read_text(encoding="utf-8").splitlines()
    patterns = [line.strip() for line in lines if line.strip() and not line.startswith("#")]
    needed = [
        "requirements.txt",
        "pyproject.toml",
        "gongzhi/__init__.py",
        "services/intake/pyproject.toml",
        "services/routing/migrations/env.py",
        "deploy/districts/xiguan/district.yaml",
    ]
    unwanted = [
        ".git/HEAD",
        ".venv/bin/python",
        "gongzhi/__pycache__/cli.cpython-311.pyc",
        "gongzhi.egg-info/PKG-INFO",
        "tests/deploy/test_image.py",
        "services/intake/tests/unit/test_x.py",
        "deploy/k8s/README.md",
        "var/intake.sqlite",
    ]
    assert [path for path in needed if _dockerignored(path, patterns)] == []
    assert [path for path in unwanted if not _dockerignored(path, patterns)] == []
