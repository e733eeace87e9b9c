"""gunicorn settings for MissingHub: `gunicorn --config python:missinghub.operations.gunicorn_conf
missinghub.wsgi:application` (deploy/systemd/missinghub-web.service runs exactly that).

Access log lines are JSON with the path only, never the query string: a search for a child by
name puts the name in the query string, and it must not reach a log file.
"""

import os

bind = os.environ.get("MISSINGHUB_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", "3"))
threads = int(os.environ.get("MISSINGHUB_THREADS", "1"))
timeout = 60
graceful_timeout = 30
keepalive = 5
# Restart each worker now and then, so no slow leak lives long.
max_requests = 2000
max_requests_jitter = 200
# Only the reverse proxy on this host may say the request came over HTTPS.
forwarded_allow_ips = os.environ.get("MISSINGHUB_PROXY_IPS", "127.0.0.1")
proxy_allow_ips = forwarded_allow_ips
accesslog = "-"
errorlog = "-"
loglevel = os.environ.get("LOG_LEVEL", "INFO").lower()
# %(U)s is the path without the query string; %({x-request-id}o)s the ID Django sent back.
access_log_format = (
    '{"time": "%(t)s", "level": "INFO", "logger": "gunicorn.access", '
    '"request_id": "%({x-request-id}o)s", "method": "%(m)s", "path": "%(U)s", '
    '"status": %(s)s, "bytes": "%(B)s", "duration_ms": %(M)s}'
)
