"""The lines of the editable report page, written in Python.

A report of 123 lines was rendered by the page template's loop, one variable lookup, filter
and tag at a time (a fifth of the page's time after its fields were written in Python,
core.form_renderer). `lines_html` writes the same markup: the loop body is kept, as Django
renders it with every field through reporting/_field.html, in reporting/_report_line.html,
which reporting/tests/test_report_form_html.py renders beside this to compare them byte for
byte (a saved line, a carried-over one with a coordinator's comment, a line posted with
errors, both languages).
"""

from __future__ import annotations

from collections.abc import Iterable

from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from core.form_renderer import text_html
from core.templatetags.localized import localized
from reporting.forms import ReportItemForm
from reporting.models import ReportItem


def lines_html(item_forms: Iterable[tuple[ReportItem, ReportItemForm]]) -> SafeString:
    """Each line's fieldset, as `{% for item, form in item_forms %}` over
    reporting/_report_line.html writes them."""
    # Once a page, not once a line: the language does not change while it is written. As
    # the template's {% translate %} of a literal, translations are written unescaped.
    carried_over = gettext("carried over")
    comment = gettext("Coordinator's comment:")
    funds = gettext("Funds used by source (VND)")
    out: list[str] = []
    for item, form in item_forms:
        plan_item = item.plan_item
        pk = item.pk
        out.append(
            f'\n  <fieldset class="card report-item" data-item-code="'
            f'{text_html(plan_item.code)}" id="item-{pk}">\n'
            f"    <legend><strong>{text_html(plan_item.label)}</strong> · "
            f"{text_html(localized(plan_item))} "
            f'<span class="muted">({text_html(item.get_role_display())})</span>'
        )
        if item.carried_over:
            out.append(f' <span class="badge">{carried_over}</span>')
        out.append("</legend>\n    ")
        if item.review_comment:
            out.append(
                f'<p class="review-comment"><strong>{comment}</strong> '
                f"{text_html(item.review_comment)}</p>"
            )
        out.append("\n    ")
        errors = form.non_field_errors()
        if errors:
            out.append('<ul class="errors">')
            # An ErrorList yields its messages (text), as the template's loop reads them.
            out.extend(f"<li>{text_html(e)}</li>" for e in errors)
            out.append("</ul>")
        shown = " open" if form.has_funds or form.fund_errors() else ""
        out.append(
            f'\n    <div class="fields short">{form.short_html()}</div>\n'
            f'    <div class="fields texts">{form.text_html()}</div>\n'
            f'    <details id="funds-{pk}"{shown}><summary>{funds}</summary>\n'
            f'      <div class="fields short">{form.fund_html()}</div>\n'
            "    </details>\n"
            "  </fieldset>\n  "
        )
    return mark_safe("".join(out))  # noqa: S308 - every value above is escaped
