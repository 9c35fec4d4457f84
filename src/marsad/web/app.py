"""The dashboard and REST API over a marsad database (FastAPI; OpenAPI document at /openapi.json).

`create_app(db)` builds the application; `marsad serve` runs it with uvicorn. Everything the pages
load (scripts, styles, the world outline) is served from the package: no page needs the internet.
Article text and titles are untrusted: templates escape everything, scripts only set textContent,
and a strict Content-Security-Policy forbids inline and foreign scripts. The API is read-only unless
the app is created with `allow_ingest=True` and a token.
"""
from __future__ import annotations

import csv
import hmac
import io
import json
import os
import tempfile
import threading
from datetime import date
from pathlib import Path
from typing import Any, Iterable
from urllib.parse import urlencode

import jinja2
from fastapi import FastAPI, File, HTTPException, Query, Request, UploadFile
from fastapi.responses import HTMLResponse, PlainTextResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.datastructures import MutableHeaders

from . import i18n
from . import queries as W

HERE = Path(__file__).resolve().parent
STATIC_DIR = HERE / "static"
TEMPLATE_DIR = HERE / "templates"

CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
       "connect-src 'self'; font-src 'self'; form-action 'self'; base-uri 'none'; "
       "frame-ancestors 'none'; object-src 'none'")
SECURITY_HEADERS = {
    "content-security-policy": CSP,
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
    "x-frame-options": "DENY",
    "cross-origin-opener-policy": "same-origin",
    "cross-origin-resource-policy": "same-origin",
    "permissions-policy": "camera=(), microphone=(), geolocation=()",
}
MAX_UPLOAD_BYTES = 50 * 1024 * 1024
UPLOAD_SUFFIXES = {".txt", ".jsonl", ".json", ".html", ".htm", ".ndjson"}


class SecurityHeaders:
    """ASGI middleware: the same protective headers on every response."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)

        async def send_with_headers(message):
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for k, v in SECURITY_HEADERS.items():
                    headers[k] = v
            await send(message)

        await self.app(scope, receive, send_with_headers)


# -- helpers -------------------------------------------------------------------------------------
def _safe_url(url: Any) -> str | None:
    """Only web links are made clickable (no javascript:, data: ...)."""
    if isinstance(url, str) and url.strip().lower().startswith(("http://", "https://")):
        return url.strip()
    return None


def _csv_cell(v: Any) -> Any:
    if isinstance(v, (dict, list)):
        v = json.dumps(v, ensure_ascii=False)
    if isinstance(v, str) and v[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + v          # a spreadsheet must not read a cell as a formula
    return v


def csv_response(rows: Iterable[dict], columns: list[str] | None = None, name: str = "data") -> Response:
    rows = list(rows)
    cols = columns or (list(rows[0]) if rows else ["id"])
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=cols, extrasaction="ignore")
    w.writeheader()
    for r in rows:
        w.writerow({k: _csv_cell(r.get(k)) for k in cols})
    return Response(buf.getvalue(), media_type="text/csv; charset=utf-8",
                    headers={"content-disposition": f'attachment; filename="{name}.csv"'})


def _date_param(v: str | None, name: str) -> str | None:
    if v is None or v == "":
        return None
    s = v.strip()
    try:
        if len(s) == 4:
            date(int(s), 1, 1)
        elif len(s) == 7:
            date(int(s[:4]), int(s[5:7]), 1)
        else:
            date.fromisoformat(s)
    except ValueError:
        raise HTTPException(400, f"{name}: not a YYYY[-MM[-DD]] date: {v!r}")
    return s


def _filters(actor=None, recipient=None, type=None, since=None, until=None, country=None,
             include_negated=False) -> dict:
    return {"actor": actor or None, "recipient": recipient or None, "type": type or None,
            "since": _date_param(since, "since"), "until": _date_param(until, "until"),
            "country": country or None, "include_negated": bool(include_negated)}


def _flat_event(ev: dict) -> dict:
    """One event as a flat table row (for CSV)."""
    att = ev.get("attributed_to")
    return {"id": ev["id"], "date": ev["date"], "event": ev["event"], "mode": ev.get("mode"),
            "cameo": ev.get("cameo"), "quad_code": ev.get("quad_code"),
            "actor": "; ".join(a["name"] for a in ev["actor"]),
            "actor_code": "; ".join(a.get("code") or "" for a in ev["actor"]),
            "recipient": "; ".join(a["name"] for a in ev["recipient"]),
            "recipient_code": "; ".join(a.get("code") or "" for a in ev["recipient"]),
            "negated": ev["negated"], "hedged": ev["hedged"],
            "attributed_to": (att.get("entity_text") or att.get("name")) if att else None,
            "place": ev.get("place"), "lat": ev.get("lat"), "lon": ev.get("lon"),
            "event_text": ev.get("event_text"), "article_id": ev["article_id"], "title": ev.get("title"),
            "source": ev.get("source"), "url": ev.get("url")}


# -- the application -----------------------------------------------------------------------------
def create_app(db: str | None = None, *, store=None, allow_ingest: bool = False,
               token: str | None = None) -> FastAPI:
    """The dashboard + API over the database `db` (a URL or SQLite path) or an open `store`."""
    if store is None:
        from ..api import connect

        store = connect(db)
    if allow_ingest and not token:
        raise ValueError("ingest needs a token")

    _warm(store)
    app = FastAPI(title="marsad", version="1", docs_url=None, redoc_url=None, openapi_url="/openapi.json",
                  description="Arabic news event data: articles, events, actors, quotes and answers "
                              "with evidence. JSON by default; `format=csv` where a table is asked for.")
    app.state.store = store
    app.add_middleware(SecurityHeaders)
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATE_DIR), autoescape=True,
                             undefined=jinja2.ChainableUndefined, trim_blocks=True, lstrip_blocks=True)
    env.filters["safe_url"] = _safe_url
    ask_lock = threading.Lock()
    ingest_lock = threading.Lock()

    def engine_conn():
        return store.engine.connect()

    def lang_of(request: Request) -> str:
        lang = request.query_params.get("lang") or request.cookies.get("marsad_lang")
        if lang in i18n.LANGS:
            return lang
        accept = (request.headers.get("accept-language") or "").lower()
        return "en" if accept.startswith("en") else "ar"

    def render(request: Request, name: str, status: int = 200, **ctx) -> HTMLResponse:
        lang = lang_of(request)
        other = "en" if lang == "ar" else "ar"
        params = dict(request.query_params)
        params["lang"] = other
        ctx.update(lang=lang, dir="rtl" if lang == "ar" else "ltr", t=i18n.t(lang), arrow="←" if lang == "ar" else "→",
                   ev_label=lambda e: i18n.event_label(e, lang), quad_label=lambda q: i18n.quad_label(q, lang),
                   switch_url=request.url.path + "?" + urlencode(params), path=request.url.path,
                   name_of=lambda e: (e or {}).get("name_en") if lang == "en" and (e or {}).get("name_en")
                   else (e or {}).get("name"))
        html = env.get_template(name).render(**ctx)
        resp = HTMLResponse(html, status_code=status)
        if request.query_params.get("lang") in i18n.LANGS:
            resp.set_cookie("marsad_lang", lang, max_age=365 * 86400, samesite="strict", httponly=True)
        return resp

    def js_words(lang: str) -> dict:
        t = i18n.t(lang)
        keys = ("negated", "hedged", "claimed", "according_to", "evidence", "open_article", "stories",
                "event_count", "loading", "empty_graph", "no_events", "located", "per_day", "per_month_note")
        return {"words": {k: t(k) for k in keys},
                "types": {k: i18n.event_label(k, lang) for k in i18n.EVENT_TYPES},
                "quads": {str(q): i18n.quad_label(q, lang) for q in i18n.QUADS}, "lang": lang}

    # ---------------------------------------------------------------- API: articles
    @app.get("/api/articles", tags=["articles"], summary="List and search articles")
    def api_articles(q: str | None = Query(None, description="words of the title or text (Arabic folded)"),
                     since: str | None = None, until: str | None = None, source: str | None = None,
                     limit: int = Query(50, ge=1, le=W.MAX_LIMIT), offset: int = Query(0, ge=0),
                     format: str = Query("json", pattern="^(json|csv)$")):
        with engine_conn() as conn:
            page = W.list_articles(conn, q=q, since=_date_param(since, "since"), until=_date_param(until, "until"),
                                   source=source, limit=limit, offset=offset)
        if format == "csv":
            return csv_response(page["items"], ["id", "title", "published", "source", "url", "story_id",
                                                "chars", "events"], "articles")
        return page

    @app.get("/api/articles/{article_id}", tags=["articles"], summary="One article with its annotations")
    def api_article(article_id: str):
        with engine_conn() as conn:
            art = W.article_detail(conn, article_id)
        if art is None:
            raise HTTPException(404, "no such article")
        return art

    # ---------------------------------------------------------------- API: events
    @app.get("/api/events", tags=["events"], summary="Filter events (the filters of `marsad events`)")
    def api_events(actor: str | None = Query(None, description="Arabic or English name, or a code"),
                   recipient: str | None = Query(None, description="recipient, or the place it happened"),
                   type: str | None = Query(None, description="PLOVER types, comma-separated"),
                   since: str | None = None, until: str | None = None,
                   country: str | None = Query(None, description="ISO3 of an actor, recipient or place"),
                   include_negated: bool = False,
                   limit: int = Query(50, ge=1, le=W.MAX_LIMIT), offset: int = Query(0, ge=0),
                   format: str = Query("json", pattern="^(json|csv|gdelt|jsonl)$")):
        filters = _filters(actor, recipient, type, since, until, country, include_negated)
        with engine_conn() as conn:
            page = W.event_page(conn, filters, limit=limit, offset=offset)
        if format == "csv":
            rows = [_flat_event(ev) for ev in page["items"]]
            return csv_response(rows, list(_flat_event_columns()), "events")
        if format in ("gdelt", "jsonl"):
            from ..query.export import events_to_string

            body = events_to_string(page["items"], "csv" if format == "gdelt" else "jsonl")
            media = "text/csv; charset=utf-8" if format == "gdelt" else "application/x-ndjson; charset=utf-8"
            return Response(body, media_type=media)
        return page

    # ---------------------------------------------------------------- API: entities, quotes
    @app.get("/api/entities", tags=["entities"], summary="List and search actors")
    def api_entities(q: str | None = Query(None, description="name (Arabic or English) or code"),
                     code: str | None = None, limit: int = Query(50, ge=1, le=W.MAX_LIMIT),
                     offset: int = Query(0, ge=0), format: str = Query("json", pattern="^(json|csv)$")):
        with engine_conn() as conn:
            page = W.list_entities(conn, q=q, code=code, limit=limit, offset=offset)
        if format == "csv":
            return csv_response(page["items"], ["id", "name", "name_en", "code", "sector", "kind", "wikidata",
                                                "as_actor", "as_recipient", "mentions"], "entities")
        return page

    @app.get("/api/entities/{entity_id:path}", tags=["entities"],
             summary="One actor: its relations both ways, its events per day, its quotes")
    def api_entity(entity_id: str):
        with engine_conn() as conn:
            ent = W.entity_detail(conn, entity_id)
        if ent is None:
            raise HTTPException(404, "no such entity")
        return ent

    @app.get("/api/quotes", tags=["quotes"], summary="Quotes, by speaker or words")
    def api_quotes(speaker: str | None = Query(None, description="speaker name or code"),
                   q: str | None = Query(None, description="words of the quote"),
                   article_id: str | None = None, since: str | None = None, until: str | None = None,
                   limit: int = Query(50, ge=1, le=W.MAX_LIMIT), offset: int = Query(0, ge=0),
                   format: str = Query("json", pattern="^(json|csv)$")):
        with engine_conn() as conn:
            page = W.list_quotes(conn, speaker=speaker, q=q, article_id=article_id,
                                 since=_date_param(since, "since"), until=_date_param(until, "until"),
                                 limit=limit, offset=offset)
        if format == "csv":
            rows = [{**it, "speaker": (it["speaker"] or {}).get("name") or it.get("speaker_text"),
                     "speaker_code": (it["speaker"] or {}).get("code")} for it in page["items"]]
            return csv_response(rows, ["id", "date", "speaker", "speaker_code", "cue", "text", "direct",
                                       "article_id", "title", "published", "source"], "quotes")
        return page

    # ---------------------------------------------------------------- API: ask, stats, aggregates
    @app.get("/api/ask", tags=["ask"], summary="Answer a question with evidence for, against, and claims")
    def api_ask(q: str = Query(..., min_length=1, max_length=500), lang: str | None = Query(None, pattern="^(ar|en)$")):
        return do_ask(q, lang)

    def do_ask(q: str, lang: str | None = None) -> dict:
        with ask_lock:       # the question parser shares one analysis pipeline
            return store.ask(q, lang=lang)

    @app.get("/api/stats", tags=["stats"], summary="Counts and distributions")
    def api_stats():
        with engine_conn() as conn:
            return W.stats(conn)

    def aggregate_params(actor, recipient, type, since, until, country, include_negated):
        return _filters(actor, recipient, type, since, until, country, include_negated)

    @app.get("/api/network", tags=["aggregates"],
             summary="Actor graph: edges per (actor, recipient, quad class), weighted by distinct stories")
    def api_network(type: str | None = None, since: str | None = None, until: str | None = None,
                    country: str | None = None, actor: str | None = None, recipient: str | None = None,
                    around: str | None = Query(None, description="keep events in which this actor acts or is acted upon"),
                    include_negated: bool = False, max_edges: int = Query(300, ge=1, le=2000),
                    format: str = Query("json", pattern="^(json|csv)$")):
        with engine_conn() as conn:
            net = W.network(conn, aggregate_params(actor, recipient, type, since, until, country, include_negated),
                            around=around or None, max_edges=max_edges)
        if format == "csv":
            names = {n["id"]: n for n in net["nodes"]}
            rows = [{**e, "source_name": names[e["source"]]["name"], "target_name": names[e["target"]]["name"]}
                    for e in net["edges"]]
            return csv_response(rows, ["source", "source_name", "target", "target_name", "quad_code", "types",
                                       "events", "stories", "negated", "claimed"], "network")
        return net

    @app.get("/api/timeline", tags=["aggregates"], summary="Events per day by type")
    def api_timeline(type: str | None = None, since: str | None = None, until: str | None = None,
                     country: str | None = None, actor: str | None = None, recipient: str | None = None,
                     around: str | None = None, include_negated: bool = False,
                     format: str = Query("json", pattern="^(json|csv)$")):
        with engine_conn() as conn:
            tl = W.timeline(conn, aggregate_params(actor, recipient, type, since, until, country, include_negated),
                            around=around or None)
        if format == "csv":
            rows = [{"day": d["day"], "type": t, "events": n} for d in tl["days"] for t, n in d["counts"].items()]
            return csv_response(rows, ["day", "type", "events"], "timeline")
        return tl

    @app.get("/api/map", tags=["aggregates"], summary="Events grouped by the place they happened at")
    def api_map(type: str | None = None, since: str | None = None, until: str | None = None,
                country: str | None = None, actor: str | None = None, recipient: str | None = None,
                around: str | None = None, include_negated: bool = False,
                format: str = Query("json", pattern="^(json|csv)$")):
        with engine_conn() as conn:
            pts = W.map_points(conn, aggregate_params(actor, recipient, type, since, until, country, include_negated),
                               around=around or None)
        if format == "csv":
            return csv_response(pts["points"], ["place", "place_en", "country", "lat", "lon", "events", "types"],
                                "places")
        return pts

    # ---------------------------------------------------------------- API: ingest (opt-in)
    @app.post("/api/ingest", tags=["ingest"],
              summary="Analyse and store uploaded files (only with --allow-ingest and a bearer token)")
    def api_ingest(request: Request, files: list[UploadFile] = File(...)):
        if not allow_ingest:
            raise HTTPException(403, "this server is read-only (start it with --allow-ingest)")
        auth = request.headers.get("authorization") or ""
        given = auth[7:].strip() if auth.lower().startswith("bearer ") else ""
        if not given or not hmac.compare_digest(given.encode(), token.encode()):
            raise HTTPException(401, "a valid bearer token is required", headers={"WWW-Authenticate": "Bearer"})
        with tempfile.TemporaryDirectory(prefix="marsad-upload-") as tmp:
            paths = []
            for n, up in enumerate(files):
                suffix = Path(up.filename or "").suffix.lower()
                path = Path(tmp) / f"upload-{n}{suffix if suffix in UPLOAD_SUFFIXES else '.txt'}"
                data = up.file.read(MAX_UPLOAD_BYTES + 1)
                if len(data) > MAX_UPLOAD_BYTES:
                    raise HTTPException(413, f"{up.filename}: larger than {MAX_UPLOAD_BYTES} bytes")
                path.write_bytes(data)
                paths.append(str(path))
            with ingest_lock:
                summary = store.ingest(paths, progress=False)
        return {"stored": summary.stored, "duplicates": summary.duplicates,
                "near_duplicates": summary.near_duplicates,
                "skipped": [{"file": Path(p).name, "reason": r} for p, r in summary.skipped],
                "seconds": round(summary.seconds, 3)}

    # ---------------------------------------------------------------- pages
    @app.get("/", include_in_schema=False)
    def home(request: Request):
        return page_ask(request)

    @app.get("/ask", include_in_schema=False)
    def page_ask(request: Request, q: str | None = None):
        q = (q or request.query_params.get("q") or "").strip()[:500]
        answer = None
        if q:
            try:
                answer = do_ask(q)
            except Exception as exc:  # show the failure on the page rather than a bare error
                answer = {"question": q, "parsed": {}, "verdict": f"{type(exc).__name__}: {exc}",
                          "for": [], "against": [], "claims": []}
        with engine_conn() as conn:
            st = W.stats(conn)
        return render(request, "ask.html", q=q, answer=answer, stats=st, examples=[
            "هل تلقى حفتر دعماً أميركياً؟", "Did Haftar receive American support?", "من يدعم الحوثيين؟"])

    @app.get("/articles", include_in_schema=False)
    def page_articles(request: Request, q: str | None = None, offset: int = 0):
        with engine_conn() as conn:
            page = W.list_articles(conn, q=q, limit=50, offset=max(0, offset))
        return render(request, "articles.html", q=q or "", page=page)

    @app.get("/article/{article_id}", include_in_schema=False)
    def page_article(request: Request, article_id: str):
        with engine_conn() as conn:
            art = W.article_detail(conn, article_id)
        if art is None:
            return render(request, "notfound.html", status=404)
        segments = W.highlight_segments(art["text"], art)
        return render(request, "article.html", art=art, segments=segments)

    @app.get("/actors", include_in_schema=False)
    def page_actors(request: Request, q: str | None = None, offset: int = 0):
        with engine_conn() as conn:
            page = W.list_entities(conn, q=q, limit=50, offset=max(0, offset))
        return render(request, "actors.html", q=q or "", page=page)

    @app.get("/actor/{entity_id:path}", include_in_schema=False)
    def page_actor(request: Request, entity_id: str):
        with engine_conn() as conn:
            ent = W.entity_detail(conn, entity_id)
        if ent is None:
            return render(request, "notfound.html", status=404)
        order = {t: i for i, t in enumerate(i18n.HEADLINE_RELATIONS)}

        def grouped(rels):
            groups: dict[str, list] = {}
            for r in rels:
                groups.setdefault(r["event"], []).append(r)
            return sorted(groups.items(), key=lambda kv: (order.get(kv[0], 99), -len(kv[1]), kv[0]))

        return render(request, "actor.html", ent=ent, outgoing=grouped(ent["outgoing"]),
                      incoming=grouped(ent["incoming"]), words=js_words(lang_of(request)),
                      timeline_data={"days": ent["timeline"]})

    def filter_page(request: Request, template: str, api: str, default_around: str | None = None):
        qp = request.query_params
        fields = {k: (qp.get(k) or "").strip() for k in ("type", "since", "until", "country", "around")}
        if default_around and "around" not in qp:
            fields["around"] = default_around
        fields["include_negated"] = qp.get("include_negated") in ("1", "true", "on")
        for k in ("since", "until"):
            if fields[k]:
                try:
                    _date_param(fields[k], k)
                except HTTPException:
                    fields[k] = ""
        params = {k: v for k, v in fields.items() if v and k != "include_negated"}
        if fields["include_negated"]:
            params["include_negated"] = "true"
        return render(request, template, f=fields, api=api + "?" + urlencode(params),
                      types=list(i18n.EVENT_TYPES)[:16], words=js_words(lang_of(request)))

    @app.get("/network", include_in_schema=False)
    def page_network(request: Request):
        return filter_page(request, "network.html", "/api/network")

    @app.get("/timeline", include_in_schema=False)
    def page_timeline(request: Request):
        return filter_page(request, "timeline.html", "/api/timeline")

    @app.get("/map", include_in_schema=False)
    def page_map(request: Request):
        return filter_page(request, "map.html", "/api/map")

    @app.get("/favicon.ico", include_in_schema=False)
    def favicon():
        return RedirectResponse("/static/favicon.svg")

    @app.get("/healthz", include_in_schema=False)
    def healthz():
        return PlainTextResponse("ok")

    return app


def _warm(store) -> None:
    """Load the name tables that actor filters use once, before the first request: otherwise the
    first burst of concurrent requests would each load them."""
    try:
        from ..query.resolve import resolve

        with store.engine.connect() as conn:
            resolve(conn, "حفتر")
    except Exception:  # a bare database without a knowledge base still serves
        pass


def _flat_event_columns() -> list[str]:
    return list(_flat_event({"id": "", "date": None, "event": "", "actor": [], "recipient": [], "negated": False,
                             "hedged": False, "article_id": ""}))


def default_app() -> FastAPI:
    """For `uvicorn marsad.web.app:default_app --factory`: the database of $MARSAD_DB."""
    return create_app(os.environ.get("MARSAD_DB"))
