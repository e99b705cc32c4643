import pytest


@pytest.fixture(autouse=True)
def _quick_retries(monkeypatch):
    # Delays short enough for a test; the path (delay queues, TTL, requeue) is the real one.
    monkeypatch.setenv("GONGZHI_RETRY_DELAYS", "0.1,0.2,0.3")
