"""Dashboard and REST API: `marsad serve` (see `app.create_app`)."""
from __future__ import annotations


def create_app(*args, **kwargs):
    from .app import create_app as _create

    return _create(*args, **kwargs)


__all__ = ["create_app"]
