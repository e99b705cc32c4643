"""Every environment variable gongzhi reads, read once per process into one frozen `Settings`.

`gongzhi` reads it (`from_process`) before it starts anything and hands it on: the runner puts
it into each nameko container's config as SETTINGS, where dependency providers find it in
`setup()`. Nothing else reads the environment but for secrets (below). A malformed value or an
unknown `GONGZHI_` variable (a typo) is a `SettingError` naming the variable, and the command
refuses to start. Not ours, so let be: `GONGZHI_TEST_*`, read by the test harness and the bench,
the two variables docker-compose.yml reads on the host, and `GONGZHI_SECRET_*`: secrets that a
district's configuration names as `{env:GONGZHI_SECRET_…}` (notify's channel URLs), read where
they are used, at each use. The README's "Settings" table lists exactly the variables read here;
a test compares them.
"""

import difflib
import math
import os
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import make_url
from sqlalchemy.exc import ArgumentError

from gongzhi import clock, contacts, retry
from gongzhi.db import DatabaseSettings

PREFIX = "GONGZHI_"
# Prefixes, see above.
NOT_OURS = ("GONGZHI_TEST_", "GONGZHI_IMAGE", "GONGZHI_DISTRICT_DIR", "GONGZHI_SECRET_")
PER_SERVICE = ("PORT", "DATABASE_URL", "DATABASE_SCHEMA")  # read as <SERVICE>_PORT, ...
DATABASE_URL = "DATABASE_URL"  # every service's database, unless <SERVICE>_DATABASE_URL
LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")
AMQP_SCHEMES = ("amqp", "amqps", "pyamqp")
MIN_KEY_CHARS = 32
SCHEMA_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]{0,62}")


class SettingError(ValueError):
    """A variable that stops the start: `NAME: what is wrong`."""

    def __init__(self, name: str, problem: str):
        super().__init__(f"{name}: {problem}")
        self.name = name


@dataclass(frozen=True)
class Settings:
    amqp_uri: str = "amqp://guest:guest@localhost:5672//"
    district: str = "deploy/districts/xiguan"
    var: Path = Path("var")  # SQLite files when no database URL is given
    log_level: str = "INFO"
    max_workers: int = 10
    pseudonym_key: str | None = None  # None: intake and notify warn and use a development key
    contact_key: str | None = None  # None: intake and notify share a development key in var
    # Notify alone: the keys that sign residents' preference links, newest last. None: notify
    # warns and uses a development key in var.
    preferences_keys: tuple[str, ...] = ()
    # Scoring alone: the keys that sign residents' rating links, newest last. None: scoring
    # warns and uses a development key in var.
    rating_keys: tuple[str, ...] = ()
    # Scoring alone: the keys that sign the shop's voucher codes, newest last. None: scoring
    # warns and uses a development key in var.
    voucher_keys: tuple[str, ...] = ()
    retry_delays: tuple[float, ...] = retry.DEFAULT_DELAYS
    clock_start: str = ""  # empty: the system clock
    rate_per_minute: int = 120
    rate_burst: int = 30
    # Routing's sweeper alone reads these four: kept here so that one object holds them all.
    sweep_seconds: float = 30.0
    dispatch_seconds: float = 1.0
    sweep_batch: int | None = None  # None: the sweeper's own default, its Plan's batch
    sweep_max_batches: int = 10
    sweep_recheck_seconds: int = 3600
    ports: Mapping[str, int] = field(default_factory=dict)  # those given; else the plugin's
    databases: Mapping[str, DatabaseSettings] = field(default_factory=dict)

    @classmethod
    def from_environ(cls, environ: Mapping[str, str], services: Iterable[str]) -> "Settings":
        """The settings `environ` gives, with `<SERVICE>_…` read for each of `services`;
        SettingError for the first unknown or malformed variable."""
        _refuse_unknown(environ)
        given = {
            attribute: _parsed(environ, name, parse)
            for name, (attribute, parse) in VARIABLES.items()
            if _given(environ, name)
        }
        services = tuple(services)
        var = given.get("var", cls.var)
        return cls(
            **given,
            ports=_ports(environ, services),
            databases={s: _database(environ, s, var) for s in services},
        )

    def new_clock(self) -> clock.SystemClock | clock.ShiftedClock:
        return clock.from_setting(self.clock_start)

    def database(self, service: str) -> DatabaseSettings:
        return self.databases.get(service) or _database({}, service, self.var)


def from_process(services: Iterable[str]) -> Settings:
    """This process's settings: the one place gongzhi reads its environment."""
    return Settings.from_environ(os.environ, services)


def _given(environ: Mapping[str, str], name: str) -> bool:
    """Unset and empty are alike: the default."""
    return bool(environ.get(name, "").strip())


def _parsed(environ: Mapping[str, str], name: str, parse: Callable[[str], Any]) -> Any:
    try:
        return parse(environ[name].strip())
    except ValueError as error:
        raise SettingError(name, str(error)) from None


def _of(service: str, suffix: str) -> str:
    return f"{service.upper()}_{suffix}"


def _refuse_unknown(environ: Mapping[str, str]) -> None:
    for name in sorted(environ):
        if name.startswith(PREFIX) and name not in VARIABLES and not name.startswith(NOT_OURS):
            near = difflib.get_close_matches(name, VARIABLES, n=1)
            hint = f"did you mean {near[0]}?" if near else "see the README's Settings"
            raise SettingError(name, f"gongzhi has no such setting; {hint}")


def _ports(environ: Mapping[str, str], services: Iterable[str]) -> dict[str, int]:
    names = {service: _of(service, "PORT") for service in services}
    return {s: _parsed(environ, name, _port) for s, name in names.items() if _given(environ, name)}


def _database(environ: Mapping[str, str], service: str, var: Path) -> DatabaseSettings:
    name = _of(service, "DATABASE_URL")
    if not _given(environ, name):
        name = DATABASE_URL
    if not _given(environ, name):
        return DatabaseSettings(url=f"sqlite:///{var / f'{service}.db'}", schema=None)
    url = _parsed(environ, name, _database_url)
    if url.startswith("sqlite"):
        return DatabaseSettings(url=url, schema=None)
    schema = _of(service, "DATABASE_SCHEMA")
    given = _parsed(environ, schema, _schema) if _given(environ, schema) else service
    return DatabaseSettings(url=url, schema=given)


def _whole(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise ValueError(f"{text!r} is not a whole number above zero")
    return int(text)


def _port(text: str) -> int:
    if _whole(text) > 65535:
        raise ValueError(f"{text} is not a TCP port (1 to 65535)")
    return int(text)


def _seconds(text: str) -> float:
    try:
        seconds = float(text)
    except ValueError:
        seconds = math.nan
    if not (math.isfinite(seconds) and seconds > 0):
        raise ValueError(f"{text!r} is not a number of seconds above zero")
    return seconds


def _log_level(text: str) -> str:
    if text.upper() not in LOG_LEVELS:
        raise ValueError(f"{text!r} is not a log level ({', '.join(LOG_LEVELS)})")
    return text.upper()


def _clock_start(text: str) -> str:
    clock.from_setting(text)  # ValueError unless an instant with its offset
    return text


def _amqp_uri(text: str) -> str:
    scheme = text.split("://", 1)[0] if "://" in text else ""
    if scheme not in AMQP_SCHEMES:
        # The value is not shown: it may hold a password.
        raise ValueError(f"expected amqp://user:password@host:5672/vhost, not a {scheme!r} URL")
    return text


def _database_url(text: str) -> str:
    url = text.replace("postgresql://", "postgresql+psycopg2://", 1)
    url = url.replace("postgres://", "postgresql+psycopg2://", 1)
    try:
        backend = make_url(url).get_backend_name()
    except ArgumentError:
        backend = ""
    if backend not in ("sqlite", "postgresql"):
        # The value is not shown: it may hold a password.
        raise ValueError("expected postgresql://user@host/database or sqlite:///path")
    return url


def _signing_keys(text: str) -> tuple[str, ...]:
    """Keys separated by commas, newest last (an older one still checks what it signed); each
    long enough to be a secret. The values are not shown: they are secrets."""
    keys = tuple(key.strip() for key in text.split(","))
    if any(len(key) < MIN_KEY_CHARS for key in keys):
        raise ValueError(
            f"each key (comma-separated, newest last) needs at least {MIN_KEY_CHARS} "
            "characters, e.g. `openssl rand -hex 32`"
        )
    return keys


def _schema(text: str) -> str:
    if not SCHEMA_NAME.fullmatch(text):
        raise ValueError(f"{text!r} is not a schema name (letters, digits and _)")
    return text


# Each variable but the per-service ones and DATABASE_URL: the field it sets and its parser.
VARIABLES: dict[str, tuple[str, Callable[[str], Any]]] = {
    "AMQP_URI": ("amqp_uri", _amqp_uri),
    "GONGZHI_DISTRICT": ("district", str),
    "GONGZHI_VAR": ("var", Path),
    "GONGZHI_LOG_LEVEL": ("log_level", _log_level),
    "GONGZHI_MAX_WORKERS": ("max_workers", _whole),
    "GONGZHI_PSEUDONYM_KEY": ("pseudonym_key", str),
    "GONGZHI_CONTACT_KEY": ("contact_key", contacts.checked_key),
    "GONGZHI_PREFERENCES_KEY": ("preferences_keys", _signing_keys),
    "GONGZHI_RATING_KEY": ("rating_keys", _signing_keys),
    "GONGZHI_VOUCHER_KEY": ("voucher_keys", _signing_keys),
    "GONGZHI_RETRY_DELAYS": ("retry_delays", retry.parse_delays),
    "GONGZHI_CLOCK_START": ("clock_start", _clock_start),
    "GONGZHI_RATE_PER_MINUTE": ("rate_per_minute", _whole),
    "GONGZHI_RATE_BURST": ("rate_burst", _whole),
    "GONGZHI_SWEEP_SECONDS": ("sweep_seconds", _seconds),
    "GONGZHI_DISPATCH_SECONDS": ("dispatch_seconds", _seconds),
    "GONGZHI_SWEEP_BATCH": ("sweep_batch", _whole),
    "GONGZHI_SWEEP_MAX_BATCHES": ("sweep_max_batches", _whole),
    "GONGZHI_SWEEP_RECHECK_SECONDS": ("sweep_recheck_seconds", _whole),
}
