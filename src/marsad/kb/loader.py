"""Load the shipped knowledge base and any user overlay directories."""
from __future__ import annotations

import functools
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from .model import Actor, Agent, Country, KnowledgeBase, LexEntry, Role

DATA_DIR = Path(__file__).parent / "data"

try:  # the C loader is ~10x faster on large files
    _Loader: Any = yaml.CSafeLoader
except AttributeError:  # pragma: no cover
    _Loader = yaml.SafeLoader


class KBError(ValueError):
    """A knowledge-base file that cannot be read; names the file and the entry."""


def read_yaml(path: Path) -> Any:
    try:
        with open(path, encoding="utf-8") as fh:
            return yaml.load(fh, Loader=_Loader)
    except (OSError, yaml.YAMLError) as exc:
        raise KBError(f"{path}: {exc}") from exc


def _as_list(value: Any) -> list:
    if value is None:
        return []
    return list(value) if isinstance(value, (list, tuple)) else [value]


def _as_date(value: Any) -> date | None:
    if value in (None, "", "null"):
        return None
    if isinstance(value, date):
        return value
    text = str(value)
    if len(text) == 4:
        text += "-01-01"
    elif len(text) == 7:
        text += "-01"
    return date.fromisoformat(text)


def _country(row: dict) -> Country:
    return Country(
        iso3=row["iso3"], iso2=row.get("iso2"), name_en=row.get("name_en") or row["iso3"],
        names=[str(x) for x in _as_list(row.get("names"))], nisba=[str(x) for x in _as_list(row.get("nisba"))],
        capitals=[str(x) for x in _as_list(row.get("capitals"))], capital_en=row.get("capital_en"),
        region=row.get("region"), ambiguous=[str(x) for x in _as_list(row.get("ambiguous"))],
    )


def _actor(row: dict, where: str) -> Actor:
    try:
        roles = [
            Role(title=r["title"], of=r.get("of"), start=_as_date(r.get("from")), end=_as_date(r.get("to")),
                 org=r.get("org"), sector=r.get("sector"))
            for r in _as_list(row.get("roles"))
        ]
        aliases = [str(x) for x in _as_list(row.get("aliases"))]
        name = str(row["name"])
        if name not in aliases:
            aliases.insert(0, name)
        return Actor(id=str(row["id"]), name=name, name_en=row.get("name_en"), aliases=aliases,
                     kind=row.get("kind") or "organisation", code=row.get("code"),
                     sectors=[s for s in _as_list(row.get("sector")) if s], wikidata=row.get("wikidata"),
                     roles=roles, ambiguous_aliases=[str(x) for x in _as_list(row.get("ambiguous_aliases"))],
                     context=[str(x) for x in _as_list(row.get("context"))])
    except (KeyError, TypeError, ValueError) as exc:
        raise KBError(f"{where}: actor {row.get('id')!r}: {exc}") from exc


def _agent(row: dict) -> Agent:
    return Agent(words=[str(w) for w in _as_list(row.get("words"))],
                 sectors=[s for s in _as_list(row.get("sector")) if s], title=row.get("title"),
                 person=bool(row.get("person")), inherit=bool(row.get("inherit")),
                 qualified=bool(row.get("qualified")), local=bool(row.get("local")),
                 bystander=bool(row.get("bystander")))


def _lex(row: dict) -> LexEntry:
    def strs(key: str) -> list[str]:
        return [str(x) for x in _as_list(row.get(key))]

    return LexEntry(id=str(row["id"]), type=row["type"], mode=row.get("mode"),
                    cameo=str(row["cameo"]) if row.get("cameo") is not None else None,
                    verbs=strs("verbs"), nouns=strs("nouns"), participles=strs("participles"),
                    passive=strs("passive"), phrases=strs("phrases"), recipient_preps=strs("recipient_preps"),
                    requires=strs("requires"), examples=_as_list(row.get("examples")),
                    noun_object=bool(row.get("noun_object")), masdar_object=bool(row.get("masdar_object")))


def _merge_dir(directory: Path, countries: dict, actors: dict, agents: list, lexicon: dict, cues: dict) -> None:
    f = directory / "countries.yaml"
    if f.exists():
        for row in _as_list(read_yaml(f)):
            countries[row["iso3"]] = _country(row)
    actor_files = sorted((directory / "actors").glob("*.yaml")) if (directory / "actors").is_dir() else []
    if (directory / "actors.yaml").exists():
        actor_files.append(directory / "actors.yaml")
    for f in actor_files:
        for row in _as_list(read_yaml(f)):
            a = _actor(row, str(f))
            actors[a.id] = a
    for f in sorted(directory.glob("agents*.yaml")):
        agents.extend(_agent(row) for row in _as_list(read_yaml(f)))
    for f in sorted(directory.glob("events*.yaml")):  # events.yaml, then events_<topic>.yaml
        for row in _as_list(read_yaml(f)):
            e = _lex(row)
            lexicon[e.id] = e
    f = directory / "cues.yaml"
    if f.exists():
        for key, value in (read_yaml(f) or {}).items():
            if isinstance(value, list) and isinstance(cues.get(key), list):
                cues[key] = cues[key] + value
            else:
                cues[key] = value


@functools.lru_cache(maxsize=8)
def _load(dirs: tuple[str, ...]) -> KnowledgeBase:
    countries: dict[str, Country] = {}
    actors: dict[str, Actor] = {}
    agents: list[Agent] = []
    lexicon: dict[str, LexEntry] = {}
    cues: dict = {}
    for d in dirs:
        path = Path(d)
        if not path.is_dir():
            raise KBError(f"{d}: not a knowledge-base directory")
        _merge_dir(path, countries, actors, agents, lexicon, cues)
    return KnowledgeBase(countries=countries, actors=actors, agents=agents, lexicon=list(lexicon.values()),
                         cues=cues, sources=list(dirs))


def load_kb(extra_dirs: tuple[str, ...] | list[str] = ()) -> KnowledgeBase:
    """The shipped knowledge base, overlaid with `extra_dirs` in order (later wins)."""
    return _load((str(DATA_DIR), *[str(Path(d).resolve()) for d in extra_dirs]))
