"""What an operator needs: Prometheus metrics, JSON logs with request ids, `flask db backup`."""

from __future__ import annotations

from flask import Flask

from practice.ops.backup import register_backup_command
from practice.ops.logs import register_request_ids
from practice.ops.metrics import register_metrics


def register_ops(app: Flask) -> None:
    register_request_ids(app)
    register_metrics(app)
    register_backup_command()
