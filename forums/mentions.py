"""@mentions in forum posts.

Members have no usernames: they log in with an email address and show a full name. A mention is
therefore `@` followed by a member's full name as their profile spells it, in any letter case:
"@Amina Diallo", "@amina diallo,". Only members listed in the directory can be mentioned (the
others chose not to be found). Where the words after an `@` could name several people ("@Amina"
and "@Amina Diallo"), the longest name wins; two listed members with the very same name are both
mentioned. It needs no JavaScript and no handle to learn: the reply form's text is enough.

Text in code (fenced blocks, `inline`) and quoted lines (`> …`) mentions nobody, so quoting a
post does not notify the people it mentioned again. A post mentions at most MAX_MENTIONS names.
"""

import re

from django.db.models.functions import Lower

from members.models import Profile

MAX_MENTIONS = 10
# Bounds the lookup a single post can cause, whatever it holds.
MAX_MENTION_SIGNS = 50
MAX_NAME_WORDS = 6
MAX_NAME_LENGTH = Profile._meta.get_field("full_name").max_length

_FENCED_CODE = re.compile(r"^ {0,3}(```|~~~).*?(^ {0,3}\1[^\n]*$|\Z)", re.S | re.M)
_INLINE_CODE = re.compile(r"(`+)(?:(?!\1).)+?\1", re.S)
_QUOTED_LINE = re.compile(r"^ {0,3}>.*$", re.M)
# An @ that starts a mention: not inside a word or an address (name@example.org).
_MENTION_SIGN = re.compile(r"(?<![\w@.+-])@(?=\w)")
# The words after it, on the same line.
_WORD = re.compile(r"[^\s@]+")
_TRAILING_PUNCTUATION = ".,;:!?)]}\"'\u2019\u201d\u00bb\u2026"


def _without_code_and_quotes(source: str) -> str:
    text = _FENCED_CODE.sub(" ", source)
    text = _INLINE_CODE.sub(" ", text)
    return _QUOTED_LINE.sub(" ", text)


def name_key(name: str) -> str:
    """How names are compared: lower case, single spaces."""
    return " ".join(name.split()).lower()


def mention_candidates(source: str) -> list[list[str]]:
    """For each @ in the text (at most MAX_MENTION_SIGNS), the names it could start, longest
    first: "@Amina Diallo, hi" gives ["amina diallo, hi", …, "amina diallo", "amina"]."""
    text = _without_code_and_quotes(source)
    candidates = []
    for sign in list(_MENTION_SIGN.finditer(text))[:MAX_MENTION_SIGNS]:
        line_end = text.find("\n", sign.end())
        line = text[sign.end() : line_end if line_end != -1 else None]
        words = _WORD.findall(line[: MAX_NAME_LENGTH + 1])[:MAX_NAME_WORDS]
        names = []
        for count in range(len(words), 0, -1):
            name = " ".join(words[:count])
            for variant in (name, name.rstrip(_TRAILING_PUNCTUATION)):
                key = name_key(variant)
                if key and key not in names and len(key) <= MAX_NAME_LENGTH:
                    names.append(key)
        if names:
            candidates.append(names)
    return candidates


def mentioned_user_ids(source: str) -> list[int]:
    """The listed members the text mentions, in order, from at most MAX_MENTIONS names.

    One query, and none for text without an @.
    """
    candidates = mention_candidates(source)
    if not candidates:
        return []
    keys = {key for names in candidates for key in names}
    users_by_name: dict[str, list[int]] = {}
    rows = (
        Profile.objects.listed()
        .annotate(name_key=Lower("full_name"))
        .filter(name_key__in=keys)
        .order_by("pk")
        .values_list("name_key", "user_id")
    )
    for key, user_id in rows:
        users_by_name.setdefault(name_key(key), []).append(user_id)
    mentioned_names: list[str] = []
    for names in candidates:
        name = next((key for key in names if key in users_by_name), None)
        if name and name not in mentioned_names:
            mentioned_names.append(name)
            if len(mentioned_names) == MAX_MENTIONS:
                break
    return list(dict.fromkeys(uid for name in mentioned_names for uid in users_by_name[name]))
