"""JSON as UTF-8 text: Vietnamese reads as itself rather than as \\u escapes, and is shorter."""

from ninja.renderers import JSONRenderer


class UnicodeJSONRenderer(JSONRenderer):
    json_dumps_params = {"ensure_ascii": False}
