#!/bin/sh
# What the container (and an operator without one) runs. One argument names the job:
#   migrate    apply migrations and load the bundled bank (safe to run on every deploy)
#   web        migrate, then serve with gunicorn (deploy/gunicorn.conf.py)
#   reminders  send due email digests every REMINDER_EVERY seconds (default 300)
#   backup     SQLite only: copy the live database to BACKUP_DIR (default instance/backups)
# The test suite runs `migrate` and `web` (tests/web/test_deploy.py).
set -eu
cd "$(dirname "$0")/.."
FLASK="${FLASK:-flask}"
export FLASK_APP=wsgi
# Metrics from several processes are kept as files in this folder (practice/ops/metrics.py).
if [ -n "${PROMETHEUS_MULTIPROC_DIR:-}" ]; then mkdir -p "$PROMETHEUS_MULTIPROC_DIR"; fi

migrate() {
  "$FLASK" db upgrade
  "$FLASK" bank load "${PRACTICE_BANK_DIR:-content}"
}

case "${1:-web}" in
  migrate)
    migrate
    ;;
  web)
    migrate
    if [ -n "${PROMETHEUS_MULTIPROC_DIR:-}" ]; then
      # a fresh start: counts from an earlier run's workers would be added to this one's
      rm -rf "$PROMETHEUS_MULTIPROC_DIR" && mkdir -p "$PROMETHEUS_MULTIPROC_DIR"
    fi
    exec "${GUNICORN:-gunicorn}" -c deploy/gunicorn.conf.py wsgi:app
    ;;
  reminders)
    while true; do
      "$FLASK" reminders send || echo "reminders send failed; trying again next round" >&2
      sleep "${REMINDER_EVERY:-300}"
    done
    ;;
  backup)
    dir="${BACKUP_DIR:-instance/backups}"
    mkdir -p "$dir"
    "$FLASK" db backup "$dir/practice-$(date -u +%Y%m%dT%H%M%SZ).sqlite3"
    ;;
  *)
    echo "usage: deploy/entrypoint.sh migrate|web|reminders|backup" >&2
    exit 2
    ;;
esac
