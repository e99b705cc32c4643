"""Why deliberation refuses what it is asked, each answered with its HTTP status by the
entrypoints: no such thing (404), not allowed for this key's holder (403), not now (409),
malformed beyond what the schemas check (400)."""


class NotFound(LookupError):
    pass


class Forbidden(PermissionError):
    pass


class Refused(ValueError):
    """Not in the matter's present state: a co-signer twice, minutes at the review step."""


class Invalid(ValueError):
    """What the request names does not exist in the district: a party, a checklist item."""
