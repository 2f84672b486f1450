import re
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.urls import reverse
from django.utils import translation

pytestmark = pytest.mark.django_db

CSS = Path(settings.BASE_DIR) / "static" / "css" / "portal.css"


def test_the_language_switch_in_the_footer_works_without_javascript(client):
    page = client.get(reverse("home")).content.decode()
    assert f'action="{reverse("set_language")}"' in page
    assert 'name="language"' in page and 'value="fr"' in page

    response = client.post(reverse("set_language"), {"language": "fr", "next": "/"})

    assert response.status_code == 302
    assert client.cookies[settings.LANGUAGE_COOKIE_NAME].value == "fr"
    assert '<html lang="fr" dir="ltr">' in client.get(reverse("home")).content.decode()


def test_the_browser_language_is_honoured(client):
    page = client.get(reverse("home"), HTTP_ACCEPT_LANGUAGE="fr-FR,fr;q=0.9")
    assert '<html lang="fr"' in page.content.decode()


def test_a_right_to_left_language_sets_dir_rtl(rf: RequestFactory):
    request = rf.get("/")
    request.user = AnonymousUser()
    with translation.override("ar"):
        html = render_to_string("404.html", request=request)
    assert '<html lang="ar" dir="rtl">' in html


PHYSICAL = re.compile(
    r"(?:margin|padding|border)-(?:left|right)\b|(?<![-\w])(?:left|right)\s*:|"
    r"text-align:\s*(?:left|right)|float:\s*(?:left|right)"
)


def test_the_css_uses_logical_properties_so_right_to_left_needs_no_rework():
    offending = [
        f"{number}: {line.strip()}"
        for number, line in enumerate(CSS.read_text().splitlines(), start=1)
        if PHYSICAL.search(line)
    ]
    assert offending == []


# French end to end: the catalogue, compiled and committed, reaches the pages.

LOCALE = Path(settings.BASE_DIR) / "locale" / "fr" / "LC_MESSAGES"
NBSP = "\u00a0"
# French typography: a no-break space before « ? » and « : », a curly apostrophe.
APOSTROPHE = "\u2019"


def _french(client):
    client.post(reverse("set_language"), {"language": "fr", "next": "/"})
    return client


def assert_french(page: str, *, french: list[str], english: list[str]) -> None:
    assert '<html lang="fr" dir="ltr">' in page
    for phrase in french:
        assert phrase in page, phrase
    for phrase in english:
        assert phrase not in page, phrase


def test_the_landing_page_in_french(client):
    """The front page's own words are the CMS's; all around them is the portal's, in French."""
    page = _french(client).get(reverse("home")).content.decode()
    assert_french(
        page,
        french=[
            f"Ce que vous offre l{APOSTROPHE}adhésion",
            "Adhérer gratuitement",
            "Annuaire",
            "Aller au contenu principal",
        ],
        english=["What members get", "Join for free", "Skip to main content"],
    )


def test_the_login_page_in_french(client):
    page = client.get(reverse("account_login"), HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert_french(
        page,
        french=[
            "Se connecter",
            f"Mot de passe oublié{NBSP}?",
            f"La communauté en un coup d{APOSTROPHE}œil",
        ],
        english=["Forgot your password?", "The community at a glance"],
    )


def test_the_signup_page_in_french(client):
    page = _french(client).get(reverse("account_signup")).content.decode()
    assert_french(
        page,
        french=[
            "Adhérez à la Local Public Sector Alliance",
            "Créer mon compte",
            f"Figurer dans l{APOSTROPHE}annuaire des membres{NBSP}?",
            "Oui, inscrivez-moi pour que les autres membres puissent me trouver",
        ],
        english=["Create my account", "Appear in the member directory?", "Membership is free."],
    )


def test_the_directory_in_french(client, member):
    client.force_login(member)
    page = _french(client).get(reverse("members:directory")).content.decode()
    assert_french(
        page,
        french=[
            "Annuaire des membres",
            "1 membre trouvé",
            "Nom (A à Z)",
            "Appliquer les filtres",
        ],
        english=["Member directory", "member found", "Name (A to Z)", "Apply filters"],
    )


def test_the_directory_count_is_plural_in_french(client, member, profile_factory):
    profile_factory.create_batch(2)
    client.force_login(member)
    page = _french(client).get(reverse("members:directory")).content.decode()
    assert "3 membres trouvés" in page


def test_a_capped_count_reads_in_french():
    from lpsa.pagination import CappedCountPaginator

    paginator = CappedCountPaginator(range(5000), 20)
    with translation.override("fr"):
        label = paginator.count_display
    # French groups thousands with a no-break space.
    assert label == "plus de 1\u00a0000"


def _po_entries(path: Path) -> list[dict]:
    """Each entry of a .po file: its flags, references, msgid(_plural) and msgstr(s)."""
    entries, entry, key = [], None, None
    for line in [*path.read_text(encoding="utf-8").splitlines(), ""]:
        if not line.strip():
            if entry and "msgid" in entry:
                entries.append(entry)
            entry, key = None, None
            continue
        entry = entry or {"flags": set(), "references": []}
        if line.startswith("#,"):
            entry["flags"].update(flag.strip() for flag in line[2:].split(","))
        elif line.startswith("#:"):
            entry["references"].extend(line[2:].split())
        elif line.startswith("#"):
            continue
        elif line.startswith('"'):
            entry[key] += _unquote(line)
        else:
            key, value = line.split(" ", 1)
            entry[key] = _unquote(value)
    return entries


def _unquote(quoted: str) -> str:
    escapes = {"n": "\n", "t": "\t", '"': '"', "\\": "\\"}
    return re.sub(r"\\(.)", lambda m: escapes[m.group(1)], quoted.strip()[1:-1])


def test_the_compiled_french_catalogue_matches_the_po_file():
    import gettext

    with (LOCALE / "django.mo").open("rb") as mo:
        compiled = gettext.GNUTranslations(mo)
    entries = [e for e in _po_entries(LOCALE / "django.po") if e["msgid"]]
    checked = 0
    for entry in entries:
        if "fuzzy" in entry["flags"]:
            continue
        context = entry.get("msgctxt")
        if "msgid_plural" in entry:
            for n, form in ((1, "msgstr[0]"), (2, "msgstr[1]")):
                if entry[form]:
                    if context is None:
                        got = compiled.ngettext(entry["msgid"], entry["msgid_plural"], n)
                    else:
                        got = compiled.npgettext(context, entry["msgid"], entry["msgid_plural"], n)
                    assert got == entry[form], entry["msgid"]
                    checked += 1
        elif entry["msgstr"]:
            if context is None:
                got = compiled.gettext(entry["msgid"])
            else:
                got = compiled.pgettext(context, entry["msgid"])
            assert got == entry["msgstr"], (context, entry["msgid"])
            checked += 1
    assert checked > 250  # the catalogue really was read


TRANSLATED_IN_FULL = (
    "templates/base.html",
    "templates/account/",
    "templates/members/directory.html",
    "lpsa/sections.py",
)


def test_the_shell_accounts_and_directory_are_fully_translated_into_french():
    entries = _po_entries(LOCALE / "django.po")
    covered = [
        entry
        for entry in entries
        if any(ref.startswith(TRANSLATED_IN_FULL) for ref in entry["references"])
    ]
    untranslated = [
        entry["msgid"]
        for entry in covered
        if "fuzzy" in entry["flags"]
        or not all(value for key, value in entry.items() if key.startswith("msgstr"))
    ]
    assert len(covered) > 60
    assert untranslated == []
