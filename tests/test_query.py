"""Event filters, counts per story and the CSV / JSONL / Parquet exports, on SQLite and PostgreSQL."""
from __future__ import annotations

import csv
import io
import json

import pytest

from marsad.api import connect
from marsad.query.export import GDELT_COLUMNS, PLOVER_FIELDS, events_to_string, write_events
from store_fixtures import BACKENDS, all_records, fresh_url


@pytest.fixture(params=BACKENDS)
def store(request, tmp_path):
    s = connect(fresh_url(request.param, tmp_path, request))
    s.ingest_records(all_records())
    yield s
    s.close()


def _pairs(events):
    return sorted((tuple(a["name"] for a in e["actor"]), e["event"], tuple(r["name"] for r in e["recipient"]))
                  for e in events)


def test_negated_events_are_hidden_unless_asked(store):
    assert len(store.events()) == 7
    all_events = store.events(include_negated=True)
    assert len(all_events) == 8
    assert [e for e in all_events if e["negated"]][0]["attributed_to"]["name"] == "محمد بويصير"


def test_actor_by_arabic_english_code_and_spelling(store):
    by_ar = store.events(actor="ترامب")
    assert _pairs(by_ar) == [(("دونالد ترامب",), "SUPPORT", ("خليفة حفتر",))]
    assert _pairs(store.events(actor="Donald Trump")) == _pairs(by_ar)
    assert _pairs(store.events(actor="trump")) == _pairs(by_ar)     # surname of an English name
    # a code stands for every actor of that country: Trump, Shanahan, the embassy, the state
    usa = store.events(actor="USA")
    assert {a["name"] for e in usa for a in e["actor"]} == {"دونالد ترامب", "باتريك شاناهان",
                                                          "السفارة الأميركية في ليبيا", "الولايات المتحدة"}
    # folded spelling: hamza and ta marbuta variants find the same actor
    assert _pairs(store.events(actor="ايران")) == [(("إيران",), "SUPPORT", ("الحوثيون",))]


def test_recipient_type_dates_country(store):
    assert {e["event"] for e in store.events(recipient="حفتر")} == {"SUPPORT"}
    assert len(store.events(recipient="Khalifa Haftar", type="SUPPORT")) == 3   # e1, e2, claim e4
    assert len(store.events(type="assault,request")) == 3
    assert [e["date"] for e in store.events(actor="USA", since="2019-04-20", until="2019-04-20")] == ["2019-04-20"]
    assert {e["date"] for e in store.events(since="2019")} >= {"2019-04-19", "2019-04-20"}
    assert {e["event"] for e in store.events(until="2018-12")} == {"ASSAULT", "SUPPORT"}
    # country: an actor, a recipient, or the place of the event is in the country
    syr = store.events(country="SYR")
    assert {e["place"] for e in syr} == {"إدلب"} and len(syr) == 2
    # a recipient filter also matches the place of the event
    assert len(store.events(recipient="إدلب")) == 2
    assert store.events(actor="لا أحد بهذا الاسم") == []


def test_syndicated_report_counts_once_per_story(store):
    syria = store.events(type="ASSAULT")
    assert len({e["article_id"] for e in syria}) == 2
    assert len({e["story_id"] for e in syria}) == 1
    assert store.event_counts(by="story", type="ASSAULT") == {"ASSAULT": 1}
    assert store.event_counts(by="article", type="ASSAULT") == {"ASSAULT": 2}
    # Trump, Shanahan, the media's claim (USA), Iran: four distinct SUPPORT keys
    assert store.event_counts(by="story")["SUPPORT"] == 4


def test_csv_has_gdelt_columns(store):
    events = store.events(include_negated=True)
    rows = list(csv.DictReader(io.StringIO(events_to_string(events, "csv"))))
    assert list(rows[0]) == GDELT_COLUMNS
    idlib = [r for r in rows if r["EventType"] == "ASSAULT"][0]
    assert idlib["SQLDATE"] == "20180501" and idlib["EventCode"] == "195" and idlib["QuadClass"] == "4"
    assert idlib["Actor1CountryCode"] == "RUS" and idlib["Actor2CountryCode"] == "SYR"
    assert float(idlib["ActionGeo_Lat"]) == pytest.approx(35.93)
    assert idlib["Evidence"].startswith("شنت طائرات حربية روسية")
    trump = [r for r in rows if r["Actor1Name"] == "دونالد ترامب"][0]
    assert trump["Actor1Code"] == "USAGOV" and trump["Actor2Code"] == "LBYMIL"
    assert trump["SOURCEURL"] == "https://example.org/libya-1"
    denial = [r for r in rows if r["Negated"] == "1"][0]
    assert denial["AttributedTo"] == "محمد بويصير"


def test_jsonl_is_plover_shaped(store):
    lines = events_to_string(store.events(include_negated=True), "jsonl").splitlines()
    recs = [json.loads(x) for x in lines]
    assert len(recs) == 8
    for r in recs:
        assert list(r) == PLOVER_FIELDS
    claim = [r for r in recs if r["attributed_to"] == "وسائل إعلام مقربة من حفتر"][0]
    assert claim["event_type"] == "SUPPORT" and claim["actor_country"] == "USA"
    assert claim["recipient"] == "خليفة حفتر" and claim["recipient_sector"] == "MIL"
    assert claim["negated"] is False and claim["story_id"] == claim["article_id"]


def test_parquet_and_export_dir(store, tmp_path):
    pq = pytest.importorskip("pyarrow.parquet")
    out = tmp_path / "ev.parquet"
    assert write_events(store.events(), "parquet", out) == 7
    table = pq.read_table(out)
    assert table.column_names == PLOVER_FIELDS and table.num_rows == 7
    paths = store.export("jsonl", tmp_path / "exp")
    ev_lines = open(paths[0], encoding="utf-8").read().splitlines()
    art_lines = open(paths[1], encoding="utf-8").read().splitlines()
    assert len(ev_lines) == 8 and len(art_lines) == 4
    with pytest.raises(ValueError):
        write_events([], "xml")


def test_cli_subcommands(store, capsys, tmp_path):
    import argparse

    from marsad.store.cli import register

    parser = argparse.ArgumentParser()
    register(parser.add_subparsers(dest="cmd"))
    url = store.url
    args = parser.parse_args(["events", "--db", url, "--actor", "USA", "--type", "SUPPORT", "--format", "csv"])
    assert args.func(args) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert {r["Actor1Name"] for r in rows} == {"دونالد ترامب", "باتريك شاناهان", "الولايات المتحدة"}
    args = parser.parse_args(["events", "--db", url, "--counts", "story"])
    assert args.func(args) == 0
    assert json.loads(capsys.readouterr().out)["ASSAULT"] == 1
    args = parser.parse_args(["ask", "Who supports the Houthis?", "--db", url, "--format", "json"])
    assert args.func(args) == 0
    assert json.loads(capsys.readouterr().out)["for"][0]["actor"] == "إيران"
    args = parser.parse_args(["ask", "Did Haftar receive American support?", "--db", url])
    assert args.func(args) == 0
    text = capsys.readouterr().out
    assert "Evidence for (2):" in text and "لا يوجد حل عسكري" in text
    args = parser.parse_args(["export", "--db", url, "--format", "csv", "--out", str(tmp_path / "x")])
    assert args.func(args) == 0
    assert (tmp_path / "x" / "events.csv").exists()


def test_a_government_question_finds_support_for_its_state(tmp_path):
    """"Does Russia support the Syrian government?" is answered by support for "سوريا" too."""
    from marsad.api import connect

    text = 'أكد وزير الخارجية الروسي أن بلاده "ستواصل دعم سوريا في الحفاظ على سيادتها".'
    src = tmp_path / "a.jsonl"
    import json as _json
    src.write_text(_json.dumps({"id": "x1", "text": text, "date": "2022-11-05", "title": "t"}, ensure_ascii=False) + "\n",
                   encoding="utf-8")
    with connect(f"sqlite:///{tmp_path / 'db.sqlite'}") as db:
        db.ingest([str(src)], progress=False)
        answer = db.ask("هل تدعم روسيا الحكومة السورية؟")
    assert answer["for"] and answer["for"][0]["date"] == "2022-11-05"
