"""gunicorn settings for production: ``gunicorn -c python:config.gunicorn config.wsgi``.

Bind address and workers come from the command line or GUNICORN_CMD_ARGS. The request
limits sit above the application's own (PMS_MAX_URL_LENGTH, PMS_MAX_BODY_BYTES), so
that a long URL is answered by the application, in the MOSIP envelope, rather than by
gunicorn's HTML 414/431 pages. Lines beyond 8190 bytes (gunicorn's maximum) and header
fields beyond 16 KB are still gunicorn's to refuse: cap them at the reverse proxy
(README, "Running in production").
"""

limit_request_line = 8190
limit_request_field_size = 16384
limit_request_fields = 100
accesslog = "-"
# The access log names paths, and some MOSIP paths carry API or license keys (kernel.logging).
logger_class = "kernel.logging.RedactingGunicornLogger"
