"""The translation catalogues parse, and every Vietnamese entry is translated with the same
placeholders (entries are appended by parallel branches and merged by union)."""

import re
from collections import Counter
from pathlib import Path

import polib
import pytest

LOCALE = Path(__file__).resolve().parents[2] / "locale"
PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]")


@pytest.mark.parametrize("language", ["vi", "en"])
def test_the_catalogue_parses_without_duplicates(language):
    catalogue = polib.pofile(str(LOCALE / language / "LC_MESSAGES" / "django.po"))

    keys = Counter((entry.msgctxt, entry.msgid) for entry in catalogue)

    assert len(catalogue) > 900
    assert [key for key, count in keys.items() if count > 1] == []


def test_every_vietnamese_entry_is_translated_with_the_same_placeholders():
    catalogue = polib.pofile(str(LOCALE / "vi" / "LC_MESSAGES" / "django.po"))

    untranslated = [e.msgid for e in catalogue if not e.obsolete and not e.translated()]
    mismatched = [
        e.msgid
        for e in catalogue
        if e.msgstr and set(PLACEHOLDER.findall(e.msgid)) != set(PLACEHOLDER.findall(e.msgstr))
    ]

    assert untranslated == []
    assert mismatched == []
