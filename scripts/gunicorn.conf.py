"""gunicorn settings read by scripts/serve (the command line sets bind, workers and threads)."""

import ctypes
import signal

import gunicorn.http.wsgi

# No "Server: gunicorn" banner: it tells a visitor which software (and so which flaws) to try.
# gunicorn has no setting for it; its responses take the name from this module attribute.
gunicorn.http.wsgi.SERVER = "kefu"

_PR_SET_PDEATHSIG = 1  # linux/prctl.h


def post_fork(server, worker):
    """A worker ends when its master does, even a master killed outright: a sync worker looks for
    its master only when idle (every half timeout), and meanwhile keeps the port from the master
    scripts/serve starts again (guards/tests/test_serve.py)."""
    try:
        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGTERM)
    except (OSError, AttributeError):  # not Linux: the worker's own idle check remains
        pass
