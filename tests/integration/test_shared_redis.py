"""Test runs share the machine's Redis: each deletes its own keys and leaves everyone else's."""

import uuid

import pytest
import redis
from django.core.cache import cache

from tests.conftest import delete_cache_keys, missing_requirement
from tests.integration.conftest import TASK_QUEUE, delete_queue_keys

pytestmark = pytest.mark.integration


def test_a_tests_cache_cleanup_deletes_only_its_own_keys(settings, cache_key_prefix):
    if "RedisCache" not in settings.CACHES["default"]["BACKEND"]:
        missing_requirement("A Redis cache", install="start Redis and set REDIS_URL")
    client = cache._cache.get_client(write=True)
    other_run_key = f"test-{uuid.uuid4().hex}:1:rate-limit"
    client.set(other_run_key, "1")
    cache.set("rate-limit", "2")
    assert client.exists(f"{cache_key_prefix}:1:rate-limit")

    delete_cache_keys("default", cache_key_prefix)

    assert cache.get("rate-limit") is None
    assert client.get(other_run_key) == b"1"
    client.delete(other_run_key)


def test_broker_cleanup_deletes_only_this_runs_queue(broker_url):
    broker = redis.Redis.from_url(broker_url)
    other_queue = f"lpsa-test-{uuid.uuid4().hex[:12]}"
    binding_key = "_kombu.binding.test-exchange"
    for queue in (TASK_QUEUE, other_queue):
        broker.rpush(queue, "task")
        broker.rpush(f"{queue}\x06\x163", "priority task")
        broker.sadd(binding_key, f"{queue}\x06\x16\x06\x16{queue}")
    try:
        delete_queue_keys(broker, TASK_QUEUE)

        assert not broker.exists(TASK_QUEUE, f"{TASK_QUEUE}\x06\x163")
        assert broker.exists(other_queue, f"{other_queue}\x06\x163") == 2
        assert broker.smembers(binding_key) == {
            f"{other_queue}\x06\x16\x06\x16{other_queue}".encode()
        }
    finally:
        broker.delete(other_queue, f"{other_queue}\x06\x163", binding_key)
