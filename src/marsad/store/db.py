"""Database URLs, engines and versioned migrations.

`resolve_url(None)` gives `MARSAD_DB` or `sqlite:///marsad.db` in the current directory; a plain
path is a SQLite file; `postgresql://` and `postgres://` URLs are driven by psycopg 3.
Migrations are ordered functions; `schema_version` holds one row per applied version.
"""
from __future__ import annotations

import os
from datetime import datetime, timezone
from pathlib import Path
from typing import Callable

from sqlalchemy import create_engine, event, inspect, select
from sqlalchemy.engine import Connection, Engine

from . import schema

DEFAULT_DB = "marsad.db"


def resolve_url(url: str | os.PathLike | None = None) -> str:
    url = os.fspath(url) if url is not None else os.environ.get("MARSAD_DB") or DEFAULT_DB
    if "://" not in url:
        return "sqlite:///" + str(Path(url).expanduser().resolve())
    for prefix in ("postgresql://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix):]
    return url


def make_engine(url: str | None = None) -> Engine:
    url = resolve_url(url)
    if url.startswith("postgresql"):
        try:
            import psycopg  # noqa: F401
        except ImportError as exc:  # pragma: no cover - depends on the environment
            raise RuntimeError(
                "PostgreSQL needs the psycopg driver: pip install 'psycopg[binary]'") from exc
        return create_engine(url, pool_pre_ping=True)
    engine = create_engine(url, connect_args={"timeout": 60})
    if url.startswith("sqlite"):
        event.listen(engine, "connect", _sqlite_pragmas)
        event.listen(engine, "begin", _sqlite_begin)
    return engine


def _sqlite_begin(conn) -> None:
    # explicit BEGIN so that a whole article (and DDL) is one transaction
    conn.exec_driver_sql("BEGIN")


def _sqlite_pragmas(dbapi_conn, _record) -> None:
    dbapi_conn.isolation_level = None  # transactions are opened by _sqlite_begin
    cur = dbapi_conn.cursor()
    # WAL: a killed writer leaves the last committed state; readers do not block the writer.
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA busy_timeout=60000")
    cur.close()


def _v1_initial(conn: Connection) -> None:
    schema.metadata.create_all(conn, checkfirst=True)


# Ordered: index i holds the step that brings the database to version i + 1.
MIGRATIONS: list[Callable[[Connection], None]] = [_v1_initial]


def current_version(conn: Connection) -> int:
    if not inspect(conn).has_table("schema_version"):
        return 0
    v = conn.execute(select(schema.schema_version.c.version)
                     .order_by(schema.schema_version.c.version.desc()).limit(1)).scalar()
    return int(v or 0)


def migrate(engine: Engine) -> int:
    """Bring the database to the newest version; returns it. Each step is one transaction."""
    with engine.begin() as conn:
        if engine.dialect.name == "postgresql":
            # one migrator at a time when several processes open the same new database
            conn.exec_driver_sql("SELECT pg_advisory_xact_lock(7314001)")
        version = current_version(conn)
        for target in range(version + 1, len(MIGRATIONS) + 1):
            MIGRATIONS[target - 1](conn)
            conn.execute(schema.schema_version.insert().values(
                version=target, applied_at=datetime.now(timezone.utc)))
            version = target
    return version
