"""`make bench`: throughput and latency of intake, routing and the outbox relay, each beside the
bare limit of the broker or the database it stands on, measured in the same run."""
