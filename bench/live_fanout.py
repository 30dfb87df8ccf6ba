"""Live fan-out benchmark (issue 5): real daphne processes, Redis, the HTTP reply form.

Needs PostgreSQL and Redis (the figures are about the production stack):

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/rx_bench \\
    REDIS_URL=redis://127.0.0.1:6379/3 .venv/bin/python bench/live_fanout.py

Parts (all by default; pick with --only reply,fanout,idle,storm,cycles,layers):
  reply   reply to frame, measured from the moment the reply POST is sent, in the
          production topology (`python -m config.serve`, WEB_CONCURRENCY=2: nginx,
          gunicorn for the POST, two daphne processes for the sockets), at 60 and 500
          plain sockets (no `?after=`, no de-duplication, no recovery), each against the
          bare-Channels floor measured in the same run (bench/bare_channels.py on two
          daphne processes, same Redis, publish to frame); every socket's frames must be
          the thread's events once each and in order; then, at 500 sockets
          (--replay-sockets), the same with every socket opened with `?after=0` on a
          thread that already has 20 replies (--history): each replays the log on
          connect (one shared read per process), then gets the live replies;
  fanout  two daphne processes, N sockets split across them, M replies posted over HTTP
          to the first: delivery latency from the event's commit to receipt
          (p50/p95/p99), losses, sockets and memory per socket per process;
  idle    how many idle sockets one daphne process holds, and memory per socket;
  storm   1,000 clients reconnect at once with ?after= after missing replies: time until
          every one has caught up;
  cycles  1,000 disconnect/reconnect cycles while replies are posted: what each client
          saw must be 1..M exactly, nothing lost, nothing twice;
  layers  the two channel-layer traps of SPEC §5, measured on this Redis.

The clients run in this process (asyncio + `websockets`), on the same 2 cores as the
servers: the figures include that contention. In `fanout`, latency is measured from the
event row's `created_at` (written inside the reply's transaction, just before commit) to
the moment the frame is read here, on the same clock; in `reply`, from just before the
POST is sent (and, for the floor, from just before the publish).
"""

import argparse
import asyncio
import json
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
# The clients below are asyncio code; the ORM calls they make are short and sequential.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from topology import NICE, free_port, stop, wait_until_serving  # noqa: E402
from websockets.asyncio.client import connect  # noqa: E402
from websockets.exceptions import InvalidHandshake  # noqa: E402

from forum.models import Category, Thread, ThreadEvent  # noqa: E402
from tests.factories import ThreadFactory, UserFactory  # noqa: E402
from tests.live.clients import Member  # noqa: E402
from tests.live_server import start_daphne  # noqa: E402

SERVER_ENV = {
    "FIRST_POSTS_NEEDING_APPROVAL": "0",
    "FORUM_REPLIES_PER_MINUTE": "100000",
    "LOG_LEVEL": "WARNING",
}
CONNECT_BATCH = 50
# A plain client knows no moment at which its socket is live: it opens, waits this long,
# and from then on expects every event (issue 12 measured the same way).
SETTLE_SECONDS = 1.0
DELIVERY_SECONDS = 20.0
FLOOR_GROUP = "bench.floor"  # bench/bare_channels.py's GROUP (it configures settings)


def rss_kib(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    raise RuntimeError("no VmRSS")


def percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(pct / 100 * len(ordered)) - 1))
    return ordered[index]


def new_thread() -> Thread:
    category, _ = Category.objects.get_or_create(
        slug="bench-live", defaults={"name": "Bench live"}
    )
    author = UserFactory(username=f"bench_{uuid.uuid4().hex[:12]}")
    return ThreadFactory(category=category, author=author)


class Client:
    """One page's socket: keeps the last seq, drops duplicates, records receipt times."""

    def __init__(self, server, thread_id: int, after: int = 0):
        self.server = server
        self.thread_id = thread_id
        self.last_seq = after
        self.received: dict[int, float] = {}
        self.duplicates = 0
        self.gaps = 0
        self.ws = None
        self.reader = None

    async def open(self) -> None:
        self.ws = await connect(
            f"{self.server.ws_url}/ws/t/{self.thread_id}/?after={self.last_seq}",
            additional_headers={"Origin": self.server.url},
            open_timeout=60,
            max_queue=None,
        )
        self.reader = asyncio.ensure_future(self.read())

    async def read(self) -> None:
        try:
            async for text in self.ws:
                frame = json.loads(text)
                seq = frame.get("seq")
                # `ready` carries a position in the stream, not an event.
                if seq is None or frame["type"] == "ready":
                    continue
                now = time.time()
                if seq <= self.last_seq:
                    self.duplicates += 1
                    continue
                if seq > self.last_seq + 1:
                    self.gaps += 1
                self.received[seq] = now
                self.last_seq = seq
        except Exception:  # noqa: S110 - a closed socket ends the reader
            pass

    async def close(self) -> None:
        if self.ws is not None:
            await self.ws.close()
        if self.reader is not None:
            await self.reader


async def open_all(clients: list[Client]) -> tuple[float, int]:
    """Open every socket, CONNECT_BATCH at a time; returns (seconds, failed handshakes)."""
    started = time.monotonic()
    failures = 0

    async def open_one(client: Client) -> None:
        nonlocal failures
        for _ in range(3):
            try:
                await client.open()
                return
            except (OSError, InvalidHandshake, TimeoutError):
                failures += 1
        raise RuntimeError("a socket failed three handshakes in a row")

    for start in range(0, len(clients), CONNECT_BATCH):
        await asyncio.gather(
            *(open_one(c) for c in clients[start : start + CONNECT_BATCH])
        )
    return time.monotonic() - started, failures


async def wait_for(predicate, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        await asyncio.sleep(0.05)
    return predicate()


async def post_replies(poster: Member, server, thread: Thread, count: int, gap: float):
    for number in range(count):
        status, _ = await asyncio.to_thread(
            poster.reply, server, thread.pk, f"Bench reply {number}"
        )
        if status != 302:
            raise RuntimeError(f"reply answered {status}")
        await asyncio.sleep(gap)


def commit_times(thread: Thread) -> dict[int, float]:
    return {
        seq: created.timestamp()
        for seq, created in ThreadEvent.objects.filter(thread=thread).values_list(
            "seq", "created_at"
        )
    }


async def fanout(servers, poster: Member, sockets: int, replies: int) -> dict:
    thread = new_thread()
    before = {s.port: rss_kib(s.process.pid) for s in servers}
    clients = [Client(servers[i % len(servers)], thread.pk) for i in range(sockets)]
    opened_in, failed_handshakes = await open_all(clients)
    await asyncio.sleep(2)
    after_open = {s.port: rss_kib(s.process.pid) for s in servers}
    await post_replies(poster, servers[0], thread, replies, gap=0.5)
    await wait_for(lambda: all(len(c.received) == replies for c in clients), 20)
    committed = commit_times(thread)
    latencies = [
        (received - committed[seq]) * 1000
        for client in clients
        for seq, received in client.received.items()
    ]
    lost = sum(replies - len(c.received) for c in clients)
    duplicates = sum(c.duplicates for c in clients)
    for client in clients:
        await client.close()
    per_process = len(clients) // len(servers)
    return {
        "sockets": sockets,
        "processes": len(servers),
        "replies": replies,
        "deliveries": len(latencies),
        "lost": lost,
        "duplicates": duplicates,
        "p50_ms": round(percentile(latencies, 50), 1),
        "p95_ms": round(percentile(latencies, 95), 1),
        "p99_ms": round(percentile(latencies, 99), 1),
        "max_ms": round(max(latencies), 1),
        "mean_ms": round(statistics.fmean(latencies), 1),
        "open_seconds": round(opened_in, 1),
        "failed_handshakes": failed_handshakes,
        "kib_per_socket": {
            port: round((after_open[port] - before[port]) / per_process, 1)
            for port in before
        },
    }


async def idle(server, poster: Member, sockets: int) -> dict:
    thread = new_thread()
    before = rss_kib(server.process.pid)
    clients = [Client(server, thread.pk) for _ in range(sockets)]
    opened_in, failed_handshakes = await open_all(clients)
    await asyncio.sleep(3)
    held = rss_kib(server.process.pid)
    await post_replies(poster, server, thread, 1, gap=0)
    delivered = await wait_for(lambda: all(c.received for c in clients), 60)
    reached = sum(1 for c in clients if c.received)
    for client in clients:
        await client.close()
    return {
        "sockets": sockets,
        "open_seconds": round(opened_in, 1),
        "failed_handshakes": failed_handshakes,
        "all_reached_by_a_reply": delivered,
        "reached": reached,
        "rss_before_mib": round(before / 1024, 1),
        "rss_held_mib": round(held / 1024, 1),
        "kib_per_socket": round((held - before) / sockets, 1),
    }


async def storm(servers, poster: Member, clients_count: int, missed: int) -> dict:
    thread = new_thread()
    clients = [
        Client(servers[i % len(servers)], thread.pk) for i in range(clients_count)
    ]
    await open_all(clients)
    for client in clients:
        await client.close()
    await post_replies(poster, servers[0], thread, missed, gap=0)
    started = time.monotonic()
    await asyncio.gather(*(c.open() for c in clients))
    connected = time.monotonic() - started
    caught_up = await wait_for(
        lambda: all(len(c.received) == missed for c in clients), 60
    )
    elapsed = time.monotonic() - started
    result = {
        "clients": clients_count,
        "missed_replies": missed,
        "all_connected_seconds": round(connected, 1),
        "all_caught_up_seconds": round(elapsed, 1),
        "all_caught_up": caught_up,
        "lost": sum(missed - len(c.received) for c in clients),
        "duplicates": sum(c.duplicates for c in clients),
    }
    for client in clients:
        await client.close()
    return result


async def cycles(servers, poster: Member, clients_count: int, total: int) -> dict:
    thread = new_thread()
    clients = [
        Client(servers[i % len(servers)], thread.pk) for i in range(clients_count)
    ]
    done = 0
    stop = asyncio.Event()

    async def churn(client: Client) -> None:
        nonlocal done
        while done < total:
            await client.open()
            await asyncio.sleep(random.uniform(0.05, 0.3))
            await client.close()
            done += 1

    async def post_until_done() -> int:
        posted = 0
        while not stop.is_set():
            await post_replies(poster, servers[0], thread, 1, gap=0.05)
            posted += 1
        return posted

    poster_task = asyncio.ensure_future(post_until_done())
    started = time.monotonic()
    await asyncio.gather(*(churn(c) for c in clients))
    stop.set()
    posted = await poster_task
    # Every client comes back once more and catches up with everything posted.
    for client in clients:
        await client.open()
    await wait_for(lambda: all(c.last_seq >= posted for c in clients), 30)
    lost = sum(posted - len(c.received) for c in clients)
    wrong = sum(1 for c in clients if sorted(c.received) != list(range(1, posted + 1)))
    result = {
        "clients": clients_count,
        "cycles": done,
        "replies_posted": posted,
        "seconds": round(time.monotonic() - started, 1),
        "lost": lost,
        "duplicates_dropped_by_client": sum(c.duplicates for c in clients),
        "clients_with_wrong_sequence": wrong,
    }
    for client in clients:
        await client.close()
    return result


async def layers(redis_url: str) -> dict:
    """SPEC §5 traps: pool cap on RedisChannelLayer, 5 s read timeout vs 5 s BZPOPMIN."""
    from channels_redis.core import RedisChannelLayer
    from channels_redis.pubsub import RedisPubSubChannelLayer

    results = {}

    async def burst(layer, connects: int) -> dict:
        """`connects` sockets arriving at once: each adds itself to groups and the
        thread gets a message, all concurrently, as in a reconnect storm."""
        channels = [await layer.new_channel() for _ in range(connects)]

        async def arrive(channel: str) -> None:
            await layer.group_add("bench.burst", channel)
            await layer.group_add(f"bench.burst.{channel[-6:]}", channel)
            await layer.group_send("bench.burst", {"type": "bench.ping"})

        outcomes = await asyncio.gather(
            *(arrive(c) for c in channels), return_exceptions=True
        )
        failed = [o for o in outcomes if isinstance(o, BaseException)]
        await layer.flush()
        return {
            "connects": connects,
            "failed": len(failed),
            "error_kinds": sorted({f"{type(f).__name__}: {f}"[:80] for f in failed}),
        }

    results["core_default_pool_burst_300"] = await burst(
        RedisChannelLayer(hosts=[redis_url]), 300
    )
    results["core_max_connections_1000_burst_300"] = await burst(
        RedisChannelLayer(hosts=[{"address": redis_url, "max_connections": 1000}]), 300
    )
    results["pubsub_burst_300"] = await burst(
        RedisPubSubChannelLayer(hosts=[redis_url]), 300
    )

    async def idle_receive(layer, seconds: float) -> str:
        channel = await layer.new_channel()
        try:
            await asyncio.wait_for(layer.receive(channel), seconds)
        except TimeoutError:
            return "still waiting (no error)"
        except Exception as error:
            return f"{type(error).__name__}: {error}"
        return "message"

    (
        results["core_default_idle_receive_12s"],
        results["core_socket_timeout_10_idle_receive_12s"],
    ) = await asyncio.gather(
        idle_receive(RedisChannelLayer(hosts=[redis_url]), 12),
        idle_receive(
            RedisChannelLayer(hosts=[{"address": redis_url, "socket_timeout": 10}]), 12
        ),
    )
    return results


class PlainClient:
    """A plain WebSocket client: no `?after=`, no de-duplication, no gap filling. It
    records every frame that carries a seq, in the order it arrives."""

    def __init__(self, url: str, origin: str):
        self.url = url
        self.origin = origin
        self.frames: list[tuple[int, dict, float]] = []
        self.ready_seq: int | None = None
        self.ws = None
        self.reader = None

    async def open(self) -> None:
        self.ws = await connect(
            self.url,
            additional_headers={"Origin": self.origin},
            open_timeout=60,
            max_queue=None,
        )
        self.reader = asyncio.ensure_future(self.read())

    async def read(self) -> None:
        try:
            async for text in self.ws:
                received = time.time()
                frame = json.loads(text)
                if frame.get("type") == "ready":
                    # The head the socket is live from (SPEC §5), not an event.
                    self.ready_seq = frame.get("seq")
                elif frame.get("seq") is not None:
                    self.frames.append((frame["seq"], frame, received))
        except Exception:  # noqa: S110 - a closed socket ends the reader
            pass

    async def close(self) -> None:
        if self.ws is not None:
            await self.ws.close()
        if self.reader is not None:
            await self.reader


class Served:
    """`python -m config.serve` on a free port: nginx, gunicorn and daphne × processes."""

    def __init__(self, processes: int, log_dir: Path):
        self.port = free_port()
        env = {
            **os.environ,
            **SERVER_ENV,
            "DJANGO_DEBUG": "0",
            "DJANGO_HTTPS": "0",
            # The poster's session is written by this process: same key.
            "DJANGO_SECRET_KEY": settings.SECRET_KEY,
            "PORT": str(self.port),
            "WEB_CONCURRENCY": str(processes),
        }
        # Set above for this process's own clients only; the servers keep Django's check.
        env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        self.process = subprocess.Popen(
            [*NICE, sys.executable, "-m", "config.serve"],
            cwd=ROOT,
            env=env,
            stdout=(log_dir / "serve.log").open("ab"),
            stderr=subprocess.STDOUT,
        )
        wait_until_serving(self.port, self.process)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def ws_url(self) -> str:
        return f"ws://127.0.0.1:{self.port}"

    def stop(self) -> None:
        stop(self.process)


def start_floor(log_dir: Path) -> tuple[int, subprocess.Popen]:
    port = free_port()
    process = subprocess.Popen(
        [
            *NICE,
            str(Path(sys.executable).with_name("daphne")),
            "--bind",
            "127.0.0.1",
            "--port",
            str(port),
            "bench.bare_channels:application",
        ],  # fmt: skip
        cwd=ROOT,
        env={**os.environ, "REDIS_URL": settings.REDIS_URL},
        stdout=(log_dir / f"floor-{port}.log").open("ab"),
        stderr=subprocess.STDOUT,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError("the floor's daphne exited early")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return port, process
        except OSError:
            time.sleep(0.2)
    raise RuntimeError("the floor's daphne did not listen")


def delivery(clients: list[PlainClient], expected: list[int]) -> dict:
    """Once and in order: a socket's seqs must be exactly the expected list."""
    exact = sum(1 for c in clients if [seq for seq, _f, _t in c.frames] == expected)
    got = [len(c.frames) for c in clients]
    return {
        "frames_expected": len(expected) * len(clients),
        "frames_received": sum(got),
        "sockets_exact": exact,
        "sockets_missing_frames": sum(
            1 for c in clients if not set(expected) <= {seq for seq, _f, _t in c.frames}
        ),
        "frames_duplicated": sum(
            len(c.frames) - len({seq for seq, _f, _t in c.frames}) for c in clients
        ),
    }


def latency_figures(latencies: list[float]) -> dict:
    if not latencies:
        return {"p50_ms": None, "p95_ms": None, "p99_ms": None, "max_ms": None}
    return {
        "p50_ms": round(percentile(latencies, 50), 1),
        "p95_ms": round(percentile(latencies, 95), 1),
        "p99_ms": round(percentile(latencies, 99), 1),
        "max_ms": round(max(latencies), 1),
    }


async def floor_to_frame(ports: list[int], sockets: int, frames: int, gap: float):
    from channels_redis.pubsub import RedisPubSubChannelLayer

    layer = RedisPubSubChannelLayer(
        hosts=[{"address": settings.REDIS_URL, "socket_timeout": 10}]
    )
    # The publisher's connection is opened before the measured frames.
    await layer.group_send("bench.floor.warmup", {"type": "floor.frame", "text": ""})
    clients = [
        PlainClient(
            f"ws://127.0.0.1:{ports[i % len(ports)]}/ws/floor/",
            f"http://127.0.0.1:{ports[i % len(ports)]}",
        )
        for i in range(sockets)
    ]
    load_before = os.getloadavg()
    opened_in, failed_handshakes = await open_all(clients)
    await asyncio.sleep(SETTLE_SECONDS)
    for seq in range(1, frames + 1):
        text = json.dumps({"type": "floor", "seq": seq, "sent": time.time()})
        await layer.group_send(FLOOR_GROUP, {"type": "floor.frame", "text": text})
        await asyncio.sleep(gap)
    expected = list(range(1, frames + 1))
    await wait_for(
        lambda: all(len(c.frames) >= frames for c in clients), DELIVERY_SECONDS
    )
    latencies = [
        (received - frame["sent"]) * 1000
        for client in clients
        for _seq, frame, received in client.frames
    ]
    result = {
        "kind": "floor",
        "sockets": sockets,
        "processes": len(ports),
        "frames_published": frames,
        **latency_figures(latencies),
        **delivery(clients, expected),
        "open_seconds": round(opened_in, 1),
        "failed_handshakes": failed_handshakes,
        "load_before": [round(v, 2) for v in load_before],
    }
    for client in clients:
        await client.close()
    await layer.flush()
    return result


async def reply_to_frame(
    served: Served,
    poster: Member,
    sockets: int,
    replies: int,
    gap: float,
    *,
    history: int = 0,
):
    """With `history`, the thread first gets that many replies and every socket opens
    with `?after=0`: each replays the whole log on connect, then gets the live ones."""
    thread = new_thread()
    query = ""
    if history:
        await post_replies(poster, served, thread, history, gap=0)
        query = "?after=0"
    clients = [
        PlainClient(f"{served.ws_url}/ws/t/{thread.pk}/{query}", served.url)
        for _ in range(sockets)
    ]
    load_before = os.getloadavg()
    opened_in, failed_handshakes = await open_all(clients)
    await asyncio.sleep(SETTLE_SECONDS)
    sent: dict[int, float] = {}
    post_ms: list[float] = []
    for number in range(replies):
        started = time.time()
        status, location = await asyncio.to_thread(
            poster.reply, served, thread.pk, f"Bench reply {number}: *thanks*."
        )
        post_ms.append((time.time() - started) * 1000)
        if status != 302:
            raise RuntimeError(f"reply answered {status}")
        sent[int(location.rsplit("#post-", 1)[1])] = started
        await asyncio.sleep(gap)
    expected = list(
        ThreadEvent.objects.filter(thread=thread)
        .order_by("seq")
        .values_list("seq", flat=True)
    )
    await wait_for(
        lambda: all(len(c.frames) >= len(expected) for c in clients), DELIVERY_SECONDS
    )
    latencies = [
        (received - sent[frame["post"]["id"]]) * 1000
        for client in clients
        for _seq, frame, received in client.frames
        if frame.get("type") == "post.created" and frame["post"]["id"] in sent
    ]
    result = {
        "kind": "product replay" if history else "product",
        "history": history,
        "sockets": sockets,
        "processes": 2,
        "replies": replies,
        "events": len(expected),
        **latency_figures(latencies),
        "post_alone_p50_ms": round(percentile(post_ms, 50), 1),
        "post_alone_p95_ms": round(percentile(post_ms, 95), 1),
        **delivery(clients, expected),
        "open_seconds": round(opened_in, 1),
        "failed_handshakes": failed_handshakes,
        "load_before": [round(v, 2) for v in load_before],
    }
    for client in clients:
        await client.close()
    return result


def reply_table(rows: list[dict]) -> str:
    lines = [
        "| round | sockets | load (1 min) | floor p50 / p95 / p99 ms | product p50 / p95 / "
        "p99 ms | product p95 ÷ floor p95 | POST alone p50 / p95 ms | frames floor "
        "| frames product | sockets exact (product) |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    floors = {(r["round"], r["sockets"]): r for r in rows if r["kind"] == "floor"}
    for row in rows:
        if not row["kind"].startswith("product"):
            continue
        floor = floors[(row["round"], row["sockets"])]
        ratio = (
            f"{row['p95_ms'] / floor['p95_ms']:.1f}×"
            if row["p95_ms"] and floor["p95_ms"]
            else "-"
        )
        lines.append(
            f"| {row['round']} | {row['sockets']}"
            f"{' (?after=0, ' + str(row['history']) + ' replayed)' if row.get('history') else ''} "
            f"| {floor['load_before'][0]} / {row['load_before'][0]} "
            f"| {floor['p50_ms']} / {floor['p95_ms']} / {floor['p99_ms']} "
            f"| {row['p50_ms']} / {row['p95_ms']} / {row['p99_ms']} | {ratio} "
            f"| {row['post_alone_p50_ms']} / {row['post_alone_p95_ms']} "
            f"| {floor['frames_received']} of {floor['frames_expected']} "
            f"| {row['frames_received']} of {row['frames_expected']} "
            f"(dup {row['frames_duplicated']}) "
            f"| {row['sockets_exact']} of {row['sockets']} |"
        )
    return "\n".join(lines)


async def reply_part(args, poster: Member, logs: Path) -> list[dict]:
    floors = [start_floor(logs) for _ in range(2)]
    served = Served(2, logs)
    # Both gunicorn workers load their code and open their connections before the
    # measured replies.
    warmup = new_thread()
    await post_replies(poster, served, warmup, 6, gap=0)
    rows: list[dict] = []
    try:
        for round_number in range(1, args.rounds + 1):
            for count in args.reply_sockets:
                ports = [port for port, _process in floors]
                for measure in (
                    floor_to_frame(ports, count, args.replies, 0.5),
                    reply_to_frame(served, poster, count, args.replies, 0.5),
                ):
                    row = {"round": round_number, **await measure}
                    rows.append(row)
                    print(json.dumps(row), flush=True)
                if count in args.replay_sockets:
                    row = {
                        "round": round_number,
                        **await reply_to_frame(
                            served,
                            poster,
                            count,
                            args.replies,
                            0.5,
                            history=args.history,
                        ),
                    }
                    rows.append(row)
                    print(json.dumps(row), flush=True)
    finally:
        served.stop()
        for _port, process in floors:
            stop(process)
    print(reply_table(rows), flush=True)
    return rows


async def main(args) -> None:
    if not settings.REDIS_URL or "postgres" not in os.environ.get("DATABASE_URL", ""):
        sys.exit(
            "Set DATABASE_URL (PostgreSQL) and REDIS_URL: this measures the production stack."
        )
    call_command("migrate", verbosity=0)
    only = set(args.only.split(","))
    report: dict = {"cpus": os.cpu_count(), "load_before": os.getloadavg()}
    poster_user = UserFactory(username=f"bench_{uuid.uuid4().hex[:12]}")
    poster = Member(poster_user)
    with tempfile.TemporaryDirectory() as logs:
        logs = Path(logs)
        if "reply" in only:
            report["reply"] = await reply_part(args, poster, logs)
        if only & {"fanout", "storm", "cycles"}:
            servers = [start_daphne(logs, env=SERVER_ENV) for _ in range(2)]
            try:
                if "fanout" in only:
                    for count in args.sockets:
                        report[f"fanout_{count}"] = await fanout(
                            servers, poster, count, args.replies
                        )
                        print(json.dumps(report[f"fanout_{count}"]), flush=True)
                if "storm" in only:
                    report["storm"] = await storm(servers, poster, args.storm, 5)
                    print(json.dumps(report["storm"]), flush=True)
                if "cycles" in only:
                    report["cycles"] = await cycles(servers, poster, 50, args.cycles)
                    print(json.dumps(report["cycles"]), flush=True)
            finally:
                for server in servers:
                    server.stop()
        if "idle" in only:
            server = start_daphne(logs, env=SERVER_ENV)
            try:
                report["idle"] = await idle(server, poster, args.idle)
                print(json.dumps(report["idle"]), flush=True)
            finally:
                server.stop()
    if "layers" in only:
        report["layers"] = await layers(settings.REDIS_URL)
        print(json.dumps(report["layers"]), flush=True)
    report["load_after"] = os.getloadavg()
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sockets", type=int, nargs="+", default=[50, 500])
    parser.add_argument("--replies", type=int, default=20)
    parser.add_argument("--idle", type=int, default=2000)
    parser.add_argument("--storm", type=int, default=1000)
    parser.add_argument("--cycles", type=int, default=1000)
    parser.add_argument("--reply-sockets", type=int, nargs="+", default=[60, 500])
    parser.add_argument("--rounds", type=int, default=2, help="of the reply part")
    parser.add_argument(
        "--replay-sockets",
        type=int,
        nargs="*",
        default=[500],
        help="also measure these counts with ?after=0 on a thread with --history replies",
    )
    parser.add_argument("--history", type=int, default=20)
    parser.add_argument("--only", default="reply,fanout,idle,storm,cycles,layers")
    asyncio.run(main(parser.parse_args()))
