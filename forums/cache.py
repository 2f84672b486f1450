"""The version of what the forums' pages show, for caching their rendered lists and posts.

Any saved or deleted category, topic, post or like, and any change to a member's name (profiles,
accounts) or to a working group, moves the version on (lpsa/page_cache.py), so a cached list or
page of posts is never stale. Reading a topic (ReadState), watching and notifications change no
page: they do not move it. What differs between viewers (who may read a private category or see
hidden topics, unread marks, one's own likes and posts, the CSRF token) is either part of the
fragment's key or filled in per request.
"""

from lpsa.page_cache import PageVersion

FORUMS = PageVersion("forums:version", ignored_fields={"last_login"})
forum_version = FORUMS.current

# Fragments are keyed on the version, so an old one is never read; this only frees the memory.
FRAGMENT_SECONDS = 6 * 3600


def connect_signals() -> None:
    from forums.models import Category, Like, Post, Topic
    from members.models import Profile, User
    from working_groups.models import WorkingGroup

    FORUMS.connect(Category, Topic, Post, Like, Profile, User, WorkingGroup)
