# Practice as one image: the web app (default) or the reminders job (`reminders` argument).
# Build: docker build -t practice .   Run the whole stack: docker compose up (compose.yaml).
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1 \
    PRACTICE_ENV=production
WORKDIR /app

# Dependencies first, so a change to the code does not reinstall them.
COPY pyproject.toml README.md ./
COPY practice/__init__.py practice/__init__.py
RUN pip install --upgrade pip && pip install '.[postgres,redis]' && pip uninstall -y practice

COPY . .
RUN pip install --no-deps . && useradd --create-home --uid 10001 practice \
    && mkdir -p instance && chown practice instance
USER practice

EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=5s \
  CMD python -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/healthz')"
ENTRYPOINT ["deploy/entrypoint.sh"]
CMD ["web"]
