"""gunicorn settings read by scripts/serve (the command line sets bind, workers and threads)."""

import gunicorn.http.wsgi

# No "Server: gunicorn" banner: it tells a visitor which software (and so which flaws) to try.
# gunicorn has no setting for it; its responses take the name from this module attribute.
gunicorn.http.wsgi.SERVER = "kefu"
