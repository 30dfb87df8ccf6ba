"""`make serve`: the production topology on this machine, pages and sockets on one port.

nginx listens on PORT; gunicorn (WSGI, WEB_CONCURRENCY sync workers) serves the pages and
WEB_CONCURRENCY daphne processes serve /ws/, each on a unix socket in a private run
directory that only this user can reach; one `manage.py db_worker` runs the queued tasks
(mail) and one `manage.py notification_relay` makes posts' notifications. Settings come
from the environment as in production (docs/deploy.md); for loopback, DJANGO_DEBUG defaults to 0, DJANGO_HTTPS to 0,
DJANGO_ALLOWED_HOSTS to 127.0.0.1,localhost, and a secret key is generated if none is set.
SIGTERM or Ctrl-C stops every process; if one of them exits, all are stopped.

    python -m config.serve          # what `make serve` runs: migrate, collectstatic, start
"""

import os
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

# Read lazily: settings load at the first attribute, once main() completed the environment.
from django.conf import settings

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
NGINX = os.environ.get("NGINX", "/usr/sbin/nginx")
TEMPLATE = ROOT / "config" / "nginx.conf.template"
STOP_SECONDS = 10


def render_nginx_config(
    *, host: str, port: int, run_dir: Path, socket_paths: list[Path], static_root: Path
) -> str:
    servers = "\n".join(f"        server unix:{path};" for path in socket_paths)
    values = {
        "@HOST@": host,
        "@PORT@": str(port),
        "@RUN_DIR@": str(run_dir),
        "@SOCKET_SERVERS@": servers,
        "@STATIC_ROOT@": str(static_root),
        # Started as root, nginx's workers would run as nobody, who cannot reach the
        # sockets in the private run directory.
        "@USER@": "user root;" if os.geteuid() == 0 else "",
    }
    text = TEMPLATE.read_text()
    for placeholder, value in values.items():
        text = text.replace(placeholder, value)
    return text


def production_environment(port: int) -> dict[str, str]:
    env = dict(os.environ)
    env.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    for name, default in {
        "DJANGO_DEBUG": "0",
        # Plain HTTP on loopback; behind a TLS proxy set DJANGO_HTTPS=1 (docs/deploy.md).
        "DJANGO_HTTPS": "0",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SITE_URL": f"http://127.0.0.1:{port}",
    }.items():
        if not env.get(name):
            env[name] = default
    if not env.get("DJANGO_SECRET_KEY"):
        print(
            "serve: DJANGO_SECRET_KEY is not set; using a new random key "
            "(sessions and e-mailed links end when serve stops).",
            file=sys.stderr,
        )
        env["DJANGO_SECRET_KEY"] = secrets.token_urlsafe(50)
    if not env.get("REDIS_URL"):
        sys.exit(
            "serve: REDIS_URL must be set: pages and sockets run in separate processes, "
            "and live updates reach the sockets through Redis."
        )
    return env


def commands(run_dir: Path, processes: int) -> tuple[list[list[str]], list[Path]]:
    pages = [
        str(BIN / "gunicorn"),
        "--workers", str(processes),
        "--bind", f"unix:{run_dir / 'gunicorn.sock'}",
        "--graceful-timeout", str(STOP_SECONDS - 2),
        # Its default control socket is one path per user, shared by every gunicorn.
        "--no-control-socket",
        "config.wsgi:application",
    ]  # fmt: skip
    socket_paths = [run_dir / f"daphne-{n}.sock" for n in range(1, processes + 1)]
    sockets = [
        [
            str(BIN / "daphne"),
            "--unix-socket",
            str(path),
            "--proxy-headers",
            "--websocket-max-message-size",
            "16384",
            "config.asgi:application",
        ]  # fmt: skip
        for path in socket_paths
    ]
    # The task worker (mail and other queued work) and the notification relay (posts'
    # notifications, docs/deploy.md), same environment.
    workers = [
        [sys.executable, "manage.py", "db_worker", "--no-reload"],
        [sys.executable, "manage.py", "notification_relay"],
    ]
    return [pages, *sockets, *workers], socket_paths


def stop(children: list[subprocess.Popen]) -> None:
    for child in children:
        if child.poll() is None:
            child.terminate()
    deadline = time.monotonic() + STOP_SECONDS
    for child in children:
        try:
            child.wait(timeout=max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            child.kill()
            child.wait()


def main() -> int:
    port = int(os.environ.get("PORT") or 8000)
    processes = int(os.environ.get("WEB_CONCURRENCY") or 2)
    host = os.environ.get("HOST") or "127.0.0.1"
    env = production_environment(port)
    os.environ.update(env)
    if not Path(NGINX).exists():
        sys.exit(f"serve: nginx not found at {NGINX} (apt-get install nginx).")
    run_dir = Path(tempfile.mkdtemp(prefix="recovery-forum-serve-"))
    for step in (["migrate", "--noinput"], ["collectstatic", "--noinput", "-v", "0"]):
        subprocess.run(
            [sys.executable, "manage.py", *step], cwd=ROOT, env=env, check=True
        )
    app_commands, socket_paths = commands(run_dir, processes)
    (run_dir / "nginx.conf").write_text(
        render_nginx_config(
            host=host,
            port=port,
            run_dir=run_dir,
            socket_paths=socket_paths,
            static_root=Path(settings.STATIC_ROOT),
        )
    )
    # Under gunicorn's sync workers one request at a time uses a worker's connection,
    # and the task worker runs one task at a time: keeping it open is safe and bounded
    # (docs/decisions.md).
    page_env = {**env, "DATABASE_CONN_MAX_AGE": env.get("DATABASE_CONN_MAX_AGE", "60")}
    socket_env = {**env, "ASGI_THREADS": env.get("ASGI_THREADS", "4")}
    stopping = False

    def request_stop(signum, frame):
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGTERM, request_stop)
    signal.signal(signal.SIGINT, request_stop)
    pages, *sockets, task_worker, relay = app_commands
    children = [subprocess.Popen(pages, cwd=ROOT, env=page_env)]
    children += [
        subprocess.Popen(command, cwd=ROOT, env=socket_env) for command in sockets
    ]
    children += [
        subprocess.Popen(command, cwd=ROOT, env=page_env)
        for command in (task_worker, relay)
    ]
    children.append(
        subprocess.Popen(
            [
                NGINX,
                "-e",
                "stderr",
                "-p",
                str(run_dir),
                "-c",
                str(run_dir / "nginx.conf"),
            ]
        )
    )
    print(
        f"serve: http://{host}:{port}/ (nginx → gunicorn × {processes} for pages, "
        f"daphne × {processes} for /ws/, a task worker and the notification relay)",
        file=sys.stderr,
    )
    exit_code = 0
    try:
        while not stopping:
            ended = [child for child in children if child.poll() is not None]
            if ended:
                print(f"serve: {ended[0].args[0]} exited; stopping.", file=sys.stderr)
                exit_code = 1
                break
            time.sleep(0.5)
    finally:
        # The proxy first, so that no request arrives at a process that is stopping.
        stop([children[-1]])
        stop(children[:-1])
        shutil.rmtree(run_dir, ignore_errors=True)
    return exit_code


if __name__ == "__main__":
    sys.exit(main())
