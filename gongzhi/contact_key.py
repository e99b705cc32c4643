"""The key that seals residents' contacts between intake and notify, for their services."""

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
