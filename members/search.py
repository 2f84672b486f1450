"""Turning what a member types into the directory's search box into a safe query.

Only runs of letters and digits survive, so quotes, &, |, !, :, parentheses and backslashes
can never reach PostgreSQL's tsquery syntax, whatever the input.
"""

import re
import unicodedata

# Enough for a name, an organisation and a word or two of a title.
MAX_WORDS = 8
# Longer than any real word; keeps a 10,000-character "word" out of the query.
MAX_WORD_LENGTH = 60
TEXT_SEARCH_CONFIG = "lpsa_search"  # created by members/migrations/0008

_WORD = re.compile(r"[^\W_]+")


def search_words(text: str) -> list[str]:
    """The words to look for, in order: letters and digits only, lower case."""
    # Composed first: a browser may send "í" as "i" plus a combining accent, not a letter.
    words = _WORD.findall(unicodedata.normalize("NFKC", text))
    return [word[:MAX_WORD_LENGTH].lower() for word in words[:MAX_WORDS]]


def tsquery(words: list[str]) -> str:
    """Every word must match; the last matches as a prefix, since members type names."""
    if not words:
        raise ValueError("A query needs at least one word")
    return " & ".join([*words[:-1], f"{words[-1]}:*"])
