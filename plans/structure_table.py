"""The rows of the plan page's "Structure of the plan" table, written in Python.

A national-scale plan has ~150 items; the template's loop (a `with`, an include of
plans/_item_badges.html and three filters a row) was most of the page once its agencies were
read as plain values (plans.tree.with_agencies). The markup is the template's, byte for byte:
plans/tests/test_structure_table.py renders both and compares them.
"""

from __future__ import annotations

import html
from collections.abc import Iterable

from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, gettext

from plans.models import PlanItem
from plans.tree import Node

_PK = 2_147_483_647  # stands for the item's id in the reversed URL of plans:item


def _escape(value: object) -> str:
    """django.utils.html.escape without the SafeString wrapper (the whole is marked once)."""
    return html.escape(str(value))


def badges(item: PlanItem) -> str:
    """plans/_item_badges.html: placeholder, "when requested" and priority badges, each
    followed by the line break the template has after it."""
    placeholder = request = priority = ""
    if item.is_placeholder:
        title = _escape(
            gettext("The real title is not known yet; import the official text to replace it.")
        )
        text = _escape(gettext("placeholder, import Appendix 1 of Decision 403"))
        placeholder = f'<span class="badge placeholder" title="{title}">{text}</span>'
    if item.on_request:
        request = f'<span class="badge request">{_escape(gettext("when requested"))}</span>'
    if item.priority_year:
        # blocktranslate: the message as translated, the year escaped (not localized: a
        # template's {{ year }} in blocktranslate is the plain number, USE_THOUSAND_SEPARATOR
        # is off).
        text = gettext("priority %(year)s") % {"year": _escape(item.priority_year)}
        priority = f'<span class="badge priority">{text}</span>'
    return f"{placeholder}\n{request}\n{priority}\n"


def structure_rows(nodes: Iterable[Node]) -> SafeString:
    """The table body's rows of `nodes` (items given `.agencies` by plans.tree.with_agencies),
    as plans/plan_detail.html wrote them with a loop."""
    english = get_language() == "en"
    url = reverse("plans:item", args=[_PK])
    before, after = (_escape(part) for part in url.split(str(_PK)))
    out = []
    for node in nodes:
        item = node.item
        title = item.title_en if english and item.title_en else item.title
        agencies = item.agencies
        out.append(
            f'\n    <tr class="depth-{node.depth} kind-{_escape(item.kind)}">\n'
            f'      <td><a href="{before}{item.pk}{after}">{_escape(item.label)}</a></td>\n'
            f'      <td class="title">{_escape(title)} {badges(item)}</td>\n'
            f"      <td>{''.join(_escape(org) for org in agencies.lead)}</td>\n"
            f'      <td class="hide-sm">{"; ".join(_escape(org) for org in agencies.coordinating)}'
            "</td>\n"
            f'      <td class="hide-sm">{_escape(item.timeframe)}</td>\n'
            "    </tr>"
        )
    return mark_safe("".join(out))  # noqa: S308 - every value above is escaped
