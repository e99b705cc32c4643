"""The key that seals residents' contacts between intake and notify, for their services."""

import structlog
from nameko.extensions import DependencyProvider

from gongzhi import contacts

log = structlog.get_logger(__name__)


class ContactKey(DependencyProvider):
    """`contact_key = ContactKey()`: the Fernet key (bytes) from `GONGZHI_CONTACT_KEY` in the
    container's settings or, without it, the development key in `GONGZHI_VAR` (warned)."""

    def setup(self) -> None:
        settings = self.container.config["SETTINGS"]
        if not settings.contact_key:
            log.warning("contact_key_missing", using="the development key in GONGZHI_VAR")
        self.key = contacts.contact_key(settings.contact_key, settings.var)

    def get_dependency(self, worker_ctx) -> bytes:
        return self.key
