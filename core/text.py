"""Text as every output format can hold it.

XML 1.0 (Word, Excel, SVG) cannot store most control characters; PostgreSQL cannot store NUL.
They arrive with copy-paste (Word's manual line break is a vertical tab, its page break a form
feed) and through files. `strip_xml_illegal` removes them, keeping Word's two breaks as line
breaks so that the text reads as it did. It runs where text enters (every CharField and
TextField of the project's apps, before it is saved: see `clean_text_fields`) and where text
leaves (the spreadsheet and Word writers), so that rows stored before this cleaning existed
are written safely too.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path
from typing import Any

from django.apps import apps
from django.db import models

# Everything XML 1.0 forbids: C0 controls but tab, line feed and carriage return; lone
# surrogates; U+FFFE and U+FFFF.
_ILLEGAL = re.compile("[\x00-\x08\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_BREAKS = re.compile("[\x0b\x0c]")

# The repository's own apps: top-level packages beside core/ (Django's and third parties'
# models, installed elsewhere, are left alone).
_ROOT = Path(__file__).resolve().parents[1]


@functools.cache
def is_project_app(app_label: str) -> bool:
    """Whether `app_label` is one of this repository's apps, whose text is cleaned on save."""
    try:
        config = apps.get_app_config(app_label)
    except LookupError:  # a model outside any installed app (Django's migration recorder)
        return False
    return Path(config.path).resolve().parent == _ROOT


def strip_xml_illegal(text: str) -> str:
    """`text` without the characters XML cannot hold; vertical tab and form feed become
    line breaks."""
    if text.isprintable():  # the common case, and none of the characters below is printable
        return text
    return _ILLEGAL.sub("", _BREAKS.sub("\n", text))


def clean_text_fields(sender: type[models.Model], instance: models.Model, **kwargs: Any) -> None:
    """pre_save receiver: strip XML-illegal characters from every text field of a model of
    the project's apps, whatever path the value came by (page, API, file import, admin,
    command, demo)."""
    if not is_project_app(sender._meta.app_label):
        return
    for field in sender._meta.concrete_fields:
        if isinstance(field, models.CharField | models.TextField):
            value = getattr(instance, field.attname)
            if isinstance(value, str):
                cleaned = strip_xml_illegal(value)
                if cleaned != value:
                    setattr(instance, field.attname, cleaned)
