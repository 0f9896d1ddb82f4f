import pytest


@pytest.fixture(autouse=True)
def _own_cache(settings):  # type: ignore[no-untyped-def]
    """Rate limits live in the cache: each test gets an empty one of its own."""
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "voice"}
    }
    from django.core.cache import cache

    cache.clear()
