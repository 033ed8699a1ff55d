"""Form fields written in Python, the same HTML as Django's templates, for pages with many.

A report of 114 lines has 1,604 fields; Django renders each widget and each label through its
template engine (a context, an include of attrs.html, filters), which was 89 % of that page's
time. `PythonRenderer` is Django's form renderer with the plain widgets (text, number, date,
textarea, select) and the label written by the functions below; every other template renders
as before. Everything else stays Django's: BoundField still decides names, ids, values, the
required, aria-invalid and aria-describedby attributes, so a form posts exactly what it did.
`field_block` writes a field with its label, help and errors: the markup of the
`reporting/_field.html` template (reporting/tests/test_report_form_html.py compares them).
For a form rendered by PythonRenderer it also writes the label and calls the widget's writer
itself, as BoundField.label_tag() and as_widget() would (same attributes, same order), without
their lazy-translation and render-call overhead: those were half of the report page's time.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Mapping
from typing import Any

from django.forms.boundfield import BoundField
from django.forms.renderers import DjangoTemplates
from django.utils.functional import Promise
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, gettext

Context = Mapping[str, Any]


def escape(value: Any) -> str:
    """django.utils.html.escape without the SafeString wrapper (the callers mark the whole)."""
    return html.escape(str(value))


def _attrs(attrs: Mapping[str, Any]) -> str:
    """django/forms/widgets/attrs.html: ` name="value"`, a bare name for True, none for False."""
    out = []
    for name, value in attrs.items():
        if value is False:
            continue
        if value is True:
            out.append(f" {name}")
        else:
            out.append(f' {name}="{escape(value)}"')  # |stringformat:'s' drops safety
    return "".join(out)


def _input(context: Context) -> str:
    widget = context["widget"]
    value = widget["value"]
    shown = "" if value is None else f' value="{escape(value)}"'
    return (
        f'<input type="{conditional_escape(widget["type"])}" '
        f'name="{conditional_escape(widget["name"])}"{shown}{_attrs(widget["attrs"])}>'
    )


def _textarea(context: Context) -> str:
    widget = context["widget"]
    value = widget["value"]
    return (
        f'<textarea name="{conditional_escape(widget["name"])}"{_attrs(widget["attrs"])}>\n'
        f"{conditional_escape(str(value)) if value else ''}</textarea>"
    )


def _option(option: Mapping[str, Any]) -> str:
    return (
        f'<option value="{escape(option["value"])}"'
        f"{_attrs(option['attrs'])}>{conditional_escape(str(option['label']))}</option>"
    )


def _select(context: Context) -> str:
    widget = context["widget"]
    out = [f'<select name="{conditional_escape(widget["name"])}"{_attrs(widget["attrs"])}>']
    for group_name, group_choices, _index in widget["optgroups"]:
        if group_name:
            out.append(f'\n  <optgroup label="{conditional_escape(str(group_name))}">')
        for option in group_choices:
            out.append(f"\n  {_option(option)}\n")
        if group_name:
            out.append("\n  </optgroup>")
    out.append("\n</select>")
    return "".join(out)


def _label(context: Context) -> str:
    """django/forms/label.html."""
    label = conditional_escape(context["label"])
    if not context["use_tag"]:
        return label
    tag = context["tag"]
    return f"<{tag}{_attrs(context['attrs'] or {})}>{label}</{tag}>"


# Django's renderer strips what a template writes (its files end with a newline); the
# newline inside a select after each option (select_option.html's own) stays.
WRITERS: dict[str, Callable[[Context], str]] = {
    "django/forms/widgets/text.html": _input,
    "django/forms/widgets/number.html": _input,
    "django/forms/widgets/date.html": _input,
    "django/forms/widgets/email.html": _input,
    "django/forms/widgets/textarea.html": _textarea,
    "django/forms/widgets/select.html": _select,
    "django/forms/label.html": _label,
}


class PythonRenderer(DjangoTemplates):
    """Django's default form renderer, with the templates of WRITERS written in Python."""

    def render(self, template_name: str, context: dict[str, Any], request: Any = None) -> str:
        write = WRITERS.get(template_name)
        if write is None:
            return super().render(template_name, context, request)
        return write(context)


# Per language: the punctuation after which BoundField.label_tag adds no suffix.
_NO_SUFFIX_AFTER: dict[str | None, str] = {}


def _lean(field: BoundField) -> bool:
    """Whether label and widget may be written here: a PythonRenderer form, a widget it
    writes, none of the options label_tag or as_widget would treat apart."""
    widget = field.field.widget
    return (
        isinstance(field.form.renderer, PythonRenderer)
        and widget.template_name in WRITERS
        and "id" not in widget.attrs
        and not hasattr(field.form, "required_css_class")
        and not field.use_fieldset
    )


# (id of a lazy label, language) -> (the label, its text): a ModelForm's label is a lazy
# capfirst(gettext(...)), worked out again at each use (three uses a field, 1,722 fields). The
# label is kept with its text so that its id cannot be reused by another object.
_LAZY_LABELS: dict[tuple[int, str | None], tuple[Any, str]] = {}
LAZY_LABELS_KEPT = 10_000


def _label_text(label: Any, language: str | None) -> Any:
    if not isinstance(label, Promise):
        return label
    key = (id(label), language)
    found = _LAZY_LABELS.get(key)
    if found is not None and found[0] is label:
        return found[1]
    if len(_LAZY_LABELS) >= LAZY_LABELS_KEPT:
        _LAZY_LABELS.clear()
    text = str(label)
    _LAZY_LABELS[key] = (label, text)
    return text


def _label_tag(field: BoundField) -> str:
    """BoundField.label_tag() for a _lean field."""
    language = get_language()
    label = _label_text(field.label, language)
    contents: str = conditional_escape(label)
    suffix = field.field.label_suffix
    if suffix is None:
        suffix = field.form.label_suffix
    if suffix and contents:
        punctuation = _NO_SUFFIX_AFTER.get(language)
        if punctuation is None:
            # Translators' choice, as in label_tag (Django's own msgid).
            punctuation = _NO_SUFFIX_AFTER.setdefault(language, gettext(":?.!"))
        if str(label)[-1] not in punctuation:
            contents = f"{contents}{conditional_escape(suffix)}"
    id_ = field.auto_id
    if not id_:
        return contents
    for_ = field.field.widget.id_for_label(id_)
    attrs = f' for="{escape(for_)}"' if for_ else ""
    return f"<label{attrs}>{contents}</label>"


def _widget(field: BoundField) -> str:
    """BoundField.as_widget() (str(field)) for a _lean field."""
    widget = field.field.widget
    if field.field.localize:
        widget.is_localized = True
    attrs = field.build_widget_attrs({}, widget)
    if field.auto_id:
        attrs.setdefault("id", field.auto_id)
    context = widget.get_context(field.html_name, field.value(), attrs)
    return WRITERS[widget.template_name](context)


def field_block(field: BoundField) -> SafeString:
    """A field as reporting/_field.html writes it: label, widget, help and errors."""
    errors = field.errors
    help_text = field.help_text
    lean = _lean(field)
    parts = [
        f'<div class="field{" has-error" if errors else ""}">',
        _label_tag(field) if lean else str(field.label_tag()),
        _widget(field) if lean else str(field),
    ]
    if help_text:
        parts.append(
            f'<small class="muted" id="{conditional_escape(field.auto_id)}_help">'
            f"{conditional_escape(help_text)}</small>"
        )
    if errors:
        parts.append(f'<ul class="errors" id="{conditional_escape(field.auto_id)}_errors">')
        parts.extend(f"<li>{conditional_escape(str(e))}</li>" for e in errors)
        parts.append("</ul>")
    parts.append("</div>\n")
    return mark_safe("".join(parts))  # noqa: S308 - every piece above is escaped


def field_blocks(fields: list[BoundField]) -> SafeString:
    return mark_safe("".join(field_block(f) for f in fields))  # noqa: S308 - escaped pieces
