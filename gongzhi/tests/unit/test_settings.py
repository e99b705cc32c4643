"""One settings object: every variable read once, checked at start, and listed in the README."""

import dataclasses
import re
from collections.abc import Iterator, Mapping
from pathlib import Path

import pytest

from gongzhi import retry
from gongzhi.clock import ShiftedClock, SystemClock
from gongzhi.db import DatabaseSettings
from gongzhi.settings import SettingError, Settings
from gongzhi.testing.processes import refusal

README = Path(__file__).resolve().parents[3] / "README.md"
POSTGRESQL = "postgresql://gongzhi@db.example/gongzhi"


class Reading(Mapping[str, str]):
    """An environment that notes each variable read from it."""

    def __init__(self, given: dict[str, str]):
        self.given = given
        self.read: set[str] = set()

    def __getitem__(self, name: str) -> str:
        self.read.add(name)
        return self.given[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self.given)

    def __len__(self) -> int:
        return len(self.given)


def readme_variables() -> set[str]:
    section = README.read_text(encoding="utf-8").split("\n## Settings\n", 1)[1].split("\n## ")[0]
    rows = [line.split("|")[1] for line in section.splitlines() if line.startswith("| `")]
    return {name for row in rows for name in re.findall(r"`([^`]+)`", row)}


def test_the_readme_lists_exactly_the_variables_settings_read():
    environ = Reading({"DATABASE_URL": POSTGRESQL})  # else no schema is read
    Settings.from_environ(environ, ["tally"])  # any installed service, a sixth one too
    read = {re.sub(r"^TALLY_", "<SERVICE>_", name) for name in environ.read}
    assert read == readme_variables()


def test_with_nothing_set_the_defaults_apply():
    settings = Settings.from_environ({}, ["intake"])
    assert settings.amqp_uri == "amqp://guest:guest@localhost:5672//"
    assert (settings.district, settings.log_level, settings.max_workers) == (
        "deploy/districts/xiguan",
        "INFO",
        10,
    )
    assert settings.retry_delays == retry.DEFAULT_DELAYS
    assert (settings.rate_per_minute, settings.rate_burst) == (120, 30)
    assert (settings.sweep_seconds, settings.sweep_batch, settings.sweep_max_batches) == (
        30.0,
        None,
        10,
    )
    assert settings.sweep_recheck_seconds == 3600
    assert settings.pseudonym_key is None
    assert settings.ports == {}
    assert settings.database("intake") == DatabaseSettings("sqlite:///var/intake.db", None)
    assert isinstance(settings.new_clock(), SystemClock)


def test_an_empty_variable_is_as_good_as_unset():
    empty = Settings.from_environ({"GONGZHI_MAX_WORKERS": "", "AMQP_URI": " "}, [])
    assert empty == Settings()


def test_each_variable_sets_its_field():
    settings = Settings.from_environ(
        {
            "AMQP_URI": "amqps://u:p@broker:5671/gongzhi",
            "GONGZHI_DISTRICT": "/etc/gongzhi/district",
            "GONGZHI_LOG_LEVEL": "debug",
            "GONGZHI_MAX_WORKERS": "4",
            "GONGZHI_PSEUDONYM_KEY": "secret",
            "GONGZHI_RETRY_DELAYS": "0.1,0.2",
            "GONGZHI_CLOCK_START": "2026-12-02T09:00:00+08:00",
            "GONGZHI_RATE_PER_MINUTE": "60",
            "GONGZHI_RATE_BURST": "5",
            "GONGZHI_SWEEP_SECONDS": "0.5",
            "GONGZHI_SWEEP_BATCH": "50",
            "GONGZHI_SWEEP_MAX_BATCHES": "3",
            "GONGZHI_SWEEP_RECHECK_SECONDS": "60",
        },
        [],
    )
    assert settings.amqp_uri == "amqps://u:p@broker:5671/gongzhi"
    assert (settings.district, settings.log_level, settings.max_workers) == (
        "/etc/gongzhi/district",
        "DEBUG",
        4,
    )
    assert (settings.pseudonym_key, settings.retry_delays) == ("secret", (0.1, 0.2))
    assert isinstance(settings.new_clock(), ShiftedClock)
    assert (settings.rate_per_minute, settings.rate_burst) == (60, 5)
    assert (settings.sweep_seconds, settings.sweep_batch) == (0.5, 50)
    assert (settings.sweep_max_batches, settings.sweep_recheck_seconds) == (3, 60)


def test_each_installed_service_has_its_port_and_database():
    settings = Settings.from_environ(
        {
            "GONGZHI_VAR": "/srv/var",
            "DATABASE_URL": POSTGRESQL,
            "TALLY_PORT": "8005",
            "TALLY_DATABASE_SCHEMA": "tally_2026",
            "INTAKE_DATABASE_URL": "sqlite:///intake.db",
        },
        ["intake", "routing", "tally"],
    )
    assert settings.ports == {"tally": 8005}
    postgresql = "postgresql+psycopg2://gongzhi@db.example/gongzhi"
    assert settings.databases == {
        "intake": DatabaseSettings("sqlite:///intake.db", None),
        "routing": DatabaseSettings(postgresql, "routing"),
        "tally": DatabaseSettings(postgresql, "tally_2026"),
    }
    assert settings.database("notify") == DatabaseSettings("sqlite:////srv/var/notify.db", None)


@pytest.mark.parametrize(
    ("name", "value", "complaint"),
    [
        ("AMQP_URI", "http://guest:guest@localhost:5672//", "expected amqp://"),
        ("DATABASE_URL", "mysql://u@h/db", "expected postgresql://"),
        ("INTAKE_DATABASE_URL", "not a url", "expected postgresql://"),
        ("INTAKE_PORT", "80a", "'80a' is not a whole number above zero"),
        ("INTAKE_PORT", "70000", "70000 is not a TCP port"),
        ("GONGZHI_LOG_LEVEL", "LOUD", "'LOUD' is not a log level"),
        ("GONGZHI_MAX_WORKERS", "0", "'0' is not a whole number above zero"),
        ("GONGZHI_RETRY_DELAYS", "1;5", "expected seconds separated by commas"),
        ("GONGZHI_CLOCK_START", "2 December", "not an ISO 8601 instant with an offset"),
        ("GONGZHI_RATE_PER_MINUTE", "1.5", "'1.5' is not a whole number above zero"),
        ("GONGZHI_RATE_BURST", "-3", "'-3' is not a whole number above zero"),
        ("GONGZHI_SWEEP_SECONDS", "ten", "'ten' is not a number of seconds above zero"),
        ("GONGZHI_SWEEP_SECONDS", "0", "'0' is not a number of seconds above zero"),
        ("GONGZHI_SWEEP_BATCH", "many", "'many' is not a whole number above zero"),
        ("GONGZHI_SWEEP_MAX_BATCHES", "0", "'0' is not a whole number above zero"),
        ("GONGZHI_SWEEP_RECHECK_SECONDS", "1h", "'1h' is not a whole number above zero"),
    ],
)
def test_a_malformed_value_is_refused_naming_the_variable(name, value, complaint):
    with pytest.raises(SettingError, match=complaint) as refused:
        Settings.from_environ({name: value}, ["intake"])
    assert str(refused.value).startswith(f"{name}: ")


def test_notifys_link_keys_are_read_newest_last():
    old, new = "o" * 32, "n" * 64
    given = Settings.from_environ({"GONGZHI_PREFERENCES_KEY": f"{old}, {new}"}, [])
    assert given.preferences_keys == (old, new)
    assert Settings.from_environ({}, []).preferences_keys == ()


def test_a_link_key_too_short_to_be_a_secret_is_refused_without_showing_it():
    with pytest.raises(SettingError, match="at least 32 characters") as refused:
        Settings.from_environ({"GONGZHI_PREFERENCES_KEY": f"{'k' * 40},hunter2"}, [])
    assert str(refused.value).startswith("GONGZHI_PREFERENCES_KEY: ")
    assert "hunter2" not in str(refused.value)


def test_a_malformed_schema_is_refused_naming_the_variable():
    environ = {"DATABASE_URL": POSTGRESQL, "ROUTING_DATABASE_SCHEMA": 'routing"; DROP'}
    with pytest.raises(SettingError, match=r"^ROUTING_DATABASE_SCHEMA: .* is not a schema name"):
        Settings.from_environ(environ, ["routing"])


def test_a_database_url_is_not_repeated_in_the_complaint():
    with pytest.raises(SettingError) as refused:
        Settings.from_environ({"DATABASE_URL": "mysql://u:hunter2@h/db"}, ["intake"])
    assert "hunter2" not in str(refused.value)


def test_an_unknown_gongzhi_variable_is_refused_with_the_nearest_name():
    with pytest.raises(SettingError) as refused:
        Settings.from_environ({"GONGZHI_SWEEP_SECOND": "1"}, [])
    assert str(refused.value) == (
        "GONGZHI_SWEEP_SECOND: gongzhi has no such setting; did you mean GONGZHI_SWEEP_SECONDS?"
    )


def test_the_test_harness_and_compose_variables_are_let_be():
    environ = {"GONGZHI_TEST_BROKER": "amqp://x", "GONGZHI_IMAGE": "gongzhi:local"}
    assert Settings.from_environ(environ, []) == Settings()


def test_secrets_a_district_names_are_let_be():
    environ = {"GONGZHI_SECRET_SMTP_PASSWORD": "s3cret", "GONGZHI_SECRET_SMS": "k"}
    assert Settings.from_environ(environ, []) == Settings()


def test_settings_are_frozen():
    settings = Settings()
    with pytest.raises(dataclasses.FrozenInstanceError):
        settings.sweep_seconds = 1.0  # type: ignore[misc]


def test_serve_refuses_a_typo_in_a_variable_in_one_line_naming_it():
    line = refusal("serve", "intake", GONGZHI_SWEEP_SECOND="1")
    assert line.startswith("gongzhi: GONGZHI_SWEEP_SECOND: gongzhi has no such setting")
