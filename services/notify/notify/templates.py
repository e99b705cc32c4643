"""The district's messages: one Jinja2 file per message in its template folder (`notify.templates`
in district.yaml, `templates/` by default), zh-CN, with a block for each part of it:

    {# for: routing.issue.assigned.v1 #}             the first line: the event types it serves
    {% block title %}...{% endblock %}   required   the e-mail subject, the card's and inbox's title
    {% block body %}...{% endblock %}    required   plain text: the e-mail and inbox body
    {% block sms %}...{% endblock %}     optional   under 70 characters; else the title is sent
    {% block markdown %}...{% endblock %} optional  a WeCom/DingTalk card; else the body is sent

`render(name, variant, context)` gives a variant: "sms" (no title, the text on one line), "email"
and "text" (title and body), "markdown" (title and markdown). A file whose name starts with `_`
is a shared part to `{% include %}`, not a message. The templates run sandboxed (no attribute
tricks, no changing what they are given) with StrictUndefined (a misspelt name fails instead of
printing nothing); what they see is `wording.context`, and `when` formats an ISO time in the
data for people. `check` is the `notify.templates` part of check-config: it loads the folder and
renders every file for the sample event (samples.py) of each type it serves.
"""

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from jinja2 import Environment, TemplateError, TemplateSyntaxError

from gongzhi.district import District
from notify import own
from notify.samples import NoSample, sample_event, sample_recipient
from notify.template_files import Message, TemplateProblems, read_folder, where
from notify.wording import context

__all__ = [
    "RenderFailed",
    "Rendered",
    "TemplateProblems",
    "Templates",
    "UnknownTemplate",
    "check",
    "context",
    "load",
    "problems",
]

VARIANTS = ("sms", "email", "markdown", "text")
FALLBACK = {"sms": "title", "markdown": "body"}
SMS_LIMIT = 70  # characters of one Chinese SMS (UCS-2); longer ones go as several


@dataclass(frozen=True)
class Rendered:
    title: str  # the e-mail subject / card title ("" for an SMS)
    body: str


class RenderFailed(Exception):
    """A template failed on this context; reads `templates/x.j2:3: 'foo' is undefined`."""


class UnknownTemplate(LookupError):
    pass


class Templates:
    """The district's message files, loaded once (`load`)."""

    def __init__(self, messages: Mapping[str, Message]):
        self.messages = messages
        self.names = frozenset(messages)

    def serves(self, name: str) -> tuple[str, ...]:
        return self.message(name).serves

    def render(self, name: str, variant: str, context: dict) -> Rendered:
        """Variant "sms", "email", "markdown" or "text" of message `name`; RenderFailed."""
        if variant not in VARIANTS:
            raise ValueError(f"variant must be one of {', '.join(VARIANTS)}, not {variant!r}")
        message = self.message(name)
        if variant == "sms":
            return Rendered("", _one_line(_run(message, "sms", context)))
        title = _one_line(_run(message, "title", context))
        body = _run(message, "markdown" if variant == "markdown" else "body", context)
        return Rendered(title, body)

    def message(self, name: str) -> Message:
        """Message `name`'s file; UnknownTemplate naming the ones there are."""
        if name not in self.messages:
            known = ", ".join(sorted(self.names)) or "none"
            raise UnknownTemplate(f"no message template {name!r} (known: {known})")
        return self.messages[name]


def load(folder: Path) -> Templates:
    """The message files in `folder`; TemplateProblems lists all that is wrong with them."""
    return Templates(read_folder(folder))


def problems(
    templates: Templates, name: str, event_type: str, district: District, hint: str = ""
) -> list[str]:
    """What fails when message `name` is rendered for the sample event of `event_type`, in
    every variant: `templates/x.j2:3: 'foo' is undefined`, an SMS of 70 characters or more. A
    resident's SMS ends with the district's `hint` (sms_keywords.py) if one is given."""
    message = templates.message(name)
    try:
        recipient = sample_recipient(event_type)
        if hint and "sms_opt_out" in recipient:
            recipient["sms_opt_out"] = hint
        values = context(sample_event(event_type), district, recipient)
    except NoSample as error:
        return [f"{message.file}:1: {error.args[0]}"]
    said: dict[str, None] = {}  # ordered and without repeats: email and text render the same blocks
    for variant in VARIANTS:
        for problem in _variant_problems(templates, message, name, variant, values):
            said[problem] = None
        for problem in _own_problems(templates, message, name, variant, values):
            said[problem] = None
    return [f"{problem} (sample {event_type})" for problem in said]


def _own_problems(
    templates: Templates, message: Message, name: str, variant: str, values: dict
) -> list[str]:
    """A recipient's own values are rendered as placeholders and filled in as the message goes
    (own.py): one a filter other than `when` changed would go out unfilled."""
    sample_own = values["own"]
    if not sample_own:
        return []
    try:
        rendered = templates.render(name, variant, {**values, "own": own.placeholders(sample_own)})
    except RenderFailed as failed:
        return [str(failed)]
    text = f"{rendered.title}\n{rendered.body}"
    left = own.left_unfilled(text, sample_own, values["timezone"])
    return [
        f"{message.file}: {placeholder} would go out unfilled: a recipient's own value takes "
        "no filter but `when`"
        for placeholder in left
    ]


def check(folder_name: str, district: District, hint: str = "") -> list[tuple[str, str]]:
    """check-config's look at the template folder: (field, message) pairs; residents' SMS
    measured with the district's opt-out `hint`."""
    try:
        templates = load(district.folder / folder_name)
    except TemplateProblems as error:
        return [("templates", where(*problem)) for problem in error.problems]
    return [
        ("templates", problem)
        for name in sorted(templates.names)
        for event_type in templates.serves(name)
        for problem in problems(templates, name, event_type, district, hint)
    ]


def _variant_problems(
    templates: Templates, message: Message, name: str, variant: str, values: dict
) -> list[str]:
    try:
        rendered = templates.render(name, variant, values)
    except RenderFailed as failed:
        return [str(failed)]
    if variant == "sms" and len(rendered.body) >= SMS_LIMIT:
        line, size = message.lines.get("sms", message.lines["title"]), len(rendered.body)
        return [f"{message.file}:{line}: the SMS is {size} characters; keep it under {SMS_LIMIT}"]
    if not rendered.body or (variant != "sms" and not rendered.title):
        return [f"{message.file}: the {variant} variant renders empty"]
    return []


def _run(message: Message, block: str, values: dict) -> str:
    template = message.template
    chosen = block if block in template.blocks else FALLBACK[block]
    try:
        return "".join(template.blocks[chosen](template.new_context(values))).strip()
    except Exception:  # anything a template can raise: it is the district's text, not our code
        error = _rewritten(template.environment)
        raise RenderFailed(f"{_failed_at(error, message)}: {_said(error)}") from None


def _rewritten(environment: Environment) -> BaseException:
    """The error in flight, its traceback through the templates' own files and lines (Jinja's)."""
    try:
        environment.handle_exception()
    except Exception as error:
        return error


def _failed_at(error: BaseException, message: Message) -> str:
    """`templates/x.j2:3`: the innermost line of a template file in the traceback."""
    folder = message.file.split("/", 1)[0]
    if isinstance(error, TemplateSyntaxError) and error.filename:  # an included part's
        return f"{folder}/{os.path.basename(error.filename)}:{error.lineno}"
    at = message.file
    trace = error.__traceback__
    while trace is not None:
        filename = trace.tb_frame.f_code.co_filename
        if filename.endswith(".j2"):
            at = f"{folder}/{os.path.basename(filename)}:{trace.tb_lineno}"
        trace = trace.tb_next
    return at


def _said(error: BaseException) -> str:
    if isinstance(error, TemplateError):
        return error.message or type(error).__name__
    return f"{type(error).__name__}: {error}"


def _one_line(text: str) -> str:
    return " ".join(text.split())
