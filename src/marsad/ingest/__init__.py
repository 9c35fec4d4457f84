"""Ingest: any source (page dumps, JSON lines, HTML, directories, stdin) to `Article`s.

    for item in read_inputs(["news/", "feed.jsonl.gz", "-"]):
        if isinstance(item, Skip):
            print("skipped", item)
        else:
            print(item.id, item.title, item.published)
"""
from .article import Article, Skip, article_id
from .cleanup import clean_text, normalize_storage, parse_date, parse_date_line, parse_page
from .readers import (
    MAX_ARTICLE_BYTES,
    article_from_html,
    article_from_page,
    article_from_record,
    decode_bytes,
    read_file,
    read_inputs,
    read_stdin,
)

__all__ = [
    "Article", "Skip", "article_id", "clean_text", "normalize_storage", "parse_date",
    "parse_date_line", "parse_page", "MAX_ARTICLE_BYTES", "article_from_html", "article_from_page",
    "article_from_record", "decode_bytes", "read_file", "read_inputs", "read_stdin",
]
