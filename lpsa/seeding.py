"""Helpers the apps' demo modules share (each app's `demo.py` seeds its own rows)."""

from contextlib import contextmanager


@contextmanager
def timestamps_as_given(*models):
    """Lets bulk_create keep the dates the seeder sets instead of stamping every row with now,
    so that two databases seeded alike hold the same rows."""
    fields = [
        model._meta.get_field(name) for model in models for name in ("created_at", "updated_at")
    ]
    saved = [(f.auto_now, f.auto_now_add) for f in fields]
    for f in fields:
        f.auto_now = f.auto_now_add = False
    try:
        yield
    finally:
        for f, (auto_now, auto_now_add) in zip(fields, saved, strict=True):
            f.auto_now, f.auto_now_add = auto_now, auto_now_add
