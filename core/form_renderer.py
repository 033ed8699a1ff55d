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
`form_fields_html` goes one step further for an unbound form whose fields are shared
(core.forms.SharedFields): the label's text, the widget's attributes and a select's options
are worked out once a field and language, only the names, ids and values per form.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any, cast

from django import forms
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


def text_html(value: Any) -> str:
    """conditional_escape without its lazy-text wrapper (a third of its cost): safe text as
    it is, anything else as text, escaped. The caller marks the whole safe."""
    if hasattr(value, "__html__"):
        return str(value.__html__())
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


# Unbound forms whose fields are shared (core.forms.SharedFields): what does not change from
# one form to the next is worked out once a field and language. A page of 123 line forms
# writes 1,722 of them.
_PLAIN_WIDGETS = (
    forms.TextInput,
    forms.NumberInput,
    forms.DateInput,
    forms.EmailInput,
    forms.Textarea,
    forms.Select,
)


@dataclass(frozen=True)
class _Shape:
    """A shared field's fixed part in one language: its label's text (escaped, with the
    suffix), its widget's attributes but the id, and a select's options."""

    label: str
    kind: str  # "input", "textarea" or "select"
    opening: str  # `<input type="text" name="` or `<textarea name="` or `<select name="`
    attrs: str
    # (the value as ChoiceWidget.optgroups compares it, the option before ` selected`, after)
    options: tuple[tuple[str, str, str], ...]


# (id of a field, language, label suffix, required attributes) -> (the field, its shape): the
# field is kept so that its id cannot be reused by another object.
_SHAPES: dict[tuple[int, str | None, str, bool], tuple[forms.Field, _Shape | None]] = {}
SHAPES_KEPT = 10_000


def _shape(
    form: forms.BaseForm, name: str, field: forms.Field, language: str | None
) -> _Shape | None:
    """The field's _Shape, or None when it must be written through BoundField (field_block):
    a widget not in _PLAIN_WIDGETS, help text, a disabled or localized field, an id, a
    fieldset, option groups, a bound field class of its own."""
    key = (id(field), language, str(form.label_suffix), form.use_required_attribute)
    found = _SHAPES.get(key)
    if found is not None and found[0] is field:
        return found[1]
    if len(_SHAPES) >= SHAPES_KEPT:
        _SHAPES.clear()
    shape = _new_shape(form, name, field)
    _SHAPES[key] = (field, shape)
    return shape


def _new_shape(form: forms.BaseForm, name: str, field: forms.Field) -> _Shape | None:
    widget = field.widget
    bound = form[name]  # the checks and the label as BoundField works them out
    if (
        type(widget) not in _PLAIN_WIDGETS
        or not _lean(bound)
        or type(bound) is not BoundField
        or bound.help_text
        or field.disabled
        or field.localize
        or widget.is_hidden
        or widget.attrs.get("aria-describedby")
    ):
        return None
    label = _label_tag(bound)
    text = label[label.index(">") + 1 : -len("</label>")] if label.startswith("<label") else ""
    if not label.startswith("<label") or widget.id_for_label("x") != "x":
        return None
    attrs: dict[str, Any] = dict(widget.attrs)
    if widget.use_required_attribute(None) and field.required and form.use_required_attribute:
        attrs["required"] = True
    options: list[tuple[str, str, str]] = []
    if isinstance(widget, forms.Select):
        if widget.allow_multiple_selected or not isinstance(widget.choices, list | tuple):
            return None  # several chosen, or choices that may change (a callable)
        kind, opening = "select", '<select name="'
        for value, label_ in widget.choices:
            if isinstance(label_, list | tuple):
                return None  # option groups
            value = "" if value is None else value
            options.append(
                (
                    str(value),
                    f'<option value="{escape(value)}"',
                    f">{conditional_escape(str(label_))}</option>",
                )
            )
    elif isinstance(widget, forms.Textarea):
        kind, opening = "textarea", '<textarea name="'
    else:
        kind = "input"
        opening = f'<input type="{conditional_escape(widget.input_type)}" name="'
    return _Shape(text, kind, opening, _attrs(attrs), tuple(options))


def _unbound_field(form: forms.BaseForm, name: str, field: forms.Field, shape: _Shape) -> str:
    """field_block(form[name]) of an unbound form with a _Shape: the same HTML."""
    html_name = form.add_prefix(name)
    id_ = escape(f"id_{html_name}")
    value = field.prepare_value(form.get_initial_for_field(field, name))
    shown = field.widget.format_value(value)
    opening = f'<div class="field"><label for="{id_}">{shape.label}</label>{shape.opening}'
    name_html = text_html(html_name)
    if shape.kind == "input":
        value_html = "" if shown is None else f' value="{escape(shown)}"'
        return f'{opening}{name_html}"{value_html}{shape.attrs} id="{id_}"></div>\n'
    if shape.kind == "textarea":
        text = text_html(shown) if shown else ""
        return f'{opening}{name_html}"{shape.attrs} id="{id_}">\n{text}</textarea></div>\n'
    chosen = shown  # ChoiceWidget.format_value: a list of texts
    out = [f'{opening}{name_html}"{shape.attrs} id="{id_}">']
    selected = False
    for value_text, before, after in shape.options:
        # The first option whose value is chosen, as ChoiceWidget.optgroups.
        if not selected and value_text in chosen:
            selected = True
            out.append(f"\n  {before} selected{after}\n")
        else:
            out.append(f"\n  {before}{after}\n")
    out.append("\n</select></div>\n")
    return "".join(out)


def form_fields_html(form: forms.BaseForm, names: Iterable[str]) -> SafeString:
    """field_blocks([form[n] for n in names]), faster for an unbound form that shares its
    fields (core.forms.SharedFields): what is the same for every form is written once."""
    state = cast(Any, form)  # base_fields and _errors are not in django-stubs
    base = state.base_fields
    # What _lean asks of the form itself: the shapes hold only for such forms.
    shared = (
        not form.is_bound
        and not state._errors
        and form.auto_id == "id_%s"
        and isinstance(form.renderer, PythonRenderer)
        and not hasattr(form, "required_css_class")
    )
    language = get_language()
    out: list[str] = []
    for name in names:
        field = form.fields[name]
        shared_field = shared and field is base.get(name)
        shape = _shape(form, name, field, language) if shared_field else None
        if shape is None:
            out.append(field_block(form[name]))
        else:
            out.append(_unbound_field(form, name, field, shape))
    return mark_safe("".join(out))  # noqa: S308 - escaped pieces
