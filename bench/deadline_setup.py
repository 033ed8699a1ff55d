"""Set-up of bench/deadline_load.py (and bench/request_costs.py): the throwaway PostgreSQL
database with its province, agencies, plan and open round; gunicorn started and killed like
a deployment's; the CPU meter of the server's processes.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"
PG_URL = "postgres://postgres@127.0.0.1:5432"
THEMES = [
    "Giảm cường độ phát thải khí nhà kính, thúc đẩy năng lượng sạch, tái tạo",
    "Thực hiện xanh hóa sản xuất",
    "Thực hiện xanh hóa lối sống và tiêu dùng bền vững",
    "Xây dựng thể chế và nâng cao năng lực về tăng trưởng xanh",
]
ACTIVITIES_PER_THEME = 10
ITEMS_PER_REPORT = 3  # lead on one activity, coordinating on two


# --- set-up and tear-down of the database and gunicorn -------------------------------------


def pg_admin(sql: str) -> None:
    """Run one statement on the `postgres` maintenance database, autocommit."""
    import psycopg

    with psycopg.connect(f"{PG_URL}/postgres", autocommit=True) as conn:
        conn.execute(sql)


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


@dataclass
class Fixture:
    round_id: int
    password: str
    users: list[tuple[str, int]]  # (username, report id), one per agency
    coordinators: list[str]


def build_data(n_users: int, n_coordinators: int) -> Fixture:
    """A province, N agencies with a leader each, K coordinators, a plan, an opened round."""
    import datetime

    from django.contrib.auth.hashers import make_password
    from django.utils import timezone

    from accounts.models import Role, User
    from orgs.models import Organisation, OrganisationKind
    from plans.models import Assignment, ItemKind, Plan, PlanItem, PlanLevel
    from reporting import actions
    from reporting.models import AgencyReport

    # One hash (the first of PASSWORD_HASHERS: Argon2id, greenplan.hashers) for everybody, made
    # once to save set-up time. Each login still verifies it at full cost.
    password = secrets.token_urlsafe(12)
    hashed = make_password(password)
    province = Organisation.objects.create(
        code="bench-province",
        name="Ủy ban nhân dân tỉnh Bình Dương",
        kind=OrganisationKind.PROVINCE,
    )
    dpi = Organisation.objects.create(
        code="bench-dpi",
        name="Sở Kế hoạch và Đầu tư tỉnh Bình Dương",
        short_name="Sở KH&ĐT",
        kind=OrganisationKind.DEPARTMENT,
        parent=province,
    )
    agencies = [
        Organisation.objects.create(
            code=f"bench-agency-{n:03d}",
            name=f"Sở Ngành Thử Nghiệm Số {n} tỉnh Bình Dương",
            short_name=f"Sở TN{n}",
            kind=OrganisationKind.DEPARTMENT,
            parent=province,
        )
        for n in range(n_users)
    ]
    coordinators = [
        User(
            username=f"bench_coord_{k}",
            first_name="Điều phối",
            last_name=str(k),
            organisation=dpi,
            role=Role.COORDINATOR,
            password=hashed,
        )
        for k in range(n_coordinators)
    ]
    leaders = [
        User(
            username=f"bench_leader_{n:03d}",
            first_name="Lãnh đạo",
            last_name=f"Sở TN{n}",
            organisation=agency,
            role=Role.AGENCY_LEADER,
            password=hashed,
        )
        for n, agency in enumerate(agencies)
    ]
    User.objects.bulk_create(coordinators + leaders)
    opener = User.objects.get(username="bench_coord_0")
    year = timezone.localdate().year
    plan = Plan.objects.create(
        number="BENCH/KH-UBND",
        title="Kế hoạch hành động về tăng trưởng xanh trên địa bàn tỉnh",
        level=PlanLevel.PROVINCIAL,
        territory=province,
        focal_point=dpi,
        period_start=year - 1,
        period_end=year + 1,
    )
    position = 0
    activities = []
    for t, title in enumerate(THEMES, start=1):
        position += 1
        theme = PlanItem.objects.create(
            plan=plan, kind=ItemKind.THEME, code=f"T{t}", number=str(t), title=title,
            position=position,
        )  # fmt: skip
        for a in range(ACTIVITIES_PER_THEME):
            position += 1
            number = (t - 1) * ACTIVITIES_PER_THEME + a + 1
            activities.append(
                PlanItem.objects.create(
                    plan=plan,
                    parent=theme,
                    kind=ItemKind.ACTIVITY,
                    code=str(number),
                    number=str(number),
                    position=position,
                    title=f"Hoạt động {number}: xây dựng và triển khai chương trình giảm phát "
                    "thải khí nhà kính, sản xuất và tiêu dùng bền vững",
                )  # fmt: skip
            )
    assignments = []
    for n, agency in enumerate(agencies):
        assignments.append(
            Assignment(item=activities[n % len(activities)], organisation=agency, role="lead")
        )
        for k in (7, 13):
            item = activities[(n + k) % len(activities)]
            assignments.append(Assignment(item=item, organisation=agency, role="coordinating"))
    Assignment.objects.bulk_create(assignments)
    round_ = actions.open_round(
        plan, year, user=opener, deadline=timezone.localdate() + datetime.timedelta(days=7)
    )
    # Keyed like the leaders' organisation_id, which the model types as optional.
    reports: dict[int | None, int] = dict(
        AgencyReport.objects.filter(round=round_).values_list("organisation_id", "pk")
    )
    return Fixture(
        round_id=round_.pk,
        password=password,
        users=[(u.username, reports[u.organisation_id]) for u in leaders],
        coordinators=[c.username for c in coordinators],
    )


class Gunicorn:
    """gunicorn in its own process group, so that stopping it stops its workers too."""

    def __init__(
        self, port: int, env: dict[str, str], workers: int, threads: int, log: Path
    ) -> None:
        self.port, self.env, self.workers, self.threads, self.log = port, env, workers, threads, log
        self.proc: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        cmd = [
            sys.executable, "-m", "gunicorn", "greenplan.wsgi:application",
            "--bind", f"{HOST}:{self.port}", "--workers", str(self.workers),
            "--preload",  # Django loaded once in the master: workers fork ready, restarts are fast
            "--timeout", "30", "--graceful-timeout", "10", "--log-level", "warning",
            "--no-control-socket",  # no shared ~/.gunicorn socket
        ]  # fmt: skip
        if self.threads > 1:
            cmd += ["--worker-class", "gthread", "--threads", str(self.threads)]
        with self.log.open("ab") as out:
            self.proc = subprocess.Popen(
                cmd, cwd=ROOT, env=self.env, stdout=out, stderr=subprocess.STDOUT,
                start_new_session=True,
            )  # fmt: skip

    def wait_ready(self, timeout: float = 60) -> None:
        """Until a worker answers the login page (bounded)."""
        import urllib.error
        import urllib.request

        deadline = time.monotonic() + timeout
        url = f"http://{HOST}:{self.port}/login/"
        request = urllib.request.Request(url, headers={"X-Forwarded-Proto": "https"})
        while time.monotonic() < deadline:
            if self.proc is not None and self.proc.poll() is not None:
                raise RuntimeError(f"gunicorn exited with {self.proc.returncode}: see {self.log}")
            try:
                with urllib.request.urlopen(request, timeout=5) as response:  # noqa: S310
                    if response.status == 200:
                        return
            except (OSError, urllib.error.URLError):
                pass
            time.sleep(0.1)
        raise RuntimeError(f"gunicorn not ready after {timeout}s: see {self.log}")

    def wait_listening(self, timeout: float = 60) -> None:
        """Until the port accepts connections (bounded). With --preload the master binds once
        Django is loaded and workers fork ready, so listening means serving; a page request
        would only queue behind the clients' own retries."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc is not None and self.proc.poll() is not None:
                raise RuntimeError(f"gunicorn exited with {self.proc.returncode}")
            with contextlib.suppress(OSError), socket.create_connection((HOST, self.port), 1):
                return
            time.sleep(0.05)
        raise RuntimeError(f"gunicorn not listening after {timeout}s")

    def stop(self, sig: int = signal.SIGTERM, timeout: float = 15, group: bool = True) -> None:
        """Send `sig` to the process group (or the master alone), wait for the master to exit,
        then SIGKILL whatever is left of the group (after `timeout` at most)."""
        if self.proc is None:
            return
        with contextlib.suppress(ProcessLookupError):
            if group:
                os.killpg(self.proc.pid, sig)
            else:
                self.proc.send_signal(sig)
        try:
            self.proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait(timeout=5)
        # Workers orphaned by a killed master: make sure none keeps the port.
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.proc.pid, signal.SIGKILL)
        self.proc = None

    def crash(self, mode: str) -> None:
        """`kill`: SIGKILL master and workers at once (a crash, in-flight requests cut);
        `term`: SIGTERM to the master (graceful: in-flight requests are finished)."""
        if self.proc is None:
            return
        if mode == "kill":
            self.stop(signal.SIGKILL)
        else:
            self.stop(signal.SIGTERM, group=False)


class TaskWorkers:
    """`manage.py run_worker` processes (the database queue), each in its own process group:
    `kill()` SIGKILLs them all at once (a crash of the worker machine), `start()` starts them
    again; their logs go to one file each."""

    def __init__(self, count: int, env: dict[str, str], folder: Path) -> None:
        self.count, self.env, self.folder = count, env, folder
        self.procs: list[subprocess.Popen[bytes]] = []
        self.started = 0

    def start(self) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        for _ in range(self.count):
            self.started += 1
            with (self.folder / f"worker-{self.started}.log").open("ab") as out:
                self.procs.append(
                    subprocess.Popen(
                        [sys.executable, "manage.py", "run_worker", "--no-startup-delay",
                         "--interval", "0.5"],
                        cwd=ROOT, env=self.env, stdout=out, stderr=subprocess.STDOUT,
                        start_new_session=True,
                    )
                )  # fmt: skip

    def kill(self) -> None:
        for proc in self.procs:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=10)
        self.procs = []

    def stop(self) -> None:
        for proc in self.procs:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGTERM)
        for proc in self.procs:
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(proc.pid, signal.SIGKILL)
                proc.wait(timeout=5)
        self.procs = []


class RedisServer:
    """A redis-server of the bench's own (Debian's), in memory only, on a free port."""

    def __init__(self, folder: Path) -> None:
        self.port = free_port()
        self.folder = folder
        self.proc: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"redis://{HOST}:{self.port}/0"

    def start(self) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        self.proc = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", HOST, "--save", "",
             "--appendonly", "no", "--dir", str(self.folder)],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
        )  # fmt: skip
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            with contextlib.suppress(OSError), socket.create_connection((HOST, self.port), 1):
                return
            time.sleep(0.05)
        raise RuntimeError("redis-server did not start")

    def stop(self) -> None:
        if self.proc is not None:
            self.proc.terminate()
            with contextlib.suppress(subprocess.TimeoutExpired):
                self.proc.wait(timeout=5)
            if self.proc.poll() is None:
                self.proc.kill()
            self.proc = None


HAPROXY_CONFIG = """\
global
    maxconn 4096
defaults
    mode http
    timeout connect 2s
    timeout client 60s
    timeout server 35s
    timeout check 10s
    # A request whose connection was refused, or whose server died before answering, is
    # sent again (up to 3 times) to the other server: the client sees one slow answer.
    retries 3
    option redispatch 1
    retry-on conn-failure empty-response
frontend web
    bind {host}:{port}
    default_backend app
backend app
    balance leastconn
    option httpchk
    http-check send meth GET uri /login/ ver HTTP/1.1 hdr Host {host} hdr X-Forwarded-Proto https
    http-check expect status 200
    # Down after 3 failed checks 2 s apart, up at the first good one; a check waits up to
    # 10 s for a busy server (a slow server is not a dead one). Until a killed server is
    # marked down, the connections it refuses are sent to the other one (retry-on above).
    default-server inter 2s fall 3 rise 1
{servers}
"""


class HAProxy:
    """Debian's HAProxy in front of the app servers, in the foreground (-db) of its process."""

    def __init__(self, port: int, backends: list[int], folder: Path) -> None:
        self.port, self.backends, self.folder = port, backends, folder
        self.proc: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        servers = "\n".join(
            f"    server app{i + 1} {HOST}:{port} check" for i, port in enumerate(self.backends)
        )
        config = self.folder / "haproxy.cfg"
        config.write_text(HAPROXY_CONFIG.format(host=HOST, port=self.port, servers=servers))
        self.log = self.folder / "haproxy.log"
        with self.log.open("ab") as out:
            self.proc = subprocess.Popen(
                ["haproxy", "-db", "-f", str(config)], stdout=out, stderr=subprocess.STDOUT,
                start_new_session=True,
            )  # fmt: skip
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"haproxy exited: {self.log.read_text()[-2000:]}")
            with contextlib.suppress(OSError), socket.create_connection((HOST, self.port), 1):
                return
            time.sleep(0.05)
        raise RuntimeError("haproxy did not start")

    def stop(self) -> None:
        if self.proc is not None:
            self.proc.terminate()
            with contextlib.suppress(subprocess.TimeoutExpired):
                self.proc.wait(timeout=5)
            if self.proc.poll() is None:
                self.proc.kill()
            self.proc = None


class CpuMeter:
    """CPU seconds of gunicorn's processes (sampled from /proc: workers live for the whole
    run, or until the crash, when a last sample is taken) and of the whole machine."""

    def __init__(self) -> None:
        self.by_process: dict[tuple[int, int], float] = {}
        self.tick = os.sysconf("SC_CLK_TCK")
        self.machine_start = self.machine()
        self.client_start = time.process_time()

    @staticmethod
    def machine() -> tuple[float, float]:
        """(busy, total) jiffies of all CPUs since boot."""
        values = [float(v) for v in Path("/proc/stat").read_text().split("\n")[0].split()[1:]]
        idle = values[3] + values[4]
        return sum(values) - idle, sum(values)

    def sample(self, group: int | None) -> None:
        if group is None:
            return
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit():
                continue
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            fields = stat[stat.rindex(")") + 2 :].split()
            if int(fields[2]) != group or int(entry.name) == group:  # workers, not the master
                continue
            cpu = (int(fields[11]) + int(fields[12])) / self.tick  # utime + stime
            self.by_process[(int(entry.name), int(fields[19]))] = cpu  # (pid, start time)

    def report(self, requests: int) -> str:
        busy0, total0 = self.machine_start
        busy1, total1 = self.machine()
        share = (busy1 - busy0) / max(total1 - total0, 1)
        server = sum(self.by_process.values())
        client = time.process_time() - self.client_start
        return (
            f"cpu: machine {share:.0%} busy ({os.cpu_count()} cores, everyone's work); gunicorn "
            f"workers {server:.1f}s = {1000 * server / max(requests, 1):.0f} ms per request; "
            f"this client {client:.1f}s"
        )
