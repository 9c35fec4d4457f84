"""Readers: files, directories and stdin to `Article`s, with a `Skip` for every bad input.

Formats are chosen by extension: page dumps (.txt), JSON lines (.jsonl, .ndjson, .json, also
gzip/bz2/xz-compressed), HTML (.html, .htm). Stdin is sniffed. Nothing here raises on bad data:
an unreadable, binary, undecodable, empty, oversized or malformed input becomes a `Skip`.
"""
from __future__ import annotations

import bz2
import gzip
import io
import json
import lzma
import os
import re
import sys
import zlib
from datetime import date
from typing import IO, Any, Callable, Iterator

from .article import Article, Skip
from .cleanup import PageParts, clean_inline, clean_lines, filter_body, normalize_storage, parse_date, parse_page

MAX_ARTICLE_BYTES = 20 * 1024 * 1024
# A JSON array is parsed whole, so it gets a ceiling of its own; JSONL streams without one.
MAX_JSON_ARRAY_BYTES = 512 * 1024 * 1024
_HEAD_BYTES = 1 << 20

_COMPRESSED: dict[str, Callable[..., IO[bytes]]] = {".gz": gzip.open, ".bz2": bz2.open, ".xz": lzma.open}
_JSON_EXT = (".jsonl", ".ndjson", ".json")
_PAGE_EXT = (".txt", ".text")
_HTML_EXT = (".html", ".htm", ".xhtml")
_ALL_EXT = _JSON_EXT + tuple(j + c for j in _JSON_EXT for c in _COMPRESSED) + _PAGE_EXT + _HTML_EXT

STDIN_LABEL = "<stdin>"


class _Bad(Exception):
    """An input that becomes a Skip with this message."""


def _size_mb(n: int) -> str:
    return f"{n / 1024 / 1024:.1f} MB"


# ---------------------------------------------------------------------------------------------
# Decoding

_ARABIC_RE = re.compile("[\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufefc]")


def _mostly_arabic(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    if not letters:
        return False
    arabic = sum(1 for c in letters if _ARABIC_RE.match(c))
    return arabic / len(letters) >= 0.6


def _control_ratio(text: str) -> float:
    if not text:
        return 0.0
    bad = sum(1 for c in text if (c < " " and c not in "\n\r\t\f") or "\x7f" <= c <= "\x9f")
    return bad / len(text)


def decode_bytes(data: bytes, declared: str | None = None) -> str:
    """Bytes to text: UTF-8 (with or without BOM), UTF-16/32 with BOM, a declared charset, then
    Windows-1256 when that yields mostly Arabic letters. Raises `_Bad` otherwise."""
    if data.startswith(b"\xef\xbb\xbf"):
        encodings = ["utf-8-sig"]
    elif data.startswith((b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")):
        encodings = ["utf-32"]
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        encodings = ["utf-16"]
    else:
        if b"\x00" in data:
            raise _Bad("binary file (NUL bytes)")
        encodings = ["utf-8"]
        if declared and declared.lower().replace("_", "-") not in ("utf-8", "utf8"):
            encodings.append(declared)
    for enc in encodings:
        try:
            text = data.decode(enc)
        except (UnicodeDecodeError, LookupError):
            continue
        if _control_ratio(text) > 0.01:
            raise _Bad("binary file (control characters)")
        return text
    if not data.startswith((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")):
        text = data.decode("cp1256", errors="replace")
        if _mostly_arabic(text) and _control_ratio(text) <= 0.01:
            return text
    raise _Bad("undecodable (not UTF-8, UTF-16 with BOM, or Arabic Windows-1256)")


_META_CHARSET_RE = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-]+)""", re.I)


def _declared_charset(data: bytes) -> str | None:
    m = _META_CHARSET_RE.search(data[:4096])
    return m.group(1).decode("ascii") if m else None


# ---------------------------------------------------------------------------------------------
# Records, pages and HTML to Articles

_TEXT_KEYS = ("text", "body", "content")
_DATE_KEYS = ("published", "date", "pub_date", "published_at", "publish_date", "datetime")
_SOURCE_KEYS = ("source", "outlet", "sitename", "publisher")
_URL_KEYS = ("url", "link")
_TITLE_KEYS = ("title", "headline")


def _first_key(obj: dict[str, Any], keys: tuple[str, ...]) -> str | None:
    return next((k for k in keys if obj.get(k) not in (None, "")), None)


def article_from_record(obj: dict[str, Any], path: str, published: date | None = None) -> Article | Skip:
    """A JSON object with `text` (and optional id, title, date/published, url, source/outlet)."""
    if not isinstance(obj, dict):
        return Skip(path, f"not a JSON object ({type(obj).__name__})")
    text_key = _first_key(obj, _TEXT_KEYS)
    if text_key is None:
        return Skip(path, "no text")
    raw = obj[text_key]
    if not isinstance(raw, str):
        return Skip(path, f"'{text_key}' is not a string ({type(raw).__name__})")
    text = "\n".join(clean_lines(raw))
    if not text:
        return Skip(path, "empty text")
    used = {text_key, "id"}
    title_key = _first_key(obj, _TITLE_KEYS)
    url_key = _first_key(obj, _URL_KEYS)
    source_key = _first_key(obj, _SOURCE_KEYS)
    source = obj.get(source_key) if source_key else None
    if isinstance(source, dict):  # {"name": ..., "id": ...} as some news APIs give it
        source = source.get("name")
    found_date = None
    for key in _DATE_KEYS:
        if obj.get(key) not in (None, ""):
            found_date = parse_date(obj[key])
            if found_date:
                used.add(key)
                break
    used.update(k for k in (title_key, url_key, source_key) if k)
    source_id = obj.get("id")
    return Article(
        source_id=None if source_id in (None, "") else str(source_id),
        title=clean_inline(obj.get(title_key)) if title_key else None,
        published=published or found_date,
        source=clean_inline(source),
        url=clean_inline(obj.get(url_key)) if url_key else None,
        text=text,
        path=path,
        extra={k: v for k, v in obj.items() if k not in used},
    )


def article_from_page(raw: str, path: str, published: date | None = None) -> Article | Skip:
    """A raw page dump (title, date line, caption, buttons, body) as plain text."""
    parts: PageParts = parse_page(raw)
    if not parts.body:
        return Skip(path, "empty text" if not parts.title else "no body text below the title")
    extra: dict[str, Any] = {}
    if parts.captions:
        extra["caption"] = "\n".join(parts.captions)
    if parts.header:
        extra["header"] = parts.header
    return Article(title=parts.title, published=published or parts.published, text=parts.text,
                   path=path, extra=extra)


_TAG_RE = re.compile(r"<!--.*?-->|</?[A-Za-z][A-Za-z0-9:-]*(?:\s[^<>]*)?/?>", re.S)


def _html_fallback(html: str) -> tuple[str, dict[str, Any]]:
    """Paragraph text and basic metadata straight from the tree, when the extractor finds nothing."""
    import lxml.html

    try:
        tree = lxml.html.document_fromstring(html)
    except Exception:  # lxml raises several types on junk
        return "", {}
    meta: dict[str, Any] = {}
    for el in tree.iter("meta"):
        key = (el.get("property") or el.get("name") or "").lower()
        value = el.get("content")
        if not value:
            continue
        if key in ("og:title", "twitter:title") and "title" not in meta:
            meta["title"] = value
        elif key in ("article:published_time", "date", "pubdate", "og:pubdate") and "date" not in meta:
            meta["date"] = value
        elif key == "og:site_name":
            meta["sitename"] = value
        elif key == "og:url":
            meta["url"] = value
    if "title" not in meta:
        t = tree.find(".//title")
        if t is not None and t.text_content().strip():
            meta["title"] = t.text_content()
    for bad in tree.xpath("//script|//style|//noscript|//template|//iframe|//object|//svg|"
                          "//nav|//header|//footer|//aside|//form|//button"):
        bad.drop_tree()
    blocks = [el.text_content() for el in tree.iter("p", "h2", "h3", "h4", "li", "blockquote", "pre")]
    text = "\n".join(blocks) if any(b.strip() for b in blocks) else tree.text_content()
    return text, meta


def article_from_html(html: str, path: str, published: date | None = None) -> Article | Skip:
    """Main text and metadata of an HTML page. The page is only parsed, never run."""
    import trafilatura

    meta: dict[str, Any] = {}
    text = ""
    try:
        doc = trafilatura.bare_extraction(
            html, with_metadata=True, include_comments=False, include_images=False,
            include_links=False, include_tables=True, deduplicate=False,
        )
    except Exception:  # the extractor is third-party; a crash on one page must not stop the run
        doc = None
    if doc is not None:
        meta = {k: getattr(doc, k, None) for k in ("title", "date", "url", "sitename", "hostname",
                                                   "author", "description")}
        text = getattr(doc, "text", None) or ""
    if not text.strip():
        text, fallback_meta = _html_fallback(html)
        for k, v in fallback_meta.items():
            meta[k] = meta.get(k) or v
    text = _TAG_RE.sub(" ", text)
    title = clean_inline(meta.get("title"))
    lines = clean_lines(text)
    if title:
        while lines and _same_line(lines[0], title):
            lines.pop(0)
    body = filter_body(lines)
    if not body:
        return Skip(path, "empty text")
    extra = {k: clean_inline(meta[k]) for k in ("hostname", "author", "description") if meta.get(k)}
    return Article(title=title, published=published or parse_date(meta.get("date")),
                   source=clean_inline(meta.get("sitename")), url=clean_inline(meta.get("url")),
                   text="\n".join(body), path=path, extra=extra)


def _same_line(a: str, b: str) -> bool:
    from marsad.text.normalize import fold

    return fold(a) == fold(b)


# ---------------------------------------------------------------------------------------------
# Streams


class _Prefixed(io.RawIOBase):
    """Bytes already read (`head`) followed by the rest of a stream, as one raw stream."""

    def __init__(self, head: bytes, rest: IO[bytes] | None):
        self._head = memoryview(head)
        self._rest = rest

    def readable(self) -> bool:
        return True

    def readinto(self, buf) -> int:  # type: ignore[override]
        if len(self._head):
            n = min(len(buf), len(self._head))
            buf[:n] = self._head[:n]
            self._head = self._head[n:]
            return n
        if self._rest is None:
            return 0
        data = self._rest.read(len(buf))
        if not data:
            return 0
        buf[: len(data)] = data
        return len(data)


def _read_head(stream: IO[bytes], n: int) -> tuple[bytes, bool]:
    """Up to n bytes, and whether the stream ended within them."""
    chunks, got = [], 0
    while got < n:
        chunk = stream.read(n - got)
        if not chunk:
            return b"".join(chunks), True
        chunks.append(chunk)
        got += len(chunk)
    return b"".join(chunks), False


def _decode_line(line: bytes, first: bool) -> str:
    if first and line.startswith(b"\xef\xbb\xbf"):
        line = line[3:]
    if b"\x00" in line:
        raise _Bad("binary data (NUL bytes)")
    try:
        return line.decode("utf-8")
    except UnicodeDecodeError:
        text = line.decode("cp1256", errors="replace")
        if _mostly_arabic(text):
            return text
        raise _Bad("undecodable line (not UTF-8)") from None


def _json_lines(stream: IO[bytes], label: str, published: date | None,
                max_bytes: int) -> Iterator[Article | Skip]:
    """Stream JSON lines; every bad line is a Skip and reading goes on."""
    lineno = 0
    while True:
        try:
            line = stream.readline(max_bytes + 1)
        except (OSError, EOFError, zlib.error, lzma.LZMAError, ValueError) as e:
            yield Skip(f"{label}:{lineno + 1}", f"read error: {e}")
            return
        if not line:
            return
        lineno += 1
        where = f"{label}:{lineno}"
        if len(line) > max_bytes and not line.endswith(b"\n"):
            try:  # drain the rest of the oversized line without keeping it
                while (part := stream.readline(1 << 20)) and not part.endswith(b"\n"):
                    pass
            except (OSError, EOFError, zlib.error, lzma.LZMAError, ValueError) as e:
                yield Skip(where, f"read error: {e}")
                return
            yield Skip(where, f"too large (> {_size_mb(max_bytes)})")
            continue
        if not line.strip():
            continue
        try:
            obj = json.loads(_decode_line(line, lineno == 1))
        except _Bad as e:
            yield Skip(where, str(e))
            continue
        except json.JSONDecodeError as e:
            yield Skip(where, f"malformed JSON: {e.msg} at column {e.colno}")
            continue
        except RecursionError:
            yield Skip(where, "malformed JSON: nested too deeply")
            continue
        yield article_from_record(obj, where, published)


def _json_document(data: bytes, label: str, published: date | None) -> Iterator[Article | Skip] | None:
    """A whole JSON document (one object or an array of objects), or None when it is not one."""
    try:
        value = json.loads(decode_bytes(data))
    except (json.JSONDecodeError, _Bad, RecursionError):
        return None
    if isinstance(value, dict):
        return iter([article_from_record(value, f"{label}:1", published)])
    if isinstance(value, list):
        return (article_from_record(v, f"{label}[{i}]", published) for i, v in enumerate(value))
    return iter([Skip(label, f"not a JSON object or array ({type(value).__name__})")])


def _read_json(stream: IO[bytes], label: str, published: date | None,
               max_bytes: int) -> Iterator[Article | Skip]:
    head, ended = _read_head(stream, min(_HEAD_BYTES, max_bytes + 1))
    if not head.strip():
        yield Skip(label, "empty file")
        return
    if head.startswith((b"\xff\xfe", b"\xfe\xff")) or b"\x00" in head[:4096]:
        # UTF-16 JSON (rare) is read whole; NUL bytes in a UTF-8 file mean binary data.
        if not head.startswith((b"\xff\xfe", b"\xfe\xff")):
            yield Skip(label, "binary file (NUL bytes)")
            return
        rest = b"" if ended else stream.read(MAX_JSON_ARRAY_BYTES)
        try:
            text = decode_bytes(head + rest)
        except _Bad as e:
            yield Skip(label, str(e))
            return
        yield from _json_text_lines(text, label, published, max_bytes)
        return
    if ended:
        whole = _json_document(head, label, published)
        if whole is not None:
            yield from whole
            return
    elif head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"["):
        rest = stream.read(MAX_JSON_ARRAY_BYTES)
        if stream.read(1):
            yield Skip(label, f"JSON array too large (> {_size_mb(MAX_JSON_ARRAY_BYTES)}); use JSONL")
            return
        whole = _json_document(head + rest, label, published)
        yield from whole if whole is not None else iter([Skip(label, "malformed JSON array")])
        return
    buffered = io.BufferedReader(_Prefixed(head, None if ended else stream), buffer_size=1 << 20)
    yield from _json_lines(buffered, label, published, max_bytes)


def _json_text_lines(text: str, label: str, published: date | None,
                     max_bytes: int) -> Iterator[Article | Skip]:
    try:
        value = json.loads(text)
        if isinstance(value, (dict, list)):
            yield from _json_document(text.encode("utf-8"), label, published) or ()
            return
    except (json.JSONDecodeError, RecursionError):
        pass
    yield from _json_lines(io.BytesIO(text.encode("utf-8")), label, published, max_bytes)


# ---------------------------------------------------------------------------------------------
# Files, directories, stdin


_WARC_EXT = (".warc", ".warc.gz")


def _kind(name: str) -> str | None:
    low = name.lower()
    if low.endswith(_WARC_EXT):
        return "warc"
    for ext in _JSON_EXT:
        if low.endswith(ext) or any(low.endswith(ext + c) for c in _COMPRESSED):
            return "json"
    if low.endswith(_PAGE_EXT):
        return "page"
    if low.endswith(_HTML_EXT):
        return "html"
    return None


def _read_small_file(path: str, max_bytes: int) -> bytes:
    try:
        size = os.path.getsize(path)
        if size > max_bytes:
            raise _Bad(f"too large ({_size_mb(size)} > {_size_mb(max_bytes)})")
        with open(path, "rb") as f:
            data = f.read(max_bytes + 1)
    except OSError as e:
        raise _Bad(f"unreadable: {e.strerror or e}") from None
    if len(data) > max_bytes:
        raise _Bad(f"too large (> {_size_mb(max_bytes)})")
    if not data.strip():
        raise _Bad("empty file")
    return data


def _read_document(data: bytes, kind: str, label: str, published: date | None) -> Article | Skip:
    try:
        text = decode_bytes(data, _declared_charset(data) if kind == "html" else None)
    except _Bad as e:
        return Skip(label, str(e))
    if not normalize_storage(text).strip():
        return Skip(label, "empty file")
    if kind == "html":
        return article_from_html(text, label, published)
    return article_from_page(text, label, published)


def read_file(path: str, published: date | None = None, *,
              max_bytes: int = MAX_ARTICLE_BYTES) -> Iterator[Article | Skip]:
    """Articles of one file, chosen by extension."""
    kind = _kind(os.path.basename(path))
    if kind is None:
        ext = os.path.splitext(path)[1]
        yield Skip(path, f"unknown extension {ext!r}" if ext else "no file extension")
        return
    if kind == "warc":
        try:   # web crawls (WARC) are read by the scale extra's reader (warcio)
            from ..scale.warc import read_warc
        except ImportError:
            yield Skip(path, "WARC input needs the scale extra: pip install 'marsad[scale]'")
            return
        yield from read_warc(path, published, max_bytes=max_bytes)
        return
    if kind == "json":
        opener = next((fn for c, fn in _COMPRESSED.items() if path.lower().endswith(c)), open)
        try:
            stream = opener(path, "rb")
        except OSError as e:
            yield Skip(path, f"unreadable: {e.strerror or e}")
            return
        with stream:
            try:
                yield from _read_json(stream, path, published, max_bytes)
            except (OSError, EOFError, zlib.error, lzma.LZMAError) as e:
                yield Skip(path, f"read error: {e}")
        return
    try:
        data = _read_small_file(path, max_bytes)
    except _Bad as e:
        yield Skip(path, str(e))
        return
    yield _read_document(data, kind, path, published)


def walk_files(directory: str) -> Iterator[str | Skip]:
    """Files under `directory` with a known extension, depth-first in sorted order; hidden ones skipped."""
    try:
        entries = sorted(os.scandir(directory), key=lambda e: e.name)
    except OSError as e:
        yield Skip(directory, f"unreadable directory: {e.strerror or e}")
        return
    for entry in entries:
        if entry.name.startswith("."):
            continue
        try:
            if entry.is_dir(follow_symlinks=False):
                yield from walk_files(entry.path)
            elif entry.is_file() and _kind(entry.name):
                yield entry.path
        except OSError as e:
            yield Skip(entry.path, f"unreadable: {e.strerror or e}")


_HTML_SNIFF_RE = re.compile(rb"^\s*(?:<!doctype\s+html|<html|<head|<body|<meta|<title|<article|<div|<p[\s>]|<!--)", re.I)


def sniff(head: bytes) -> str:
    """"json" when the first non-blank character is { or [, "html" for markup, else "page"."""
    probe = head[:4096]
    if probe.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            probe = probe.decode("utf-16", errors="ignore").encode("utf-8")
        except Exception:
            pass
    probe = probe.lstrip(b"\xef\xbb\xbf \t\r\n")
    if probe.startswith((b"{", b"[")):
        return "json"
    if _HTML_SNIFF_RE.match(probe) or re.search(rb"<html[\s>]|<body[\s>]", probe, re.I):
        return "html"
    return "page"


def read_stdin(stdin: IO[Any] | None = None, published: date | None = None, *,
               max_bytes: int = MAX_ARTICLE_BYTES) -> Iterator[Article | Skip]:
    """Articles from stdin (or a given stream, text or binary), format sniffed from its start."""
    stream: Any = stdin if stdin is not None else sys.stdin
    if stream is None:
        yield Skip(STDIN_LABEL, "no standard input")
        return
    stream = getattr(stream, "buffer", stream)
    try:
        first = stream.read(0)
        if isinstance(first, str):  # a text stream without a byte buffer (e.g. StringIO)
            stream = io.BytesIO(stream.read().encode("utf-8"))
        head, ended = _read_head(stream, min(_HEAD_BYTES, max_bytes + 1))
    except (OSError, ValueError) as e:
        yield Skip(STDIN_LABEL, f"unreadable: {e}")
        return
    if not head.strip():
        yield Skip(STDIN_LABEL, "empty input")
        return
    kind = sniff(head)
    if kind == "json":
        yield from _read_json(io.BufferedReader(_Prefixed(head, None if ended else stream)),
                              STDIN_LABEL, published, max_bytes)
        return
    data = head
    if not ended:
        rest = stream.read(max_bytes + 1 - len(head))
        data = head + rest
        if len(data) > max_bytes:
            yield Skip(STDIN_LABEL, f"too large (> {_size_mb(max_bytes)})")
            return
    yield _read_document(data, kind, STDIN_LABEL, published)


def read_inputs(paths: list[str], published: date | None = None, stdin: IO[Any] | None = None, *,
                max_bytes: int = MAX_ARTICLE_BYTES) -> Iterator[Article | Skip]:
    """Articles from files, directories (recursive, sorted, known extensions only) and "-" (stdin).

    `published` overrides the date of every article (and fills it where the input has none).
    Never raises on bad input: each bad file, line or record comes out as a `Skip`.
    """
    for path in paths:
        if path == "-":
            yield from read_stdin(stdin, published, max_bytes=max_bytes)
        elif os.path.isdir(path):
            found = False
            for file in walk_files(path):
                found = True
                if isinstance(file, Skip):
                    yield file
                else:
                    yield from read_file(file, published, max_bytes=max_bytes)
            if not found:
                yield Skip(path, "no readable files in directory")
        elif os.path.exists(path):
            yield from read_file(path, published, max_bytes=max_bytes)
        else:
            yield Skip(path, "not found")
