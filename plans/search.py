"""Vietnamese search that also matches text typed without diacritics."""

import unicodedata


def fold_vietnamese(text: str) -> str:
    """Lower-case `text` and strip Vietnamese diacritics: "Tăng trưởng Xanh" -> "tang truong xanh".

    "đ" has no decomposition in Unicode, so it is mapped by hand.
    """
    text = text.replace("đ", "d").replace("Đ", "D")
    decomposed = unicodedata.normalize("NFD", text)
    stripped = "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")
    return " ".join(stripped.lower().split())


def search_terms(query: str) -> list[str]:
    return fold_vietnamese(query).split()
