"""Every event type a service says it consumes (its events.py, hence the catalogue's queue) has
exactly one handler in its nameko class: without one its queue fills and nobody hears; with two,
RabbitMQ deals the queue's messages between them and each sees half (a service with two features
on one type applies both in one handler)."""

from collections import Counter

import pytest
from nameko.extensions import ENTRYPOINT_EXTENSIONS_ATTR

from gongzhi import plugins
from gongzhi.handler import EventHandler


def handled_types(cls: type) -> Counter[str]:
    found: Counter[str] = Counter()
    for name in dir(cls):
        for entrypoint in getattr(getattr(cls, name), ENTRYPOINT_EXTENSIONS_ATTR, ()):
            if isinstance(entrypoint, EventHandler):
                found[entrypoint.event_type] += 1
    return found


@pytest.mark.parametrize("service", plugins.names())
def test_each_consumed_type_has_exactly_one_handler(service):
    plugin = plugins.get(service)
    handled = handled_types(plugin.service())
    assert set(handled) == set(plugin.events.CONSUMES)
    assert [kind for kind, count in handled.items() if count > 1] == []
