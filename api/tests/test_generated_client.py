"""A client generated from the live OpenAPI document by openapi-python-client drives a whole
reporting round: discover the round, save, submit, accept, generate the consolidated report,
download its Word file. The client talks to the WSGI application through httpx (no server).
"""

from __future__ import annotations

import importlib
import io
import json
import subprocess
import sys
from pathlib import Path

import httpx
import pytest
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from docx import Document

from accounts.models import ApiToken, User
from greenplan.wsgi import application
from plans.models import Plan

# The generator knows files as application/octet-stream; these are the API's file types.
GENERATOR_CONFIG = """\
post_hooks: []
content_type_overrides:
  application/vnd.openxmlformats-officedocument.wordprocessingml.document: application/octet-stream
  application/vnd.openxmlformats-officedocument.spreadsheetml.sheet: application/octet-stream
  application/pdf: application/octet-stream
"""
GENERATOR = Path(sys.executable).with_name("openapi-python-client")


@pytest.fixture
def keep_test_connection():
    """The client calls the WSGI app directly; like Django's test client, stop it from
    closing the database connection that holds the test's transaction."""
    for signal in (request_started, request_finished):
        signal.disconnect(close_old_connections)
    yield
    for signal in (request_started, request_finished):
        signal.connect(close_old_connections)


@pytest.fixture
def generated(tmp_path, client, monkeypatch):
    """The package generated from /api/openapi.json (the generator fails on any warning)."""
    document = tmp_path / "openapi.json"
    document.write_text(json.dumps(client.get("/api/openapi.json").json()))
    config = tmp_path / "config.yaml"
    config.write_text(GENERATOR_CONFIG)
    run = subprocess.run(  # noqa: S603 - our own venv's generator on our own document
        [
            str(GENERATOR),
            "generate",
            "--path",
            str(document),
            "--output-path",
            str(tmp_path / "gpclient"),
            "--meta",
            "none",
            "--config",
            str(config),
            "--fail-on-warning",
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    output = run.stdout + run.stderr
    assert run.returncode == 0, output
    assert "warning" not in output.lower(), output
    monkeypatch.syspath_prepend(str(tmp_path))
    for name in [n for n in sys.modules if n == "gpclient" or n.startswith("gpclient.")]:
        del sys.modules[name]
    return importlib.import_module("gpclient")


class _Operations:
    """`ops.reporting_rounds.api_rounds_list_rounds`: the generated module of an operation."""

    def __init__(self, tag: str) -> None:
        self.tag = tag

    def __getattr__(self, name: str):
        return importlib.import_module(f"gpclient.api.{self.tag}.{name}")


def test_a_generated_client_runs_a_round_end_to_end(
    demo, generated, keep_test_connection, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.DOCUMENTS_BUILD_IN_BACKGROUND = False  # the build is in the request, for the test

    def as_user(username: str):
        _token, key = ApiToken.issue(User.objects.get(username=username), "generated client")
        return generated.AuthenticatedClient(
            base_url="http://testserver",
            token=key,
            headers={"Accept-Language": "vi"},
            raise_on_unexpected_status=True,
            httpx_args={"transport": httpx.WSGITransport(app=application)},
        )

    rounds = _Operations("reporting_rounds")
    reporting = _Operations("reporting")
    documents = _Operations("consolidated_reports")
    models = importlib.import_module("gpclient.models")
    plan = Plan.objects.get(number="1847/KH-UBND")
    staff, leader, coordinator = (
        as_user(name) for name in ("donre.staff", "donre.leader", "dpi.coordinator")
    )

    # Discover: the plan's 2019 round, and DONRE's report in it
    page = rounds.api_rounds_list_rounds.sync(client=staff, plan_id=plan.pk, year=2019)
    assert isinstance(page, models.RoundPageOut), page
    [round_] = page.items
    assert round_.plan_number == "1847/KH-UBND"
    reports = reporting.api_reviews_list_reports.sync(client=staff, round_id=round_.id)
    [report] = [r for r in reports.items if r.organisation_code == "bd-stnmt"]
    assert report.status == "draft"

    # Save: the staff member writes the general results (a draft)
    detail = reporting.api_reporting_get_report.sync(client=staff, report_id=report.id)
    saved = reporting.api_reporting_save_report.sync(
        client=staff,
        report_id=report.id,
        body=models.ReportIn(version=detail.version, general_results="Kết quả qua API."),
    )
    assert isinstance(saved, models.ReportDetailOut), saved
    assert saved.general_results == "Kết quả qua API."

    # Submit: the leader, with the document's number and signer
    submitted = reporting.api_reviews_submit_report.sync(
        client=leader,
        report_id=report.id,
        body=models.SubmitIn(
            version=saved.version, document_number="12/BC-STNMT", signer="Lê Văn B"
        ),
    )
    assert isinstance(submitted, models.ReportDetailOut), submitted
    assert submitted.status == "submitted"

    # Accept: the coordinator; a stale version first answers 409
    stale = reporting.api_reviews_accept_report.sync_detailed(
        client=coordinator, report_id=report.id, body=models.AcceptIn(version=saved.version)
    )
    assert stale.status_code == 409
    accepted = reporting.api_reviews_accept_report.sync(
        client=coordinator, report_id=report.id, body=models.AcceptIn(version=submitted.version)
    )
    assert accepted.status == "accepted"

    # Completeness: the board counts it
    board = rounds.api_rounds_get_board.sync(client=coordinator, round_id=round_.id)
    assert board.counts.accepted >= 1

    # Generate the consolidated report and follow it until its files are ready
    version = rounds.api_rounds_generate_consolidated_report.sync(
        client=coordinator, round_id=round_.id, body=models.GenerateIn()
    )
    assert isinstance(version, models.ConsolidatedOut), version
    followed = documents.api_consolidated_get_consolidated_report.sync(
        client=coordinator, report_id=version.id
    )
    assert followed.build == "ready", followed.error
    versions = rounds.api_rounds_list_consolidated_reports.sync(
        client=coordinator, round_id=round_.id
    )
    assert version.id in {v.id for v in versions.items}

    # Download the Word file: python-docx opens it
    word = documents.download_consolidated_report_docx.sync_detailed(
        client=coordinator, report_id=version.id
    )
    assert word.status_code == 200
    text = "\n".join(p.text for p in Document(io.BytesIO(word.content)).paragraphs)
    assert "2019" in text

    # Mark it sent: it is frozen
    sent = documents.api_consolidated_mark_sent.sync(client=coordinator, report_id=version.id)
    assert sent.status == "sent"
