"""The one schema definition (SQLAlchemy Core), shared by SQLite and PostgreSQL.

Every row that comes from an article carries the article id, so an article is stored or removed as
a unit. Offsets (`start`, `end`) index into `articles.text`. Folded name columns (`*_fold`) hold the
matching form of Arabic names (see `marsad.text.normalize.fold`) so filters can use an index.
"""
from __future__ import annotations

from sqlalchemy import (
    Boolean,
    Column,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    SmallInteger,
    String,
    Table,
    Text,
)

SCHEMA_VERSION = 1

metadata = MetaData()

schema_version = Table(
    "schema_version", metadata,
    Column("version", Integer, primary_key=True),
    Column("applied_at", DateTime(timezone=True), nullable=False),
)

stories = Table(
    "stories", metadata,
    Column("id", String(40), primary_key=True),          # id of the first article of the cluster
    Column("created_at", DateTime(timezone=True), nullable=False),
)

articles = Table(
    "articles", metadata,
    Column("id", String(40), primary_key=True),           # content hash of the clean text
    Column("source_id", Text),
    Column("title", Text),
    Column("published", Date),
    Column("source", Text),
    Column("url", Text),
    Column("path", Text),
    Column("text", Text, nullable=False),
    Column("story_id", String(40), ForeignKey("stories.id"), nullable=False),
    Column("ingested_at", DateTime(timezone=True), nullable=False),
    Index("ix_articles_published", "published"),
    Index("ix_articles_story", "story_id"),
)

# MinHash signature of each article, so later runs cluster new articles against stored ones.
article_signatures = Table(
    "article_signatures", metadata,
    Column("article_id", String(40), ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True),
    Column("num_perm", SmallInteger, nullable=False),
    Column("scheme", String(16), nullable=False),        # datasketch permutation scheme
    Column("signature", LargeBinary, nullable=False),
)

entities = Table(
    "entities", metadata,
    Column("id", String(200), primary_key=True),          # kb id, or "CODE:name" when made up from context
    Column("name", Text, nullable=False),
    Column("name_fold", Text, nullable=False),
    Column("name_en", Text),
    Column("code", String(12)),
    Column("sector", String(12)),
    Column("kind", String(40)),
    Column("wikidata", String(40)),
    Index("ix_entities_name_fold", "name_fold"),
    Index("ix_entities_code", "code"),
)

# Every folded way an entity was written (name, name_en, entity_text of mentions): actor lookup.
entity_names = Table(
    "entity_names", metadata,
    Column("entity_id", String(200), ForeignKey("entities.id"), primary_key=True),
    Column("name_fold", String(400), primary_key=True),
    Index("ix_entity_names_fold", "name_fold"),
)

mentions = Table(
    "mentions", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("article_id", String(40), ForeignKey("articles.id", ondelete="CASCADE"), nullable=False),
    Column("entity_id", String(200), ForeignKey("entities.id"), nullable=False),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Column("text", Text, nullable=False),
    Index("ix_mentions_article", "article_id"),
    Index("ix_mentions_entity", "entity_id", "article_id"),
)

places = Table(
    "places", metadata,
    Column("id", String(200), primary_key=True),          # "gn:<geonameid>" or "<country>:<folded name>"
    Column("name", Text, nullable=False),
    Column("name_fold", Text, nullable=False),
    Column("name_en", Text),
    Column("country", String(12)),
    Column("lat", Float),
    Column("lon", Float),
    Column("geonameid", Integer),
    Index("ix_places_name_fold", "name_fold"),
    Index("ix_places_country", "country"),
)

place_mentions = Table(
    "place_mentions", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("article_id", String(40), ForeignKey("articles.id", ondelete="CASCADE"), nullable=False),
    Column("place_id", String(200), ForeignKey("places.id"), nullable=False),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Column("text", Text, nullable=False),
    Index("ix_place_mentions_article", "article_id"),
    Index("ix_place_mentions_place", "place_id"),
)

dates = Table(
    "dates", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("article_id", String(40), ForeignKey("articles.id", ondelete="CASCADE"), nullable=False),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Column("text", Text, nullable=False),
    Column("value", Date),
    Column("grain", String(8)),
    Index("ix_dates_article", "article_id"),
    Index("ix_dates_value", "value"),
)

events = Table(
    "events", metadata,
    Column("id", String(80), primary_key=True),           # "<article id>:<event id in the article>"
    Column("article_id", String(40), ForeignKey("articles.id", ondelete="CASCADE"), nullable=False),
    Column("type", String(12), nullable=False),
    Column("mode", String(40)),
    Column("cameo", String(8)),
    Column("quad", SmallInteger),
    Column("negated", Boolean, nullable=False, default=False),
    Column("hedged", Boolean, nullable=False, default=False),
    Column("attributed_entity_id", String(200), ForeignKey("entities.id")),
    Column("attributed_name", Text),                      # the words that name the claimant
    Column("date", Date),                                 # date of the event as the text gives it
    Column("day", Date),                                  # date, else the article's publication date
    Column("place", Text),
    Column("place_id", String(200), ForeignKey("places.id")),
    Column("start", Integer),
    Column("end", Integer),
    Column("event_text", Text),
    Column("confidence", Float),
    Column("rule", String(200)),
    Index("ix_events_article", "article_id", "type"),
    Index("ix_events_type_day", "type", "day"),
    Index("ix_events_day", "day"),
    Index("ix_events_place", "place_id"),
)

event_actors = Table(
    "event_actors", metadata,
    Column("event_id", String(80), ForeignKey("events.id", ondelete="CASCADE"), primary_key=True),
    Column("role", String(10), primary_key=True),         # actor | recipient
    Column("position", SmallInteger, primary_key=True),
    Column("entity_id", String(200), ForeignKey("entities.id"), nullable=False),
    Column("code", String(12)),                           # code at this place: filter by country fast
    Column("sector", String(12)),                         # sector at this place (offices change)
    Column("text", Text),                                 # entity_text at this place
    # covering: "events whose actor is X" is answered from the index alone
    Index("ix_event_actors_entity", "role", "entity_id", "event_id"),
    Index("ix_event_actors_code", "role", "code", "event_id"),
)

quotes = Table(
    "quotes", metadata,
    Column("id", String(80), primary_key=True),           # "<article id>:q<n>"
    Column("article_id", String(40), ForeignKey("articles.id", ondelete="CASCADE"), nullable=False),
    Column("speaker_entity_id", String(200), ForeignKey("entities.id")),
    Column("speaker_text", Text),
    Column("cue", Text),
    Column("text", Text, nullable=False),
    Column("start", Integer),
    Column("end", Integer),
    Column("direct", Boolean),
    Column("date", Date),
    Index("ix_quotes_article", "article_id"),
    Index("ix_quotes_speaker", "speaker_entity_id"),
)

# Sentences of the stored articles, for the semantic fallback of `ask`.
sentences = Table(
    "sentences", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("article_id", String(40), ForeignKey("articles.id", ondelete="CASCADE"), nullable=False),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Column("text_fold", Text, nullable=False),
    Index("ix_sentences_article", "article_id"),
)

# Embedding cache: float16 vectors of sentences, keyed by the SHA-1 of the folded sentence, so the
# copies of a syndicated sentence share one vector. Filled lazily by the semantic search.
sentence_vectors = Table(
    "sentence_vectors", metadata,
    Column("text_hash", String(40), primary_key=True),
    Column("model", String(40), primary_key=True),
    Column("vector", LargeBinary, nullable=False),
)

# Inputs that could not be read or analysed; one row per (path, reason) however often it is retried.
ingest_log = Table(
    "ingest_log", metadata,
    Column("path", String(1000), primary_key=True),
    Column("reason", String(1000), primary_key=True),
    Column("first_seen", DateTime(timezone=True), nullable=False),
)

# Tables that hold rows of one article, in the order they are deleted/written.
ARTICLE_TABLES = (
    article_signatures, mentions, place_mentions, dates, event_actors, events, quotes, sentences,
)
