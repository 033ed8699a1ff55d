"""The HTTP client of bench/deadline_load.py: a browser-like session (cookies, CSRF token,
the proxy's X-Forwarded-Proto) that retries what a server crash cut off, its statistics, and
the reading of the pages' forms.
"""

from __future__ import annotations

import asyncio
import re
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from html.parser import HTMLParser

import aiohttp

MAX_ATTEMPTS = 8  # per request: the first try and up to 7 retries
REQUEST_TIMEOUT = 30  # seconds, one attempt
BALANCER_DOWN = (502, 503, 504)  # HAProxy's own answers when no app server answered


# --- the HTTP client -----------------------------------------------------------------------


@dataclass
class Stats:
    latencies: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    errors: Counter[str] = field(default_factory=Counter)
    retries: Counter[str] = field(default_factory=Counter)
    error_samples: list[str] = field(default_factory=list)
    notes: Counter[str] = field(default_factory=Counter)
    first: float = 0.0
    last: float = 0.0
    # (started at, seconds) of every answered request, and when the server was killed and
    # listening again: to tell the cost of the crash from the steady state.
    timeline: list[tuple[float, float]] = field(default_factory=list)
    crash: tuple[float, float] | None = None

    def record(self, endpoint: str, seconds: float) -> None:
        self.latencies[endpoint].append(seconds)
        self.last = time.monotonic()
        self.timeline.append((self.last - seconds, seconds))

    def error(self, endpoint: str, message: str) -> None:
        self.errors[endpoint] += 1
        if len(self.error_samples) < 15:
            self.error_samples.append(f"{endpoint}: {message}")


class FlowError(Exception):
    """The user cannot go on (an error already counted)."""


@dataclass
class Response:
    status: int
    location: str
    text: str


class FormFields(HTMLParser):
    """The fields of one form (by id) as a browser would send them, submit buttons aside."""

    def __init__(self, form_id: str) -> None:
        super().__init__(convert_charrefs=True)
        self.form_id = form_id
        self.found = False
        self.fields: dict[str, str] = {}
        self._inside = False
        self._textarea: str | None = None
        self._select: str | None = None
        self._selected: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: (v or "") for k, v in attrs}
        if tag == "form" and a.get("id") == self.form_id:
            self._inside = self.found = True
            return
        if not self._inside:
            return
        name = a.get("name", "")
        if tag == "input" and name:
            kind = a.get("type", "text")
            if kind in {"submit", "button", "file", "image", "reset"}:
                return
            if kind in {"checkbox", "radio"} and "checked" not in a:
                return
            self.fields[name] = a.get("value", "on" if kind == "checkbox" else "")
        elif tag == "textarea" and name:
            self._textarea = name
            self.fields[name] = ""
        elif tag == "select" and name:
            self._select = name
        elif tag == "option" and self._select:
            value = a.get("value", "")
            if self._select not in self.fields or (
                "selected" in a and self._select not in self._selected
            ):
                self.fields[self._select] = value
                if "selected" in a:
                    self._selected.add(self._select)

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._inside = False
        elif tag == "textarea":
            self._textarea = None
        elif tag == "select":
            self._select = None

    def handle_data(self, data: str) -> None:
        if self._textarea is not None:
            self.fields[self._textarea] += data


def form_fields(html: str, form_id: str) -> dict[str, str] | None:
    parser = FormFields(form_id)
    parser.feed(html)
    parser.close()
    if not parser.found:
        return None
    # Browsers drop the one newline that follows <textarea>.
    return {k: v[1:] if v.startswith("\n") else v for k, v in parser.fields.items()}


CSRF_RE = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
STATUS_RE = re.compile(r'data-report-status="([a-z_]+)" data-version="(\d+)"')


def csrf_token(html: str) -> str:
    match = CSRF_RE.search(html)
    if not match:
        raise ValueError("no CSRF token in the page")
    return match.group(1)


def report_state(html: str) -> tuple[str, int] | None:
    match = STATUS_RE.search(html)
    return (match.group(1), int(match.group(2))) if match else None


class Browser:
    """One user's browser behind the TLS proxy: its own cookies, retries on lost connections."""

    def __init__(self, base: str, stats: Stats) -> None:
        self.base = base
        self.origin = "https://" + base.split("://", 1)[1]
        self.stats = stats
        self.page = "/"
        self.retried = False  # did any request of this user need a retry?
        jar = aiohttp.CookieJar(unsafe=True, treat_as_secure_origin=[base])
        self.session = aiohttp.ClientSession(
            base_url=base,
            cookie_jar=jar,
            timeout=aiohttp.ClientTimeout(total=REQUEST_TIMEOUT),
            headers={
                "X-Forwarded-Proto": "https",  # what the TLS-terminating proxy adds
                "Accept-Language": "vi",
                "User-Agent": "greenplan-bench/1",
            },
        )

    async def close(self) -> None:
        await self.session.close()

    async def request(
        self,
        endpoint: str,
        method: str,
        path: str,
        data: dict[str, str] | None = None,
        htmx: bool = False,
    ) -> Response:
        headers = {"Referer": self.origin + self.page}
        if method == "POST":
            headers["Origin"] = self.origin
        if htmx:
            headers["HX-Request"] = "true"  # what htmx sends with the requests it makes
        for attempt in range(MAX_ATTEMPTS):
            started = time.monotonic()
            try:
                async with self.session.request(
                    method, path, data=data, headers=headers, allow_redirects=False
                ) as resp:
                    text = await resp.text()
                    result = Response(resp.status, resp.headers.get("Location", ""), text)
            except TimeoutError as exc:
                # No answer within REQUEST_TIMEOUT: the server is overloaded, not restarting.
                # Retrying would only add load (and a browser does not retry either).
                self.stats.error(endpoint, f"no answer in {REQUEST_TIMEOUT}s: {exc!r}")
                raise FlowError from exc
            except (aiohttp.ClientConnectionError, aiohttp.ClientPayloadError) as exc:
                # Refused, reset or cut off: the server is down or restarting. Try again.
                self.stats.retries[endpoint] += 1
                self.retried = True
                if attempt == MAX_ATTEMPTS - 1:
                    self.stats.error(endpoint, f"gave up after {MAX_ATTEMPTS} attempts: {exc!r}")
                    raise FlowError from exc
                await asyncio.sleep(min(0.25 * 2**attempt, 2.0))
                continue
            if result.status in BALANCER_DOWN and "greenplan" not in result.text:
                # The balancer's own page (no app server could answer, e.g. both were
                # restarting): a person would reload it. Counted apart, retried like a refusal.
                self.stats.retries[endpoint] += 1
                self.stats.notes[f"balancer_{result.status}"] += 1
                self.retried = True
                if attempt == MAX_ATTEMPTS - 1:
                    self.stats.error(endpoint, f"balancer answered {result.status} {MAX_ATTEMPTS}x")
                    raise FlowError
                await asyncio.sleep(min(0.25 * 2**attempt, 2.0))
                continue
            self.stats.record(endpoint, time.monotonic() - started)
            if method == "GET" and result.status == 200 and not htmx:
                self.page = path
            return result
        raise AssertionError("unreachable")

    def fail(self, endpoint: str, message: str) -> FlowError:
        self.stats.error(endpoint, message)
        return FlowError(message)

    async def login(self, username: str, password: str, next_path: str) -> None:
        login_path = f"/login/?next={next_path}"
        page = await self.request("login_get", "GET", login_path)
        if page.status != 200:
            raise self.fail("login_get", f"status {page.status}")
        answer = await self.request(
            "login_post",
            "POST",
            login_path,
            {
                "csrfmiddlewaretoken": csrf_token(page.text),
                "username": username,
                "password": password,
                "next": next_path,
            },
        )
        if answer.status != 302 or not answer.location.endswith(next_path):
            raise self.fail("login_post", f"{username}: status {answer.status} {answer.location}")
