"""The kinds of import job, each registered by its app (in its AppConfig.ready) with what the
generic task (jobs.actions.run_job) calls. This app knows no domain app: a kind tells it how
to read the stored file, how to write it, who may see the job and where its result is.

A kind's `read(job, content)` parses the file outside any transaction and returns what it
read and its number of rows; `write(job, read)` writes it, inside the transaction that marks
the job done, and returns the result's link. Both raise core.spreadsheet.ImportRejected with
every problem (in the active language: the uploader's); nothing is saved then.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from accounts.permissions import can_view_import_job

if TYPE_CHECKING:
    from accounts.models import User
    from jobs.models import ImportJob


@dataclass(frozen=True)
class Result:
    url: str
    label: str  # the link's text, in the uploader's language


@dataclass(frozen=True)
class JobKind:
    name: str  # "<app>.<what>", stored on the job; its app names the upload folder
    title: Callable[[], str]  # the job page's heading, e.g. "Plan import"
    read: Callable[[ImportJob, bytes], tuple[Any, int]]
    write: Callable[[ImportJob, Any], Result]
    # Beyond being its uploader or an administrator (accounts.permissions.can_view_import_job).
    may_see: Callable[[User, ImportJob], bool]
    upload_again: Callable[[ImportJob], str]  # the URL of the page the file was uploaded on


_KINDS: dict[str, JobKind] = {}


def register(kind: JobKind) -> None:
    _KINDS[kind.name] = kind


def kind_of(job: ImportJob) -> JobKind:
    return _KINDS[job.kind]


def may_see_job(user: User, job: ImportJob) -> bool:
    """The uploader or an administrator (accounts.permissions), within its kind's own rule."""
    return can_view_import_job(user, job) and kind_of(job).may_see(user, job)
