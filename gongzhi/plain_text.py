"""Free text people type for other people to read: plain words, never markup."""

import re

# A tag's opening: `<` then a name, `/` or `!` (comments, doctypes), then up to its `>`.
_HTML_TAG = re.compile(r"<\s*/?\s*[a-zA-Z!][^>]*>")


def has_html(text: str) -> bool:
    """Whether `text` holds an HTML tag (what a page would render rather than show)."""
    return _HTML_TAG.search(text) is not None
