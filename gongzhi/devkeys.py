"""Development keys: a secret whose setting is unset is made on first use in `GONGZHI_VAR`, so
that a first run needs no set-up, and services that share it (intake and notify, under `make
run`) read the same file. The services warn when they use one: never in production."""

import os
import secrets
import tempfile
from collections.abc import Callable
from pathlib import Path

import structlog

log = structlog.get_logger(__name__)


def development_key(var: Path, name: str, make: Callable[[], bytes]) -> bytes:
    """The key in `var`/`name`, made with `make` on first use. Two processes starting at once
    get the same key: the file appears whole or not at all, and the first one written stands."""
    path = var / name
    if not path.exists():
        _write_once(path, make())
    return path.read_bytes().strip()


def _write_once(path: Path, key: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor, draft = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}-")
    try:
        os.write(descriptor, key)
        os.close(descriptor)
        os.link(draft, path)  # fails if another process made it first: theirs stands
    except FileExistsError:
        pass
    finally:
        os.unlink(draft)


def signing_keys(given: tuple[str, ...], var: Path, name: str, variable: str) -> tuple[bytes, ...]:
    """The keys a setting gives (newest last) or, without them, a development key made in `var`
    as `name` (warned, naming the `variable` to set): what it signs then holds only while that
    folder does."""
    if given:
        return tuple(key.encode() for key in given)
    log.warning("signing_key_missing", variable=variable, using=f"the development key {name}")
    return (development_key(var, name, _random_key),)


def _random_key() -> bytes:
    return secrets.token_hex(32).encode()
