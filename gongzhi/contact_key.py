"""The keys intake and notify share about residents, for their services: the one that seals
their contacts, and the one behind their pseudonyms (reporter_ref)."""

import structlog
from nameko.extensions import DependencyProvider

from gongzhi import contacts
from gongzhi.settings import Settings

log = structlog.get_logger(__name__)


def key_of(settings: Settings) -> bytes:
    """The settings' contact key, or the development key in their `var` (warned)."""
    if not settings.contact_key:
        log.warning("contact_key_missing", using="the development key in GONGZHI_VAR")
    return contacts.contact_key(settings.contact_key, settings.var)


class ContactKey(DependencyProvider):
    """`contact_key = ContactKey()`: the Fernet key (bytes) from `GONGZHI_CONTACT_KEY` in the
    container's settings or, without it, the development key in `GONGZHI_VAR` (warned)."""

    def setup(self) -> None:
        self.key = key_of(self.container.config["SETTINGS"])

    def get_dependency(self, worker_ctx) -> bytes:
        return self.key


class PseudonymKey(DependencyProvider):
    """`pseudonym_key = PseudonymKey()`: the secret behind reporter references (bytes), from
    `GONGZHI_PSEUDONYM_KEY` in the container's settings or, without it, the development key
    (warned) that intake and notify both use, so their refs of one resident still agree."""

    def setup(self) -> None:
        key = self.container.config["SETTINGS"].pseudonym_key
        if not key:
            log.warning("pseudonym_key_missing", using="the development key")
        self.key = key.encode() if key else contacts.DEVELOPMENT_PSEUDONYM_KEY

    def get_dependency(self, worker_ctx) -> bytes:
        return self.key
