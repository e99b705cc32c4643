"""Gongzhi's shared package: the envelope and event catalogue, the outbox and its relay, the
inbox, the bus topology, database and config loading, metrics, health and logging."""

SERVICES = ("intake", "routing", "deliberation", "notify", "scoring")
