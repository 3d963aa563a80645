"""What a gunicorn master does once, before it forks its workers (`preload_app`, webapp/serving/gunicorn.py).

Workers are replaced every thousand requests or so (`max_requests`). Without preloading, each new worker imported
the app, loaded and checked the rules, compiled the templates and read the translation catalogues before it could
answer: with a new worker for every request, a request took 194 ms instead of 67 ms with the bundled rules, and a
thousand programmes would add seconds to every replacement. Done once in the master, all of that is inherited by
every worker at fork, and garbage collection is told to leave it alone (gc.freeze), so that no collection in a
worker touches, and so copies, the pages it shares with the master.

A worker still looks for rule edits itself, every RELOAD_INTERVAL seconds, and loads them in its own background
thread (webapp/rulebook/store.py): what it inherited is only its starting point. A worker forked after an edit (the
master never reloads) loads the edited files before it answers (`worker_started`), as a worker started afresh did.
"""

from __future__ import annotations

import gc
import signal

from flask import Flask

from webapp.rulebook import store
from webapp.rulebook.localise import LANGUAGES


def warm_up(app: Flask) -> None:
    """Load the rules, compile every template and open every language's catalogue in this process, then freeze
    what is alive for the workers forked from it. Another app run with the same settings (bench/minimal_app.py) is
    only frozen."""
    rules = _store(app)
    if rules is not None:
        rules.current()  # the first load, here rather than at each worker's first request
        for name in app.jinja_env.list_templates():
            app.jinja_env.get_template(name)
        client = app.test_client()
        for lang in LANGUAGES:  # the form in each language: its catalogue, the questionnaire's texts, the form class
            client.get("/", query_string={"lang": lang})
        # No thread may run at fork: a worker would inherit its lock held, with no thread left to release it.
        rules.wait_for_reload()
    gc.collect()
    gc.freeze()


def worker_started(app: Flask) -> None:
    """In a worker, once forked: catch up with rule edits made since the master loaded them."""
    rules = _store(app)
    if rules is not None:
        rules.catch_up()


STOP_SIGNALS = (signal.SIGTERM, signal.SIGINT, signal.SIGQUIT)


def worker_forked(server, worker) -> None:
    """In a worker just forked, before gunicorn sets up its signal handling: a stop that came first is not lost.

    Until the worker installs its own handlers (Worker.init_signals), a signal to it runs the handler it inherited from
    the master, which only queues the signal in the worker's copy of the master's queue. A stop sent to a worker that
    was starting (or pending in the master when it forked) was lost that way: the worker served on until the master
    killed it at `graceful_timeout`, and stopping the server took 20 seconds instead of a fraction of one. Here the
    worker takes the stop signals itself, then looks in its copy of the queue for one that came before; either way it
    finishes starting and leaves before serving (gunicorn's worker loop runs while `worker.alive`)."""

    def stop(_signum, _frame):
        worker.alive = False

    for signum in STOP_SIGNALS:  # first, so that no stop falls between the look below and these handlers
        signal.signal(signum, stop)
    if _stop_queued(getattr(server, "SIG_QUEUE", None)):
        worker.alive = False


def _stop_queued(signals) -> bool:
    """Whether the worker's copy of the master's signal queue holds a stop signal; empties it (it is the master's,
    and this process never reads it)."""
    if signals is None:
        return False
    found = False
    while not signals.empty():
        found = signals.get_nowait() in STOP_SIGNALS or found
    return found


def _store(app) -> store.RuleStore | None:
    """The checker's rule store; None for another app run with the same settings."""
    return app.extensions.get(store.EXTENSION) if isinstance(app, Flask) else None
