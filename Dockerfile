# syntax=docker/dockerfile:1
# One image for all five Gongzhi services; the command picks which one runs:
#   gongzhi serve intake|routing|deliberation|notify|scoring
# Migrations (`gongzhi db upgrade`) and broker topology (`gongzhi bus declare`) are one-shot
# jobs run before a release, never on container start.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PIP_ROOT_USER_ACTION=ignore \
    GONGZHI_DISTRICT=/app/deploy/districts/xiguan

WORKDIR /app

# Pinned dependencies first, so this layer is rebuilt only when requirements.txt changes.
# psycopg2-binary and shapely come as manylinux wheels: no compiler needed.
COPY requirements.txt ./
RUN pip install -r requirements.txt

# Editable installs, as in development: Alembic finds services/<svc>/migrations next to the code.
# requirements.txt pins setuptools<81, which nameko's CLI needs; reuse it instead of an isolated
# build environment.
COPY pyproject.toml ./
COPY gongzhi/ gongzhi/
COPY services/ services/
COPY deploy/districts/ deploy/districts/
RUN pip install --no-deps --no-build-isolation \
        -e . \
        -e services/intake \
        -e services/routing \
        -e services/deliberation \
        -e services/notify \
        -e services/scoring

# Unprivileged, with a numeric id so Kubernetes' runAsNonRoot can check it. The code stays owned
# by root and read-only to the service; var/ is the only place it may write (SQLite fallback).
RUN groupadd --system --gid 10001 gongzhi \
    && useradd --system --uid 10001 --gid gongzhi --no-create-home --shell /usr/sbin/nologin gongzhi \
    && mkdir -p /app/var \
    && chown gongzhi:gongzhi /app/var
USER 10001:10001

# intake, routing, deliberation, notify, scoring: /metrics, /health/live, /health/ready
EXPOSE 8000 8001 8002 8003 8004

CMD ["gongzhi", "--help"]
