"""JSON log lines with the service, the event type and the correlation id; keys, phone numbers,
identity card numbers and e-mail addresses masked before anything is written."""

import logging
import re
import sys
from typing import Any

import structlog

from gongzhi import personal

_SECRET_KEYS = ("api_key", "apikey", "password", "secret", "token", "authorization")
# A secret in a query string (an access log line) or an API key of ours anywhere.
_SECRET_PARAM = re.compile(r"((?:api_?key|token|password)=)[^&\s\"']+", re.IGNORECASE)
_API_KEY = re.compile(r"\bgz_[A-Za-z0-9_\-]{20,}")
# A link's token as a path's last segment: /r/<token> (a short link a resident is sent), in an
# access log line of the page or of the answer posted to /api/v1/ratings/<token>.
_PATH_TOKEN = re.compile(r"((?:/r|/api/v1/ratings)/)[A-Za-z0-9_.\-]+")


def mask(text: str) -> str:
    text = _SECRET_PARAM.sub(r"\1[redacted]", text)
    text = _API_KEY.sub("[redacted]", text)
    text = _PATH_TOKEN.sub(r"\1[redacted]", text)
    return personal.mask(text)


def _mask_values(value: Any, key: str = "") -> Any:
    if any(secret in key.lower() for secret in _SECRET_KEYS):
        return "[redacted]"
    if isinstance(value, str):
        return mask(value)
    if isinstance(value, int) and not isinstance(value, bool) and mask(str(value)) != str(value):
        return mask(str(value))
    if isinstance(value, dict):
        return {k: _mask_values(v, str(k)) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_mask_values(v) for v in value]
    return value


def _mask_processor(_logger: Any, _method: str, event_dict: Any) -> dict:
    return {key: _mask_values(value, key) for key, value in event_dict.items()}


def configure(service: str, level: str = "INFO", stream: Any = None) -> None:
    shared: list[Any] = [
        structlog.contextvars.merge_contextvars,
        structlog.processors.add_log_level,
        structlog.processors.TimeStamper(fmt="iso", utc=True),
        structlog.processors.format_exc_info,
    ]
    structlog.configure(
        processors=[*shared, structlog.stdlib.ProcessorFormatter.wrap_for_formatter],
        logger_factory=structlog.stdlib.LoggerFactory(),
        cache_logger_on_first_use=True,
    )
    formatter = structlog.stdlib.ProcessorFormatter(
        foreign_pre_chain=[structlog.stdlib.add_logger_name, *shared],
        processors=[
            _add_service(service),
            _mask_processor,
            structlog.stdlib.ProcessorFormatter.remove_processors_meta,
            structlog.processors.JSONRenderer(ensure_ascii=False),
        ],
    )
    handler = logging.StreamHandler(stream or sys.stdout)
    handler.setFormatter(formatter)
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)


def _add_service(service: str):
    def processor(_logger: Any, _method: str, event_dict: Any) -> Any:
        event_dict.setdefault("service", service)
        return event_dict

    return processor
