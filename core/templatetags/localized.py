import datetime
from typing import Any

from django import template
from django.utils.translation import get_language, ngettext

register = template.Library()


@register.filter
def localized(obj: Any, field: str = "title") -> Any:
    """`obj.<field>_en` in the English UI when it is filled in, else `obj.<field>`."""
    if get_language() == "en":
        english = getattr(obj, f"{field}_en", "")
        if english:
            return english
    return getattr(obj, field, "")


@register.filter
def duration(value: datetime.timedelta | None) -> str:
    """A wait in words, "1 hour 30 minutes" ("1 giờ 30 phút"), to the minute."""
    if value is None:
        return ""
    minutes = max(int(value.total_seconds() // 60), 0)
    days, rest = divmod(minutes, 24 * 60)
    hours, minutes = divmod(rest, 60)
    parts = []
    if days:
        parts.append(ngettext("%(count)d day", "%(count)d days", days) % {"count": days})
    if hours:
        parts.append(ngettext("%(count)d hour", "%(count)d hours", hours) % {"count": hours})
    if minutes or not parts:
        parts.append(
            ngettext("%(count)d minute", "%(count)d minutes", minutes) % {"count": minutes}
        )
    return " ".join(parts)
