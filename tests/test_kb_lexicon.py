"""Consistency of the event lexicon (events.yaml) and the cue words (cues.yaml)."""
from __future__ import annotations

import re
from collections import defaultdict
from pathlib import Path

import pytest
import yaml

from marsad.text.matcher import PhraseMatcher
from marsad.text.normalize import fold, normalize
from marsad.text.tokens import PROCLITICS

DATA = Path(__file__).resolve().parents[1] / "src" / "marsad" / "kb" / "data"

QUAD = {
    "AGREE": 1, "CONSULT": 1, "SUPPORT": 1, "CONCEDE": 1,
    "COOPERATE": 2, "AID": 2, "RETREAT": 2,
    "REQUEST": 3, "ACCUSE": 3, "REJECT": 3, "THREATEN": 3, "SANCTION": 3,
    "PROTEST": 4, "MOBILIZE": 4, "COERCE": 4, "ASSAULT": 4,
}

# PLOVER manual modes per type (REQUEST and REJECT share theirs).
MODES = {
    "AGREE": set(), "SUPPORT": set(), "CONCEDE": set(), "COOPERATE": set(), "AID": set(),
    "CONSULT": {"phone", "visit", "third-party", "multilateral"},
    "RETREAT": {"withdraw", "release", "disarm", "ceasefire", "access", "resign"},
    "REQUEST": {"assist", "change", "yield", "meet"},
    "REJECT": {"assist", "change", "yield", "meet"},
    "ACCUSE": {"disapprove", "investigate", "allege"},
    "THREATEN": {"restrict", "arrest", "relations", "expel", "territory", "violence"},
    "PROTEST": {"demo", "riot", "strike", "hunger", "boycott", "obstruct", "vandalize"},
    "SANCTION": {"convict", "expel", "withdraw", "discontinue"},
    "MOBILIZE": {"troops", "weapons", "police", "militia"},
    "COERCE": {"seize", "restrict", "censor", "curfew", "martial-law", "arrest", "deport", "withhold",
               "misinformation", "cyber"},
    "ASSAULT": {"abduct", "beat", "torture", "sexual", "targeted", "destroy", "primitive", "firearms",
                "explosives", "suicide-attack", "aerial", "drone", "heavy-weapons", "crowd-control",
                "unconventional"},
}

TRIGGER_KEYS = ("verbs", "nouns", "participles", "phrases")
# Too generic to fire an event on their own (they are quote cues or light verbs).
GENERIC = {fold(w) for w in ["قال", "قالت", "أعلن", "أعلنت", "عمل", "أكد", "أكدت", "أضاف", "أوضح", "ذكر",
                             "صرح", "أشار", "كان", "كانت", "قام", "قامت", "تم", "جرى", "عقد", "أجرى"]}
CODE = re.compile(r"^[A-Z]{3}$")
_ARTICLE_GLUED = ("وال", "بال", "فال", "كال", "لل")


def cameo_types(code: str) -> set[str]:
    """PLOVER types a CAMEO code may carry: the CAMEO2PLOVER table, plus the manual's moves
    (regret/forgiveness -> CONCEDE, court verdicts -> SANCTION, sanctions 163 -> SANCTION)."""
    root, three = code[:2], code[:3]
    if root == "08":
        if three in {"084", "085", "086", "087"} or code in {"0813", "0814"}:
            return {"RETREAT"}
        return {"CONCEDE"}
    if three in {"055", "056"}:
        return {"SUPPORT", "CONCEDE"}
    if three == "116":
        return {"ACCUSE", "SANCTION"}
    if three == "163":
        return {"COERCE", "SANCTION"}
    if three == "175" or code == "1712":
        return {"ASSAULT"}
    if three in {"191", "192"}:
        return {"COERCE"}
    table = {"03": "AGREE", "04": "CONSULT", "05": "SUPPORT", "06": "COOPERATE", "07": "AID",
             "09": "ACCUSE", "10": "REQUEST", "11": "ACCUSE", "12": "REJECT", "13": "THREATEN",
             "14": "PROTEST", "15": "MOBILIZE", "16": "SANCTION", "17": "COERCE", "18": "ASSAULT",
             "19": "ASSAULT", "20": "ASSAULT"}
    return {table[root]} if root in table else set()


@pytest.fixture(scope="module")
def events() -> list[dict]:
    with open(DATA / "events.yaml", encoding="utf-8") as fh:
        data = yaml.safe_load(fh)
    assert isinstance(data, list) and data
    return data


@pytest.fixture(scope="module")
def cues() -> dict:
    with open(DATA / "cues.yaml", encoding="utf-8") as fh:
        data = yaml.safe_load(fh)
    assert isinstance(data, dict)
    return data


def forms(entry: dict) -> list[str]:
    return [str(w) for k in TRIGGER_KEYS for w in (entry.get(k) or [])]


def test_entries_are_well_formed(events):
    ids = [e["id"] for e in events]
    assert len(ids) == len(set(ids)), [i for i in ids if ids.count(i) > 1]
    for e in events:
        where = e["id"]
        assert re.fullmatch(r"[a-z]+\.[a-z0-9_]+", where), where
        assert e["type"] in QUAD, where
        assert where.split(".")[0] == e["type"].lower(), where
        assert e.get("mode") is None or e["mode"] in MODES[e["type"]], (where, e.get("mode"))
        assert forms(e), f"{where}: no trigger"
        for key in (*TRIGGER_KEYS, "passive", "recipient_preps", "requires"):
            assert isinstance(e.get(key, []) or [], list), (where, key)
        assert set(e.get("passive") or []) <= set(e.get("participles") or []), where
        for key in ("verbs", "nouns", "participles"):
            for w in e.get(key) or []:
                assert " " not in w.strip(), f"{where}: multi-word {key} {w!r} belongs in phrases"
        for key in TRIGGER_KEYS:
            values = [fold(w) for w in e.get(key) or []]
            assert len(values) == len(set(values)), f"{where}: duplicate {key}"
        for w in forms(e):
            first = fold(w).split()[0]
            assert not first.startswith(_ARTICLE_GLUED), f"{where}: {w!r} carries a proclitic the matcher handles"
        for w in e.get("requires") or []:
            assert w == "@place" or " " not in w.strip(), f"{where}: requires is a list of single words"
        if e.get("requires"):
            assert not e.get("phrases"), f"{where}: phrases are specific already; keep them in an entry without requires"


def test_every_entry_has_examples_with_codes(events):
    for e in events:
        assert e.get("examples"), e["id"]
        for ex in e["examples"]:
            assert isinstance(ex.get("text"), str) and len(ex["text"].split()) >= 5, e["id"]
            for side in ("actor", "recipient"):
                assert side in ex, (e["id"], side)
                value = ex[side]
                codes = value if isinstance(value, list) else ([] if value is None else [value])
                assert all(isinstance(c, str) and CODE.match(c) for c in codes), (e["id"], side, value)


def test_cameo_codes_agree_with_type_and_quad(events):
    without = []
    for e in events:
        cameo = e.get("cameo")
        if cameo is None:
            assert e.get("mode"), f"{e['id']}: an entry without CAMEO code must name its PLOVER mode"
            without.append(e["id"])
            continue
        assert isinstance(cameo, str) and re.fullmatch(r"\d{3,4}", cameo), (e["id"], cameo)
        allowed = cameo_types(cameo)
        assert e["type"] in allowed, f"{e['id']}: CAMEO {cameo} is {allowed}, not {e['type']}"
        assert {QUAD[t] for t in allowed} & {QUAD[e["type"]]}
    assert len(without) <= len(events) // 20, without


def test_all_types_present_and_counts(events):
    by_type = defaultdict(int)
    for e in events:
        by_type[e["type"]] += 1
    assert set(by_type) == set(QUAD)
    assert len(events) >= 250
    assert min(by_type.values()) >= 8, dict(by_type)


def test_required_triggers_from_the_brief(events):
    """Spot checks that fixed readings of common words hold."""
    where: dict[str, set[str]] = defaultdict(set)
    for e in events:
        for w in forms(e):
            where[fold(w)].add(e["type"])
    expect = {
        "دعم": "SUPPORT", "تدعم": "SUPPORT", "المدعومة": "SUPPORT", "دعماً": "SUPPORT", "أيد": "SUPPORT",
        "أشاد": "SUPPORT", "ترحيب": "SUPPORT", "تقف إلى جانب": "SUPPORT", "اتصالا هاتفيا": "CONSULT",
        "مكالمة هاتفية": "CONSULT", "بحث هاتفيا": "CONSULT", "التقى": "CONSULT", "اجتماع": "CONSULT",
        "استقبل": "CONSULT", "زيارة": "CONSULT", "مباحثات": "CONSULT", "عرقلة": "REJECT",
        "استخدم الفيتو": "REJECT", "رفضت": "REJECT", "حثت": "REQUEST", "دعت": "REQUEST",
        "مناشدة": "REQUEST", "يطالب": "REQUEST", "اتهم": "ACCUSE", "ندد": "ACCUSE", "إدانة": "ACCUSE",
        "انتقد": "ACCUSE", "هدد": "THREATEN", "توعد": "THREATEN", "حذر من": "THREATEN",
        "مظاهرة": "PROTEST", "اعتصام": "PROTEST", "إضراب": "PROTEST", "غارات": "ASSAULT",
        "قصف": "ASSAULT", "اغتيال": "ASSAULT", "كمين": "ASSAULT", "مقتل": "ASSAULT", "أعدم": "ASSAULT",
        "اقتحام": "ASSAULT", "اشتباكات": "ASSAULT", "شن هجوما": "ASSAULT", "اعتقال": "COERCE",
        "مداهمة": "COERCE", "حصار": "COERCE", "احتجاز": "COERCE", "عقوبات": "SANCTION",
        "فرض عقوبات": "SANCTION", "طرد السفير": "SANCTION", "قطع العلاقات": "SANCTION",
        "تعزيزات": "MOBILIZE", "استنفار": "MOBILIZE", "مناورات": "MOBILIZE", "نشر قوات": "MOBILIZE",
        "اتفق": "AGREE", "وافق": "AGREE", "تعهد": "AGREE", "أبدى استعداده": "AGREE",
        "مساعدات": "AID", "إغاثة": "AID", "تمويل": "AID", "تبادل المعلومات": "COOPERATE",
        "انسحاب": "RETREAT", "أفرج": "RETREAT", "إطلاق سراح": "RETREAT", "هدنة": "RETREAT",
        "وقف إطلاق النار": "RETREAT", "اعتذر": "CONCEDE", "تنازل": "CONCEDE",
    }
    for word, typ in expect.items():
        assert typ in where.get(fold(word), set()), (word, where.get(fold(word)))


def test_no_generic_trigger_fires_alone(events):
    for e in events:
        if e.get("requires"):
            continue
        for w in forms(e):
            assert fold(w) not in GENERIC, (e["id"], w)


def test_folded_forms_do_not_cross_types_without_requires(events):
    owners: dict[str, list[tuple[str, str, bool]]] = defaultdict(list)
    for e in events:
        for w in set(fold(x) for x in forms(e)):
            owners[w].append((e["id"], e["type"], bool(e.get("requires"))))
    clashes = []
    for w, entries in owners.items():
        if len({t for _, t, _ in entries}) < 2:
            continue
        unconditioned = [i for i, _, req in entries if not req]
        if len(unconditioned) > 1:
            clashes.append((w, entries))
    assert not clashes, clashes[:10]


def _matcher(events):
    m: PhraseMatcher = PhraseMatcher()
    for e in events:
        for w in forms(e):
            m.add(w, e["id"])
    m.build()
    return m


def _token_stems(text: str) -> list[set[str]]:
    """Each following word with its proclitics (و ف ب ل ك ال ...) removed; pronoun suffixes
    stay, so "سفيرها" (its own ambassador) does not satisfy a requirement for "سفير"."""
    out = []
    for word in re.findall(r"[^\W_]+", fold(text)):
        out.append({word} | {word[len(p):] for p in PROCLITICS if word.startswith(p) and len(word) - len(p) >= 2})
    return out


def test_examples_fire_their_own_type(events):
    """Every example contains a trigger of its entry's type that survives longest-match
    selection against the whole lexicon, with its context word when it needs one."""
    m = _matcher(events)
    by_id = {e["id"]: e for e in events}
    failures = []
    for e in events:
        requires = {fold(w) for w in e.get("requires") or [] if w != "@place"}
        for ex in e["examples"]:
            norm = normalize(ex["text"])
            hits = [h for h in m.find(norm) if by_id[h.payload]["type"] == e["type"]]
            if not hits:
                failures.append((e["id"], ex["text"], "no trigger of its type"))
                continue
            if requires:
                own = [h for h in hits if h.payload == e["id"]]
                ok = False
                for h in own:
                    after = _token_stems(norm.text[h.norm_end:])[:4]
                    if any(requires & stems for stems in after):
                        ok = True
                if not ok and "@place" not in (e.get("requires") or []):
                    failures.append((e["id"], ex["text"], "context word missing"))
    assert not failures, failures[:10]


def test_cues(cues):
    for key in ("speech_verbs", "participle_cues", "negation", "denial_verbs", "hedges", "claim_verbs",
                "reporting_sources"):
        assert cues.get(key), key
    lemmas = {v["lemma"]: v for v in cues["speech_verbs"]}
    for lemma in ["قال", "أكد", "أضاف", "أوضح", "اعتبر", "شدد", "أعلن", "نفى", "حذر", "رأى", "صرح", "لفت",
                  "أشار", "تابع", "أفاد", "ذكر", "كشف", "أبلغ", "نقل", "أعرب"]:
        assert lemma in lemmas, lemma
    for v in cues["speech_verbs"]:
        assert v["forms"] and isinstance(v.get("continues"), bool) and isinstance(v.get("denial"), bool), v
    assert lemmas["أضاف"]["continues"] and lemmas["تابع"]["continues"]
    assert lemmas["نفى"]["denial"] and not lemmas["قال"]["denial"]
    all_forms = {fold(f) for v in cues["speech_verbs"] for f in v["forms"]}
    for f in ["قال", "قالت", "يقول", "قالوا", "أكدت", "وأضاف", "تابعت", "نفت", "ينفي", "أشار", "صرح"]:
        assert fold(f) in all_forms, f
    participles = {fold(p) for p in cues["participle_cues"]}
    for p in ["مضيفا", "مضيفة", "موضحا", "مشيرا", "مؤكدا", "لافتا", "معتبرا", "مشددا"]:
        assert fold(p) in participles, p
    assert {"لم", "لن", "لا"} <= {fold(x) for x in cues["negation"]}
    assert {fold(x) for x in ["نفى", "نفت", "ينفي"]} <= {fold(x) for x in cues["denial_verbs"]}
    assert {fold(x) for x in ["يبدو", "ربما", "قد"]} <= {fold(x) for x in cues["hedges"]}
    assert {fold(x) for x in ["زعم", "ادعى", "بحسب"]} <= {fold(x) for x in cues["claim_verbs"]}
    assert {fold(x) for x in ["مصدر", "مصادر", "مسؤول"]} <= {fold(x) for x in cues["reporting_sources"]}
    for key, value in cues.items():
        if isinstance(value, list) and value and isinstance(value[0], str):
            folded = [fold(x) for x in value]
            assert len(folded) == len(set(folded)), f"duplicates in {key}"
