"""Intake's own dependencies."""

import os

import structlog
from nameko.extensions import DependencyProvider

log = structlog.get_logger(__name__)
DEVELOPMENT_KEY = "gongzhi-development-pseudonym-key"


class PseudonymKey(DependencyProvider):
    """The secret behind reporter references (`GONGZHI_PSEUDONYM_KEY`)."""

    def setup(self) -> None:
        key = self.container.config.get("PSEUDONYM_KEY") or os.environ.get("GONGZHI_PSEUDONYM_KEY")
        if not key:
            log.warning("pseudonym_key_missing", using="the development key")
            key = DEVELOPMENT_KEY
        self.key = key.encode()

    def get_dependency(self, worker_ctx) -> bytes:
        return self.key
