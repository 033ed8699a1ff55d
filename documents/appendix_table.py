"""The rows of the consolidation page's "Activities and their sources" table, in Python.

A province's round has ~130 activities a page; the template's loop (two truncatewords, a
nested loop of sources with a URL each) was a fifth of the page once the reading was done.
The markup is documents/consolidation.html's loop, byte for byte:
documents/tests/test_appendix_table.py renders both and compares them.
"""

from __future__ import annotations

import html
from collections.abc import Iterable

from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import Truncator

from documents.contents import AppendixRow

_PK = 2_147_483_647  # stands for the report's id in the reversed URL of reporting:report


def _escape(value: object) -> str:
    """django.utils.html.escape without the SafeString wrapper (the whole is marked once)."""
    return html.escape(str(value))


def _words(text: str, count: int) -> str:
    """The truncatewords filter: `count` words, then " …"."""
    return Truncator(text).words(count, truncate=" …")


def appendix_rows(rows: Iterable[AppendixRow]) -> SafeString:
    """The table body's rows, as the template's loop wrote them."""
    before, after = (
        _escape(part) for part in reverse("reporting:report", args=[_PK]).split(str(_PK))
    )
    out = []
    for row in rows:
        progress = f" ({row.progress}%)" if row.progress is not None else ""
        sources = "; ".join(
            f'<a href="{before}{source.report_id}{after}">{_escape(source.agency)}</a>'
            for source in row.sources
        )
        out.append(
            f'\n    <tr data-item="{row.item_id}"><td>{_escape(row.number)}</td>'
            f"<td>{_escape(_words(row.content, 30))}</td><td>{_escape(row.lead)}</td>"
            f"<td>{_escape(row.status_label)}{progress}</td>\n"
            f'      <td style="white-space:pre-line">{_escape(_words(row.result, 40))}</td>\n'
            f"      <td>{sources or '—'}</td></tr>\n  "
        )
    return mark_safe("".join(out))  # noqa: S308 - every value above is escaped
