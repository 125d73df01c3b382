"""The French and Hebrew catalogues are complete, well formed, and compiled.

The completeness check runs makemessages on a throwaway copy of the catalogues, over links to
the source folders, so the working tree is never written to. Needs GNU gettext (xgettext,
msgmerge), as makemessages does.
"""

import contextlib
import gettext
import re
import shutil
from pathlib import Path

import polib
import pytest
from django.core.management import call_command
from django.test.utils import override_settings

ROOT = Path(__file__).resolve().parents[2]
LANGUAGES = ["fr", "he"]
# What makemessages leaves out, as in the documented command (tests, the load generator, the venv, data).
SKIPPED = {"locale", "tests", "bench", "var", "test-artifacts", "node_modules"}
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|%%")


def catalogue(language):
    return ROOT / "locale" / language / "LC_MESSAGES" / "django.po"


def untranslated(po):
    """Entries with an empty translation (or an empty plural form) or still marked fuzzy."""
    problems = []
    for entry in po:
        if entry.obsolete:
            continue
        forms = entry.msgstr_plural.values() if entry.msgid_plural else [entry.msgstr]
        if "fuzzy" in entry.flags or not all(form.strip() for form in forms):
            problems.append(entry.msgid)
    return problems


@pytest.fixture(scope="module")
def fresh_catalogues(tmp_path_factory):
    """makemessages run over today's source into copies of the committed catalogues."""
    if shutil.which("xgettext") is None or shutil.which("msgmerge") is None:
        pytest.fail("GNU gettext is needed for this check: apt-get install gettext")
    work = tmp_path_factory.mktemp("makemessages")
    for item in ROOT.iterdir():
        if item.name not in SKIPPED and not item.name.startswith("."):
            (work / item.name).symlink_to(item)
    shutil.copytree(ROOT / "locale", work / "locale")
    with override_settings(LOCALE_PATHS=[work / "locale"]), contextlib.chdir(work):
        call_command("makemessages", locale=LANGUAGES, symlinks=True, no_obsolete=True, verbosity=0)
    return {
        language: polib.pofile(str(work / "locale" / language / "LC_MESSAGES" / "django.po")) for language in LANGUAGES
    }


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_string_in_the_source_is_translated(fresh_catalogues, language):
    committed = {(e.msgctxt, e.msgid) for e in polib.pofile(str(catalogue(language)))}
    fresh = fresh_catalogues[language]
    missing = [e.msgid for e in fresh if not e.obsolete and (e.msgctxt, e.msgid) not in committed]
    assert missing == [], f"Run makemessages and translate these in locale/{language}: {missing[:20]}"
    assert untranslated(fresh) == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_catalogue_has_no_empty_or_fuzzy_entry(language):
    assert untranslated(polib.pofile(str(catalogue(language)))) == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_translations_keep_the_placeholders(language):
    wrong = []
    for entry in polib.pofile(str(catalogue(language))):
        if entry.msgid_plural:
            expected = set(PLACEHOLDER.findall(entry.msgid_plural))
            # A plural form may spell its number out ("שתי החלטות"), but may not invent a placeholder.
            if any(not set(PLACEHOLDER.findall(form)) <= expected for form in entry.msgstr_plural.values()):
                wrong.append(entry.msgid)
        elif sorted(PLACEHOLDER.findall(entry.msgid)) != sorted(PLACEHOLDER.findall(entry.msgstr)):
            wrong.append(entry.msgid)
    assert wrong == []


def test_hebrew_has_djangos_plural_forms():
    header = polib.pofile(str(catalogue("he"))).metadata["Plural-Forms"]
    assert header.startswith("nplurals=4;")


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_compiled_catalogue_matches_the_po_file(language):
    """The .mo files are committed (a fresh machine may have no msgfmt): they must say what the .po says."""
    po = polib.pofile(str(catalogue(language)))
    expected = {}
    for entry in po:
        if entry.obsolete or "fuzzy" in entry.flags:
            continue
        key = f"{entry.msgctxt}\x04{entry.msgid}" if entry.msgctxt else entry.msgid
        if entry.msgid_plural:
            for index, form in entry.msgstr_plural.items():
                expected[(key, int(index))] = form
        else:
            expected[key] = entry.msgstr
    with catalogue(language).with_suffix(".mo").open("rb") as mo:
        compiled = dict(gettext.GNUTranslations(mo)._catalog)
    compiled.pop("", None)  # the header
    assert compiled == expected, (
        f"locale/{language}/LC_MESSAGES/django.mo is out of date: "
        "run `manage.py compilemessages --ignore=.venv` and commit it"
    )
