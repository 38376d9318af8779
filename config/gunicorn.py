"""gunicorn settings for production: ``gunicorn -c python:config.gunicorn config.wsgi``.

Bind address and workers come from the command line or GUNICORN_CMD_ARGS. The request
limits sit above the application's own (PMS_MAX_URL_LENGTH, PMS_MAX_BODY_BYTES), so
that a long URL is answered by the application, in the MOSIP envelope, rather than by
gunicorn's HTML 414/431 pages. Lines beyond 8190 bytes (gunicorn's maximum) and header
fields beyond 16 KB are still gunicorn's to refuse: cap them at the reverse proxy
(docs/production.md).
"""

import environ

limit_request_line = 8190
limit_request_field_size = 16384
limit_request_fields = 100

# Sync workers serve one connection each, so gunicorn must sit behind the proxy of
# deploy/nginx.conf, which reads every request whole (slow headers and bodies cost nginx a
# connection, not us a worker) before passing it on. What is left here is the application's
# own time:
# - timeout: a worker silent this long is killed and replaced. 30 s is far above the slowest
#   legitimate request (a password hash, a certificate upload, an audit page) and below
#   nginx's proxy_read_timeout (35 s), so a stuck worker is replaced before nginx gives up.
#   Without the proxy it is also how long a client trickling its body holds a worker.
timeout = 30
# - graceful_timeout: on a restart or deploy (SIGHUP/SIGTERM) a worker may finish the
#   request it is serving for as long as a request may take at all.
graceful_timeout = 30
# - keepalive: the sync worker closes each connection after its answer (nginx keeps the
#   clients' connections open, keepalive_timeout there); this applies only if the worker
#   class is changed to gthread, where the only client is nginx on the loopback.
keepalive = 2

# X-Forwarded-Proto decides whether a request counts as HTTPS (secure cookies, the HTTPS
# redirect, CSRF's origin check). It is trusted only when PMS_BEHIND_TLS_PROXY says a TLS
# proxy sets it, read as config/settings.py reads it, and then only from that proxy on the
# loopback (or a unix socket, which gunicorn always trusts). Otherwise any client reaching
# gunicorn, from 127.0.0.1 too, could call itself HTTPS. A proxy on another host: pass its
# address with --forwarded-allow-ips on the command line.
if environ.Env().bool("PMS_BEHIND_TLS_PROXY", default=False):
    forwarded_allow_ips = "127.0.0.1"
    secure_scheme_headers = {"X-FORWARDED-PROTO": "https"}
else:
    forwarded_allow_ips = ""
    secure_scheme_headers: dict[str, str] = {}

accesslog = "-"
# The access log names paths, and some MOSIP paths carry API or license keys (kernel.logging).
logger_class = "kernel.logging.RedactingGunicornLogger"


def worker_exit(server, worker):
    """A stopping worker signs a checkpoint of its audit chain's last rows, so that they are
    witnessed without waiting for cron's ``audit_checkpoint`` (audit.chain)."""
    try:
        from audit.chain import checkpoint_writer

        checkpoint_writer()
    except Exception:  # a worker that never booted has no chain; stopping must not fail
        server.log.exception("could not checkpoint the worker's audit chain")
