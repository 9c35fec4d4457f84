"""Quotes: direct (in any quotation marks) and indirect (قال/أكد/نفى ... أن), with their speaker.

A speech cue opens a quote. Its speaker is the person (else the actor) named between the cue
and the quoted words (VSO: "أكد المتحدث ...، أحمد المسماري، أن"), else the actor that is the
subject before it (SVO: "بويصير ينفي أن"), else, for a continuation ("وأضاف"، "مضيفاً") or a verb
with no subject of its own, the previous quote's speaker. The quoted words are the text inside
the quotation marks that follow, or the clause after أن/إن up to the next cue or the sentence end.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from ..doc import Doc, Mention, Quote
from ..kb import KnowledgeBase
from ..text.normalize import fold
from ..text.tokens import glued_prefix
from .actors import MEDIA_HEADS
from .events import _bare, _gender

_THAT = frozenset({"ان", "بان", "انه", "انها", "انهم", "انهما", "بانه", "بانها", "بانهم", "وان"})
_ALPHA_WORD = re.compile(r"[^\W\d_]+")
_LEAD_AN = re.compile(r"[\s،,]*(?:عن\s+)?")
_OPEN = {'"': '"', "«": "»", "“": "”", "„": "”"}
_CONTINUE_DEFAULT = ("اضاف", "واضاف", "تابع", "وتابع", "اضافت", "واضافت", "تابعت", "وتابعت")
_NON_SPEAKER_VIA = frozenset({"country-place", "nisba"})
_MAX_SPEAKER_GAP = 90  # characters between a cue and its quoted words
_FAR_SPEAKER_GAP = 170  # ... and before إن/أن when a named person follows the cue
_MAX_INHERIT_GAP = 600  # a speaker is inherited from a quote at most this far back
_NAMED_VIA = frozenset({"apposition", "kb", "surname", "title", "ner", "name"})
# Impersonal forms that look like speech verbs: "يذكر أن" (it is worth noting), "يشار إلى أن".
_IMPERSONAL = frozenset(fold(w) for w in ("يذكر", "ويذكر", "يشار", "ويشار", "يقال", "ويقال", "يذكر ان"))


_COLON_QUOTE = re.compile(r":\s*[\"«“]")
_STATEMENT = re.compile(r"\s+((?:ال)?بيان)(?=[\s،,:\"«])")
_ISSUED_BY = re.compile(r"بيان\s+(?:\S+\s+)?(?:صادر\s+)?(?:عن|من|ل)\s*(?:ال)?$")
_IN_STATEMENT = re.compile(r"\s+(?:في|ب)\s*بيان")


@dataclass
class Cue:
    start: int
    end: int
    text: str
    continues: bool
    denial: bool
    participle: bool
    takes_object: bool = False
    words: tuple[int, int] | None = None   # a call verb's quoted words ("دعا ... إلى «...»")



class QuoteFinder:
    name = "quotes"

    def __init__(self, kb: KnowledgeBase):
        # folded form → (continues, denial, participle, takes_object)
        self.forms: dict[str, tuple[bool, bool, bool, bool]] = {}
        cues = kb.cues or {}
        for verb in cues.get("speech_verbs", []) or []:
            cont, deny = bool(verb.get("continues")), bool(verb.get("denial"))
            obj = bool(verb.get("takes_object"))
            for f in verb.get("forms", []) or []:
                self.forms[fold(f)] = (cont, deny, False, obj)
            for f in verb.get("participles", []) or []:
                self.forms[fold(f)] = (True, deny, True, False)
        for f in cues.get("participle_cues", []) or []:
            self.forms.setdefault(fold(f), (True, False, True, False))
        for f in _CONTINUE_DEFAULT:
            if f in self.forms:
                self.forms[f] = (True,) + self.forms[f][1:]
        self.call_forms = frozenset(fold(f) for f in cues.get("call_verbs", []) or []) - set(self.forms)
        # verbs that relay another's words ("نقلت الوكالة عن الوزير أن"): the speaker follows عن
        self.relay_forms = frozenset(fold(f) for verb in cues.get("speech_verbs", []) or [] if verb.get("relays")
                                     for f in verb.get("forms", []) or [])

    def cues(self, doc: Doc) -> list[Cue]:
        out = []
        for t in doc.tokens:
            if t.norm in _IMPERSONAL:
                continue
            hit = self.forms.get(t.norm)
            if hit is None and t.norm[:1] in ("و", "ف"):
                hit = self.forms.get(t.norm[1:])   # "وأضاف"، "فقال"
            if hit is None:
                if t.norm in self.call_forms or (t.norm[:1] in ("و", "ف") and t.norm[1:] in self.call_forms):
                    words = _called_words(doc, t.end)
                    if words is not None:
                        out.append(Cue(t.start, t.end, t.text, False, False, False, words=words))
                continue
            out.append(Cue(t.start, t.end, t.text, *hit))
        return out

    def __call__(self, doc: Doc) -> Doc:
        quotes: list[Quote] = []
        last_speaker: Mention | None = None
        cues = self.cues(doc)
        pending: tuple[int, Mention] | None = None   # "وأضاف الخضر قائلاً": the speaker before قائلاً
        for n, cue in enumerate(cues):
            sent = doc.sentence_at(cue.start)
            if sent is None:
                continue
            if quotes and quotes[-1].direct and quotes[-1].start <= cue.start < quotes[-1].end:
                continue   # "«نقول إن ...»": a speech verb inside quoted words is the speaker's own
            # a speech verb inside the reported clause ("إن موسكو أقرت بضلوع ...") reports within
            # these words: they run on past it
            nxt = next((c for c in cues[n + 1:] if c.start < sent.end and not _nested_report(doc.text, cue.end, c.start)),
                       None)
            next_cue = nxt.start if nxt is not None else sent.end
            if cue.words is not None:
                content = (*cue.words, True) if cue.words[1] <= sent.end else None
            else:
                content = self._content(doc, cue.end, next_cue, sent.end)
            if content is None and cue.takes_object:
                content = self._object_content(doc, cue, next_cue, sent.end)
            if content is None:
                if nxt is not None and nxt.participle and not cue.participle:
                    spk = self._speaker(doc, cue, nxt.start, sent.start, quotes, last_speaker)
                    # only the cue's own subject, right after it ("وأضاف الخضر قائلاً"), not a
                    # name inside what it says ("وشدد المتظاهرون على محاكمة المالكي، مؤكدين")
                    near = spk is not None and cue.end <= spk.start and len(doc.text[cue.end:spk.start].split()) <= 1
                    pending = (nxt.start, spk) if near else None
                continue
            c_start, c_end, direct = content
            if cue.participle and pending is not None and pending[0] == cue.start:
                speaker = pending[1]
            elif cue.words is not None and self._addressed_only(doc, cue, c_start) and last_speaker is not None \
                    and quotes and cue.start - quotes[-1].end <= _MAX_INHERIT_GAP:
                # "ودعا رجال الأعمال إلى «...»": one name between the call and its words is whom
                # the previous speaker calls on
                speaker = last_speaker
            else:
                speaker = self._speaker(doc, cue, c_start, sent.start, quotes, last_speaker)
            if speaker is None:
                continue
            last_speaker = speaker
            date = next((d.value for d in doc.dates if sent.start <= d.start < sent.end and d.grain == "day"), None)
            quotes.append(Quote(c_start, c_end, doc.text[c_start:c_end], cue.text, direct, speaker, date,
                                cue_start=cue.start))
        doc.quotes = quotes
        return doc

    # -- the quoted words ------------------------------------------------------------------
    def _content(self, doc: Doc, pos: int, stop: int, sent_end: int) -> tuple[int, int, bool] | None:
        text = doc.text
        gap = _MAX_SPEAKER_GAP
        # "وقال ستافان دي ميستورا مبعوث الأمم المتحدة الخاص إلى سوريا الأربعاء، أمام مجلس الأمن
        # ...، إن": a person named right after the cue may be followed by a long title and
        # occasion before إن/أن (only those: quotation marks that far off are someone else's)
        starts = doc.meta.get("named_person_starts")
        if starts is None:
            starts = doc.meta["named_person_starts"] = frozenset(
                m.start for m in doc.mentions if m.entity.kind == "person" and m.via in _NAMED_VIA)
        named = any(p in starts for p in range(pos, pos + 3))
        far = _FAR_SPEAKER_GAP if named else gap
        # 'وقال ماتيس للصحافيين ... وفقاً لنسخة لتصريحاته: "..."': a colon before the marks holds
        # the speaker's words even after a long aside
        colon = _COLON_QUOTE.search(text, pos, min(sent_end, stop, pos + 2 * _MAX_SPEAKER_GAP))
        if colon is not None:
            gap = max(gap, colon.end() - pos + 1)
        reach = max(gap, far)
        limit = min(sent_end, stop, pos + reach + 400)
        i = pos
        while i < limit and i - pos <= reach:
            ch = text[i]
            if i - pos > gap and (ch in _OPEN or ch == ":"):
                return None
            if ch == ":":
                # "وقال عباس: نحن نطالب ...": after a colon, the words to the clause end are his
                j = i + 1
                while j < limit and text[j] in " \t":
                    j += 1
                w = _ALPHA_WORD.match(text, j)
                if j < limit and (text[j] in _OPEN or (w is not None and fold(w.group()) in _THAT)):
                    i = j   # 'قال: "..."' and 'قال: إن ...' read on as usual
                    continue
                end = self._clause_end(doc, j, stop, sent_end)
                if len(text[j:end].split()) >= 3:
                    return j, end, True
                return None
            if ch in _OPEN:
                close = text.find(_OPEN[ch], i + 1, max(sent_end, i + 1) + 1)
                if close == -1:
                    close = text.find(_OPEN[ch], i + 1)
                if close == -1:
                    return None
                inner = text[i + 1:close]
                tail = text[close + 1:close + 3].strip()
                if len(inner.split()) <= 3 and tail[:1] not in (".", "،", ",", "") and close + 1 < sent_end:
                    i = close + 1   # a quoted name ("تويتر", "بركان الغضب"), not speech
                    continue
                return i + 1, close, True
            if ch.isalpha():
                m = _ALPHA_WORD.match(text, i)
                word = fold(m.group()) if m else ""
                if word in _THAT:
                    j = m.end()
                    while j < len(text) and text[j] in " \t":
                        j += 1
                    # أن "..." : the marks hold the words
                    if j < len(text) and text[j] in _OPEN:
                        close = text.find(_OPEN[text[j]], j + 1)
                        if close != -1 and close <= max(sent_end, stop) + 1:
                            # إن "العواقب ستكون وخيمة" في حال ...: the clause goes on past the
                            # marks, and the quote is the whole clause with its quoted words
                            after = text[close + 1:close + 3].lstrip(" ")
                            if after[:1].isalpha() and close + 1 < min(sent_end, stop):
                                end = self._clause_end(doc, close + 1, stop, sent_end)
                                if len(text[close + 1:end].split()) >= 2:
                                    return j, end, False
                            return j + 1, close, True
                    end = self._clause_end(doc, j, stop, sent_end)
                    if end - j >= 8:
                        return j, end, False
                    return None
                i = m.end() if m else i + 1
                continue
            i += 1
        return None

    def _object_content(self, doc: Doc, cue: Cue, stop: int, sent_end: int) -> tuple[int, int, bool] | None:
        """"أكد مدير الناحية، صالح الجبوري، وقوع الهجوم": the words after the named speaker."""
        after = [m for m in doc.mentions if cue.end <= m.start < cue.end + _MAX_SPEAKER_GAP
                 and m.via not in _NON_SPEAKER_VIA]
        # the speaker stands right after the cue ("أكد مدير ناحية القيارة"، "أعلن الجيش اليمني")
        if not after or len(doc.text[cue.end:after[0].start].split()) > 1 or not after[0].entity.code:
            return None
        speaker = after[0]
        named = [m for m in after if m.entity.key == speaker.entity.key
                 and len(doc.text[speaker.end:m.start].split()) <= 6]
        pos = named[-1].end
        # the speaker's own adjectives the dictionary name left out ("التلفزيون السوري الحكومي بمقتل")
        adj = _LEAD_NISBA.match(doc.text, pos)
        if adj is not None:
            pos = adj.end()
        m = _LEAD_AN.match(doc.text, pos)
        start = m.end() if m else pos
        end = self._clause_end(doc, start, stop, sent_end)
        if len(doc.text[start:end].split()) < 3 or re.match(r"(?:في|من|إلى|الى|خلال|يوم|أمس)\b", doc.text[start:end]):
            return None
        return start, end, False

    def _clause_end(self, doc: Doc, start: int, stop: int, sent_end: int) -> int:
        end = min(stop, sent_end)
        # a participle cue after a comma starts the next quote: "...، مضيفاً أن"
        seg = doc.text[start:end]
        m = re.search(r"[،,]\s*(?:و)?(?:مضيف|موضح|مشير|مؤكد|لافت|معتبر|مشدد|منوه)", seg)
        if m:
            end = start + m.start()
        while end > start and doc.text[end - 1] in " \t.،,":
            end -= 1
        return end

    @staticmethod
    def _addressed_only(doc: Doc, cue: Cue, c_start: int) -> bool:
        """A call verb joined by و with a single name before its words: the name is the one called on."""
        if doc.text[cue.start] not in "وف":
            return False
        named = [m for m in doc.mentions if cue.end <= m.start and m.end <= c_start and m.via not in _NON_SPEAKER_VIA]
        # ... and right before the words' إلى ("ودعا وزراء الخارجية في بيان ... إلى" is the subject)
        return len({m.entity.key for m in named}) == 1 and len(doc.text[named[-1].end:c_start].split()) <= 2

    # -- the speaker -----------------------------------------------------------------------
    def _speaker(self, doc: Doc, cue: Cue, content_start: int, sent_start: int, quotes: list[Quote],
                 last: Mention | None) -> Mention | None:
        span = [m for m in doc.mentions if cue.end <= m.start and m.end <= content_start
                and m.via not in _NON_SPEAKER_VIA]
        if _bare(fold(cue.text), self.relay_forms) in self.relay_forms:
            # "نقلت مصادر صحفية عن شرف لقمان أنه ...": who is relayed speaks, not who relays
            at = re.search(r"(?:^|\s)عن\s", doc.text[cue.end:content_start])
            source = [m for m in span if at is not None and m.start >= cue.end + at.end()]
            if source:
                persons = [m for m in span if m.start >= source[0].start and m.entity.key == source[0].entity.key
                           and m.via in ("apposition", "kb")]
                return persons[0] if persons else source[0]
        # a name after a preposition, and the title or name it goes on with, is no subject ("وقال
        # في أنقرة قبيل محادثات مع نظيره الروسي سيرغي لافروف:")
        governed: dict[str, int] = {}
        for m in span:
            if _after_preposition(doc, m):
                governed.setdefault(m.entity.key, m.start)
        between = [m for m in span if m.start < governed.get(m.entity.key, len(doc.text))]
        if not cue.participle and last is not None and _OWN_OCCASION.match(doc.text, cue.end):
            # "وقال في كلمة له أمام البرلمان ...": the pronoun is the one who spoke before
            return last
        if not cue.participle and between:
            # a named person first, then any person (a bare title), then any actor
            # a person right after a body's phrase is its genitive, not the subject ("أكدت القوات
            # الموالية لحكومة الرئيس اليمني عبدربه منصور هادي أنها ...": the forces speak)
            head = between[0]
            owned = head.entity.kind != "person" and head.entity.kind != "media" and len(between) > 1 \
                and between[1].entity.kind == "person" and not doc.text[head.end:between[1].start].strip()
            candidates = between[:1] if owned else between
            persons = [m for m in candidates if m.entity.kind == "person" and m.via in _NAMED_VIA]
            persons = persons or [m for m in candidates if m.entity.kind == "person"]
            if fold(doc.text[between[0].start:between[0].end]) in ("الاخير", "الاخيره"):
                return last
            chosen = persons[0] if persons else between[0]
            # prefer the name over the title that introduced it ("المتحدث ...، أحمد المسماري")
            named = [m for m in between if m.entity.key == chosen.entity.key and m.via in ("apposition", "kb")]
            return named[0] if named else chosen
        stmt = _STATEMENT.match(doc.text, cue.end)
        if stmt is not None and not between:
            # "وقال البيان"، "وأضاف البيان": the statement speaks for whoever issued it
            issuer = _issuer_of_statement(doc, cue.start) or last
            if issuer is not None:
                return Mention(stmt.start(1), stmt.end(1), stmt.group(1), issuer.entity, via="statement")
        if cue.participle and last is not None and _disagrees_with(doc, cue, last):
            # "أشارت مصادر يمنية إلى خطة ...، مؤكدة أن": the feminine participle goes on with the
            # sentence's subject, not with a man quoted before
            subject = next((m for m in doc.mentions if sent_start <= m.start <= sent_start + 40 and m.end <= cue.start
                            and m.via not in _NON_SPEAKER_VIA and not _after_preposition(doc, m)
                            and not _disagrees_with(doc, cue, m)
                            and m.via not in ("country-place", "place", "country")), None)
            return subject   # (none named: better no speaker than the wrong one)
        if cue.participle or cue.continues:
            return last if quotes and cue.start - quotes[-1].end <= _MAX_INHERIT_GAP else None
        # the subject before the cue, but not before the previous cue of the same sentence
        prev_cue = quotes[-1].cue_start if quotes and quotes[-1].cue_start is not None else -1
        floor = max(sent_start, prev_cue)
        before = [m for m in doc.mentions if floor <= m.start and m.end <= cue.start
                  and m.via not in _NON_SPEAKER_VIA and not _after_preposition(doc, m)]
        if before:
            persons = [m for m in before if m.entity.kind == "person"]
            if fold(cue.text)[:1] == "و" and doc.text[max(floor, cue.start - 3):cue.start].rstrip().endswith(("،", ",")):
                # "أبدى الرئيس محمود عباس استعداده ... لتشكيل حكومة وحدة، وقال: ...": a verb
                # joined by و after a comma shares the first clause's subject
                return persons[0] if persons else before[0]
            return persons[-1] if persons and persons[-1].end > cue.start - 60 else before[-1]
        if _unnamed_subject_follows(doc.text, cue.end):
            return None   # "وذكرت تقارير أن ...": someone unnamed speaks, not the last speaker
        if prev_cue >= sent_start:
            return quotes[-1].speaker
        if quotes and cue.start - quotes[-1].end <= _MAX_INHERIT_GAP:
            return last
        return None


def _unnamed_subject_follows(text: str, pos: int) -> bool:
    """A plain noun right after a finite speech verb is its subject ("ذكرت تقارير أن"، "قالت صحف
    إن"), though not a named side; a preposition, complementiser, colon or mark leaves it unsaid."""
    m = _NEXT_WORD.match(text, pos)
    return m is not None and fold(m.group(1)) in _UNNAMED_SUBJECTS


_NEXT_WORD = re.compile(r" *([^\W\d_]+)")


# plain nouns that say who speaks without naming anyone (folded)
_UNNAMED_SUBJECTS = frozenset(fold(w) for w in (
    "تقارير", "التقارير", "تقرير", "صحف", "الصحف", "وكالات", "أنباء", "الأنباء", "معلومات", "المعلومات",
    "أوساط", "دوائر", "تسريبات", "روايات", "شائعات"))


# "في كلمة له"، "خلال مقابلة لها"، "في تصريحات صحفية له": the occasion is the subject's own
_OWN_OCCASION = re.compile(r"\s*[،,]?\s*(?:في|خلال|ب)\s*[^\W\d_]+(?:\s+[^\W\d_]+)?\s+(?:له|لها|لهم)(?![^\W\d_])")


# one or two definite adjectives of relation ("الحكومي"، "الرسمية") right after a speaker's name
_LEAD_NISBA = re.compile(r"(?:\s+ال[^\W\d_]{2,}(?:ي|ية|يه))(?:\s+ال[^\W\d_]{2,}(?:ي|ية|يه))?(?=\s)")


def _called_words(doc: Doc, pos: int) -> tuple[int, int] | None:
    """The quoted words a call verb ending at `pos` calls for: "دعا ... إلى «إبقاء الضغط»" (within
    the sentence, at least three words)."""
    sent = doc.sentence_at(pos)
    if sent is None:
        return None
    m = _CALLED_FOR.search(doc.text, pos, min(sent.end, pos + 140))
    if m is None or any(c in doc.text[pos:m.start()] for c in ".؛:"):
        return None
    opening = m.group(1)
    close = doc.text.find(_OPEN[opening], m.end(), sent.end + 1)
    if close == -1 or len(doc.text[m.end():close].split()) < 3:
        return None
    return m.end(), close


_CALLED_FOR = re.compile(r"(?:^|\s)(?:إلى|الى|ب)\s*([\"«“])")


def _nested_report(text: str, outer_end: int, inner_start: int) -> bool:
    """Whether a speech verb at `inner_start` belongs to a clause the cue ending at `outer_end`
    opened: "وقال ماتيس إنه "نما إلى علمه" أن موسكو أقرت ..." (أن, then at most three words)."""
    between = fold(text[outer_end:inner_start]) + " "   # (fold strips the space the regex ends on)
    m = _CLAUSE_SUBJECT.search(between)
    return m is not None and not any(c in between[:m.start()] for c in ".؛\n")


# a complementiser (folded) and at most three words (the clause's subject) at the end of a span
_CLAUSE_SUBJECT = re.compile(r"(?:^|\s)(?:" + "|".join(sorted(_THAT, key=len, reverse=True))
                             + r")\s+(?:[^\s،,.:]+\s+){1,3}$")


def _issuer_of_statement(doc: Doc, before: int) -> Mention | None:
    """The last side named as issuing a statement before `before`: "بيان صادر عن X"، "X في بيان"."""
    for m in reversed([m for m in doc.mentions if m.end <= before and m.entity.code]):
        if _ISSUED_BY.search(doc.text, max(0, m.start - 30), m.start) or _IN_STATEMENT.match(doc.text, m.end):
            return m
    return None


def _disagrees_with(doc: Doc, cue: Cue, m: Mention) -> bool:
    """A participle cue ("مؤكدا"، "مؤكدة") whose gender the speaker's does not match."""
    form = fold(cue.text).lstrip("و")
    want = "f" if form.endswith("ه") else "m" if form.endswith("ا") else None
    have = _gender(doc, m)
    return want is not None and have is not None and want != have


def _after_preposition(doc: Doc, m: Mention) -> bool:
    """"لحفتر"، "بالسعودية"، "من حفتر": a mention governed by a preposition is not a subject."""
    t = doc.text
    glued = glued_prefix(t, m.start)
    if glued and glued not in ("و", "ف", "ال", "وال", "فال"):
        return True  # a glued ل/ب/ك
    before = t[max(0, m.start - 12):m.start]
    words = fold(before).split()
    if words and words[-1] in _PREPOSITIONS:
        return True
    if words and words[-1][:1] in "لب" and words[-1][1:] in MEDIA_HEADS and not before.endswith(_NAME_OPENERS):
        return True   # "لوكالة الصحافة الفرنسية"، "لصحيفة الشرق الأوسط": the medium spoken to
    # a preposition glued to a quoted name: 'ل"الرياض"'، "لـ«الشرق الأوسط»" (the paper spoken to)
    if not before.rstrip().endswith(_NAME_OPENERS):
        return False
    glued = fold(before.rstrip("".join(_NAME_OPENERS) + "ـ ")).split()
    return bool(glued) and glued[-1] in _GLUED_PREPOSITIONS


_NAME_OPENERS = ("\"", "«", "“", "'", "(")


_GLUED_PREPOSITIONS = frozenset({"ل", "ب", "ك", "ول", "وب", "فل", "فب"})
# folded: "أمام البرلمان" is the audience, "عبر التلفزيون" the medium, not who speaks
_PREPOSITIONS = frozenset({"من", "في", "على", "عن", "الى", "مع", "لدي", "ضد", "حول", "بشان", "امام", "خلال",
                           "عبر", "تجاه", "حيال", "بحق", "نحو"})
