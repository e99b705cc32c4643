import pytest


@pytest.fixture
def system(system):
    # Delays short enough for a test; the path (delay queues, TTL, requeue) is the real one.
    system.environ["GONGZHI_RETRY_DELAYS"] = "0.1,0.2,0.3"
    return system
