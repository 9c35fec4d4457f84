"""`marsad serve`: the dashboard and REST API over a database, with uvicorn."""
from __future__ import annotations

import argparse
import ipaddress
import os
import secrets
import sys


def register(subparsers) -> None:
    p = subparsers.add_parser("serve", help="web dashboard and REST API over a database (works offline)")
    p.add_argument("--db", default=None, metavar="URL",
                   help="database: a SQLite file or URL, or postgresql://... (default: $MARSAD_DB or ./marsad.db)")
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1, this machine only)")
    p.add_argument("--port", type=int, default=8000)
    p.add_argument("--allow-ingest", action="store_true",
                   help="accept uploads at POST /api/ingest (needs a bearer token)")
    p.add_argument("--token", default=None,
                   help="bearer token for POST /api/ingest (default: $MARSAD_TOKEN, else a random one is printed)")
    p.add_argument("--workers", type=int, default=1, help=argparse.SUPPRESS)
    p.add_argument("--log-level", default="warning", choices=["critical", "error", "warning", "info", "debug"])
    p.set_defaults(func=cmd_serve)


def _is_loopback(host: str) -> bool:
    if host in ("localhost",):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def cmd_serve(args) -> int:
    try:
        import uvicorn
    except ImportError:
        print("marsad serve needs: pip install fastapi uvicorn jinja2 python-multipart", file=sys.stderr)
        return 2
    from .app import create_app

    token = args.token or os.environ.get("MARSAD_TOKEN")
    if args.allow_ingest and not token:
        token = secrets.token_urlsafe(24)
        print(f"marsad serve: ingest token: {token}", file=sys.stderr)
    if not _is_loopback(args.host):
        print(f"marsad serve: listening on {args.host}: the dashboard has no login; anyone who can reach "
              "this address can read the database", file=sys.stderr)
    app = create_app(args.db, allow_ingest=args.allow_ingest, token=token)
    print(f"marsad serve: http://{args.host}:{args.port}/  (API: /openapi.json)", file=sys.stderr)
    uvicorn.run(app, host=args.host, port=args.port, log_level=args.log_level, access_log=False,
                server_header=False)
    return 0
