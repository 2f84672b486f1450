"""The version of everything the directory and profile pages show, for caching their HTML.

Rendered directory results, profile pages and the member home's panels are cached under this
version (see lpsa/page_cache.py); any change to what they could show (a profile, its expertise or
languages, an account, a confirmed address, a topic's name, and in other apps a working group or
a membership) moves it on, so nothing stale is ever read.
"""

from allauth.account.models import EmailAddress

from lpsa.page_cache import PageVersion

DIRECTORY = PageVersion("members:directory-version", ignored_fields={"last_login"})

directory_version = DIRECTORY.current
bump_directory_version = DIRECTORY.bump
# A signal receiver: other apps whose rows these pages show connect it to their models.
directory_changed = DIRECTORY.changed


def connect_signals() -> None:
    from members.models import Profile, User
    from taxonomy.models import Topic

    DIRECTORY.connect(
        Profile,
        User,
        EmailAddress,
        Topic,
        m2m=(Profile.expertise.through, Profile.languages.through),
    )
