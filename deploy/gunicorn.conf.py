"""Gunicorn settings for Practice (`gunicorn -c deploy/gunicorn.conf.py wsgi:app`).

Each setting can be changed from the environment: BIND (default 0.0.0.0:8000), WORKERS (4).
With PROMETHEUS_MULTIPROC_DIR set, a worker that exits has its metric files marked dead so a
scrape stops counting its gauges.
"""

import os

bind = os.environ.get("BIND", "0.0.0.0:8000")
workers = int(os.environ.get("WORKERS", "4"))
worker_class = "sync"
timeout = 30
graceful_timeout = 20
accesslog = "-"


def child_exit(server, worker):
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        multiprocess.mark_process_dead(worker.pid)
