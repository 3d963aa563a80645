"""Real nginx (with deploy/nginx/checker.conf) in front of real gunicorn, on loopback ports, stopped by PID."""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from tests.support.app import ROOT

NGINX = shutil.which("nginx") or ("/usr/sbin/nginx" if os.path.exists("/usr/sbin/nginx") else None)
SECRET = "proxy-test-key"


def free_port() -> int:
    from bench.load_kit import free_port as find

    return find()


def nginx_conf(work: Path, nginx_port: int, app_port: int) -> Path:
    """deploy/nginx/checker.conf as shipped, with only its address, upstream and paths moved to the test's."""
    site = (ROOT / "deploy" / "nginx" / "checker.conf").read_text()
    assert "listen 80;" in site and "server 127.0.0.1:5000 " in site and "/srv/checker" in site
    site = site.replace("listen 80;", f"listen 127.0.0.1:{nginx_port};")
    site = site.replace("server 127.0.0.1:5000 ", f"server 127.0.0.1:{app_port} ")
    site = site.replace("/srv/checker", str(ROOT))
    (work / "checker.conf").write_text(site)
    user = "user root;\n" if os.geteuid() == 0 else ""  # the workers must read the repository and work/
    main = f"""{user}worker_processes 1;
pid {work}/nginx.pid;
error_log {work}/nginx-error.log warn;
events {{ worker_connections 1024; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    access_log {work}/nginx-access.log;
    client_body_temp_path {work}/body;
    proxy_temp_path {work}/proxy;
    fastcgi_temp_path {work}/fastcgi;
    uwsgi_temp_path {work}/uwsgi;
    scgi_temp_path {work}/scgi;
    include {work}/checker.conf;
}}
"""
    (work / "nginx.conf").write_text(main)
    return work / "nginx.conf"


def wait_until_up(url: str, processes, logs, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except OSError:
            for process, log in zip(processes, logs, strict=True):
                if process.poll() is not None:
                    raise RuntimeError(f"a server stopped:\n{Path(log).read_text()}") from None
            time.sleep(0.1)
    raise RuntimeError(f"{url} did not answer")


def stop(process, pid_file: Path | None = None, sig=signal.SIGTERM) -> None:
    """Stop one server by its PID (from its pid file when it wrote one), and wait for it."""
    pid = process.pid
    if pid_file is not None and pid_file.exists():
        try:
            pid = int(pid_file.read_text().strip())
        except ValueError:
            pid = process.pid
    if process.poll() is None:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, sig)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=5)


def _popen(command, out, **kwargs):
    return subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT, **kwargs)


def start_stack(work: Path, env_extra: dict | None = None):
    """(nginx base URL, gunicorn base URL, stop function)."""
    app_port, nginx_port = free_port(), free_port()
    env = {
        **os.environ,
        "PORT": str(app_port),
        "CHECKER_SECRET_KEY": SECRET,
        "CHECKER_FIXED_DATE": "2026-11-25",
        "WEB_CONCURRENCY": "2",
        **(env_extra or {}),
    }
    app_log = work / "gunicorn.log"
    with app_log.open("w") as out:
        gunicorn = _popen(
            [sys.executable, "-m", "gunicorn", "--config", "python:webapp.serving.gunicorn",
             "--pid", str(work / "gunicorn.pid"), "webapp:create_app()"],
            out, cwd=ROOT, env=env,
        )  # fmt: skip
    conf = nginx_conf(work, nginx_port, app_port)
    nginx_log = work / "nginx-stderr.log"
    with nginx_log.open("w") as out:
        nginx = _popen([NGINX, "-p", str(work), "-c", str(conf), "-g", "daemon off;"], out)
    app_base, proxy_base = f"http://127.0.0.1:{app_port}", f"http://127.0.0.1:{nginx_port}"

    def stop_all():
        stop(nginx, work / "nginx.pid", signal.SIGQUIT)
        stop(gunicorn, work / "gunicorn.pid")

    try:
        wait_until_up(f"{app_base}/healthz", [gunicorn], [app_log])
        wait_until_up(f"{proxy_base}/healthz", [nginx, gunicorn], [nginx_log, app_log])
    except RuntimeError:
        stop_all()
        raise
    return proxy_base, app_base, stop_all
