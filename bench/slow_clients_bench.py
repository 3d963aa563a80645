"""60 slow clients against gunicorn alone and against nginx in front of it: how long /healthz takes meanwhile.

Starts gunicorn (2 sync workers) and nginx with deploy/nginx/checker.conf on loopback ports, then for each target
opens 60 connections that send one header line every 2 s for SECONDS (default 10) while /healthz is asked every
quarter second with a 2-second timeout. Stops both servers by PID.

Usage: bench/slow-clients [SECONDS]
"""

from __future__ import annotations

import contextlib
import socket
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

from bench.machine import CpuMeter, machine_line
from tests.support.proxy import start_stack


def slow(port: int, stop: threading.Event) -> None:
    try:
        sock = socket.create_connection(("127.0.0.1", port), timeout=5)
        sock.sendall(b"GET /healthz HTTP/1.1\r\nHost: localhost\r\n")
        while not stop.wait(2):
            sock.sendall(b"X-Slow: 1\r\n")
    except OSError:
        return
    finally:
        with contextlib.suppress(OSError, UnboundLocalError):
            sock.close()


def attack(base: str, seconds: float) -> str:
    port = int(base.rsplit(":", 1)[1])
    stop = threading.Event()
    threads = [threading.Thread(target=slow, args=(port, stop), daemon=True) for _ in range(60)]
    for thread in threads:
        thread.start()
    time.sleep(0.5)
    times, failed = [], 0
    started = time.monotonic()
    while time.monotonic() - started < seconds:
        t0 = time.perf_counter()
        try:
            with urllib.request.urlopen(f"{base}/healthz", timeout=2) as response:
                response.read()
            times.append(time.perf_counter() - t0)
        except OSError:
            failed += 1
        time.sleep(0.25)
    stop.set()
    for thread in threads:
        thread.join(timeout=10)
    slowest = f"{max(times) * 1000:.0f} ms" if times else "-"
    return f"{len(times)} answered, {failed} timed out (2 s), slowest answer {slowest}"


def main(argv: list) -> int:
    seconds = float(argv[0]) if argv else 10
    work = Path(tempfile.mkdtemp())
    work.chmod(0o755)
    meter = CpuMeter(children=True)  # nginx and gunicorn are this process's children: their CPU is not "other"
    proxy, app, stop_all = start_stack(work)
    try:
        print(f"60 slow clients for {seconds:.0f} s, /healthz every 0.25 s:")
        print(f"  gunicorn alone (2 sync workers): {attack(app, seconds)}")
        time.sleep(3)
        print(f"  nginx in front (deploy/nginx):   {attack(proxy, seconds)}")
    finally:
        stop_all()
    print(machine_line(meter))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
