"""The pages of a resident's rating link: the case's answer and the form (GET /r/<token>), and
its thanks; plain HTML, readable on a phone, no script. Jinja2, autoescaped, strict.

`page` is the HTTP entrypoint for them: like `api`, but its errors are HTML pages too."""

from datetime import datetime
from functools import cache
from typing import Any
from zoneinfo import ZoneInfo

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape
from werkzeug.wrappers import Request, Response

from gongzhi.web import HttpError, JsonHttpHandler

WHEN = "%Y年%m月%d日 %H:%M"
VERDICT_NAMES = {"satisfied": "满意", "basically": "基本满意", "unsatisfied": "不满意"}


@cache
def environment() -> Environment:
    made = Environment(
        loader=PackageLoader("scoring", "templates"),
        autoescape=select_autoescape(default=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    made.filters["local"] = local
    made.globals |= {"verdict_names": VERDICT_NAMES, "district": "一事一评"}
    return made


def local(moment: datetime, zone: str) -> str:
    """An instant as the district reads it: 2026年12月02日 16:30."""
    return moment.astimezone(ZoneInfo(zone)).strftime(WHEN)


def render(template: str, **context: Any) -> str:
    return environment().get_template(template).render(**context)


def html_response(status: int, body: str) -> Response:
    return Response(body, status=status, mimetype="text/html")


def error_page(error: HttpError) -> Response:
    response = html_response(error.status, render("error.html", **vars_of(error)))
    response.headers.update(error.headers)
    return response


def vars_of(error: HttpError) -> dict[str, Any]:
    return {"status": error.status, "message": error.message}


class PageHandler(JsonHttpHandler):
    """An HTTP entrypoint answering HTML: a refusal or a fault is a page saying so."""

    def render_error(self, error: HttpError, request: Request) -> Response:
        return error_page(error)


page = PageHandler.decorator
