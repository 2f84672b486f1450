import os
import sqlite3
import subprocess
import sys
import zoneinfo
from io import StringIO
from pathlib import Path

import pytest
from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth import authenticate
from django.core.management import call_command

from lpsa.demo_logins import DEMO_MEMBER, DEMO_STAFF
from members import demo_data
from members.demo import SEEDED_EMAIL_DOMAIN
from members.models import Profile, User, Visibility
from taxonomy.data import LANGUAGES
from taxonomy.models import Language
from taxonomy.regions import region_for_country
from tests.members.factories import MemberFactory

DEMO_EMAIL, DEMO_PASSWORD = DEMO_MEMBER
ADMIN_EMAIL, ADMIN_PASSWORD = DEMO_STAFF

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # The command hashes the demo and admin passwords on every run; real hashing is slow by design.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def seed(members: int) -> str:
    out = StringIO()
    call_command("seed_demo", members=members, stdout=out)
    return out.getvalue()


def seeded_profiles():
    return Profile.objects.filter(user__email__endswith=f"@{SEEDED_EMAIL_DOMAIN}")


def test_seed_demo_creates_the_requested_members_with_verified_addresses():
    output = seed(40)

    assert seeded_profiles().count() == 40
    assert (
        EmailAddress.objects.filter(
            email__endswith=f"@{SEEDED_EMAIL_DOMAIN}", verified=True, primary=True
        ).count()
        == 40
    )
    assert "40 members created" in output


def test_seed_demo_is_idempotent_and_never_deletes_real_members():
    real = MemberFactory()
    seed(40)
    counts = (User.objects.count(), Profile.objects.count(), EmailAddress.objects.count())
    expertise_links = Profile.expertise.through.objects.count()

    output = seed(40)

    assert (User.objects.count(), Profile.objects.count(), EmailAddress.objects.count()) == counts
    assert Profile.expertise.through.objects.count() == expertise_links
    assert User.objects.filter(pk=real.pk).exists()
    assert "0 members created" in output


def test_seed_demo_adds_only_the_missing_members_and_keeps_the_first_ones():
    seed(20)
    first_twenty = list(seeded_profiles().order_by("user__email").values_list("full_name", "bio"))

    seed(40)

    assert seeded_profiles().count() == 40
    assert (
        list(seeded_profiles().order_by("user__email").values_list("full_name", "bio")[:20])
        == first_twenty
    )


def test_seeded_members_vary_in_region_privacy_and_completeness():
    seed(40)
    profiles = list(seeded_profiles().prefetch_related("expertise"))

    assert len({p.world_region_id for p in profiles if p.world_region_id}) >= 3
    assert {p.listed_in_directory for p in profiles} == {True, False}
    assert {p.profile_visibility for p in profiles} == {Visibility.MEMBERS, Visibility.PUBLIC}
    assert len({p.email_visibility for p in profiles}) >= 2
    assert any(p.bio for p in profiles) and any(not p.bio for p in profiles)
    assert len({p.organisation_type for p in profiles}) >= 4
    assert any(p.expertise.all() for p in profiles)


def test_seeded_regions_match_countries_because_bulk_create_skips_save():
    seed(40)

    for profile in seeded_profiles():
        expected = region_for_country(profile.country.code) if profile.country else ""
        assert profile.world_region_id == (expected or None)


def test_demo_member_can_log_in_and_has_a_complete_listed_profile():
    seed(5)

    user = authenticate(email=DEMO_EMAIL, password=DEMO_PASSWORD)
    assert user is not None
    assert EmailAddress.objects.filter(user=user, verified=True, primary=True).exists()
    profile = user.profile
    assert profile.listed_in_directory
    assert profile.completeness.is_complete, profile.completeness.missing


def test_demo_login_works_through_the_login_page(client):
    seed(5)

    response = client.post("/accounts/login/", {"login": DEMO_EMAIL, "password": DEMO_PASSWORD})

    assert response.status_code == 302
    assert client.get("/members/").status_code == 200


def test_admin_is_a_staff_superuser_and_survives_a_second_run():
    seed(5)
    seed(5)

    admin = authenticate(email=ADMIN_EMAIL, password=ADMIN_PASSWORD)
    assert admin is not None and admin.is_staff and admin.is_superuser
    assert User.objects.filter(email__in=[DEMO_EMAIL, ADMIN_EMAIL]).count() == 2


def test_demo_data_uses_known_languages_time_zones_and_regions():
    language_codes = {code for code, _ in LANGUAGES}
    zones = zoneinfo.available_timezones()
    assert Language.objects.count() == len(LANGUAGES)
    for country in demo_data.COUNTRIES:
        assert region_for_country(country.code), country.code
        assert set(country.languages) <= language_codes, country.code
        assert set(country.time_zones) <= zones, country.code
        assert country.culture in demo_data.NAMES, country.code


# --- Two databases seeded alike hold the same rows -------------------------------------------

# Rows that are not demo content (Django's own bookkeeping) are left out of the comparison.
NOT_DEMO_CONTENT = ("django_migrations", "django_session", "django_admin_log", "sqlite_")


def _seed_fresh_sqlite(directory: Path, members: int) -> Path:
    directory.mkdir()
    database = directory / "db.sqlite3"
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{database}",
        "MEDIA_ROOT": str(directory / "media"),
        # The library's files too: a second database seeded into the same folder would find
        # the first one's files there and store its own under other names.
        "LIBRARY_FILES_ROOT": str(directory / "library"),
        "REDIS_URL": "",
        "CELERY_TASK_ALWAYS_EAGER": "1",
    }
    for command in (["migrate", "--no-input", "-v", "0"], ["seed_demo", "--members", str(members)]):
        subprocess.run(
            [sys.executable, "manage.py", *command],
            cwd=settings.BASE_DIR,
            env=env,
            check=True,
            capture_output=True,
        )
    return database


def _all_rows(database: Path) -> dict[str, list[tuple]]:
    with sqlite3.connect(database) as conn:
        tables = [
            name
            for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
            if not name.startswith(NOT_DEMO_CONTENT)
        ]
        return {
            table: conn.execute(f'SELECT * FROM "{table}" ORDER BY 1').fetchall()
            for table in tables
        }


@pytest.mark.django_db(databases=[])
def test_two_databases_seeded_with_the_same_options_hold_the_same_rows(tmp_path):
    first = _all_rows(_seed_fresh_sqlite(tmp_path / "first", members=60))
    second = _all_rows(_seed_fresh_sqlite(tmp_path / "second", members=60))

    assert len(first["members_profile"]) == 62  # the seeded members and the two demo logins
    assert first["members_profile_expertise"] and first["account_emailaddress"]
    assert len(first["working_groups_workinggroup"]) == 11
    assert first["working_groups_membership"] and first["working_groups_joinrequest"]
    different = [table for table in first if first[table] != second[table]]
    assert different == []
    assert first.keys() == second.keys()
