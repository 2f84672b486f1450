"""Citations a reader copies from a resource's page: APA (7th edition) and BibTeX.

Both take plain values (`CitedWork`), so they are tested without the database. An author with
no given names is an organisation ("Local Public Sector Alliance") and is cited whole.
"""

import re
import unicodedata
from dataclasses import dataclass, field

# Up to this many authors APA names them all; beyond, the first 19, an ellipsis and the last.
APA_MAX_AUTHORS = 20
BIBTEX_SPECIAL = re.compile(r"([{}&%$#_\\~^])")
BIBTEX_ESCAPES = {"\\": r"\textbackslash{}", "~": r"\textasciitilde{}", "^": r"\textasciicircum{}"}
LEADING_ARTICLES = {"a", "an", "the", "le", "la", "les", "l", "un", "une", "el", "los", "las"}
# Which BibTeX entry each kind of resource is.
BIBTEX_TYPES = {
    "working-paper": "techreport",
    "country-profile": "techreport",
    "presentation": "misc",
    "recording": "misc",
}


@dataclass(frozen=True)
class CitedAuthor:
    given_names: str
    family_name: str

    @property
    def is_organisation(self) -> bool:
        return not self.given_names.strip()


@dataclass(frozen=True)
class CitedWork:
    title: str
    year: int
    kind: str
    publisher: str
    authors: list[CitedAuthor] = field(default_factory=list)
    edition_number: int = 1
    url: str = ""


def initials(given_names: str) -> str:
    """ "Jamie" → "J.", "Ana Lucía" → "A. L.", "Jean-Paul" → "J.-P."."""
    parts = []
    for name in given_names.split():
        pieces = [piece for piece in name.split("-") if piece]
        parts.append("-".join(f"{piece[0].upper()}." for piece in pieces))
    return " ".join(parts)


def apa_author(author: CitedAuthor) -> str:
    if author.is_organisation:
        return author.family_name.strip()
    return f"{author.family_name.strip()}, {initials(author.given_names)}"


def apa_authors(authors: list[CitedAuthor]) -> str:
    names = [apa_author(author) for author in authors]
    if len(names) == 1:
        return names[0]
    if len(names) > APA_MAX_AUTHORS:
        return ", ".join(names[: APA_MAX_AUTHORS - 1]) + ", . . . " + names[-1]
    return ", ".join(names[:-1]) + ", & " + names[-1]


def ordinal(number: int) -> str:
    if 10 <= number % 100 <= 20:
        return f"{number}th"
    return f"{number}" + {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")


def _sentence_end(text: str) -> str:
    text = text.strip()
    return text if text.endswith((".", "?", "!")) else f"{text}."


def apa(work: CitedWork) -> str:
    """`Boex, J., & Yilmaz, S. (2024). Title (2nd ed.). Publisher. URL`; with no author the
    title leads: `Title (2024). Publisher.`"""
    title = work.title.strip()
    if work.edition_number > 1:
        title = f"{title} ({ordinal(work.edition_number)} ed.)"
    parts = []
    if work.authors:
        parts.append(f"{_sentence_end(apa_authors(work.authors))} ({work.year}).")
        parts.append(_sentence_end(title))
    else:
        parts.append(f"{_sentence_end(title)} ({work.year}).")
    publisher = work.publisher.strip()
    # APA leaves out the publisher when it is the author.
    if publisher and not (
        len(work.authors) == 1
        and work.authors[0].is_organisation
        and work.authors[0].family_name.strip() == publisher
    ):
        parts.append(_sentence_end(publisher))
    if work.url:
        parts.append(work.url)
    return " ".join(parts)


def bibtex_escape(text: str) -> str:
    return BIBTEX_SPECIAL.sub(lambda m: BIBTEX_ESCAPES.get(m.group(1), "\\" + m.group(1)), text)


def _ascii_word(text: str) -> str:
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]", "", folded.lower())


def bibtex_key(work: CitedWork) -> str:
    """The first author's family name, the year and the first word of the title (after an
    article): `boex2024primer`."""
    family = _ascii_word(work.authors[0].family_name.split()[0]) if work.authors else ""
    words = [_ascii_word(word) for word in re.split(r"[\s'\u2019]+", work.title)]
    words = [word for word in words if word]
    first = next(
        (word for word in words if word not in LEADING_ARTICLES), words[0] if words else ""
    )
    return f"{family or 'lpsa'}{work.year}{first}"


def bibtex_name(author: CitedAuthor) -> str:
    if author.is_organisation:
        return "{" + bibtex_escape(author.family_name.strip()) + "}"
    return (
        f"{bibtex_escape(author.family_name.strip())}, {bibtex_escape(author.given_names.strip())}"
    )


def bibtex(work: CitedWork) -> str:
    entry_type = BIBTEX_TYPES.get(work.kind, "book")
    publisher_field = "institution" if entry_type == "techreport" else "publisher"
    fields = []
    if work.authors:
        fields.append(("author", " and ".join(bibtex_name(a) for a in work.authors)))
    # Double braces keep the title's capitals as written.
    fields.append(("title", "{" + bibtex_escape(work.title.strip()) + "}"))
    fields.append(("year", str(work.year)))
    if work.edition_number > 1:
        fields.append(("edition", ordinal(work.edition_number)))
    if work.publisher.strip():
        fields.append((publisher_field, bibtex_escape(work.publisher.strip())))
    if work.url:
        fields.append(("url", work.url))
    body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields)
    return f"@{entry_type}{{{bibtex_key(work)},\n{body}\n}}"
