"""WARC and WARC.gz input: HTML responses of a web crawl to `Article`s.

Each HTML response record goes through the same HTML reader as a saved page
(`marsad.ingest.article_from_html`), so a page reads the same from a crawl as from disk.
Requests, metadata, redirects, error pages and non-HTML payloads are not articles and are passed
over silently; an HTML page without readable text, or an unreadable file, becomes a `Skip`.

Records can be read from a byte range (`start`, `stop`), which is how a cluster splits one
large crawl file between workers: `index_warc` lists where the records begin.
A `.warc.gz` must be gzipped record by record (as crawlers write it) for ranges to work.
"""
from __future__ import annotations

import re
from datetime import date
from typing import IO, Iterator

from ..ingest import MAX_ARTICLE_BYTES, Article, Skip, article_from_html

WARC_SUFFIXES = (".warc", ".warc.gz")
_HTML_TYPES = ("text/html", "application/xhtml+xml")
_CHARSET_RE = re.compile(r"charset\s*=\s*[\"']?([A-Za-z0-9_\-]+)", re.I)


def is_warc(path: str) -> bool:
    return str(path).lower().endswith(WARC_SUFFIXES)


def open_binary(path: str) -> IO[bytes]:
    """A seekable binary stream of a local file or any fsspec URL (no decompression here)."""
    if "://" in path and not path.startswith("file://"):
        import fsspec

        return fsspec.open(path, "rb").open()
    return open(path.removeprefix("file://"), "rb")


def _is_html_response(record) -> bool:
    if record.rec_type not in ("response", "resource"):
        return False
    if record.rec_type == "response":
        if record.http_headers is None:
            return False
        status = record.http_headers.get_statuscode() or ""
        if not status.startswith("2"):
            return False
        ctype = record.http_headers.get_header("Content-Type") or ""
    else:
        ctype = record.rec_headers.get_header("Content-Type") or ""
    return ctype.split(";")[0].strip().lower() in _HTML_TYPES


def _declared(record) -> str | None:
    ctype = ""
    if record.http_headers is not None:
        ctype = record.http_headers.get_header("Content-Type") or ""
    m = _CHARSET_RE.search(ctype)
    return m.group(1) if m else None


def index_warc(path: str) -> list[tuple[int, bool]]:
    """(byte offset, is an HTML page) of every record, in file order. Raises on a broken file."""
    from warcio.archiveiterator import ArchiveIterator

    out: list[tuple[int, bool]] = []
    with open_binary(path) as fh:
        it = ArchiveIterator(fh)
        for record in it:
            out.append((it.offset, _is_html_response(record)))
    return out


def read_warc(path: str, published: date | None = None, start: int = 0, stop: int | None = None,
              *, max_bytes: int = MAX_ARTICLE_BYTES) -> Iterator[Article | Skip]:
    """Articles of the HTML responses whose records begin in [start, stop) (stop None: to the end).

    An article's `path` is "FILE@OFFSET" (the record's byte offset); its url falls back to the
    record's target URI, and the crawl time is kept in `extra["crawled"]`.
    """
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    from ..ingest.readers import _Bad, _declared_charset, decode_bytes

    try:
        fh = open_binary(path)
    except (OSError, ValueError) as e:
        yield Skip(path, f"unreadable: {getattr(e, 'strerror', None) or e}")
        return
    with fh:
        try:
            if start:
                fh.seek(start)
            it = ArchiveIterator(fh)
            for record in it:
                offset = it.offset        # where this record begins (read before its content)
                if stop is not None and offset >= stop:
                    break
                if not _is_html_response(record):
                    continue
                label = f"{path}@{offset}"
                data = record.content_stream().read(max_bytes + 1)
                if len(data) > max_bytes:
                    yield Skip(label, f"too large (> {max_bytes / 1024 / 1024:.1f} MB)")
                    continue
                if not data.strip():
                    yield Skip(label, "empty response")
                    continue
                try:
                    html = decode_bytes(data, _declared(record) or _declared_charset(data))
                except _Bad as e:
                    yield Skip(label, str(e))
                    continue
                item = article_from_html(html, label, published)
                if isinstance(item, Article):
                    uri = record.rec_headers.get_header("WARC-Target-URI")
                    if not item.url and uri:
                        item.url = uri
                    crawled = record.rec_headers.get_header("WARC-Date")
                    if crawled:
                        item.extra["crawled"] = crawled
                yield item
        except (ArchiveLoadFailed, OSError, EOFError, ValueError) as e:
            yield Skip(path, f"broken WARC: {e}")
