"""Two app hosts on one PostgreSQL and one Redis: measured, and the guarantees checked.

Run as root from the repo root: `python bench/two_hosts.py [--seconds 20] [--learners 24]`.
Needs `ip` (iproute2) and `socat` (Debian packages), PostgreSQL on 127.0.0.1:5432 (trust auth)
and Redis on 127.0.0.1:6379, as on this project's machines.

It makes a bridge on a private test subnet (10.231.0.0/24) and two network namespaces, each a
host with its own address, joined to the bridge by a veth pair; socat forwards the bridge's
address to the machine's PostgreSQL and Redis (they listen on 127.0.0.1 only). Each namespace
runs gunicorn (4 sync workers) on a fresh database, `practice_two_hosts`, with the same secret
key and Redis for rate limits. The load client balances round robin across the two hosts, and
on a connection error tries the other host once, as a balancer with health checks would.

Phases:
1. baseline: learners drill against host A alone (show, reveal, rate).
2. two hosts: the same, each request to the next host in turn; halfway through, host B's
   gunicorn master and workers are killed (SIGKILL). Errors a learner saw after that count as
   host_kill_errors.
Then it checks: every rating a learner got an answer for is stored exactly once (client tally
against the database: lost, doubled); ten failed logins spread over both hosts make the
eleventh refused on either (throttle_shared); a session made on A works on B and logging out
on A ends it on B (session_shared); `flask reminders send` run on both hosts at once, to a
local SMTP server (aiosmtpd) on the bridge, sends each learner due a digest exactly once
(digest_once); `flask fsrs check` passes on the database.

Everything it starts it stops, and it removes the namespaces, bridge and database.
Ends with `RESULT rps=... p99_ms=... lost=... doubled=... throttle_shared=... session_shared=...
host_kill_errors=...`.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import logging
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import time
from http.cookies import SimpleCookie
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import httpx  # noqa: E402
import sqlalchemy as sa  # noqa: E402

from bench.seed_drill import PASSWORD, make_users  # noqa: E402

BRIDGE, SUBNET = "prbr0", "10.231.0"
HOSTS = {"a": f"{SUBNET}.2", "b": f"{SUBNET}.3"}
GATEWAY = f"{SUBNET}.1"
PORT = 8000
ADMIN_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
DATABASE = "practice_two_hosts"
REDIS_DB = 7
HIDDEN = re.compile(r'<input type="hidden" name="([^"]+)" value="([^"]*)"')
TOKEN = re.compile(r'"X-CSRFToken": "([^"]+)"')


def run(*command: str, check: bool = True) -> subprocess.CompletedProcess:
    return subprocess.run(command, check=check, capture_output=True, text=True)


def form_fields(page: str, action: str) -> dict[str, str]:
    form = page.split(f'action="{action}"', 1)[1].split("</form>", 1)[0]
    return dict(HIDDEN.findall(form))


class Network:
    """The bridge, two namespaces and the socat forwarders to PostgreSQL and Redis."""

    def __init__(self) -> None:
        self.forwarders: list[subprocess.Popen] = []

    def __enter__(self) -> Network:
        self.remove()
        run("ip", "link", "add", BRIDGE, "type", "bridge")
        run("ip", "addr", "add", f"{GATEWAY}/24", "dev", BRIDGE)
        run("ip", "link", "set", BRIDGE, "up")
        for name, address in HOSTS.items():
            namespace, outside, inside = f"pr-{name}", f"prv{name}0", f"prv{name}1"
            run("ip", "netns", "add", namespace)
            run("ip", "link", "add", outside, "type", "veth", "peer", "name", inside)
            run("ip", "link", "set", inside, "netns", namespace)
            run("ip", "link", "set", outside, "master", BRIDGE)
            run("ip", "link", "set", outside, "up")
            inns = ("ip", "netns", "exec", namespace)
            run(*inns, "ip", "addr", "add", f"{address}/24", "dev", inside)
            run(*inns, "ip", "link", "set", inside, "up")
            run(*inns, "ip", "link", "set", "lo", "up")
        for port in (5432, 6379):
            self.forwarders.append(
                subprocess.Popen(
                    [
                        "socat",
                        f"TCP-LISTEN:{port},bind={GATEWAY},fork,reuseaddr",
                        f"TCP:127.0.0.1:{port}",
                    ]
                )
            )
        time.sleep(0.5)
        return self

    def __exit__(self, *exc: object) -> None:
        for forwarder in self.forwarders:
            forwarder.terminate()
            with contextlib.suppress(subprocess.TimeoutExpired):
                forwarder.wait(timeout=5)
        self.remove()

    @staticmethod
    def remove() -> None:
        for name in HOSTS:
            run("ip", "netns", "delete", f"pr-{name}", check=False)
            run("ip", "link", "delete", f"prv{name}0", check=False)
        run("ip", "link", "delete", BRIDGE, check=False)


def app_environment() -> dict[str, str]:
    return os.environ | {
        "DATABASE_URL": f"postgresql+psycopg://postgres@{GATEWAY}:5432/{DATABASE}",
        "RATELIMIT_STORAGE_URI": f"redis://{GATEWAY}:6379/{REDIS_DB}",
        "SECRET_KEY": "two-hosts-bench-" + "k" * 32,
        "PRACTICE_ENV": "production",
        "SESSION_COOKIE_SECURE": "0",
        "FSRS_FUZZ": "1",
        "FLASK_APP": "wsgi",
    }


class Host:
    """gunicorn for Practice inside one namespace."""

    def __init__(self, name: str, log: Path) -> None:
        self.name, self.address = name, HOSTS[name]
        self.url = f"http://{self.address}:{PORT}"
        self.log = log.open("w")
        command = [
            "ip",
            "netns",
            "exec",
            f"pr-{name}",
            sys.executable,
            "-m",
            "gunicorn",
            "--workers",
            "4",
            "--worker-class",
            "sync",
            "--bind",
            f"{self.address}:{PORT}",
            "--log-level",
            "warning",
            "wsgi:app",
        ]
        self.process = subprocess.Popen(
            command,
            cwd=ROOT,
            env=app_environment(),
            start_new_session=True,
            stdout=self.log,
            stderr=self.log,
        )

    def wait_ready(self) -> None:
        deadline = time.time() + 180
        while time.time() < deadline:
            with contextlib.suppress(httpx.HTTPError):
                if httpx.get(self.url + "/healthz", timeout=2).status_code == 200:
                    return
            time.sleep(0.3)
        raise SystemExit(f"host {self.name} did not start (see {self.log.name})")

    def kill(self) -> None:
        """The master and its workers, at once, as a crashed machine would go."""
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGKILL)

    def stop(self) -> None:
        if self.process.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.kill()
        self.log.close()


def fresh_database() -> None:
    engine = sa.create_engine(ADMIN_URL, isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        connection.execute(sa.text(f'DROP DATABASE IF EXISTS "{DATABASE}" WITH (FORCE)'))
        connection.execute(sa.text(f'CREATE DATABASE "{DATABASE}"'))
    engine.dispose()


def drop_database() -> None:
    engine = sa.create_engine(ADMIN_URL, isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        connection.execute(sa.text(f'DROP DATABASE IF EXISTS "{DATABASE}" WITH (FORCE)'))
    engine.dispose()


def local_url() -> str:
    return f"postgresql+psycopg://postgres@127.0.0.1:5432/{DATABASE}"


def seed(learners: int) -> list[str]:
    from flask_migrate import upgrade

    from practice import create_app
    from practice.extensions import db
    from practice.models import User

    logging.disable(logging.WARNING)
    app = create_app({"SQLALCHEMY_DATABASE_URI": local_url()})
    with app.app_context():
        upgrade()
        runner = app.test_cli_runner()
        result = runner.invoke(args=["bank", "load", str(ROOT / "content")])
        assert result.exit_code == 0, result.output
        make_users("host", 2 * learners + 4)
        db.session.execute(sa.update(User).values(daily_new_limit=1000))
        db.session.commit()
        emails = list(db.session.scalars(sa.select(User.email).order_by(User.id)))
        db.engine.dispose()
    import redis

    redis.Redis(host="127.0.0.1", port=6379, db=REDIS_DB).flushdb()
    return emails


class Balancer:
    """Round robin over the live hosts; a connection error sends the request to the next."""

    def __init__(self, urls: list[str]) -> None:
        self.urls = urls
        self.turn = 0

    def order(self) -> list[str]:
        self.turn += 1
        start = self.turn % len(self.urls)
        return self.urls[start:] + self.urls[:start]


class Browser:
    """One browser behind the balancer: one cookie jar for both hosts, as if they were one
    site (httpx would keep a jar per address)."""

    def __init__(self, balancer: Balancer) -> None:
        self.balancer = balancer
        self.http = httpx.AsyncClient(timeout=30)
        self.cookies: dict[str, str] = {}

    async def send(self, method: str, path: str, **kwargs) -> httpx.Response:
        failure: Exception | None = None
        headers = dict(kwargs.pop("headers", {}))
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        for url in self.balancer.order():
            try:
                answer = await self.http.request(method, url + path, headers=headers, **kwargs)
            except httpx.TransportError as error:  # that host is down: the next one
                failure = error
                continue
            self.http.cookies.clear()
            self.keep_cookies(answer)
            return answer
        raise failure or RuntimeError("no host")

    def keep_cookies(self, answer: httpx.Response) -> None:
        for line in answer.headers.get_list("set-cookie"):
            parsed = SimpleCookie()
            parsed.load(line)
            for name, morsel in parsed.items():
                gone = morsel["max-age"] == "0" or "1970" in morsel["expires"]
                if gone:
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = morsel.value

    async def aclose(self) -> None:
        await self.http.aclose()


class Learner(Browser):
    def __init__(self, balancer: Balancer, email: str) -> None:
        super().__init__(balancer)
        self.email = email
        self.token = ""
        self.acknowledged: set[str] = set()

    async def log_in(self) -> None:
        page = (await self.send("GET", "/login")).text
        self.token = TOKEN.search(page).group(1)
        answer = await self.send(
            "POST",
            "/login",
            data={"csrf_token": self.token, "email": self.email, "password": PASSWORD},
        )
        assert answer.status_code == 302, answer.status_code

    async def review(self) -> bool | None:
        page = (await self.send("GET", "/drill")).text
        if 'action="/drill/reveal"' not in page:
            return None
        headers = {"HX-Request": "true"}
        shown = (
            await self.send(
                "POST", "/drill/reveal", data=form_fields(page, "/drill/reveal"), headers=headers
            )
        ).text
        fields = form_fields(shown, "/drill/rate") | {"rating": random.choice("1334")}
        rated = await self.send("POST", "/drill/rate", headers=headers, data=fields)
        if rated.status_code == 200:
            self.acknowledged.add(fields["token"])
            return True
        return False


async def drive(learners: list[Learner], seconds: float, kill_at: float | None, host: Host | None):
    latencies: list[float] = []
    errors_after_kill = 0
    errors = 0
    begin = time.perf_counter()
    killed_at: float | None = None

    async def loop(learner: Learner) -> None:
        nonlocal errors, errors_after_kill
        while time.perf_counter() - begin < seconds:
            start = time.perf_counter()
            try:
                ok = await learner.review()
            except (httpx.HTTPError, RuntimeError, IndexError, AttributeError, KeyError):
                ok = False
            if ok is None:
                await asyncio.sleep(0.5)
                continue
            if ok:
                latencies.append((time.perf_counter() - start) / 3)
            else:
                errors += 1
                if killed_at is not None:
                    errors_after_kill += 1

    async def killer() -> None:
        nonlocal killed_at
        if kill_at is None or host is None:
            return
        await asyncio.sleep(kill_at)
        host.kill()
        killed_at = time.perf_counter()

    await asyncio.gather(killer(), *(loop(learner) for learner in learners))
    elapsed = time.perf_counter() - begin
    latencies.sort()
    count = len(latencies)
    return {
        "rps": 3 * count / elapsed,
        "p50_ms": latencies[count // 2] * 1000 if count else float("nan"),
        "p99_ms": latencies[min(count - 1, int(count * 0.99))] * 1000 if count else float("nan"),
        "errors": errors,
        "errors_after_kill": errors_after_kill,
    }


def stored_tokens() -> tuple[int, set[str]]:
    engine = sa.create_engine(local_url())
    with engine.connect() as connection:
        rows = connection.execute(sa.text("SELECT client_token FROM review_logs")).scalars().all()
    engine.dispose()
    return len(rows), set(rows)


async def throttle_is_shared(urls: list[str]) -> bool:
    """Ten failed logins for one email, alternating hosts; the eleventh is refused on both."""
    on = {url: Browser(Balancer([url])) for url in urls}

    async def fail(url: str) -> int:
        page = (await on[url].send("GET", "/login")).text
        token = TOKEN.search(page).group(1)
        data = {"csrf_token": token, "email": "host0@bench.local", "password": "wrong"}
        return (await on[url].send("POST", "/login", data=data)).status_code

    try:
        for attempt in range(10):
            if await fail(urls[attempt % 2]) == 429:
                return False  # refused before the tenth: counted twice somewhere
        return all([await fail(url) == 429 for url in urls])
    finally:
        for browser in on.values():
            await browser.aclose()


async def session_is_shared(urls: list[str]) -> bool:
    """Signed in on A, the session works on B; logged out on A, it is over on B too (even
    with the old cookie, which a stolen copy would still have)."""
    a, b = (Browser(Balancer([url])) for url in urls)
    try:
        token = TOKEN.search((await a.send("GET", "/login")).text).group(1)
        data = {"csrf_token": token, "email": "host1@bench.local", "password": PASSWORD}
        if (await a.send("POST", "/login", data=data)).status_code != 302:
            return False
        b.cookies = dict(a.cookies)
        works_on_b = (await b.send("GET", "/account")).status_code == 200
        old_cookies = dict(b.cookies)
        token = TOKEN.search((await a.send("GET", "/account")).text).group(1)
        await a.send("POST", "/logout", data={"csrf_token": token})
        b.cookies = old_cookies
        ended_on_b = (await b.send("GET", "/account")).status_code == 302
        return works_on_b and ended_on_b
    finally:
        await a.aclose()
        await b.aclose()


def fsrs_check() -> bool:
    done = subprocess.run(
        [sys.executable, "-m", "flask", "fsrs", "check"],
        cwd=ROOT,
        env=app_environment() | {"DATABASE_URL": local_url()},
        capture_output=True,
        text=True,
    )
    print(done.stdout.strip().splitlines()[-1] if done.stdout.strip() else done.stderr[-500:])
    return done.returncode == 0


def digest_once_on_two_hosts(emails: list[str]) -> str:
    """`flask reminders send` on both hosts at once, for learners whose digest hour is now and
    who have a review due: "1" when each got exactly one digest, "0" otherwise."""
    from aiosmtpd.controller import Controller

    from tests.helpers.smtp import Inbox

    wanted = emails[4:9]
    engine = sa.create_engine(local_url())
    hour = time.gmtime().tm_hour
    with engine.begin() as connection:
        ids = (
            connection.execute(
                sa.text("SELECT id FROM users WHERE email IN :emails").bindparams(
                    sa.bindparam("emails", expanding=True)
                ),
                {"emails": wanted},
            )
            .scalars()
            .all()
        )
        for user_id in ids:
            connection.execute(
                sa.text(
                    "INSERT INTO reminder_settings (user_id, digest_enabled, digest_hour, "
                    "mentoring_emails, updated_at) VALUES (:u, true, :h, true, now())"
                ),
                {"u": user_id, "h": hour},
            )
            connection.execute(
                sa.text(
                    "UPDATE card_states SET state = 2, due = now() - interval '1 day', "
                    "stability = 3, difficulty = 5, last_review = now() - interval '4 days' "
                    "WHERE id = (SELECT min(id) FROM card_states WHERE user_id = :u)"
                ),
                {"u": user_id},
            )
    engine.dispose()
    inbox = Inbox()
    server = Controller(inbox, hostname=GATEWAY, port=2525)
    server.start()
    try:
        env = app_environment() | {
            "MAIL_SERVER": GATEWAY,
            "MAIL_PORT": "2525",
            "MAIL_USE_TLS": "0",
            "PUBLIC_URL": "https://practice.example.org",
        }
        runs = [
            subprocess.Popen(
                ["ip", "netns", "exec", f"pr-{name}", sys.executable, "-m", "flask"]
                + ["reminders", "send"],
                cwd=ROOT,
                env=env,
                stdout=subprocess.PIPE,
                stderr=subprocess.STDOUT,
                text=True,
            )
            for name in HOSTS
        ]
        outputs = [run.communicate(timeout=300)[0] for run in runs]
    finally:
        server.stop()
    received = sorted(str(message["To"]) for message in inbox.messages)
    print(f"digests: {len(received)} for {len(wanted)} learners; runs said:")
    for output in outputs:
        print("  " + (output.strip().splitlines() or ["(nothing)"])[-1])
    once = len(received) == len(wanted) and len(set(received)) == len(wanted)
    return "1" if once else "0"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=float, default=20.0)
    parser.add_argument("--learners", type=int, default=24)
    options = parser.parse_args()
    if os.geteuid() != 0:
        raise SystemExit("two_hosts needs root (ip netns)")
    for tool in ("ip", "socat"):
        if shutil.which(tool) is None:
            raise SystemExit(f"two_hosts needs {tool}: apt-get install -y iproute2 socat")
    logs = Path(ROOT / "instance" / "two_hosts")
    logs.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    fresh_database()
    hosts: list[Host] = []
    try:
        emails = seed(options.learners)
        print(f"seeded in {time.perf_counter() - started:.0f} s")
        with Network():
            hosts = [Host(name, logs / f"{name}.log") for name in HOSTS]
            for host in hosts:
                host.wait_ready()
            results = asyncio.run(measure(hosts, emails, options))
            for host in hosts:
                host.stop()
            hosts = []
            digest = digest_once_on_two_hosts(emails)
    finally:
        for host in hosts:
            host.stop()
    rows, tokens = stored_tokens()
    acknowledged = results.pop("acknowledged")
    lost = len(acknowledged - tokens)
    doubled = rows - len(tokens)
    check_ok = fsrs_check()
    drop_database()
    base, two = results["baseline"], results["two_hosts"]
    print(f"one host:  {base['rps']:.0f} rps, p50 {base['p50_ms']:.0f} ms, ", end="")
    print(f"p99 {base['p99_ms']:.0f} ms")
    print(
        f"two hosts: {two['rps']:.0f} rps, p50 {two['p50_ms']:.0f} ms, p99 {two['p99_ms']:.0f} ms "
        f"(host b killed at {options.seconds / 2:.0f} s; errors after: {two['errors_after_kill']})"
    )
    print(f"ratings acknowledged {len(acknowledged)}, stored {rows}; fsrs check ok: {check_ok}")
    print(f"digest once on two hosts: {digest}")
    print(
        f"RESULT rps={two['rps']:.0f} p99_ms={two['p99_ms']:.0f} lost={lost} doubled={doubled} "
        f"throttle_shared={int(results['throttle_shared'])} "
        f"session_shared={int(results['session_shared'])} "
        f"host_kill_errors={two['errors_after_kill']} fsrs_check={int(check_ok)} "
        f"digest_once={digest} "
        f"baseline_rps={base['rps']:.0f}"
    )


async def measure(hosts: list[Host], emails: list[str], options) -> dict:
    urls = [host.url for host in hosts]
    session = await session_is_shared(urls)
    people = emails[4:]
    alone = [Learner(Balancer(urls[:1]), email) for email in people[: options.learners]]
    both = [Learner(Balancer(urls), email) for email in people[options.learners :]]
    for group in (alone, both):
        await asyncio.gather(*(learner.log_in() for learner in group))
    # after every learner has signed in: the failed logins come from this machine's one
    # address, which the per-address limit then refuses for a while, whatever the email
    throttle = await throttle_is_shared(urls)
    baseline = await drive(alone, options.seconds, None, None)
    two_hosts = await drive(both, options.seconds, options.seconds / 2, hosts[1])
    acknowledged = set().union(*(learner.acknowledged for learner in alone + both))
    for learner in alone + both:
        await learner.aclose()
    return {
        "baseline": baseline,
        "two_hosts": two_hosts,
        "throttle_shared": throttle,
        "session_shared": session,
        "acknowledged": acknowledged,
    }


if __name__ == "__main__":
    main()
