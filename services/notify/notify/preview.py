"""What `gongzhi notify preview TEMPLATE` prints: each variant of one of the district's message
templates, rendered for the sample event of a type (samples.py), as a channel would send it."""

from gongzhi.district import District
from notify.config import notify_of
from notify.samples import NoSample, sample_event, sample_recipient
from notify.templates import VARIANTS, Rendered, RenderFailed, Templates, context, load

HEADINGS = {"sms": "", "email": "subject", "markdown": "title", "text": "title"}


class Refused(Exception):
    """Nothing to preview: an unknown template or an event type with no sample."""


def preview(district: District, name: str, event_type: str | None = None) -> tuple[str, bool]:
    """The text to print, and whether every variant rendered."""
    templates = load(district.folder / notify_of(district).templates)
    name = name.removesuffix(".j2")
    if name not in templates.names:
        raise Refused(f"no message template {name!r} (known: {', '.join(sorted(templates.names))})")
    event_type = event_type or templates.serves(name)[0]
    try:
        values = context(sample_event(event_type), district, sample_recipient(event_type))
    except NoSample as error:
        raise Refused(error.args[0]) from None
    shown = [f"{name} for the sample {event_type}, told to {values['recipient_id']}"]
    failed = False
    for variant in VARIANTS:
        text, ok = _variant(templates, name, variant, values)
        shown.append(text)
        failed = failed or not ok
    return "\n\n".join(shown), not failed


def _variant(templates: Templates, name: str, variant: str, values: dict) -> tuple[str, bool]:
    try:
        rendered = templates.render(name, variant, values)
    except RenderFailed as error:
        return f"── {variant}: fails\n{error}", False
    return _shown(variant, rendered), True


def _shown(variant: str, rendered: Rendered) -> str:
    if variant == "sms":
        return f"── sms ({len(rendered.body)} characters)\n{rendered.body}"
    return f"── {variant}\n{HEADINGS[variant]}: {rendered.title}\n\n{rendered.body}"
