"""bench/worker-memory's pure parts: who served what, from the access log with the worker's pid."""

import os

from bench.worker_memory_bench import LOG_FORMAT, private_mb, served


def test_requests_are_counted_per_worker_from_the_access_log(tmp_path):
    log = tmp_path / "app.log"
    log.write_text(
        "[2026-12-02 10:00:00 +0000] [101] [INFO] Booting worker with pid: 101\n"
        '<101> 127.0.0.1 "POST /api/v1/check HTTP/1.1" 200 812\n'
        '<102> 127.0.0.1 "GET /results?answers=[redacted] HTTP/1.1" 200 9000\n'
        '<101> 127.0.0.1 "GET /results.pdf?answers=[redacted] HTTP/1.1" 200 50000\n'
    )
    assert served(log) == {101: 2, 102: 1}


def test_the_log_format_starts_with_the_pid_gunicorn_writes_in_angle_brackets():
    assert LOG_FORMAT.startswith("%(p)s ")  # gunicorn's p atom is "<pid>" already


def test_private_memory_is_part_of_this_process_resident_memory():
    private = private_mb(os.getpid())
    assert private is not None and 1 < private < 2000
    assert private_mb(2**22 + 1) is None  # no such process
