from typing import Any

from django import template
from django.utils.translation import get_language

register = template.Library()


@register.filter
def localized(obj: Any, field: str = "title") -> Any:
    """`obj.<field>_en` in the English UI when it is filled in, else `obj.<field>`."""
    if get_language() == "en":
        english = getattr(obj, f"{field}_en", "")
        if english:
            return english
    return getattr(obj, field, "")
