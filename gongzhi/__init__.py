"""Gongzhi's shared package: the envelope and event catalogue, the outbox and its relay, the
inbox, the bus topology, database and config loading, metrics, health and logging, and the
`gongzhi` command. The services plug in through entry points (see plugins.py)."""
