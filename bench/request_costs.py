"""What one request of the deadline-day flow costs the server, measured in-process.

    .venv/bin/python bench/request_costs.py                    # every endpoint, 200 agencies
    .venv/bin/python bench/request_costs.py --profile board_get  # where the time goes

Builds the same province as `deadline_load.py` (N agencies with a three-item report each, an
opened round, K coordinators) in a throwaway PostgreSQL database `greenplan_bench_costs`,
half of the reports submitted so that the board shows both kinds of rows, then calls each page
of the flow through Django's test client with the production settings (`DEBUG=0`, the whole
middleware stack, Argon2id passwords, HTTPS as behind the proxy) and prints, per endpoint, the
median and p90 wall time and the median CPU time of this process (the database server's own
time is not in the CPU column). Each endpoint is called `--repeat` times after one warm-up
call; pages that change state (save, submit) use a different agency's report every time.

`--profile NAME` runs that endpoint under cProfile instead and prints the 30 most expensive
functions (cumulative). The database is dropped at the end.
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import secrets
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

DB = "greenplan_bench_costs"
# Behind the proxy.
HTTPS: dict[str, Any] = {"headers": {"X-Forwarded-Proto": "https", "Accept-Language": "vi"}}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--users", type=int, default=200, help="agencies in the round")
    parser.add_argument("--repeat", type=int, default=30, help="calls per endpoint")
    parser.add_argument("--profile", default=None, help="an endpoint to run under cProfile")
    parser.add_argument("--only", nargs="*", default=None, help="measure these endpoints only")
    parser.add_argument("--sort", default="cumulative", help="cProfile order (tottime...)")
    parser.add_argument("--top", type=int, default=30, help="functions printed")
    args = parser.parse_args()
    if args.users < 4 * (args.repeat + 1):
        # Save and submit each take a fresh draft per call, from the half still in draft.
        parser.error("--users must be at least 4 * (repeat + 1)")

    from deadline_client import form_fields
    from deadline_load import fill_report
    from deadline_setup import PG_URL, build_data, pg_admin

    tmp = Path(tempfile.mkdtemp(prefix="greenplan-costs-"))
    os.environ.update(
        {
            "DJANGO_SETTINGS_MODULE": "greenplan.settings",
            "DATABASE_URL": f"{PG_URL}/{DB}",
            "DEBUG": "0",
            "SECRET_KEY": secrets.token_urlsafe(50),
            "ALLOWED_HOSTS": "testserver",
            "STATIC_ROOT": str(tmp / "static"),
            "MEDIA_ROOT": str(tmp / "media"),
            "CACHE_URL": f"file://{tmp / 'cache'}",
            "LOG_LEVEL": "ERROR",
        }
    )
    pg_admin(f'DROP DATABASE IF EXISTS "{DB}" WITH (FORCE)')
    pg_admin(f'CREATE DATABASE "{DB}"')
    try:
        import django

        django.setup()
        from django.core.management import call_command
        from django.db import connections
        from django.test import Client

        call_command("migrate", verbosity=0, interactive=False)
        call_command("collectstatic", verbosity=0, interactive=False)
        fixture = build_data(args.users, 2)
        year = time.localtime().tm_year

        from accounts.models import User

        def logged_in(username: str) -> Client:
            client = Client(**HTTPS)
            client.force_login(User.objects.get(username=username))
            return client

        # Half of the agencies have submitted (the last ones, so that the first ones stay
        # free for the save and submit measurements): the board shows both kinds of rows.
        from reporting import actions
        from reporting.models import AgencyReport

        for username, report_id in fixture.users[args.users // 2 :]:
            report = AgencyReport.objects.get(pk=report_id)
            actions.submit_report(
                report,
                user=User.objects.get(username=username),
                document_number=f"{report_id}/BC",
                signer="Nguyễn Văn A",
            )
        fresh = iter(fixture.users[: args.users // 2])  # reports still in draft

        board = f"/reporting/rounds/{fixture.round_id}/"
        viewer, viewer_report = fixture.users[0]
        coordinator = logged_in(fixture.coordinators[0])
        agency = logged_in(viewer)

        def login_get() -> Callable[[], object]:
            client = Client(**HTTPS)
            return lambda: client.get("/login/")

        def login_post() -> Callable[[], object]:
            client = Client(**HTTPS)
            username = fixture.users[1][0]
            data = {"username": username, "password": fixture.password}
            return lambda: client.post("/login/", data)

        def report_open() -> Callable[[], object]:
            return lambda: agency.get(f"/reporting/reports/{viewer_report}/")

        def save_post() -> Callable[[], object]:
            username, report_id = next(fresh)
            client = logged_in(username)
            url = f"/reporting/reports/{report_id}/"
            page = client.get(url).content.decode()
            fields = form_fields(page, "report-form")
            assert fields is not None, "no report form on the page"
            data = fill_report(fields, "[costs]", year)
            return lambda: client.post(url, data)

        def submit_post() -> Callable[[], object]:
            username, report_id = next(fresh)
            client = logged_in(username)
            data = {"document_number": f"{report_id}/BC", "signer": "Nguyễn Văn B"}
            return lambda: client.post(f"/reporting/reports/{report_id}/submit/", data)

        def board_get() -> Callable[[], object]:
            return lambda: coordinator.get(board)

        def board_live() -> Callable[[], object]:
            return lambda: coordinator.get(f"{board}live/", headers={"HX-Request": "true"})

        endpoints: dict[str, tuple[Callable[[], Callable[[], object]], bool]] = {
            # name: (prepare a call, does the call need fresh data every time)
            "login_get": (login_get, False),
            "login_post": (login_post, False),
            "report_open": (report_open, False),
            "save_post": (save_post, True),
            "submit_post": (submit_post, True),
            "board_get": (board_get, False),
            "board_live": (board_live, False),
        }
        expected = {"login_post": 302, "save_post": 302, "submit_post": 302}

        def call(name: str, prepared: Callable[[], Any]) -> None:
            response = prepared()
            status = expected.get(name, 200)
            if response.status_code != status:
                raise SystemExit(f"{name}: status {response.status_code}, expected {status}")

        if args.profile:
            prepare, needs_fresh = endpoints[args.profile]
            prepared = [prepare() for _ in range(args.repeat if needs_fresh else 1)]
            call(args.profile, prepared[0] if needs_fresh else prepared[0])  # warm-up
            profiler = cProfile.Profile()
            profiler.enable()
            for n in range(1, args.repeat):
                call(args.profile, prepared[n] if needs_fresh else prepared[0])
            profiler.disable()
            pstats.Stats(profiler).sort_stats(args.sort).print_stats(args.top)
            return 0

        print(f"{args.users} agencies, half submitted; {args.repeat} calls per endpoint")
        print(f"{'endpoint':<13} {'wall_p50_ms':>11} {'wall_p90_ms':>11} {'cpu_p50_ms':>10}")
        for name, (prepare, needs_fresh) in endpoints.items():
            if args.only and name not in args.only:
                continue
            calls = [prepare() for _ in range(args.repeat + 1)] if needs_fresh else None
            single = None if needs_fresh else prepare()
            walls, cpus = [], []
            for n in range(args.repeat + 1):
                one = calls[n] if calls else single
                assert one is not None
                w0, c0 = time.perf_counter(), time.process_time()
                call(name, one)
                if n:  # the first call warms caches up
                    walls.append(time.perf_counter() - w0)
                    cpus.append(time.process_time() - c0)
            walls.sort()
            print(
                f"{name:<13} {1000 * statistics.median(walls):>9.1f} "
                f"{1000 * walls[int(0.9 * (len(walls) - 1))]:>9.1f} "
                f"{1000 * statistics.median(cpus):>8.1f}"
            )
        connections.close_all()
        return 0
    finally:
        from django.db import connections

        connections.close_all()
        pg_admin(f'DROP DATABASE IF EXISTS "{DB}" WITH (FORCE)')


if __name__ == "__main__":
    sys.exit(main())
