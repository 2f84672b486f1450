"""The demo logins `seed_demo` creates: defined once, read by the seeders, the README's command
output and the benchmark. Demo data only: no real deployment is seeded."""

from typing import NamedTuple


class DemoLogin(NamedTuple):
    email: str
    password: str


DEMO_MEMBER = DemoLogin("demo@lpsa.example", "lpsa-demo-2026")
DEMO_STAFF = DemoLogin("admin@lpsa.example", "lpsa-admin-2026")
