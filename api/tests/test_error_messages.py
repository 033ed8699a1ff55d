"""Pydantic's English messages reach API callers in their language."""

import pydantic
from django.utils import translation

from api.errors import translate_validation_errors


class _Sample(pydantic.BaseModel):
    title: str = pydantic.Field(max_length=5)
    year: int


def _errors(data: dict) -> list[dict]:
    try:
        _Sample.model_validate(data)
    except pydantic.ValidationError as exc:
        return translate_validation_errors(exc.errors(include_url=False, include_input=False))
    raise AssertionError("valid")


def test_messages_with_a_limit_name_the_limit_in_vietnamese():
    with translation.override("vi"):
        errors = _errors({"title": "quá dài rồi", "year": "x"})

    assert {e["loc"][0]: e["msg"] for e in errors} == {
        "title": "Tối đa 5 ký tự.",
        "year": "Nhập một số nguyên.",
    }
    assert [e["type"] for e in errors] == ["string_too_long", "int_parsing"]


def test_english_callers_read_english():
    with translation.override("en"):
        errors = _errors({"title": "ok"})

    assert errors[0]["msg"] == "Required."
