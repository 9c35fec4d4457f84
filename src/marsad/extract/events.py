"""Events: a lexicon trigger, its actor and recipient, and whether it is negated, hedged or claimed.

Arguments are assigned by the trigger's form, following Arabic word order:
- finite verb: the actor is the first subject after it (VSO) or the nearest subject before it
  in the clause (SVO); the recipient follows the actor, as direct object or after one of the
  entry's prepositions ("حث ... الأطراف"، "أشاد ... ب").
- verbal noun (masdar): the actor is its genitive or nisba ("إشادة ترامب"، "دعم أميركي"، "الدعم
  الروسي والفرنسي"), or else the subject of the clause that governs it; the recipient follows
  a preposition ("لحفتر"، "بدور حفتر").
- active participle ("الداعمة لحفتر"): the actors are the coordinated group before it.
- passive participle ("المدعومة من إيران"): the recipient comes before it, the actor after من.
A coordinated group gives one event per member. Modality comes from the clause: a negation
before the trigger, a denial cue (نفى أن)، a hedge (يبدو، الحديث عن)، and attribution when the
event sits inside someone else's quote or claim.
"""
from __future__ import annotations

import bisect
import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass

from ..doc import Doc, Entity, Event, Mention, Sentence
from ..kb import KnowledgeBase, LexEntry
from ..kb.model import NONSTATE_CODES
from ..text.matcher import PhraseMatcher
from ..text.normalize import fold, strip_article
from .actors import COMPLEMENTISERS as _COMPLEMENTISERS, LED_BY
from .dates import day_words, month_names
from ..text.tokens import analyses, glued_prefix as _glued_prefix

VERB_PREFIXES = ("", "و", "ف", "س", "وس", "فس", "ل", "ول", "فل")
NOUN_PREFIXES = ("", "و", "ف", "ب", "ل", "ك", "وب", "ول", "فب", "فل", "وك", "ال", "وال", "فال", "بال", "كال",
                 "لل", "ولل", "فلل", "وبال", "فبال")
_ANY_PREFIX = frozenset(VERB_PREFIXES) | frozenset(NOUN_PREFIXES)
PREPOSITIONS = {"ل": "ل", "ب": "ب", "ك": "ك"}
FREE_PREPS = frozenset(fold(w) for w in ("على", "إلى", "مع", "ضد", "من", "عن", "في", "بين", "نحو", "تجاه", "لدى", "عبر", "داخل"))
# Prepositions never followed by a finite verb (unlike من "who" and ما "what").
_NO_VERB_AFTER = frozenset(fold(w) for w in ("على", "إلى", "مع", "ضد", "عن", "في", "لدى", "نحو", "تجاه"))
# Words after which a verb-like form is a masdar: "أي دعم"، "بوجود دعم"، "إلى دعم".
NOUN_GOVERNORS = frozenset({"اي", "بوجود", "وجود", "حجم", "مستوي", "نوع", "تقديم", "استمرار", "تعزيز",
                            "بان", "لوقف", "وقف", "منع", "لمنع", "تكرار", "عدم", "ضروره",
                            # "حول قتل المدنيين"، "من خلال قتل المقاتلين"، "بعد قصف": these take a noun
                            "حول", "خلال", "بعد", "قبل", "منذ", "عقب", "اثر", "جراء", "بسبب",
                            # "جريمة قتل الطفل"، "محاولة اغتيال": the act named by a noun before it
                            "جريمه", "جرائم", "عمليه", "عمليات", "محاوله", "محاولات", "حادثه", "حوادث",
                            # "يتم خطف الرهائن"، "جرى اعتقال": a passive of the act it names
                            "تم", "يتم", "وتم", "جري", "يجري", "وجري"})
# Verbs that carry a masdar whose actor is their subject: "شن هجوما"، "قامت بعرقلة".
LIGHT_VERBS = frozenset(fold(w) for w in (
    "شن", "شنت", "شنوا", "يشن", "تشن", "نفذ", "نفذت", "نفذوا", "ينفذ", "تنفذ", "قام", "قامت", "قاموا", "يقوم",
    "تقوم", "واصل", "واصلت", "يواصل", "تواصل", "بدأ", "بدأت", "يبدأ", "تبدأ", "أطلق", "أطلقت", "أعلن", "أعلنت",
    "جدد", "جددت", "يجدد", "تجدد", "أعرب", "أعربت", "يعرب", "تعرب", "أبدى", "أبدت", "قدم", "قدمت", "يقدم",
    "تقدم", "وجه", "وجهت", "يوجه", "توجه", "أجرى", "أجرت", "يجري", "تجري", "عقد", "عقدت", "تلقى", "تلقت",
    "إطلاق", "شن", "تنفيذ", "مواصلة", "بدء", "تمكن", "تمكنت", "تمكنوا", "استطاع", "استطاعت", "نجح", "نجحت",
    "يشنه", "يشنها", "تشنه", "تشنها", "شنه", "شنها", "نفذه", "نفذها", "نفذهما", "ينفذه", "ينفذها", "تنفذه",
    "تنفذها", "شنتها", "نفذتها", "يشن", "يشنون",
    "قرر", "قررت", "قرروا", "يقرر", "تقرر", "اعتزم", "اعتزمت", "يعتزم", "تعتزم",
    "فرض", "فرضت", "يفرض", "تفرض", "أرسل", "أرسلت", "يرسل", "ترسل", "أصدر", "أصدرت", "يصدر", "تصدر", "أبرم",
    "أبرمت", "أقام", "أقامت", "استأنف", "استأنفت", "يستأنف", "تستأنف", "سير", "سيرت", "أدخل", "أدخلت", "أكمل", "أكملت",
    "ارتكب", "ارتكبت", "ارتكبوا", "يرتكب", "ترتكب", "يرتكبون", "اقترف", "اقترفت",
))
# A word of the raw text, harakat and tatweel included ("روساً"، "دعماً").
_AW = r"(?:[^\W\d_]|[\u064b-\u065f\u0670\u0640])+"
_NUMBER = (r"(?:\d+|اثنين|اثنان|ثلاثة|ثلاث|أربعة|اربعة|أربع|خمسة|خمس|ستة|سبعة|سبع|ثمانية|ثماني|تسعة|تسع|عشرة|"
           r"أحد|احد|عشرين|عشرون|ثلاثين|أربعين|اربعين|خمسين|ستين|سبعين|ثمانين|تسعين|مئة|مائة|مئات|عشرات|آلاف|"
           r"ألف|الف|عددا|عدد)(?:\s+(?:عشر|عشرة))?")
_VICTIM_NOUNS = (r"شخصا|شخصاً|شخصين|شخصان|جنديان|مدنيان|طفلان|شرطيان|عنصران|أشخاص|اشخاص|مدنيا|مدنياً|مدنيين|مواطنا|مواطناً|مواطنين|قتيلا|قتيلاً|جنديا|جندياً|"
                 r"جنديين|جنود|عنصرا|عنصراً|عناصر|طفلا|طفلاً|أطفال|مسلحا|مسلحاً|مسلحين|متشددا|متشدداً|متشددين|متمردا|"
                 r"متمرداً|متمردين|إرهابيا|إرهابياً|إرهابيين|ارهابيا|ارهابياً|ارهابيين|مقاتلا|مقاتلاً|مقاتلين|شرطيا|"
                 r"شرطياً|شرطيين|عسكريا|عسكرياً|عسكريين")
# Counted people right after an attack or an arrest: "بقتل 15 شخصا"، "خطفوا أربعة مهندسين"،
# "مقتل ثمانية من مقاتلي البيشمركة"، "شخصين".
_VICTIMS = re.compile(
    r"\s+(?:(?:نحو|حوالي|حوالى|قرابة|أكثر من|اكثر من|ما لا يقل عن)\s+)?("
    r"(?:(?:\d+|" + _AW + r")\s+(?:" + _VICTIM_NOUNS + r"))(?![^\W\d_])"
    r"|" + _NUMBER + r"\s+من\s+" + _AW + r"(?:\s+ال" + _AW + r")?"
    r"|" + _NUMBER + r"\s+(?!من\b|في\b|على\b|الى\b|إلى\b)[^\W\d_]{3,}"
    r"|(?:(?:بحق|ضد)\s+)?(?:ال)?(?:" + _VICTIM_NOUNS + r"))")
# The sector of counted victims by the noun that counts them.
_VICTIM_SECTORS = (("مسلح", "REB"), ("متشدد", "REB"), ("متمرد", "REB"), ("رهابي", "REB"), ("مقاتل", "REB"),
                   ("جند", "MIL"), ("جنود", "MIL"), ("عسكري", "MIL"), ("شرطي", "COP"))
_PARTITIVES = frozenset(fold(w) for w in (
    "مجموعة", "مجموعات", "عناصر", "عنصر", "مسلحو", "مسلحين", "مقاتلو", "مقاتلي", "مقاتلين", "أفراد", "وحدات", "عصابة",
    "عصابات", "خلية", "خلايا", "فصائل", "كتيبة", "قوة", "دورية",
    # "العشرات من مستوطني براخة هاجموا": a count of X is X
    "عشرات", "مئات", "آلاف", "الاف", "عدد", "بعض", "مجموعه"))
# Unnamed people a story still places in its country: gunmen, protesters, civilians, rebels.
_PEOPLE_SECTORS = frozenset({"UAF", "CVL", "REB"})
_ARMED_SECTORS = frozenset({"MIL", "REB", "UAF", "COP", "SPY"})
_ARMED_OR_PEOPLE = frozenset({"UAF", "CVL", "REB", "OPP", "MIL", "COP"})
# Markers that hand an account to its source ("حسبما ذكرت"، "بحسب"، "وفقاً لـ"، "نقلاً عن").
_REPORTED_BY = re.compile(
    r"(?:^|[\s،,])(?:حسبما|حسب ما|كما)\s+(?:ذكرت?|أفادت?|افادت?|أعلنت?|اعلنت?|قالت?|أوردت?|نقلت?)\s+"
    r"|(?:^|[\s،,])(?:بحسب|حسب|وفقا?ً?\s+ل|طبقا?ً?\s+ل|نقلا?ً?\s+عن)\s*")
# Nouns between a title and the body it heads: "رئيس وكالة الأمم المتحدة".
_BODY_NOUNS = frozenset(fold(w) for w in (
    "وكالة", "منظمة", "هيئة", "مكتب", "بعثة", "مفوضية", "لجنة", "مجلس", "دائرة", "جهاز", "إدارة", "صندوق", "برنامج"))
# What a protest demands or opposes, just before the side it targets.
_PROTEST_AIM = re.compile(
    r"(?:(?:مطالبين|مطالبا|مطالبة|للمطالبة|يطالبون|طالبوا|مطالبات|ويطالبون|وطالبوا|تطالب|تطالبان)\s+"
    r"|(?:احتجاجا|احتجاجاً|تنديدا|تنديداً|منددين|منددة|مندد|تندد|ينددون|نددوا|رفضا|رفضاً|رفضهم|رفضه)\s+"
    r"|(?:للتنديد|التنديد|للاحتجاج|يحتجون|احتجوا|مضادة|المضادة)\s+"
    r"|(?:متهمين|يتهمون|مناوئة|مناهضة|المناهضة|المناوئة|معادية|المعادية)\s+"
    r"|(?:يسقط|ليسقط|تسقط|يرحل|ارحل)\s+|(?<!\S)ضد\s+)")
# Words of taking ground: the side it is taken from is the target ("طرد داعش من"، "تحرير ... من").
_WREST = frozenset(fold(w) for w in (
    "السيطرة", "سيطرة", "انتزاع", "تحرير", "استعادة", "استرجاع", "طرد", "انتزاعها", "استعادتها", "تحريرها"))
# "أدت إلى مقتل X"، "أسفرت عن اغتيال X": who an attack killed is whom it hit.
_RESULT_VICTIM = re.compile(
    r"[\s،,]*(?:[^\W\d_]+[\s،,]+){0,5}?(?:مما\s+|ما\s+)?(?:أدت|أدى|ادت|ادى|أسفرت|أسفر|اسفرت|اسفر)\s+(?:[^\W\d_]+\s+){0,3}?"
    r"(?:إلى|الى|عن)\s+(?:مقتل|اغتيال|مصرع|إصابة|اصابة|جرح|اعتقال|أسر|اسر)\s+")
# "ستة مدنيين قتلوا"، "ثمانية اشخاص، بينهم طفلان، قتلوا": people counted before a passive verb.
_COUNTED_PEOPLE_BEFORE = re.compile(
    r"(?:^|[\s«\"])(" + _NUMBER + r"\s+(?:" + _VICTIM_NOUNS + r"))(?:[\s،,]+(?:" + _AW + r"\s+){0,3}?" + _AW + r"[،,])?"
    r"(?:\s+" + _AW + r"){0,2}?\s*$")
_COUNT_PREFIX = re.compile(_NUMBER + r"\s+(?:من\s+)?")
# Claims of responsibility: "تبناه"، "أعلن مسؤوليته عن" (the claimant follows, or precedes a مسؤولية).
_CLAIM = re.compile(r"(?<!\w)(?:و|ف)?(?:تبنا(?:ه|ها)|تبنت(?:ه|ها)|تبنى|تبنت|يتبنى|(?P<before>أعلن(?:ت)?\s+مسؤولي))"
                    r"[^\s]*\s*")
_DEAD_THEN_ATTACK = re.compile(
    r"\s+(?:" + _AW + r"\s+){0,3}?(?P<dead>" + _NUMBER + r"\s+" + _AW + r"(?:\s+" + _AW + r")?)\s+"
    r"(?:في|جراء|إثر|اثر|خلال|بسبب)\s+")
# Praise verbs: "أثنى الوزير على الانتصارات" is an act of support even when what is praised is no side.
_PRAISE_VERBS = frozenset(fold(w) for w in ("أثنى", "أثنت", "أشاد", "أشادت", "ثمن", "ثمنت", "امتدح", "امتدحت",
                                            "يشيد", "تشيد", "يثمن", "تثمن"))
# Places that belong to a side: an attack on "معقل لـ X" hits X.
_POSITION_NOUNS = frozenset(fold(w) for w in (
    "معقل", "معاقل", "موقع", "مواقع", "مقر", "مقرات", "مراكز", "مركز", "مخازن", "مخزن", "تجمعات", "تجمع",
    "أوكار", "وكر", "ثكنة", "ثكنات", "قاعدة", "قواعد", "منزل", "منازل", "آليات", "دورية", "دوريات", "حاجز",
    "موكب", "مواكب", "حافلة", "حافلات", "سيارة", "سيارات", "مكتب", "مكاتب", "سفينة", "ناقلة",
    "ناقلات", "نقطة", "نقاط", "مستودع", "مستودعات", "معسكر", "معسكرات", "مخيم", "مخيمات", "قافلة", "قوافل",
    # "حافلة مملوكة للحرس الثوري"، "آليات تابعة للجيش": what belongs to a side is the side hit
    "مملوكة", "مملوك", "تابعة", "تابع", "التابعة", "التابع"))


def _bare(word: str, vocab, clitics: str = "وف") -> str:
    """The word without a glued و/ف (or س) when what follows is a word of `vocab`: "وقصفت" →
    "قصفت"، "ولم" → "لم"، "ستواصل" → "تواصل"; else the word as it is."""
    return word[1:] if word[:1] in clitics and word[1:] in vocab else word


def _affiliated(doc: Doc, start: int, pos: int) -> bool:
    """The name at `pos` is whom a side named right before belongs to ("الميليشيا الحوثية
    الإرهابية التابعة لإيران"، "المدعومة من روسيا"): a participle of affiliation between `start`
    and it (not the trigger's own: "الموالية لإيران" as a SUPPORT trigger) that follows a side, not
    a thing hit ("مواقع تابعة للنظام": the regime is hit)."""
    m = _AFFILIATION_BEFORE.search(doc.text, max(start, pos - 20), pos)   # (the longest participle and من fit)
    if m is None or fold(m.group(1)) not in _AFFILIATION:
        return False
    at = m.start(1)
    # the side the participle describes ends right before it, past at most two adjectives
    return any(len(gap := fold(doc.text[x.end:at]).split()) <= 2 and all(w.startswith("ال") for w in gap)
               and not re.search(r"[،,.]", doc.text[x.end:at])
               for x in doc.mentions if at - 30 <= x.end <= at)


# the word right before a name, with the ل or من it governs ("التابعة ل"، "المدعومة من ")
_AFFILIATION_BEFORE = re.compile(r"(\S+)\s*(?:ل|لل|من)?\s*$")


def _position_noun(word: str) -> bool:
    """A folded word naming a post, a building or a vehicle of a side, also in the accusative ("موكبا")."""
    w = strip_article(word)
    return w in _POSITION_NOUNS or (w.endswith("ا") and w[:-1] in _POSITION_NOUNS)


# Words that stop what follows them: "وقف إطلاق النار"، "وقف القصف".
# ("شديدة الانفجار": an explosive's property, no explosion)
_STOP_WORDS = frozenset(fold(w) for w in ("وقف", "وقفا", "إيقاف", "ايقاف", "توقف", "وقفت", "شديدة", "شديد",
                                          "سريعة", "قابلة", "قابل",
                                          # "منصات لإطلاق الصواريخ": launchers, no launch
                                          "منصة", "منصات", "منصتي", "منصتين",
                                          # "لتفادي وقوع ضحايا"، "لمنع هجوم": what is averted did not happen
                                          "تفادي", "لتفادي", "تجنب", "لتجنب", "منع", "لمنع"))
_AGENT_VIAS = frozenset({"agent", "agent-default", "agent-uncoded", "title"})
# Verbs that lift an objection, veto or reservation named after them
_LIFTING_VERBS = frozenset(fold(w) for w in (
    "رفع", "رفعت", "رفعوا", "يرفع", "ترفع", "سحب", "سحبت", "سحبوا", "يسحب", "تسحب", "أسقط", "أسقطت", "يسقط", "تسقط"))
# Verbs of keeping someone from an act ("منع الأسد من استهداف المدنيين")
_PREVENT_WORDS = frozenset(fold(w) for w in ("منع", "لمنع", "يمنع", "تمنع", "منعت", "منعوا", "بمنع"))
# What is praised of a side: its efforts, role, stands ("جهود"، "بدور"، "مواقف").
_EFFORT_HEADS = frozenset(fold(w) for w in (
    "جهود", "جهودها", "جهوده", "دور", "دورها", "دوره", "مواقف", "موقف", "مساعي", "مبادرة", "مبادرات",
    "حرص", "وقوف", "تضحيات", "إنجازات", "انجازات", "قيادة", "حكمة", "رؤية"))
# Verbs whose subject announces an act of its own ("أعلنت"، "قررت"، "جددت").
_OWN_ACT_VERBS = frozenset(fold(w) for w in (
    "أعلن", "أعلنت", "أعلنوا", "يعلن", "تعلن", "قرر", "قررت", "قرروا", "يقرر", "تقرر", "جدد", "جددت", "يجدد", "تجدد"))
# Entries that report the dead: whoever announces them did not necessarily kill.
_DEATH_REPORTS = frozenset({"assault.qatl", "assault.casualties", "assault.wounded"})
# Threats: an attack masdar after one of these ("هدد باغتيال") is threatened, not done.
_THREAT_WORDS = frozenset(fold(w) for w in (
    "هدد", "هددت", "هددوا", "يهدد", "تهدد", "يهددون", "توعد", "توعدت", "يتوعد", "تتوعد", "لوح", "لوحت", "يلوح",
    "تلوح", "ملوحا", "مهددا", "تهديد", "تهديدات", "التهديد", "التهديدات", "تهديده", "تهديدها"))
# "تعرض حاجز للجيش لهجوم": what was exposed to an attack.
_EXPOSED = re.compile(r"(?:^|\s)[وف]?(?:تعرض|تعرضت|يتعرض|تتعرض)")
# "مصدر في الشرطة"، "المتحدث باسم الجيش": a side named as the source of a report.
_REPORTER_BEFORE = re.compile(r"(?:^|\s)(?:مصدر|مصادر|مسؤول|مسؤولون|ضابط|متحدث|المتحدث|بيان)\s+"
                              r"(?:\S+\s+)?(?:في|من|باسم|ب|ل)?\s*$")
# "اربعة من عناصر الشرطة"، "جنديين": a counted group right before a name.
# (also past the counted noun and a partitive: "مقتل 27 عنصرا من قوات ..."، "اثنين منهم عناصر في ...")
_COUNT_BEFORE_NAME = re.compile(r"(?:^|[\s\"«“(])" + _NUMBER + r"\s+(?:" + _AW + r"\s+(?=من))?(?:من(?:هم|ها)?\s+)?(?:"
                                + _AW + r"\s+)?$")
# A number right before a name: "خمسة مسلحين" is counted, so it is an object.
# "من" and at most one word before the side counted people belong to: "من داعش"، "من مقاتلي داعش"
_OF_SIDE = re.compile(r"[\u064b-\u065f]*(\s+من\s+)(?:(?:مقاتلي|عناصر|مسلحي|أفراد|افراد|أعضاء|اعضاء|جنود|قوات|ميليشيات|مليشيات)\s+)?")
_STARTS_WITH_NUMBER = re.compile(_NUMBER + r"\s")
_COUNTED_BEFORE = re.compile(r"(?:^|\s)" + _NUMBER + r"\s+(?:من\s+)?$")
# Words that name who did a killing: "على أيدي X"، "برصاص X"، "بغارة X".
_HANDS = r"(?:على\s+(?:ايدي|أيدي|يد)|بأيدي|بايدي)"
_DOER = r"(?:" + _HANDS + r"|برصاص|بنيران|بقذيفة|بقصف|بغارة|بغارات|بصاروخ)"
# After an unvocalised verb of killing or abduction, words that leave no room for an object:
# "X قتل في غارة"، "X خطف أثناء ..."، "X قتل على يد مسلحين" (then the doer follows).
_PASSIVE_NEXT = re.compile(r"\s+(?:(?P<by>" + _DOER + r")\s+"
                           r"|(?:في|خلال|أثناء|اثناء|جراء|إثر|اثر|بسبب|امس|أمس|اليوم|الليلة)\s)")
# A count (or a victim noun) after a verb is its object ("قتل في غزة ثلاثة فلسطينيين"); a count of
# days or kilometres, or a day of a month ("في 8 يوليو"), is not.
_COUNT_THEN_WORD = re.compile(r"(?:^|\s)" + _NUMBER + r"\s+(?P<word>" + _AW + r")")
_VICTIM_WORD = re.compile(r"(?:^|\s)(?:" + _VICTIM_NOUNS + r")(?:\s|$)")
_NOT_COUNTED = frozenset(fold(w) for w in (
    "ساعات", "ساعة", "أيام", "يوما", "يوم", "أسابيع", "أشهر", "شهر", "سنوات", "عام", "أعوام", "دقائق",
    "كيلومتر", "كلم", "كم", "متر", "أمتار"))


@functools.lru_cache(maxsize=1)
def _not_counted() -> frozenset[str]:
    """Units of time and distance, and the (first words of the) month names of the date lexicon."""
    return _NOT_COUNTED | {name.split()[0] for name in month_names()}


def _counted_object(text: str, start: int, end: int) -> bool:
    """A count of people or a victim noun in text[start:end]."""
    return any(fold(m.group("word")) not in _not_counted() for m in _COUNT_THEN_WORD.finditer(text, start, end)) \
        or bool(_VICTIM_WORD.search(text, start, end))


# After "قتل X": words that make the verb passive and X its victim ("قتل جندي برصاص قناص").
_KILLED_BY = re.compile(r"\s*(?:(?P<by>" + _DOER + r")\s+"
                        r"|(?:جراء|إثر|اثر)\s|في\s+(?:غارة|قصف|هجوم|انفجار|تفجير|كمين|اشتباكات|ضربة)\s*)")
_AT_THE_HANDS = re.compile(r"\s*" + _HANDS + r"\s+")
# A verb form carrying its object pronoun ("قتلهم"): active, whatever follows it.
_OBJECT_PRONOUN = re.compile(r"(?:ه|ها|هم)$")
_KILLED_BY_DOER = re.compile(r"(?:^|\s)" + _DOER + r"\s+")
# "أنه قتل": the clause's subject is the pronoun, the one who speaks.
_SELF_COMPLEMENTISERS = frozenset({"انه", "انها", "انهم", "بانه", "بانها", "بانهم", "وانه", "وانها"})
# "قواته قتلت"، "جنودها اعتقلوا": one's own forces.
_OWN_FORCES = re.compile(r"و?(?:قوات|جنود|عناصر|مقاتلي|مقاتلو|طائرات|طيران|وحدات|دبابات|قطع)(?:ه|ها|هم)")
_OWN_COUNTRY = frozenset({"بلاده", "بلادها", "بلادهم", "بلادنا", "بلدي", "بلده", "بلدها", "بلدنا", "دولته", "دولتها"})
NEGATION_EXCEPTIONS = frozenset({"زال", "يزال", "تزال", "زالت", "يزالون", "سيما", "بد", "شك", "ريب"})
SUBJECT_BLOCK_VIA = frozenset({"country-place", "nisba", "demonym"})
# participles of affiliation: the side after them is whom the one before belongs to
_AFFILIATION = frozenset(fold(w) for w in (
    "التابعة", "التابع", "التابعين", "الموالية", "الموالي", "الموالين", "المدعومة", "المدعوم", "المدعومين",
    "تابعة", "تابع", "موالية", "موال", "موالين", "مدعومة", "مدعوم", "مدعومين", "المحسوبة", "المحسوب", "المقربة",
    "المقرب", "القريبة", "القريب"))
# Words that open a new clause: a negation before them does not reach past them, and a recipient
# is not looked for past a comma and one of them ("دعت فرنسا البلدين إلى ضبط النفس، لكن الولايات
# المتحدة قالت").
_CLAUSE_OPENER_WORDS = ("إذ", "اذ", "حيث", "بينما", "عندما", "بعدما", "فيما", "لكن", "بل", "ثم", "إلا", "الا")
# words that stand between a verb and its subject without being either ("رفضت أمس روسيا")
_ADVERBS = day_words() | frozenset(fold(w) for w in ("أيضا", "أيضاً", "مجددا", "مجدداً", "بشدة", "رسميا", "رسمياً", "قطعيا", "بدورها", "بدوره"))
# what one declines to confirm or disclose ("رفضت تأكيد ..."، "امتنع عن الكشف عن ..."): no side is
# rebuffed (declining to comment on a side's report is a rebuff, see reject.istankafa)
_DECLINED_SPEECH = frozenset(fold(w) for w in (
    "الإدلاء", "الإفصاح", "الكشف", "كشف", "تأكيد", "التأكيد", "نفي"))
# the prepositions that name whom an act is done to or with (not where)
_TO_WHOM = frozenset(fold(w) for w in ("إلى", "مع", "ضد", "على", "عن", "من", "لدى"))
_CLAUSE_OPENERS = frozenset(fold(w) for w in _CLAUSE_OPENER_WORDS)
_NEW_CLAUSE = re.compile(r"[،,]\s*(?:و|ف)?(?:" + "|".join(_CLAUSE_OPENER_WORDS) + r")(?!\w)")
# Prepositions of place and cause: "لا إصابات في القصف" negates the wounded, not the shelling.
_SCOPE_PREPS = frozenset(fold(w) for w in ("في", "خلال", "جراء", "بسبب", "إثر", "اثر"))
# Types whose events are kept without a recipient.
RECIPIENT_OPTIONAL = frozenset({"PROTEST"})
# Attack modes whose actor is taken from the armed side the sentence names when no rule links one.
# Of these, the ones often unclaimed (bombs, suicide attacks, assassinations, abductions) are kept
# with unidentified attackers when the sentence names no armed side.
UNIDENTIFIED_MODES = frozenset({"explosives", "suicide-attack", "abduct", "targeted", "heavy-weapons"})
UNCLAIMED_MODES = frozenset({"explosives", "suicide-attack", "abduct", "targeted", "firearms", "heavy-weapons"})
# The recipient's preposition by type, for lexicon entries that list none (phrases such as
# "حكما بالسجن" or "هجوما صاروخيا" take their target after على like the verbs of their type).
DEFAULT_PREPS = {
    "ASSAULT": ("على", "ضد"), "COERCE": ("على", "ضد"), "SANCTION": ("على", "ضد"), "THREATEN": ("على", "ضد"),
    "PROTEST": ("على", "ضد", "أمام"), "ACCUSE": ("على",), "REQUEST": ("إلى", "من"), "AID": ("إلى", "ل"),
    "SUPPORT": ("ل",), "CONSULT": ("مع",), "AGREE": ("مع",), "COOPERATE": ("مع",), "MOBILIZE": ("إلى",),
    "REJECT": (), "CONCEDE": (), "RETREAT": ("من",)}
# Types whose object may be a country's affair rather than an actor ("دعم أحد طرفي الصراع السوري").
OBJECT_COUNTRY_TYPES = frozenset({"SUPPORT", "REQUEST"})
# Heads of an armed campaign: supporting one supports the war on that place.
_CAMPAIGN_HEADS = frozenset(fold(w) for w in ("حملة", "حملات", "عملية", "عمليات", "هجوم", "حرب", "معركة"))
# Types whose masdar takes its object as genitive: "دعم حفتر"، "اعتقال ناشطين".
GENITIVE_OBJECT_TYPES = frozenset({"SUPPORT", "COERCE", "AID"})
# Verbs whose subject receives what a masdar names ("تلقى اتصالا من").
_RECEIVE_VERBS = frozenset(fold(w) for w in ("تلقى", "تلقت", "يتلقى", "تتلقى", "تلقوا", "استلم", "استلمت", "تسلم", "تسلمت"))
# Acts two sides do with each other: a coordinated subject is both sides.
_RECIPROCAL_TYPES = frozenset({"CONSULT", "AGREE", "COOPERATE"})
# Types that may target a place (the state or side that holds it).
PLACE_RECIPIENT_TYPES = frozenset({"ASSAULT", "COERCE", "MOBILIZE", "REQUEST", "AID"})
_WORD = re.compile(r"[^\W_]+")


def _oblique_plurals(kb: KnowledgeBase) -> frozenset[str]:
    """The agent nouns' sound plurals in the oblique case ("مسلحين"، construct "مسلحي"), those
    whose nominative in -ون the dictionary also lists: after a verb they are its object."""
    words = {strip_article(fold(w.split()[0])) for a in kb.agents for w in a.words}
    out = set()
    for w in words:
        if w.endswith("ين") and len(w) > 4 and w[:-2] + "ون" in words:
            out.update((w, w[:-1]))
    return frozenset(out)


@dataclass
class Trigger:
    start: int
    end: int
    entry: LexEntry
    kind: str        # verb | noun | active | passive | phrase
    token_index: int
    # the masdar this one is joined to by و ("في السيطرة على المدينة وطرد المسلحين"): it shares its doer
    joined_to: "Trigger | None" = None


class EventFinder:
    name = "events"

    def __init__(self, kb: KnowledgeBase):
        self.kb = kb
        self.forms: dict[str, list[tuple[LexEntry, str]]] = {}
        self.phrases: PhraseMatcher[tuple[LexEntry, str]] = PhraseMatcher()
        for e in kb.lexicon:
            passive = {fold(x) for x in e.passive}
            for kind, words in (("verb", e.verbs), ("noun", e.nouns), ("active", e.participles)):
                for w in words:
                    f = fold(w)
                    if " " in f:
                        self.phrases.add(w, (e, kind))
                        continue
                    k = "passive" if f in passive else kind
                    self._add_form(strip_article(f) if kind != "verb" else f, e, k)
            for w in e.passive:
                f = fold(w)
                if " " not in f:
                    self._add_form(strip_article(f), e, "passive")
            for p in e.phrases:
                self.phrases.add(p, (e, "phrase"))
        for p in (kb.cues or {}).get("not_events", []) or []:
            self.phrases.add(p, (None, "none"))   # an idiom: covers its words, fires nothing
        self.phrases.build()
        self._lookup_cache: dict[str, list[tuple[LexEntry, str, str]]] = {}
        self._prep_cache: dict[str, frozenset[str]] = {}
        self._requires = {e.id: {strip_article(fold(w)) for w in e.requires if not w.startswith("@")}
                          for e in kb.lexicon}
        self._requires_suffixes = {k: tuple(w for w in v if len(w) > 2) for k, v in self._requires.items()}
        self._noun_forms = {e.id: {strip_article(fold(n)) for n in e.nouns} | {fold(n) for n in e.nouns}
                            for e in kb.lexicon}
        self._verb_forms = frozenset(fold(v) for e in kb.lexicon for v in e.verbs)
        cues = kb.cues or {}
        self.negations = {fold(x) for x in cues.get("negation", [])} or {"لم", "لن", "لا", "ليس", "ليست", "غير", "عدم"}
        self.denials = {fold(x) for x in cues.get("denial_verbs", [])}
        self.hedges = [fold(x) for x in cues.get("hedges", [])]
        self.claims = [fold(x) for x in cues.get("claim_verbs", [])]
        self.generic_speakers = frozenset(fold(x) for x in cues.get("reporting_sources", []) or [])
        self.response_verbs = frozenset(fold(x) for x in cues.get("response_verbs", []) or [])
        self.speech = kb.speech_forms
        self._oblique_plurals = _oblique_plurals(kb)
        # who suffers, sees or tells of violence and never does it: civilians, detainees, witnesses
        self._bystanders = frozenset(strip_article(fold(w)) for a in kb.agents if a.bystander for w in a.words)
        self._hedge_re = _word_alternation(self.hedges)
        self._non_attack_re = _word_alternation([fold(x) for x in cues.get("non_attack_causes", []) or []])
        self._claim_re = _word_alternation(self.claims)

    def _add_form(self, form: str, entry: LexEntry, kind: str) -> None:
        bucket = self.forms.setdefault(form, [])
        if not any(e.id == entry.id and k == kind for e, k in bucket):
            bucket.append((entry, kind))

    # -- triggers --------------------------------------------------------------------------
    def triggers(self, doc: Doc) -> list[Trigger]:
        found: list[Trigger] = []
        taken: list[tuple[int, int]] = []
        for m in self.phrases.find(doc.norm):
            entry, kind = m.payload
            if (m.start, m.end) in taken:
                continue  # two entries list the same phrase: one event, the first entry's
            if entry is None:
                taken.append((m.start, m.end))
                continue
            ti = doc.token_index(m.start)
            if entry.type == "ASSAULT" and self._stopped(doc, ti):
                taken.append((m.start, m.end))
                continue
            found.append(Trigger(m.start, m.end, entry, kind, max(ti, 0)))
            taken.append((m.start, m.end))
        covered = bytearray(len(doc.text) + 1)   # characters inside phrase triggers or long names
        # (and inside the names of people: "مؤيد اللامي" is a name, no supporter)
        for s_, e_ in taken + [(m.start, m.end) for m in doc.mentions
                               if (m.via == "kb" and m.end - m.start > 6) or m.via == "apposition"]:
            covered[s_:e_] = b"\x01" * (e_ - s_)
        for ti, tok in enumerate(doc.tokens):
            if covered[tok.start]:
                continue
            readings = self._lookup(tok.norm)
            if not readings:
                continue
            if any(entry.type == "ASSAULT" for entry, _, _ in readings) and self._stopped(doc, ti):
                continue
            # a form several entries share: the first whose context words are present wins,
            # entries with a condition before the unconditional one ("انسحب من الاتفاق" vs "انسحب")
            no_verb = _no_verb_at(doc, ti)
            for entry, kind, prefix in readings:
                if entry.requires and not self._requires_ok(doc, ti, entry):
                    continue
                joined = self._joined_masdar(doc, ti, entry, prefix, found)
                if kind == "verb" and (self._noun_reading(doc, ti, entry, prefix) or joined is not None):
                    kind = "noun"
                if kind == "verb" and no_verb:
                    continue
                found.append(Trigger(tok.start, tok.end, entry, kind, ti, joined if kind == "noun" else None))
                break
        found.sort(key=lambda t: t.start)
        return found

    @staticmethod
    def _stopped(doc: Doc, ti: int) -> bool:
        """"وقف إطلاق الصواريخ"، "وقف هش لإطلاق النار"، "شديدة الانفجار": an attack word right after
        a word that stops it (or names a property) is no attack."""
        if any(_in_words(t.norm, _STOP_WORDS) for t in doc.tokens[max(0, ti - 2):ti]):
            return True
        if ti > 0 and doc.tokens[ti - 1].norm == "من":
            # "منع الرئيس السوري من استهداف المدنيين": whom one keeps from an attack did not attack
            for k in range(ti - 1, max(-1, ti - 8), -1):
                if _in_words(doc.tokens[k].norm, _PREVENT_WORDS):
                    return not re.search(r"[.،,؛;:]", doc.text[doc.tokens[k].end:doc.tokens[ti].start])
        # "هدد باغتيال قادة"، "التهديدات الغربية بتوجيه ضربة": a threatened attack has not happened
        # (the threat itself is a THREATEN event)
        if not (doc.tokens[ti].norm.startswith("ب") or ti > 0 and doc.tokens[ti - 1].norm.startswith("ب")):
            return False
        for k in range(ti - 1, max(-1, ti - 11), -1):
            if _in_words(doc.tokens[k].norm, _THREAT_WORDS):
                return not re.search(r"[.،,؛;:]", doc.text[doc.tokens[k].end:doc.tokens[ti].start])
        return False

    def _noun_reading(self, doc: Doc, ti: int, entry: LexEntry, prefix: str) -> bool:
        """A form spelled like both a verb and its masdar (دعم): read it as a noun after a
        preposition or article, or when a nisba adjective follows it ("دعم أميركي")."""
        word = doc.tokens[ti].norm
        if word[len(prefix):] not in self._noun_forms[entry.id]:
            return False
        if prefix.lstrip("وف") or word.endswith("ا"):
            return True   # after a preposition or article, or accusative "دعماً"
        if ti > 0:
            prev = doc.tokens[ti - 1].norm
            if prev in FREE_PREPS or prev in NOUN_GOVERNORS or _bare(prev, LIGHT_VERBS, "وفس") in LIGHT_VERBS:
                return True   # "ستواصل دعم سوريا": the object of a light verb is a masdar
        nxt = doc.tokens[ti + 1] if ti + 1 < len(doc.tokens) else None
        if nxt is not None and any(m.start == nxt.start and m.is_nisba for m in doc.mentions):
            return True
        return False

    def _joined_masdar(self, doc: Doc, ti: int, entry: LexEntry, prefix: str, found: list[Trigger]) -> Trigger | None:
        """"في السيطرة على المدينة وطرد المسلحين منها": a masdar form after و, joined to a masdar
        trigger of the same clause, is a masdar too (not the verb "وطرد") and shares its doer."""
        if not prefix.startswith("و") or doc.tokens[ti].norm[len(prefix):] not in self._noun_forms[entry.id]:
            return None
        last = found[-1] if found else None
        if last is None or last.kind != "noun" or not 0 < ti - last.token_index <= 10:
            return None
        return None if re.search(r"[.،,؛;:\n]", doc.text[last.end:doc.tokens[ti].start]) else last

    def _lookup(self, word: str) -> list[tuple[LexEntry, str, str]]:
        """The trigger readings of a word, allowing the clitics its form can take, best first
        (cached: the same words recur in every article)."""
        try:
            return self._lookup_cache[word]
        except KeyError:
            pass
        hit = self._lookup_uncached(word)
        if len(self._lookup_cache) > 200_000:
            self._lookup_cache.clear()
        self._lookup_cache[word] = hit
        return hit

    def _lookup_uncached(self, word: str) -> list[tuple[LexEntry, str, str]]:
        cands = []
        for p, stem, suf in analyses(word):
            if p not in _ANY_PREFIX:
                continue
            # two-letter stems (حث) only as the whole word or after و/ف
            if len(stem) == 2 and (suf or p not in ("", "و", "ف")):
                continue
            for entry, kind in self.forms.get(stem, ()):
                if kind == "verb" and p not in VERB_PREFIXES:
                    continue
                if kind in ("active", "passive") and suf:
                    continue
                cands.append((len(stem), not entry.requires, entry, kind, p))
        # longest stem first; among equals, entries with a condition are tried first
        cands.sort(key=lambda c: (-c[0], c[1]))
        seen: set[tuple[str, str]] = set()
        out = []
        for _, _, entry, kind, p in cands:
            if (entry.id, kind) not in seen:
                seen.add((entry.id, kind))
                out.append((entry, kind, p))
        return out

    def _requires_ok(self, doc: Doc, ti: int, entry: LexEntry) -> bool:
        want = self._requires[entry.id]
        if "@place" in entry.requires:
            end = doc.tokens[min(len(doc.tokens) - 1, ti + 5)].end
            if any(doc.tokens[ti].end <= p.start < end for p in doc.places):
                return True
        suffixes = self._requires_suffixes[entry.id]
        toks = doc.tokens[ti + 1: ti + 11]
        for k, tok in enumerate(toks):
            if tok.stem in want or tok.norm in want or (suffixes and tok.norm.endswith(suffixes)):
                if tok.norm == "طريق" and (toks[k - 1].norm if k else "") == "عن":
                    continue   # "عن طريق" is "by means of", no road
                return True
        return False

    # -- events ----------------------------------------------------------------------------
    def __call__(self, doc: Doc) -> Doc:
        events: list[Event] = []
        # news media are sources, and a bare "القوات" coded by guess is no side to report
        place_ends = {p.end: p.place.country for p in doc.places}
        actors = [m for m in doc.mentions if m.entity.code and m.entity.kind != "media"
                  and (m.via != "agent-default" or m.entity.sector in _PEOPLE_SECTORS)]
        # a nisba that describes the place before it stands, like the place, for whom an act hits
        # there, never for who does it ("مدينة كوباني السورية"، "شبه جزيرة القرم الأوكرانية")
        actors = [Mention(m.start, m.end, m.text, m.entity, via="country-place")
                  if m.is_nisba and _describes_place(doc.text, m.start, m.entity.code, place_ends) else m
                  for m in actors]
        if not doc.meta.get("country_hint") and not doc.places:
            # a text that names no country at all: "الإرهابيون"، "المسلحون" are sides of unknown country
            actors += [m for m in doc.mentions if m.via == "agent-uncoded" and m.entity.sector in _ARMED_OR_PEOPLE]
        # places stand for the side that holds them when attacked, raided or called on
        taken = [(m.start, m.end) for m in actors]
        for p in doc.places:
            if p.place.country and not any(s < p.end and p.start < e for s, e in taken):
                ent = Entity(id=f"place.{p.place.geonameid or fold(p.place.name)}", name=p.place.name,
                             code=p.place.country, name_en=p.place.name_en, kind="place")
                actors.append(Mention(p.start, p.end, p.text, ent, via="place"))
        actors.extend(self._country_pronouns(doc, actors))
        actors.extend(_speakers_own_forces(doc))
        actors.sort(key=lambda m: m.start)
        # mentions right after a speech verb are speakers ("أفاد المرصد السوري بمقتل ...")
        doc.meta["after_cue"] = {
            m.start for m in doc.mentions
            if (k := doc.token_index(m.start) - 1) >= 0 and doc.tokens[k].end <= m.start
            and (doc.tokens[k].norm in self.speech or doc.tokens[k].norm[1:] in self.speech)}
        triggers = self.triggers(doc)
        refused = self._refusals(doc, triggers)   # the masdar a refusal governs → the refusal
        refusal_of = {id(r): m for m, r in refused.values()}
        refusers: dict[int, list[Mention]] = {}
        doc.meta["casualties"] = {}
        by_sentence: dict[int, list[Mention]] = {}   # the sides of each sentence, computed once
        speakers = {id(q.speaker) for q in doc.quotes if q.speaker is not None}
        for trig in triggers:
            sent = doc.sentence_at(trig.start)
            if sent is None:
                continue
            if trig.kind == "verb" and trig.entry.type == "ASSAULT" and self._passive_casualty(doc, trig, triggers):
                continue
            in_sent = by_sentence.get(sent.start)
            if in_sent is None:
                in_sent = by_sentence[sent.start] = [m for m in actors if sent.start <= m.start and m.end <= sent.end]
            sides = self._arguments(doc, trig, in_sent, sent.start, sent.end, actors)
            if sides is None:
                continue
            agents, recipients, confidence = sides
            if trig.entry.type in ("ASSAULT", "COERCE"):
                # "قتل ستة مدنيين أثناء قصف المعارضة"، "أفادت مصادر محلية بمقتل": no attacker
                agents = [a for a in agents if not self._bystander(a)]
            if trig.entry.masdar_object:
                agents, recipients = self._refusal_sides(doc, trig, agents, recipients, refusal_of.get(id(trig)),
                                                         in_sent, sent, actors)
                refusers[id(trig)] = agents
            elif id(trig) in refused:
                # "رفضت إيران التفاوض مع واشنطن"، "ترفض إسرائيل وقف الاستيطان"، "الانسحاب من الاتفاق":
                # the refused act, or what is left, is the verb's content, not an event (but "رفض
                # دعوة بوتين": Putin did invite)
                refusal = refused[id(trig)][1]
                by = refusers.get(id(refusal), [])
                if _left_behind(doc.text, refusal, trig) or not any(not any(_same(a, b) for b in by) for a in agents):
                    continue
            if doc.meta["casualties"]:
                # the dead of the sentence attacked nobody ("وقتل جندي أميركي في هجوم بعبوة ناسفة")
                dead = {id(v) for v in doc.meta["casualties"].values()}
                agents = [a for a in agents if id(a) not in dead]
            if trig.entry.type == "PROTEST":
                if trig.kind in ("noun", "active") and _names_people(doc.tokens[trig.token_index].norm):
                    # "المتظاهرين" names the protesters themselves: a side before it is no protester
                    # ("استجابت الحكومة لمطالب المتظاهرين")
                    agents = [a for a in agents if a.start > trig.start]
                # unnamed marchers and what they demand: "تظاهر المئات ... مطالبين بمحاكمة المالكي"
                recipients = recipients or self._protest_target(doc, trig, in_sent, sent.end)
                agents = agents or self._protesters(doc, trig, sent.start, sent.end)
                if not recipients and agents and agents[0].entity.code:
                    # no one named: marchers in their own country protest to its state ("تظاهر
                    # الآلاف في بيروت" → Lebanon); abroad, the place says nothing of the target
                    own = {a.entity.key for a in agents}
                    recipients = [x for x in in_sent if (_is_place(x) or x.via == "capital")
                                  and x.entity.code == agents[0].entity.code and x.entity.key not in own][:1]
            if not agents and trig.entry.type == "ASSAULT":
                agents, recipients = self._unclaimed_attack(doc, trig, sent, in_sent, recipients, triggers, speakers)
            if not recipients and len(agents) >= 2 and (trig.entry.type in _RECIPROCAL_TYPES or trig.entry.cameo == "057") \
                    and trig.entry.mode != "third-party" and len({a.entity.key for a in agents}) >= 2:
                # "وقعت مصر والسودان اتفاقا"، "التقى وزيرا خارجية مصر وتركيا": the sides do it with each other
                # (not mediators: "جهود الوساطة التي قامت بها الأمم المتحدة وإيطاليا")
                agents, recipients = agents[:1], agents[1:]
            elif not agents and len(recipients) >= 2 and trig.entry.type in _RECIPROCAL_TYPES \
                    and len({r.entity.key for r in recipients}) >= 2 and not any(_is_place(r) for r in recipients):
                # "التحالف الذي يجمع القاهرة والرياض": the two sides it brings together
                agents, recipients = recipients[:1], recipients[1:]
            if not agents and not recipients:
                continue
            if all(_is_place(r) or r.via == "capital" for r in recipients) and trig.entry.type in ("ASSAULT", "COERCE"):
                recipients = self._attack_target(doc, trig, sent, in_sent, agents, recipients)
            praise = (not recipients and trig.entry.type == "SUPPORT" and trig.kind == "verb"
                      and _in_words(doc.tokens[trig.token_index].norm, _PRAISE_VERBS))
            # "أدانت الخارجية بشدة الهجوم الذي شنه الحوثيون": the attack names whom it accuses (resolved
            # once the attack's event is known, in _condemned_attackers)
            condemns = (not recipients and trig.entry.type == "ACCUSE" and any(
                t.entry.type == "ASSAULT" and 0 < t.token_index - trig.token_index <= 6 and t.start < sent.end
                for t in triggers))
            if not recipients and trig.entry.type not in RECIPIENT_OPTIONAL and not praise and not condemns:
                continue  # measured: events without a recipient cost more precision than they add
            if not agents:
                continue  # nobody named does it: no record an analyst could use
            negated, hedged, attributed = self._modality(doc, trig, sent.start, sent.end, agents)
            if (negated or hedged) and _unidentified_only(agents):
                continue   # "تقارير عن مقتل ..."، "مخاطر انفجار": an unknown attack that may not be
            date = next((d.value for d in doc.dates if sent.start <= d.start < sent.end and d.grain == "day"), None)
            place = next((p.place.name for p in doc.places if sent.start <= p.start < sent.end), None)
            seen_keys: set[str] = set()
            recipients = _unique(recipients)
            for actor in agents or [None]:
                if actor is not None and (any(_same(actor, r) for r in recipients) or actor.entity.key in seen_keys):
                    continue
                if actor is not None and any(r.start < actor.end and actor.start < r.end for r in recipients):
                    continue   # one span cannot be both sides
                if actor is not None and recipients and trig.entry.type not in RECIPIENT_OPTIONAL and all(
                        r.is_nisba and r.entity.code == actor.entity.code for r in recipients):
                    continue  # "دعا الوزير المصري إلى تعزيز الدور المصري": its own side's affair
                if actor is not None and recipients and trig.entry.type in _HOSTILE_TYPES \
                        and actor.entity.sector in _STATE_SECTORS and all(
                        r.via in ("country", "country-place") and not r.is_metonym
                        and r.entity.code == actor.entity.code for r in recipients):
                    # "مواجهات على حدود غزة مع إسرائيل ... برصاص الجيش الإسرائيلي": a state's forces do
                    # not attack their own state (rebels coded by their country still may)
                    continue
                if actor is not None:
                    seen_keys.add(actor.entity.key)
                events.append(Event(
                    type=trig.entry.type, start=sent.start, end=sent.end, trigger_start=trig.start,
                    trigger_end=trig.end, actors=[actor] if actor else [], recipients=recipients,
                    mode=trig.entry.mode, cameo=trig.entry.cameo, negated=negated, hedged=hedged,
                    attributed_to=attributed, date=date, place=place, confidence=confidence,
                    rule=trig.entry.id,
                ))
        events = self._condemned_attackers(doc, events)
        events.extend(self._obligations(doc, actors))
        events.extend(self._accusations(doc, events, actors))
        with_actor = {(e.start, e.type) for e in events if e.actors}
        events = [e for e in events if e.actors or (e.start, e.type) not in with_actor]
        # a protest, a call, a threat told again without its target is the same event once more
        targeted = {(e.type, a.entity.code, e.negated) for e in events if e.recipients for a in e.actors}
        events = [e for e in events if e.recipients or not e.actors
                  or not all((e.type, a.entity.code, e.negated) in targeted for a in e.actors)]
        # a bombing whose attacker the sentence names ("تبنت حركة الشباب تفجير ...") is not unclaimed
        named = {e.start for e in events if e.type == "ASSAULT" and any(a.via != "implicit" for a in e.actors)}
        events = [e for e in events if not (e.start in named and _unidentified_only(e.actors))]
        # one unclaimed attack per sentence, told by its victims rather than by its place
        unclaimed: dict[int, Event] = {}
        for e in events:
            if _unidentified_only(e.actors):
                best = unclaimed.get(e.start)
                if best is None or (all(_is_place(r) for r in best.recipients)
                                    and not all(_is_place(r) for r in e.recipients)):
                    unclaimed[e.start] = e
        events = [e for e in events if not _unidentified_only(e.actors) or unclaimed.get(e.start) is e]
        # "السيطرة على زنجبار وطرد الحوثيين منها": an attacker who, in the same sentence, hits a
        # named side hit it at the place, not the place as a side of its own
        hit_sides = {(e.start, e.negated, a.entity.key) for e in events if e.type == "ASSAULT" and e.recipients
                     and not any(_is_place(r) for r in e.recipients) for a in e.actors}
        events = [e for e in events if not (
            e.type == "ASSAULT" and e.recipients and all(_is_place(r) for r in e.recipients)
            and e.actors and all((e.start, e.negated, a.entity.key) in hit_sides for a in e.actors))]
        # one happening told with several trigger words in a sentence ("انفجار سيارة مفخخة يقودها
        # انتحاري") is one event: keep the first with the same sides
        seen_happenings: set[tuple] = set()
        kept = []
        for e in events:
            k = (e.start, e.type, e.negated, tuple(sorted(a.entity.key for a in e.actors)),
                 tuple(sorted(r.entity.key for r in e.recipients)))
            if k not in seen_happenings:
                seen_happenings.add(k)
                kept.append(e)
        events = kept
        _propagate_dates(doc, events, triggers)
        doc.events = events
        return doc

    @staticmethod
    def _refusals(doc: Doc, triggers: list[Trigger]) -> dict[int, tuple[Trigger, Trigger]]:
        """The masdar a refusal or withdrawal takes as its object ("رفضت إيران التفاوض"، "رفضها
        للتدخل"، "انسحاب واشنطن من الاتفاق"): a noun trigger a few words after a verb or noun of
        `masdar_object`, with its subject and من/عن at most between them."""
        out: dict[int, tuple[Trigger, Trigger]] = {}
        for r, m in zip(triggers, triggers[1:]):
            if not r.entry.masdar_object or m.entry.type == "REJECT" or m.kind not in ("noun", "phrase") \
                    or r.kind == "passive" or not 0 < m.token_index - r.token_index <= 4:
                continue
            gap = doc.text[r.end:m.start]
            words = _WORD.findall(fold(gap))
            if re.search(r"[.،,؛;:\n\"«»]", gap) or any(w in _COMPLEMENTISERS for w in words) \
                    or any(w in ("من", "عن") for w in words[:-1]):
                continue   # (من/عن only right before it: "انسحبت واشنطن من الاتفاق")
            out[id(m)] = (m, r)
        return out

    def _refusal_sides(self, doc: Doc, trig: Trigger, agents: list[Mention], recipients: list[Mention],
                       masdar: Trigger | None, in_sent: list[Mention], sent: Sentence, all_sides: list[Mention]):
        """The sides of a verb or noun that takes another act's masdar ("رفضت إيران التفاوض مع
        واشنطن"): who refuses (not the masdar's genitive: "ظلت ترفض تدخل الناتو") and whom the
        refused act names, or the first side of its object when the lexicon does not know it."""
        if self._masdar_genitive(doc, trig, agents, masdar):
            agents = []
        if masdar is not None and not recipients:
            recipients = self._refused_side(doc, masdar, agents, in_sent, sent, all_sides)
        if trig.kind == "verb" and agents and not recipients:
            recipients = self._refused_complement(doc, trig, agents, in_sent)
        return agents, recipients

    def _refused_side(self, doc: Doc, masdar: Trigger, refusers: list[Mention], in_sent: list[Mention],
                      sent: Sentence, all_sides: list[Mention]) -> list[Mention]:
        """Whom a refusal rebuffs: the doer of the refused act when it is another side ("رفضت مصر
        التدخل التركي")، else whom the act would have concerned ("رفضت حماس التفاوض مع إسرائيل")."""
        sides = self._arguments(doc, masdar, in_sent, sent.start, sent.end, all_sides)
        if sides is None:
            return []
        agents, recipients, _ = sides
        other = [a for a in agents if not _is_place(a) and not any(_same_side(a, b) for b in refusers)]
        if other:
            return other
        return [r for r in recipients if not _is_place(r) and not any(_own_state(r, b) for b in refusers)]

    def _bystander(self, m: Mention) -> bool:
        """Civilians, detainees, witnesses and sources of news: named by a bystander agent noun or
        a generic source word, they suffer, see or tell of violence and never do it."""
        return self._witness(m) or (m.via in _AGENT_VIAS and _generic_speaker(m.text, self.generic_speakers))

    def _witness(self, m: Mention) -> bool:
        """A bystander agent noun ("المدنيين"، "شهود عيان") or an unnamed source ("مصادر عسكرية")."""
        if m.via not in _AGENT_VIAS:
            return False
        words = fold(m.text).split()
        return bool(words) and (strip_article(words[0]) in self._bystanders
                                or strip_article(" ".join(words[:2])) in self._bystanders
                                or strip_article(words[0]) in ("مصدر", "مصادر"))

    @staticmethod
    def _helper_after(doc: Doc, trig: Trigger, after: list[Mention], skip: int = 2) -> list[Mention]:
        """Who gives the help a masdar names: after من (قبل، جانب) past up to `skip` words ("بدعم
        غير محدود من خادم الحرمين")، or, for "بدعم"، "بمساعدة", a nisba past adjectives only ("بدعم
        جوي روسي"; not "بإيواء جماعات إيرانية": the groups are Iranian)."""
        text = doc.text
        instrumental = doc.tokens[trig.token_index].norm.startswith(("ب", "وب"))
        pos, adjectives_only = trig.end, True
        for _ in range(skip + 1):
            first = next((x for x in after if x.start >= pos), None)
            by = re.match(r"\s*من\s+(?:قبل\s+|جانب\s+)?", text[pos:pos + 20])
            if by:
                at = pos + by.end()
                return [first] if first is not None and at <= first.start <= at + 1 and not _is_place(first) else []
            if first is not None and first.start <= pos + 1:
                return [first] if instrumental and first.is_nisba and adjectives_only else []
            word = re.match(r"\s*([^\W\d_]+)", text[pos:pos + 30])
            if word is None:
                return []
            adjectives_only = adjectives_only and _adjective_like(fold(word.group(1)))
            pos += word.end()
        return []

    @staticmethod
    def _masdar_genitive(doc: Doc, trig: Trigger, agents: list[Mention], masdar: Trigger | None) -> bool:
        """The side read after a verb that takes a masdar stands after that masdar, or after any word
        but a day or adverb ("رفضت أمس روسيا" but "رفضت تدخل الناتو")."""
        after = [a for a in agents if a.start > trig.end]
        if not after:
            return False
        if masdar is not None:
            return after[0].start > masdar.start
        return any(w not in _ADVERBS for w in _WORD.findall(fold(doc.text[trig.end:after[0].start])))

    @staticmethod
    def _refused_complement(doc: Doc, trig: Trigger, refusers: list[Mention], in_sent: list[Mention]) -> list[Mention]:
        """"رفضت حماس الاعتراف بإسرائيل"، "رفضت الحكومة تسليم المطلوبين إلى تركيا": a refused act
        our lexicon does not know still names, in the same clause, the side it rebuffs."""
        start = max([trig.end] + [a.end for a in refusers if a.start > trig.start])
        for m in in_sent:
            if m.start < start or any(_own_state(m, a) for a in refusers):
                continue
            gap = doc.text[start:m.start]
            words = _WORD.findall(fold(gap))
            if _outside_refused_object(gap, words):
                return []
            # a state is rebuffed ("الاعتراف بإسرائيل"، "تسليم المطلوبين إلى تركيا"، "مشروع القرار
            # الفرنسي")، not a town or a country one acts in
            if m.via == "country-place" and not (_glued_prefix(doc.text, m.start).lstrip("وف") or words[-1] in _TO_WHOM):
                return []   # a country's adjective, or a country one acts in
            return [] if m.via == "place" else [m]
        return []

    def _barrier(self, doc: Doc, s_start: int, pos: int) -> int:
        """End of the last complementiser or speech verb between `s_start` and `pos` (else `s_start`)."""
        ends = doc.meta.get("barrier_ends")
        if ends is None:
            # once per article: the ends of every such word, in text order
            ends = doc.meta["barrier_ends"] = [
                tok.end for tok in doc.tokens
                if tok.norm in _COMPLEMENTISERS or self.kb.is_speech_verb(tok.norm)]
        k = bisect.bisect_right(ends, pos) - 1
        return ends[k] if k >= 0 and ends[k] > s_start else s_start

    def _country_pronouns(self, doc: Doc, taken: list[Mention]) -> list[Mention]:
        """"بلاده"، "بلادنا" in a speaker's words is the speaker's own state."""
        out = []
        for q in doc.quotes:
            if q.speaker is None or not q.speaker.entity.code:
                continue
            country = self.kb.countries.get(q.speaker.entity.code)
            if country is None:
                continue
            lo = q.cue_start if q.cue_start is not None else q.start
            for tok in doc.tokens_in(lo, q.end):
                if tok.norm.lstrip("وف") in _OWN_COUNTRY and not any(m.start <= tok.start < m.end for m in taken):
                    out.append(Mention(tok.start, tok.end, tok.text, country.entity(), via="pronoun"))
        return out

    def _victims(self, doc: Doc, trig: Trigger, s_start: int, s_end: int,
                 agents: Sequence[Mention] = ()) -> list[Mention]:
        """"بقتل 15 شخصا"، "اعتقال 20 مدنيا": counted people are civilians of the place, else of the story."""
        pos = trig.end
        m = _VICTIMS.match(doc.text[pos:min(s_end, pos + 40)])
        if not m and agents and agents[-1].start > trig.start:
            pos = agents[-1].end   # "قتلت القوات الأميركية 11 مسلحا": the count follows the subject
            m = _VICTIMS.match(doc.text[pos:min(s_end, pos + 40)])
        if not m:
            # "فجرا نفسيهما ... مما أدى إلى مقتل 59 شخصا": the count after the result
            r = _RESULT_VICTIM.match(doc.text, trig.end, min(s_end, trig.end + 120))
            if r:
                pos = r.end() - 1
                m = _VICTIMS.match(doc.text[pos:min(s_end, pos + 40)])
        if not m or _not_people(m.group(1)):
            return []
        return self._counted_people(doc, trig, pos + m.start(1), pos + m.end(1), s_start, s_end, agents)

    def _counted_people(self, doc: Doc, trig: Trigger, start: int, end: int, s_start: int, s_end: int,
                        agents: Sequence[Mention] = ()) -> list[Mention]:
        """The people counted at [start, end), coded by the place of the sentence, else the story."""
        code = self._sentence_place_code(doc, trig, s_start, s_end, agents)
        code = code or (doc.meta.get("country_hint") or [None])[0]
        if not code and (doc.meta.get("country_hint") or doc.places):
            return []   # a country is known somewhere, just not for these people
        inside = next((x for x in doc.mentions if start <= x.start and x.end <= end and x.entity.code
                       and not _is_place(x)), None)
        if inside is None and _STARTS_WITH_NUMBER.match(doc.text, start):
            # "مقتل 64 مسلحا من داعش"، "15 عنصرا من تنظيم داعش": the side they belong to follows من
            # (a bare "عناصر من جبهة النصرة" after a verb is as often its subject)
            of = _OF_SIDE.match(doc.text, end, min(s_end, end + 30))
            inside = of and next((x for x in doc.mentions if x.start in (of.end(1), of.end()) and x.entity.code
                                  and not _is_place(x) and not x.is_nisba), None)
        if inside:
            return [inside]   # "مقتل ثمانية من مقاتلي البيشمركة": the counted side is named
        noun = doc.text[start:end].split()[-1]
        sector = next((sec for stem, sec in _VICTIM_SECTORS if stem in noun), "CVL")
        if sector == "CVL":
            ent = Entity(id=None, name="مدنيون", code=code, sector="CVL", name_en="civilians", kind="group")
        else:
            ent = Entity(id=None, name=noun, code=code, sector=sector, kind="group")
        return [Mention(start, end, doc.text[start:end], ent, via="implicit")]

    def _sentence_place_code(self, doc: Doc, trig: Trigger, s_start: int, s_end: int,
                             agents: Sequence[Mention] = ()) -> str | None:
        """The country where the sentence places its event: a place, else a country or capital
        named as a location ("في شمال النيجر"، "في هجوم كابول"), nearest to the trigger."""
        place = next((p for p in doc.places if s_start <= p.start < s_end and p.place.country), None)
        if place is not None:
            return place.place.country
        near = [x for x in doc.mentions if s_start <= x.start < s_end and x.entity.code
                and x.via in ("country", "country-place", "capital") and not x.is_nisba
                and not any(_same(x, a) for a in agents)]
        return min(near, key=lambda x: abs(x.start - trig.start)).entity.code if near else None

    def _protesters(self, doc: Doc, trig: Trigger, s_start: int, s_end: int) -> list[Mention]:
        """Unnamed demonstrators belong to the place they march in, else to the story's country."""
        # where the marchers come from: "المتظاهرون من ألمانيا"، "تظاهر مئات الصرب"
        origin = next((x for x in doc.mentions if trig.end <= x.start < min(s_end, trig.end + 30)
                       and x.entity.kind == "state" and x.entity.code
                       and re.fullmatch(r"\s*(?:[^\W\d_]+\s+)?(?:من\s+)?", doc.text[trig.end:x.start])
                       and (x.is_nisba or doc.text[trig.end:x.start].strip().endswith("من"))), None)
        place = next((p for p in doc.places if s_start <= p.start < s_end and p.place.country), None)
        code = origin.entity.code if origin else place.place.country if place else (
            doc.meta.get("country_hint") or [None])[0]
        # with no place in the whole text the country stays unknown: the protest is still a record
        ent = Entity(id=None, name="محتجون", code=code, sector="CVL", name_en="protesters", kind="group")
        return [Mention(trig.start, trig.end, doc.text[trig.start:trig.end], ent, via="implicit")]

    def _event_noun_between(self, doc: Doc, start: int, end: int) -> bool:
        """"استهدف القصف القوات التركية": an event noun after the verb is its subject, so the
        name after it is the object."""
        return any(any(kind in ("noun", "phrase") for _, kind, _ in self._lookup(t.norm))
                   for t in doc.tokens_in(start, end))

    def _clash_side(self, doc: Doc, trig: Trigger, ments: list[Mention]) -> list[Mention]:
        m = re.match(r"\s+(?:[^\W\d_]+\s+)?مع\s+", doc.text[trig.end:trig.end + 30])
        if not m:
            return []
        pos = trig.end + m.end()
        hit = _adjacent(doc.text, [x for x in ments if x.start >= pos], pos, max_words=0, allow_prep=False)
        return [hit] if hit is not None and not _is_place(hit) else []

    def _claimant(self, doc: Doc, ments: list[Mention], s_start: int, s_end: int) -> list[Mention]:
        """The side that claims an attack in the sentence: "تبناه تنظيم ..."، "أعلنت حركة ... مسؤوليتها"."""
        m = _CLAIM.search(doc.text, s_start, s_end)
        if not m:
            return []
        hit = _adjacent(doc.text, [x for x in ments if x.start >= m.end()], m.end(), max_words=1, allow_prep=False)
        if hit is None and m.group("before"):
            before = [x for x in ments if x.end <= m.start() and not _is_place(x)]
            hit = before[-1] if before and len(doc.text[before[-1].end:m.start()].split()) <= 1 else None
        return [hit] if hit is not None and not _is_place(hit) else []

    def _attack_target(self, doc: Doc, trig: Trigger, sent: Sentence, in_sent: list[Mention],
                       agents: list[Mention], where: list[Mention]) -> list[Mention]:
        """Whom an attack or a raid hit when the sentence names only where it happened (`where`)."""
        if trig.entry.type == "ASSAULT" and trig.start in doc.meta.get("casualties", {}):
            return [doc.meta["casualties"][trig.start]]   # "100 مقاتل قتلوا في ضربات أميركية"
        # counted people hit are the target; the place only says where ("في شمال النيجر")
        victims = self._victims(doc, trig, sent.start, sent.end, agents)
        if victims or where:
            return victims or where
        named = bool(agents) and not _unidentified_only(agents) and trig.entry.mode is not None and all(
            a.via != "agent-default" for a in agents)
        if trig.entry.mode not in UNIDENTIFIED_MODES and not named:
            return []
        # "فجر انتحاري نفسه قرب نقطة تفتيش ... في ولاية قندهار": a bombing hits where it is;
        # "شن ضربة جوية أميركية على مناطق بشمال غرب باكستان": so does a named side's attack of a
        # definite kind abroad (at home, a place says where, not whom: the side holding it is
        # unknown; and "استهدف"، "هجوم" alone are also said of sanctions and words)
        later = [m for m in in_sent if m.start >= trig.end and not any(m is a for a in agents)]
        hit = self._place_recipient(doc, trig.end, [m for m in later if not (named and m.is_nisba)],
                                    max_words=12, origin_ok=not named)
        if named and trig.entry.mode not in UNIDENTIFIED_MODES:
            own = {a.entity.code for a in agents}
            hit = [r for r in hit if r.entity.code not in own]
        if not hit and trig.entry.mode in UNIDENTIFIED_MODES:
            # "فجر نفسه خارج مكتب شركة أميركية": what a bomb went off at was hit
            hit = _first_named_after(doc.text, trig.end, [m for m in later if not m.is_nisba], 6, ".؛;\n،,")
        return hit

    def _unclaimed_attack(self, doc: Doc, trig: Trigger, sent: Sentence, in_sent: list[Mention],
                          recipients: list[Mention], triggers: list[Trigger],
                          speakers: set[int]) -> tuple[list[Mention], list[Mention]]:
        """An attack no rule found an actor for: (actors, recipients), or no actors."""
        agents: list[Mention] = []
        if _WAR_TOLL.search(doc.text, trig.end, sent.end) or _WAR_BEFORE.search(
                doc.text, max(sent.start, trig.start - 40), trig.start):
            # "قتل أكثر من 40 ألف شخص في الصراع"، "أسفرت الحرب عن مقتل عشرات الآلاف": a war's
            # toll, no one attack
            return [], recipients
        # a bombing, or a killing, nobody is named for: the attackers are unidentified, of the
        # country hit (as ACLED codes "Unidentified Armed Group (Iraq)")
        victims = self._victims(doc, trig, sent.start, sent.end) or (
            [doc.meta["casualties"][trig.start]] if trig.start in doc.meta.get("casualties", {}) else [])
        # a real attack is located or has victims; "المعارك ضد الإرهاب" in general is no event
        located = victims or self._sentence_place_code(doc, trig, sent.start, sent.end) or not (
            doc.meta.get("country_hint") or doc.places)
        side = self._clash_side(doc, trig, in_sent) if victims else []
        claimant = self._claimant(doc, in_sent, sent.start, sent.end)
        hit = recipients + victims + [v for v in doc.meta.get("casualties", {}).values()
                                      if sent.start <= v.start < sent.end]
        # "تعرض حاجز للجيش لهجوم": what was exposed to the attack is no attacker
        exposed_before = bool(_EXPOSED.search(doc.text, sent.start, trig.start))
        # whoever is quoted in the sentence reports the attack ("وقال المتحدث باسم القوات الجوية
        # «قصف سلاح الجو ...»"), by any of the mentions naming them
        quoted = {q.speaker.entity.key for q in doc.quotes if q.speaker is not None
                  and sent.start <= (q.cue_start if q.cue_start is not None else q.start) < sent.end}

        def may_have_done_it(m: Mention) -> bool:
            """An armed side named in the sentence that could be the attacker: not the one who
            reports it, not those it hit ("مقتل أربعة من عناصر الشرطة"), not a trigger word."""
            before = doc.text[max(sent.start, m.start - 25):m.start]
            return (m.entity.sector in _ARMED_SECTORS and not _is_place(m) and m.via != "implicit"
                    and not any(m is c for c in side + claimant)
                    and not any(r.start < m.end and m.start < r.end or _same(m, r) for r in hit)
                    and not (exposed_before and m.end <= trig.start)
                    and not any(t.start < m.end and m.start < t.end for t in triggers)
                    and id(m) not in speakers and m.entity.key not in quoted
                    and m.start not in doc.meta.get("after_cue", ())
                    and not _COUNT_BEFORE_NAME.search(before) and not _REPORTER_BEFORE.search(before)
                    # (a side a relative clause names describes a place: "نينوى، التي كانت معقلا لداعش")
                    and not _in_set_off_relative_clause(doc.text, sent.start, m.start))

        armed = [m for m in in_sent if may_have_done_it(m)]
        if armed and located and not claimant and (trig.entry.mode in UNCLAIMED_MODES or victims):
            # the armed side the sentence names is the likeliest actor ("الجيش الليبي ...
            # يتقدمون ... اشتباكات"): the nearest one before the trigger, else after it
            before = [m for m in armed if m.end <= trig.start]
            near = before[-1] if before else armed[0]
            if not any(_same(near, r) for r in recipients):
                agents = [near]
        located = located and not armed
        if (trig.entry.mode in UNIDENTIFIED_MODES or victims) and located and not (
                self._non_attack_re and self._non_attack_re.search(fold(doc.text[sent.start:sent.end]))):
            later = [m for m in in_sent if m.start >= trig.end]
            # "انفجرت قذائف هاون قرب مقر إقامة رئيس وزراء الصومال": what it fell near was hit
            recipients = recipients or victims or self._place_recipient(
                doc, trig.end, later, max_words=12) or _first_named_after(doc.text, trig.end, later, 12, ".؛;\n")
            # "... وقد تبناه «تنظيم القاعدة»": whoever claims it did it; "قتلوا في اشتباكات
            # مع قوات التحالف": the other side of the clash hit the dead
            agents = claimant or side or self._unidentified(doc, trig, recipients)
            if victims and agents and recipients and all(_same(agents[0], r) for r in recipients):
                recipients = victims
        return agents, recipients

    def _unidentified(self, doc: Doc, trig: Trigger, recipients: list[Mention]) -> list[Mention]:
        sent = doc.sentence_at(trig.start)
        code = self._sentence_place_code(doc, trig, sent.start, sent.end) if sent else None
        code = code or next(
            (r.entity.code for r in recipients if r.entity.code and r.entity.code not in NONSTATE_CODES), None) or (
            doc.meta.get("country_hint") or [None])[0]
        if code is None and (doc.meta.get("country_hint") or doc.places or not recipients):
            return []   # with no place in the whole text the attackers' country stays unknown
        ent = Entity(id=None, name="مهاجمون مجهولون", code=code, sector="UAF", name_en="unidentified attackers",
                     kind="group")
        return [Mention(trig.start, trig.end, doc.text[trig.start:trig.end], ent, via="implicit")]

    def _protest_target(self, doc: Doc, trig: Trigger, ments: list[Mention], s_end: int) -> list[Mention]:
        """Whom a protest is aimed at: "مطالبين بمحاكمة X"، "للمطالبة برحيل X"، "احتجاجا على X"، "ضد X"."""
        m = _PROTEST_AIM.search(doc.text, trig.end, min(s_end, trig.end + 160))
        if not m:
            return []
        after = [x for x in ments if x.start >= m.end() and not _is_place(x)]
        if not after:
            after = [x for x in doc.mentions if x.start >= m.end() and x.is_nisba and x.end <= s_end]
        # what they demand or denounce comes first: "برحيل السلطات العسكرية"، "للسياسات الأميركية"
        hit = after[0] if after and len(doc.text[m.end():after[0].start].split()) <= 3 and not any(
            c in doc.text[m.end():after[0].start] for c in "،,.؛:") else None
        return _group_after(doc.text, [x for x in after if x.start >= hit.start], hit.start) if hit else []

    def _accusations(self, doc: Doc, events: list[Event], sides: list[Mention]) -> list[Event]:
        """A speaker who says another side attacked, or is responsible for, something accuses it:
        "وقالت هايلي إن القوات السورية شنت 100 غارة"، "أكد المتظاهرون أن المالكي هو المسؤول عن"."""
        out = []
        for ev in events:
            spk = ev.attributed_to
            if ev.type not in ("ASSAULT", "COERCE") or ev.negated or ev.hedged or spk is None \
                    or not _is_state_code(spk.entity.code) or spk.entity.kind == "media" or spk.entity.sector == "JRN" \
                    or self._witness(spk):
                continue   # (witnesses and unnamed sources tell of an attack; they accuse no one)
            if not any(q.speaker is spk for q in doc.quotes):
                continue
            if self._hedge_re and self._hedge_re.search(fold(doc.text[ev.start:ev.end])):
                continue  # "... قد تكون ...": a possibility is no accusation
            for a in ev.actors:
                if a.via == "implicit":
                    continue   # unidentified attackers are blamed on nobody
                # one state blaming another for an attack; a report of a militant attack or of an
                # ally's strike is no accusation
                if _is_state_code(a.entity.code) and a.entity.code != spk.entity.code:
                    out.append(Event(type="ACCUSE", start=ev.start, end=ev.end, trigger_start=ev.trigger_start,
                                     trigger_end=ev.trigger_end, actors=[spk], recipients=[a], cameo="112",
                                     date=ev.date, place=ev.place, confidence=0.4, rule="accuse.reported_attack"))
        for q in doc.quotes:
            if q.speaker is None or not q.speaker.entity.code:
                continue
            for m in re.finditer(r"(?:هو|هي|هم)?\s*(?:ال)?مسؤول(?:ة|ون|ين)?\s+عن", q.text):
                pos = q.start + m.start()
                target = [x for x in sides if q.start <= x.start and x.end <= pos and len(doc.text[x.end:pos].split()) <= 1]
                if target and not _same(target[-1], q.speaker):
                    sent = doc.sentence_at(pos)
                    out.append(Event(type="ACCUSE", start=sent.start if sent else q.start, end=sent.end if sent else q.end,
                                     trigger_start=pos, trigger_end=q.start + m.end(), actors=[q.speaker],
                                     recipients=[target[-1]], cameo="112", date=q.date, confidence=0.5,
                                     rule="accuse.responsible"))
        return out

    def _obligations(self, doc: Doc, sides: list[Mention]) -> list[Event]:
        """A speaker's demand in the obligation form: "على الحكومة الإسرائيلية أن تعترف"،
        "يجب على المجتمع الدولي أن ..." → REQUEST from the speaker to that side."""
        out = []
        for q in doc.quotes:
            if q.speaker is None or not q.speaker.entity.code:
                continue
            for m in re.finditer(r"(?:^|[\s،,\"«])(?:(?:يجب|ينبغي|يتعين|لا بد)\s+)?على\s+", q.text):
                pos = q.start + m.end()
                target = next((x for x in sides if x.start == pos or (pos <= x.start <= pos + 1)), None)
                if target is None or _own_state(target, q.speaker):
                    continue   # ("نعلم أن كل تأخير يزيد الثمن الذي يتعين على تركيا أن تدفعه": his own state)
                tail = doc.text[target.end:target.end + 12]
                if not re.match(r"\s*(?:أن|ان)\s", tail):
                    continue
                sent = doc.sentence_at(q.start) or doc.sentence_at(pos)
                s_start, s_end = (sent.start, sent.end) if sent else (q.start, q.end)
                out.append(Event(type="REQUEST", start=s_start, end=s_end, trigger_start=q.start + m.start(),
                                 trigger_end=pos, actors=[q.speaker], recipients=[target], cameo="10",
                                 date=q.date, confidence=0.5, rule="request.obligation"))
        return out

    def _arguments(self, doc: Doc, trig: Trigger, ments: list[Mention], s_start: int, s_end: int,
                   all_sides: list[Mention]):
        text = doc.text
        # "طائرات التحالف بقيادة السعودية": who leads a side describes it; it is no side itself
        ments = [m for m in ments if not LED_BY.search(text, max(0, m.start - 12), m.start)]
        after = [m for m in ments if m.start >= trig.end]
        before = [m for m in ments if m.end <= trig.start]
        entry = trig.entry
        # a speech verb or أن/إن before the trigger opens a new clause: its subject is inside
        barrier = self._barrier(doc, s_start, trig.start)
        before = [m for m in before if m.start >= barrier]
        clause_start = max(_clause_start(text, trig.start, s_start), barrier)
        before_clause = [m for m in before if m.start >= clause_start]
        tok = doc.tokens[trig.token_index]
        # و as a conjunction ("وأودى بحياة"، "وقتلوا"), not a root letter ("وقعت")
        joined = tok.norm[:1] == "و" and (bool(self._lookup(tok.norm[1:])) or (
            trig.kind == "phrase" and trig.start > tok.start))
        relative = _continued_relative_clause(text, s_start, trig.start, before) \
            if joined and trig.kind in ("verb", "phrase") else None
        doer = None
        if relative is not None:
            # "أدانت البحرين التفجير الذي استهدف مسجدا وأودى بحياة ...": the second verb goes on with
            # the relative clause, whose subject is its antecedent: the attack (no side), or the side
            # named right before the pronoun ("الحوثيين الذين هاجموا ... وقتلوا")
            rel_start, antecedent = relative
            doer = None if antecedent is not None else _relative_clause_doer(text, rel_start, trig.start, before)
            # ("التفجير الذي نفذه التنظيم ... وأودى بحياة": the attack's doer, named in its clause, did it)
            before = [doer] if doer is not None else [
                m for m in before if antecedent is not None and m.end <= antecedent.end]
            before_clause = before

        if trig.kind == "passive":
            recips = _group_before(text, before_clause)
            if recips:
                gap = _WORD.findall(fold(text[recips[-1].end:trig.start]))
                # "القوات الأميركية والقوات المدعومة من": the participle describes the noun next to it
                between = text[recips[-1].end:trig.start]
                # "قوات الأسد، المدعومة من روسيا،": a definite participle set off by a comma still
                # describes the noun before it
                apposed = not gap and re.fullmatch(r"\s*[،,]\s*", between) is not None \
                    and doc.tokens[trig.token_index].norm.startswith("ال")
                if not apposed and (len(gap) > 2 or any(w.startswith("و") and len(w) > 3 for w in gap) or
                                    any(c in between for c in "،,.؛:\"«»")):
                    recips = []
                elif len(recips) > 1 and _is_state_code(recips[-1].entity.code) and \
                        recips[-1].entity.code != recips[0].entity.code:
                    # "القوات التركية والفصائل المدعومة من أنقرة": the participle agrees with the
                    # nearest noun; a list of one side's parts is kept whole
                    recips = recips[-1:]
            agents = []
            m = re.match(r"\s*(?:من\s+(?:قبل\s+)?|من\s+جانب\s+)", text[trig.end:trig.end + 20])
            if m:
                near = [x for x in after if x.start <= trig.end + m.end() + 2]
                # the whole coordinated group after من: "المدعومة من روسيا وإيران"
                agents = _group_after(text, after, trig.end, first=near[0]) if near else []
            return agents, recips, 0.6

        if trig.kind == "active":
            # the participle describes the noun right before it: "الدول العربية الداعمة لحفتر"
            agents = []
            if before_clause:
                last = before_clause[-1]
                gap_words = _WORD.findall(text[last.end:trig.start])
                governed = _glued_prefix(text, last.start).lstrip("وف")[:1] in ("ل", "ب", "ك")
                if len(gap_words) <= 2 and not governed and not any(c in text[last.end:trig.start] for c in "،,\"«»"):
                    agents = _group_before(text, before_clause)
            recips = self._recipients(doc, trig.end, after, entry, s_end)
            return agents, recips, 0.6

        if trig.kind in ("noun", "phrase"):
            received = self._received_from(doc, trig, before_clause or before, after)
            if received is not None:
                return received
            agents = [doer] if doer is not None else []
            strong = doer is not None   # the actor is the masdar's own genitive, not a guess from the clause
            genitive_object: list[Mention] = []
            # genitive or nisba right after the noun: "إشادة ترامب"، "دعم أميركي"، "الدعم الروسي والفرنسي"
            first = _adjacent(text, after, trig.end, max_words=0, allow_prep=False)
            if first is not None and trig.kind == "phrase" and (_ends_in_preposition(text, trig.end) or (
                    entry.type in ("SANCTION", "COERCE", "ASSAULT") and not first.is_nisba
                    and _ends_in_ba_word(text, trig.end))):
                # "أحكاما بحق قيادي"، "حكما بإعدام قيادي": the name is what the preposition or the
                # punishment governs, not the doer (unlike "بوساطة الولايات المتحدة")
                first = None
            if first is not None and first.via == "capital" and entry.type == "ASSAULT":
                first = None   # "هجوم كابول"، "تفجيرات بغداد": the city is where, not who
            if first is not None and not first.is_nisba and trig.token_index > 0 and any(
                    kind == "verb" for _, kind, _ in self._lookup(doc.tokens[trig.token_index - 1].norm)):
                first = None   # "استهدفت الغارة مقاتلين": the noun is the verb's subject, the name its object
            if first is not None and not _is_place(first):
                group = _group_after(text, after, trig.end)
                if entry.noun_object:
                    genitive_object = group   # "مقتل زعيم الجماعة"، "مقتل مصري": the one killed
                elif first.is_nisba or entry.type not in GENITIVE_OBJECT_TYPES or self._prep_recipient_follows(
                        doc, group[-1].end, after, entry):
                    agents = group
                    strong = True
                else:
                    genitive_object = group   # "دعم حفتر": Haftar is supported, not supporting
            by = _AT_THE_HANDS.match(text, genitive_object[-1].end if genitive_object else trig.end)
            if by is None and entry.noun_object and not agents:
                # "مقتل ثلاثة شبان برصاص الجيش": the doer after the counted dead
                seg_end = min(s_end, trig.end + 60)
                by = _KILLED_BY_DOER.search(text, genitive_object[-1].end if genitive_object else trig.end, seg_end)
                if by is not None and len(text[trig.end:by.start()].split()) > 4:
                    by = None
            if not agents and by is not None and entry.type in ("ASSAULT", "COERCE"):
                # "خطف صحفي على أيدي مسلحين"، "تعرض قيادي ... للخطف على ايدي مسلحين": the doer follows
                doers = [m for m in after if m.start >= by.end()]
                if doers and doers[0].start <= by.end() + 1:
                    victims = genitive_object
                    exposed = [e.end() for e in _EXPOSED.finditer(text, s_start, trig.start)]
                    if not victims and exposed:
                        victims = [m for m in before if m.start >= exposed[-1] and not _is_place(m)][:1]
                    if not victims:
                        victims = self._victims(doc, trig, s_start, s_end)
                    return _group_after(text, doers, by.end()), victims, 0.6
            if not agents and trig.kind == "phrase":
                # "ضربات أميركية" listed as one phrase: its nisba names the actor
                agents = [m for m in ments if trig.start <= m.start and m.end <= trig.end and m.is_nisba][:1]
                strong = bool(agents)
            next_words = _WORD.findall(fold(text[trig.end:trig.end + 14]))[:2]
            if next_words[:1] in (["بينهما"], ["بينهم"]) or "بين" in next_words:
                pair = self._between(doc, trig, all_sides)
                if pair:
                    return [pair[0]], [pair[1]], 0.5
            # "بطلب من الولايات المتحدة"، "بناء على طلب من إسرائيل": who asked follows من
            at_request = entry.type == "REQUEST" and (doc.tokens[trig.token_index].norm.startswith(("ب", "وب"))
                                                      or re.search(r"بناء\s+على\s+$", text[max(0, trig.start - 12):trig.start]))
            if not agents and (entry.type in ("SUPPORT", "AID") or at_request):
                # "تجري بدعم من طيران التحالف"، "بمساعدة حاسمة من الإيرانيين"، "بدعم جوي روسي": the
                # helper follows من (or is the nisba) past an adjective or two, the helped is the subject
                by = self._helper_after(doc, trig, after, skip=0 if at_request else 2)
                if by:
                    agents = _group_after(text, [x for x in after if x.start >= by[0].start], by[0].start)
                    subj = _subject_before(doc, before_clause or before)
                    if subj is not None and _RELATIVE_WORD.search(text, subj.end, trig.start):
                        subj = None   # a relative clause stands between: what is supported is inside it
                    return agents, [subj] if subj is not None else [], 0.5
            if not agents and entry.type == "ASSAULT":
                # "كمين لتنظيم داعش"، "غارة جوية لقوات التحالف"، "قصف للجيش التركي": ل names the
                # attacker (a state after the masdar of a transitive verb is its object: "الاستهداف
                # الجديد للسعودية")
                by = self._lam_actor(doc, trig, after)
                if by and "direct" in entry.recipient_preps and by[0].via in ("country", "capital"):
                    by = []
                if by:
                    agents = by
                    victims = [m for m in before_clause if not _is_place(m) and not m.is_nisba
                               and len(text[m.end:trig.start].split()) <= 8]
                    if victims:
                        return agents, [victims[-1]], 0.5
            if not agents:
                rel = self._relative_actor(doc, trig, after)
                if rel:
                    agents = rel
            rest_after = [m for m in after if not any(m is a for a in agents)]
            head_end = agents[-1].end if agents and agents[-1].end > trig.end else trig.end
            # the name a phrase trigger ends inside is what its preposition governs ("الاعتراف بدولة فلسطين")
            tail = [m for m in ments if trig.start < m.start < trig.end < m.end and m.start > trig.start + 2
                    and _glued_prefix(text, m.start).lstrip("وف")[:1] in self._preps(entry)]
            recips = genitive_object or tail[:1] or (self._lam_object_after_doer(doc, agents, rest_after, entry) if strong else []) \
                or self._recipients(doc, head_end, rest_after, entry, s_end, noun=True)
            if entry.type == "ASSAULT" and (not recips or all(_is_place(r) for r in recips)):
                recips = self._result_victim(doc, head_end, rest_after, s_end) or recips
            if not recips:
                recips = self._genitive_chain(doc, head_end, rest_after, entry)
            if not recips and entry.type in OBJECT_COUNTRY_TYPES:
                recips = self._object_country(doc, head_end, rest_after, agents)
            if not recips and agents and entry.type == "REQUEST":
                # "تجاهلت روسيا مناشدات تركيا": who ignores, answers or rejects a call was called on
                recips = self._responder(doc, trig, before, agents)
            if not agents and trig.token_index > 0 and doc.tokens[trig.token_index - 1].norm in _SELF_COMPLEMENTISERS:
                # "أكدت القوات أنها بسطت سيطرتها على ...": the pronoun is the one who speaks
                agents = _speaking_subject(doc, trig, [m for m in ments if m.end <= trig.start], self.generic_speakers)
            possessive = self._possessive(doc, trig)
            if possessive and doc.tokens[trig.token_index].norm.endswith("ها") \
                    and not doc.tokens[trig.token_index].norm.endswith("هما"):
                # a feminine pronoun points to a state or body, not to a man named since ("تحالفها
                # مع الرئيس السوري بشار الأسد ودعمها للحوثيين": Iran's support)
                subjects, clause_subjects = ([m for m in ms if m.entity.kind != "person" or _female(doc, m)]
                                             for ms in (before, before_clause))
            else:
                subjects, clause_subjects = before, before_clause
            if not agents and possessive:
                # "حربه"، "دعمها"، "استقباله": the pronoun points back to the nearest subject
                subj = _subject_before(doc, subjects, allow_speaker=True)
                if subj is not None:
                    agents = [subj]
            if not agents and (self._governed_by_subject(doc, trig) or (
                    recips and entry.type in ("CONSULT", "COOPERATE", "AGREE")
                    and _WORD.findall(fold(text[head_end:recips[0].start]))[-1:] == ["مع"])):
                # "قام الحوثيون بقصف"، "محادثات ... مع": the clause subject does it; who speaks
                # "بعد محادثات مع ..." took part in the talks
                talks = bool(recips) and entry.type in ("CONSULT", "COOPERATE", "AGREE")
                # "أعلنت إسبانيا الاعتراف بدولة فلسطين": who announces an act of its own does it
                # (not so for the dead it reports: "أعلنت الوزارة مقتل ...")
                own_act = entry.id not in _DEATH_REPORTS and any(
                    _in_words(t.norm, _OWN_ACT_VERBS) for t in doc.tokens[max(0, trig.token_index - 4):trig.token_index])
                subj = _subject_before(doc, clause_subjects or subjects, allow_speaker=talks, announcer_ok=own_act)
                if subj is not None:
                    agents = _group_before(text, [m for m in subjects if m.end <= subj.end]) or [subj]
            opener = doc.tokens[trig.token_index]
            if not agents and trig.kind == "phrase" and not opener.norm.startswith("ال") \
                    and not any(c in "بل" for c in text[opener.start:trig.start]) \
                    and before_clause and _subject_right_before(doc, before_clause[-1], trig):
                # "دبابات أميركية أطلقت نيرانها"، "مسلحين من القبائل يطلقون النار": a phrase opened
                # by a verb takes the name right before it as subject, as the verb would (not one
                # after a preposition: "قتل المدنيين بالغازات السامة")
                agents = _group_before(text, before_clause)
            if not recips and entry.type in ("SUPPORT", "AID") and not self._prep_phrase_follows(doc, head_end, entry):
                prior = [m for m in before if not any(_same(m, a) for a in agents) and not _is_place(m)
                         and not m.is_nisba and m.entity.kind != "state"]
                if prior:
                    recips = [prior[-1]]
            if not recips and entry.type == "ASSAULT" and agents:
                # "نفذت ضربة جوية في سورية": a strike in a country hits that country
                from_pos = head_end if head_end > trig.start else trig.end
                m_in = re.match(r"\s*(?:[^\W\d_]+\s+){0,2}?(?:في|فوق)\s+", text[from_pos:from_pos + 40])
                if m_in:
                    at = from_pos + m_in.end()
                    recips = [x for x in rest_after if at <= x.start <= at + 1 and _is_place(x)][:1]
            return agents, recips, 0.7 if strong else 0.5

        # finite verb
        agents = []
        strong = False
        rel = _RELATIVE_BEFORE.search(text[max(s_start, trig.start - 12):trig.start])
        # "أدانت إسبانيا التفجير الذي استهدف مسجدا": a relative verb whose antecedent is no side
        # has that noun as subject, never a side named before it
        rel_without_side = False
        if rel:
            # "الولايات المتحدة وروسيا، اللتان تدعم": the antecedent of the relative pronoun
            rel_start = trig.start - len(text[max(s_start, trig.start - 12):trig.start]) + rel.start()
            ante = [m for m in before if m.end <= rel_start and len(text[m.end:rel_start].strip(" ،,")) == 0
                    and not _relative_disagrees(doc, m, rel.group().strip())]
            if ante:
                tok = doc.tokens[trig.token_index].norm
                if re.search(r"(?:ه|ها|هم|هما)$", tok) and self._lookup(re.sub(r"(?:ه|ها|هم|هما)$", "", tok)):
                    # "القوات التي تدعمها روسيا": the pronoun is the object; the subject follows
                    first = _adjacent(text, after, trig.end, max_words=2, allow_prep=False)
                    if first is not None and not _is_place(first):
                        return _group_after(text, after, trig.end), _group_before(
                            text, [m for m in before if m.end <= ante[-1].end]), 0.7
                else:
                    agents = _group_before(text, [m for m in before if m.end <= ante[-1].end])
            else:
                rel_without_side = True
        by = _PASSIVE_NEXT.match(text, trig.end) if entry.noun_object else None
        if not agents and by is not None and before_clause and before_clause[-1].entity.kind == "person" \
                and _subject_right_before(doc, before_clause[-1], trig) \
                and not _OBJECT_PRONOUN.search(doc.tokens[trig.token_index].norm) \
                and (by.group("by") or not _counted_object(text, trig.end, min(s_end, trig.end + 60))):
            # "محسن الفضلي قتل في 8 يوليو": the unvocalised verb is passive (قُتل), its subject the
            # victim; a person, since armed sides and states before the verb are its doers
            doers = _group_after(text, [m for m in after if m.start <= by.end() + 1], by.end()) if by.group("by") else []
            return doers, _group_before(text, before_clause), 0.5
        verb = doc.tokens[trig.token_index].norm
        if not agents and self._with_object_pronoun(verb) and self._verb_agreement(verb) != "pl":
            # "وأدرجته السعودية ومصر على قائمة الإرهاب": with its object a pronoun, the name right
            # after the verb is its subject, whatever stands before; a name right before the verb
            # (no و between) is what the pronoun stands for ("جنود عراقيين قتلهم عناصر داعش")
            first = _adjacent(text, after, trig.end, max_words=0, allow_prep=False)
            if first is not None and not _is_place(first) and not first.is_nisba:
                agents, strong = _group_after(text, after, trig.end), True
                antecedent = before_clause[-1] if before_clause else None
                if antecedent is not None and not self._joined(verb) and not text[antecedent.end:trig.start].strip() \
                        and not _is_place(antecedent):
                    return agents, [antecedent], 0.6
        if not agents and before_clause and _subject_right_before(doc, before_clause[-1], trig) \
                and not self._disagrees(doc, before_clause[-1], trig):
            # "إيران تدعم الحوثيين": a name right before the verb is its subject (one the verb
            # agrees with: "وإلى جانب أهداف حزب العمال قصفت طائرات تركية" names the subject after it)
            agents = _group_before(text, before_clause)
            strong = True
        if not agents and trig.token_index > 0:
            prev = doc.tokens[trig.token_index - 1].norm
            all_before = [m for m in ments if m.end <= trig.start]
            if prev in _SELF_COMPLEMENTISERS or _OWN_FORCES.fullmatch(prev):
                # "أكد الحلف أنه قتل"، "قال الجيش إن جنوده قتلوا": the pronoun is the one who speaks
                agents = _speaking_subject(doc, trig, all_before, self.generic_speakers)
        # a verb in the plural ("طالبوا"، "يدعمون") comes after its subject, never before it (a verb
        # before its subject stays singular): the name after it is its object
        if not agents and self._verb_agreement(verb) != "pl" and not (rel_without_side and _agrees_with_relative(rel.group().strip(), verb)
                               and not _RESUMPTIVE.match(text, trig.end)
                               and not self._with_object_pronoun(verb)):
            # ("الغارات التي استهدفت حزب العمال": the antecedent is the subject, the name the object;
            # not so in "التي وقع الأردن ..."، "التي اتفقت عليها روسيا")
            first = _adjacent(text, after, trig.end, max_words=2, allow_prep=False)
            if first is not None and entry.type in ("ASSAULT", "COERCE") and \
                    _COUNTED_BEFORE.search(text[trig.end:first.start]):
                first = None   # "قتلوا خمسة مسلحين": a counted noun is the object, not the subject
            if first is not None and self._oblique(first) and not text[trig.end:first.start].strip():
                first = None   # "وطرد المسلحين": a plural in -ين after the verb is its object (the subject is -ون)
            if first is not None and _in_words((_WORD.findall(fold(text[trig.end:first.start])) or [""])[-1],
                                               _EFFORT_HEADS):
                first = None   # "وثمن الوزير جهود الأمير": whose efforts are praised is the object
            if first is not None and not _is_place(first) and not first.is_nisba and not self._event_noun_between(
                    doc, trig.end, first.start):
                agents = _group_after(text, after, trig.end)
                strong = True   # verb-subject order, the subject right after the verb
                by = _KILLED_BY.match(text, agents[-1].end) if entry.noun_object else None
                if by is not None and not _OBJECT_PRONOUN.search(doc.tokens[trig.token_index].norm):
                    # "وقتل رجل فلسطيني برصاص الجيش": the unvocalised verb is passive (قُتل)
                    doers = [m for m in after if m.start >= by.end()]
                    doers = _group_after(text, doers, by.end()) if by.group("by") and doers and \
                        doers[0].start <= by.end() + 1 else []
                    return doers, agents, 0.5
        if not agents and not rel_without_side:
            subj = _subject_before(doc, before_clause)
            if subj is not None:
                agents = _group_before(text, [m for m in before_clause if m.end <= subj.end]) or [subj]
        if not agents and _first_person(doc.tokens[trig.token_index].norm):
            # "دعمناك من قبل": a first-person verb in a quote is the speaker's act
            q = next((q for q in doc.quotes if q.start <= trig.start < q.end and q.speaker), None)
            if q is not None and q.speaker.entity.code and q.speaker.entity.kind != "media":
                agents = [q.speaker]
        start = agents[-1].end if agents and agents[-1].start > trig.start else trig.end
        rest_after = [m for m in after if m.start >= start and not any(_same(m, a) for a in agents)]
        if agents and agents[-1].via in ("title", "agent") and agents[-1].entity.kind == "person" and rest_after and \
                rest_after[0].entity.code == agents[-1].entity.code and \
                all(w in _BODY_NOUNS for w in _WORD.findall(fold(text[agents[-1].end:rest_after[0].start]))) and \
                not re.search(r"[،,.؛:\"«»]", text[agents[-1].end:rest_after[0].start]):
            # "رئيس وكالة الأمم المتحدة": the body after a title names whom the title serves
            rest_after = rest_after[1:]
        for a in agents:
            if a.entity.kind == "person" and a.start > trig.start:
                rest_after = _past_apposition(text, a, after, rest_after)
        recips = (self._lam_object_after_doer(doc, agents, rest_after, entry) if strong and agents[0].start > trig.end else []) \
            or self._recipients(doc, start, rest_after, entry, s_end)
        if not recips and entry.type in OBJECT_COUNTRY_TYPES:
            recips = self._object_country(doc, start, rest_after, agents)
        if not recips and entry.type in PLACE_RECIPIENT_TYPES:
            recips = self._place_recipient(doc, start, rest_after, origin_ok=entry.type == "REQUEST")
            if entry.type == "REQUEST" and any(r.entity.code == a.entity.code for r in recips for a in agents):
                recips = []   # "دعا السفير السعودي في رسالته باسم المملكة": his own state is whom he speaks for
        if entry.type == "ASSAULT" and (not recips or all(_is_place(r) for r in recips)):
            recips = self._result_victim(doc, start, rest_after, s_end) or recips
        return agents, recips, 0.7 if strong else 0.6

    def _with_object_pronoun(self, verb: str) -> bool:
        """A lexicon verb with an object pronoun glued on ("أدرجته"، "تدعمها")."""
        return bool(_OBJECT_PRONOUN.search(verb)) and bool(self._lookup(_OBJECT_PRONOUN.sub("", verb)))

    def _joined(self, word: str) -> bool:
        """A trigger word with a glued conjunction و/ف ("وأدرجته")، not a root و ("وقعت")."""
        return word[:1] in "وف" and bool(self._lookup(word[1:]))

    def _verb_agreement(self, word: str) -> str | None:
        """What a verb form of the lexicon agrees with: "pl" for the plural ("طالبوا"، "يدعمون"; not
        "تتعاون")، "f" for the third person feminine singular ("قصفت"، "تدعم")، "m" for the masculine
        singular ("قصف"، "يدعم"); None when the form does not tell or is no verb we know."""
        forms = self._verb_forms
        word = _bare(word, forms)
        if word not in forms:
            return None
        if (word.endswith("وا") and (word[:-2] in forms or word[:-2] + "ا" in forms)) or (
                word.endswith("ون") and word[:-2] in forms):
            return "pl"
        if word.endswith(("وا", "ون", "ان", "ين")):
            return None
        if (word.endswith("ت") and word[:-1] in forms) or (word.startswith("ت") and "ي" + word[1:] in forms):
            return "f"
        if word.startswith("ي") or word + "ت" in forms:
            return "m"
        return None

    def _disagrees(self, doc: Doc, m: Mention, trig: Trigger) -> bool:
        """The verb after a name does not agree with it in gender, so the name is not its subject."""
        word = doc.tokens[trig.token_index].norm
        if word in self._noun_forms[trig.entry.id] or word[1:] in self._noun_forms[trig.entry.id]:
            return False   # "تزيد إيران دعم قوات": a form that is also the masdar may be the object
        verb = self._verb_agreement(word)
        noun = _gender(doc, m)
        return verb in ("f", "m") and noun is not None and verb != noun

    def _oblique(self, m: Mention) -> bool:
        """An agent noun in the oblique plural ("المسلحين"، "مقاتلي الحركة"), never a subject."""
        if not m.via.startswith("agent") and m.via != "demonym":
            return False
        words = _WORD.findall(fold(m.text))
        return bool(words) and strip_article(words[0].lstrip("و")) in self._oblique_plurals

    def _result_victim(self, doc: Doc, pos: int, after: list[Mention], s_end: int) -> list[Mention]:
        """"غارة ... أدت إلى مقتل زعيم مجموعة خراسان": the side the attack killed is its target."""
        m = _RESULT_VICTIM.match(doc.text, pos, min(s_end, pos + 120))
        if not m:
            return []
        at = m.end()
        counted = _COUNT_PREFIX.match(doc.text, at)
        if counted:
            at = counted.end()   # "مقتل ثمانية من مقاتلي البيشمركة"
        hit = _adjacent(doc.text, [x for x in after if x.start >= at], at, max_words=1, allow_prep=False)
        return [hit] if hit is not None and not _is_place(hit) else []

    def _object_country(self, doc: Doc, pos: int, after: list[Mention], agents: list[Mention]) -> list[Mention]:
        """No actor as object, but the object names a country's affair: "أحد طرفي الصراع السوري"،
        "جولة جديدة للحوار الوطني الليبي" → that country; "الحملة العسكرية على إدلب" (an armed
        campaign on a place) → the country of the place."""
        text = doc.text
        # the object noun phrase: up to 8 words, no punctuation, no new clause
        m = re.match(r"(?:\s+[^\W\d_]+){1,8}", text[pos:pos + 120])
        if not m:
            return []
        seg_end = pos + m.end()
        words = _WORD.findall(fold(text[pos:seg_end]))
        for k, w in enumerate(words):
            if w in _COMPLEMENTISERS or w in ("الذي", "التي", "الذين", "مع", "من", "عن", "بين"):
                seg_end = pos + _nth_word_start(text[pos:seg_end], k)
                break
        own = {a.entity.code for a in agents}
        for x in after:
            if x.start >= seg_end:
                break
            if x.is_nisba and x.entity.kind == "state" and x.entity.code not in own:
                return [x]
        if words and _in_words(words[0], _CAMPAIGN_HEADS):
            for x in after:
                if x.start >= seg_end:
                    break
                if _is_place(x) and x.entity.code not in own and re.search(
                        r"(?:على|ضد|في)\s+$", text[max(pos, x.start - 6):x.start]):
                    return [x]
        return []

    def _place_recipient(self, doc: Doc, pos: int, after: list[Mention], max_words: int = 6,
                         origin_ok: bool = True) -> list[Mention]:
        """An attack on, or a call to, a place stands for the side that holds it ("لدى ليبيا").
        Without `origin_ok`, a place after من is where from, not whom ("المدعومة من إيران")."""
        for m in after:
            gap = doc.text[pos:m.start]
            if len(gap.split()) > max_words or any(c in gap for c in ".؛;\n\"«") or _NEW_CLAUSE.search(gap):
                return []
            if (_is_place(m) or m.entity.kind == "state") and (origin_ok or _word_before(doc.text, m.start) != "من") \
                    and not _affiliated(doc, pos, m.start):
                return [m]
        return []

    @staticmethod
    def _condemned_attackers(doc: Doc, events: list[Event]) -> list[Event]:
        """"أدانت مصر الهجوم الإسرائيلي على غزة": what is condemned is the attack, so the accused
        is its attacker, not its victim; an attack by nobody named accuses nobody."""
        out = []
        for e in events:
            if e.type == "ACCUSE":
                after = [a for a in events if a.type == "ASSAULT" and a.start == e.start
                         and 0 < doc.token_index(a.trigger_start) - doc.token_index(e.trigger_start) <= 6]
                if not e.recipients and not after:
                    continue
                if after:
                    attackers = [x for a in after for x in a.actors if x.via != "implicit"
                                 and not any(_same(x, y) for y in e.actors)]
                    if not attackers:
                        continue
                    e.recipients = _unique(attackers)
            out.append(e)
        return out

    def _received_from(self, doc: Doc, trig: Trigger, before: list[Mention], after: list[Mention]):
        """"تلقى أمير قطر اتصالا هاتفيا من الرئيس التركي"، "تلقت الحكومة دعما من روسيا": who
        receives is the recipient, whoever it came from (after من) the actor."""
        ti = trig.token_index
        if not any(_in_words(t.norm, _RECEIVE_VERBS) for t in doc.tokens[max(0, ti - 5):ti]):
            return None
        m = re.match(r"\s*(?:[^\W\d_]+\s+){0,2}?من\s+(?:قبل\s+|جانب\s+)?", doc.text[trig.end:trig.end + 40])
        if not m:
            return None
        pos = trig.end + m.end()
        sources = [x for x in after if pos <= x.start <= pos + 1 and not _is_place(x)]
        receiver = _subject_before(doc, before, allow_speaker=True) if before else None
        if not sources or receiver is None:
            return None
        return _group_after(doc.text, [x for x in after if x.start >= sources[0].start], sources[0].start), [receiver], 0.6

    def _lam_actor(self, doc: Doc, trig: Trigger, after: list[Mention]) -> list[Mention]:
        m = re.match(r"(?:\s+[^\W\d_]+){0,2}?\s+(ل|لل)(?=\w)", doc.text[trig.end:trig.end + 30])
        gap = _WORD.findall(fold(doc.text[trig.end:trig.end + m.start(1)])) if m else []
        if not m or any(w in FREE_PREPS or _position_noun(w) for w in gap):
            # "قذيفة على تجمع للمواطنين"، "سيارة مفخخة استهدفت حافلة للجيش": after على, or after a
            # post or vehicle, the ل names the target's owner
            return []
        pos = trig.end + m.start(1)
        cands = [x for x in after if pos <= x.start <= pos + 3 and not _is_place(x)]
        return _group_after(doc.text, [x for x in after if x.start >= cands[0].start], cands[0].start) if cands else []

    def _relative_actor(self, doc: Doc, trig: Trigger, after: list[Mention]) -> list[Mention]:
        """"الهجوم الذي يشنه الجيش السوري"، "هجمات نفذها متشددون": the subject of the light verb."""
        m = _LIGHT_VERB_AFTER.match(doc.text[trig.end:trig.end + 50])
        if not m:
            return []
        verb = fold(m.group(1))
        base = re.sub(r"(?:ه|ها|هم)$", "", verb)
        if verb not in LIGHT_VERBS and base not in LIGHT_VERBS:
            return []
        pos = trig.end + m.end()
        first = _adjacent(doc.text, [x for x in after if x.start >= pos], pos, max_words=1, allow_prep=False)
        return _group_after(doc.text, [x for x in after if x.start >= first.start], first.start) if first else []

    def _responder(self, doc: Doc, trig: Trigger, before: list[Mention], agents: list[Mention]) -> list[Mention]:
        """The subject of a verb that answers the request noun `trig` ("تجاهلت روسيا مناشدات تركيا"،
        "استجابت الحكومة لمطالب المحتجين"): the verb is at most four words before the noun, its
        subject right after it or before it."""
        sent = doc.sentence_at(trig.start)
        for k in range(trig.token_index - 1, max(-1, trig.token_index - 5), -1):
            tok = doc.tokens[k]
            if sent is None or tok.start < sent.start:
                break
            if tok.norm in self.response_verbs or (tok.norm[:1] in "وف" and tok.norm[1:] in self.response_verbs):
                between = [m for m in before if tok.end <= m.start and m.end <= trig.start and not _is_place(m)
                           and not any(_same(m, a) for a in agents)]
                if between:
                    return between[:1]
                subj = _subject_before(doc, [m for m in before if m.end <= tok.start
                                             and not any(_same(m, a) for a in agents)])
                return [subj] if subj is not None and not _is_place(subj) else []
        return []

    def _possessive(self, doc: Doc, trig: Trigger) -> bool:
        """The trigger word carries a possessive pronoun: "حربه"، "دعمها"."""
        tok = doc.tokens[trig.token_index]
        if tok.start != trig.start or tok.end != trig.end:
            return False
        for suf in ("هما", "هم", "ها", "ه"):
            if tok.norm.endswith(suf):
                base = tok.norm[: -len(suf)]
                # the feminine ending is written ت before a pronoun: "دعوته" is دعوة + ه
                if self._lookup(base) or (base.endswith("ت") and self._lookup(base[:-1] + "ه")):
                    return True
        return False

    def _preps(self, entry: LexEntry) -> frozenset[str]:
        """The entry's recipient prepositions, folded (once per entry)."""
        hit = self._prep_cache.get(entry.id)
        if hit is None:
            preps = list(entry.recipient_preps or DEFAULT_PREPS.get(entry.type, ()))
            if entry.type in ("ASSAULT", "COERCE"):
                preps.append("ضد")   # "ضربات جوية ضد الحوثيين": an attack is against its target
            hit = self._prep_cache[entry.id] = frozenset({fold(p) for p in preps} - {"", "direct"})
        return hit

    def _prep_phrase_follows(self, doc: Doc, pos: int, entry: LexEntry) -> bool:
        """"دعماً للانقلاب": the recipient is a thing, not an actor."""
        m = re.match(r"\s*([^\W\d_]+)", doc.text[pos:pos + 30])
        if not m:
            return False
        w = fold(m.group(1))
        preps = self._preps(entry)
        return w in preps or (w[:1] in preps and w[:1] in PREPOSITIONS and len(w) > 3)

    def _genitive_chain(self, doc: Doc, pos: int, after: list[Mention], entry: LexEntry) -> list[Mention]:
        """The masdar's object at the end of a short chain of nouns: "عرقلة تبنّي مشروع قرار بريطاني"."""
        if not after:
            return []
        m = after[0]
        gap = doc.text[pos:m.start]
        words = _WORD.findall(fold(gap))
        if len(words) > 3 or any(c in gap for c in "،,.؛:\"«»\n") or _glued_prefix(doc.text, m.start).lstrip("وف"):
            return []
        own = self._preps(entry)
        # the entry's own preposition may open the chain ("عقوبات جديدة على قطاع النفط الإيراني")
        if any((w in FREE_PREPS and w not in own) or w[:1] in PREPOSITIONS and len(w) > 3 and w[1:2] == "ل"
               for w in words):
            return []
        if any(self._joined(w) and all(kind == "verb" for _, kind, _ in self._lookup(w[1:])) for w in words):
            return []   # "عقوبات الحكومة الأميركية وأدرجته السعودية": a joined verb opens another clause
        if _is_place(m) and entry.type not in PLACE_RECIPIENT_TYPES:
            return []
        return [m]

    def _governed_by_subject(self, doc: Doc, trig: Trigger) -> bool:
        """A masdar takes the clause subject as its actor only after ب ("قامت بعرقلة"), a light
        verb ("شن هجوما"), or in the accusative ("دعما")."""
        tok = doc.tokens[trig.token_index]
        if tok.start != trig.start:
            # a phrase trigger; after ب and an attack it is the attack's means, with no subject of
            # its own ("قتل المدنيين بالغازات السامة")
            return not ("ب" in doc.text[tok.start:trig.start] and any(
                entry.type == "ASSAULT" for t in doc.tokens[max(0, trig.token_index - 6):trig.token_index]
                for entry, _, _ in self._lookup(t.norm)))
        if trig.joined_to is not None:
            return self._governed_by_subject(doc, trig.joined_to)
        glued = tok.norm[: len(tok.norm) - len(tok.norm.lstrip("وفبلك"))]
        if "ب" in glued:
            # "قامت بعرقلة": the subject does it; "رحبت الدول بتوقيع الاتفاق": the masdar is what
            # another event verb takes, not what its subject does (only a real proclitic ب: not
            # the first letter of "برقية")
            stem = tok.norm[tok.norm.index("ب") + 1:]
            if trig.kind != "noun" or (stem not in self._noun_forms[trig.entry.id]
                                       and strip_article(stem) not in self._noun_forms[trig.entry.id]):
                return True
            for k in range(trig.token_index - 1, max(-1, trig.token_index - 11), -1):
                t = doc.tokens[k]
                if _bare(t.norm, LIGHT_VERBS, "وفس") in LIGHT_VERBS:
                    return True
                if not _no_verb_at(doc, k) and any(
                        kind == "verb" and (not entry.requires or self._requires_ok(doc, k, entry))
                        for entry, kind, _ in self._lookup(t.norm)):
                    return False
            return True
        if tok.norm.endswith("ا") and trig.kind == "noun":
            return True
        return any(_bare(t.norm, LIGHT_VERBS, "وفس") in LIGHT_VERBS
                   for t in doc.tokens[max(0, trig.token_index - 6):trig.token_index])

    def _prep_recipient_follows(self, doc: Doc, pos: int, after: list[Mention], entry: LexEntry) -> bool:
        rest = [m for m in after if m.start >= pos]
        return bool(self._recipients(doc, pos, rest, entry, len(doc.text), noun=True))

    @staticmethod
    def _lam_object_after_doer(doc: Doc, agents: list[Mention], after: list[Mention], entry: LexEntry) -> list[Mention]:
        """"استهداف الجيش السوري للمدنيين"، "قصف الطائرات التركية لمواقع الحزب": after the doer of a
        transitive act named right after it, the side glued to ل is whom it is done to."""
        if not agents or "direct" not in entry.recipient_preps:
            return []
        nxt = next((m for m in after if m.start >= agents[-1].end), None)
        if nxt is None or doc.text[agents[-1].end:nxt.start].strip() != _glued_prefix(doc.text, nxt.start) \
                or _glued_prefix(doc.text, nxt.start).lstrip("وف") not in ("ل", "لل"):
            return []
        return _group_after(doc.text, [m for m in after if m.start >= nxt.start], nxt.start, first=nxt)

    def _recipients(self, doc: Doc, pos: int, after: list[Mention], entry: LexEntry, s_end: int,
                    noun: bool = False) -> list[Mention]:
        """The recipient: after one of the entry's prepositions (glued, or on the head noun just
        before the name: "بدور حفتر"), or, for a verb, a direct object close after it."""
        text = doc.text
        preps = self._preps(entry)
        # a phrase trigger that ends in its preposition ("اتصالا هاتفيا مع"، "حذر من")
        open_prep = _ends_in_preposition(text, pos)
        for m in after:
            gap = text[pos:m.start]
            if open_prep and len(gap.split()) <= 1 and not _is_place(m):
                return _group_after(text, [x for x in after if x.start >= m.start], m.start, first=m)
            if entry.type == "SUPPORT" and not m.is_nisba and len(gap.split()) <= 16 and "\n" not in gap \
                    and not any(c in gap for c in ".؛;") and _in_words(_last_before_honorifics(gap), _EFFORT_HEADS):
                # "وثمن وزراء ... في كلماتهم خلال اجتماع اللجنة جهود الأمير سعود الفيصل": whose
                # efforts, role or stand are praised is supported, however far the object stands
                return _group_after(text, [x for x in after if x.start >= m.start], m.start, first=m)
            glued = _glued_prefix(text, m.start).lstrip("وف")
            # the proclitics glued to the name ("للحوثيين") are no word of the gap
            if "\n" in gap or len(gap.split()) - (1 if glued and not gap.endswith(" ") else 0) > 8 \
                    or any(c in gap for c in ".؛;"):
                break
            words = _WORD.findall(fold(gap))
            last = words[-1] if words else ""
            if _affiliated(doc, pos, m.start):
                continue   # "الميليشيا الحوثية التابعة لإيران": whom a side belongs to describes it
            if _is_place(m) and entry.type not in PLACE_RECIPIENT_TYPES and not (
                    entry.type == "CONSULT" and last in ("الي", "لدي") and m.entity.kind == "state"):
                continue   # a place is whom one visits ("وصل الوزير إلى بغداد"), else only where
            # "الاستهداف الجديد للسعودية": the masdar of a transitive verb takes its object after ل
            lam_object = noun and "direct" in entry.recipient_preps and glued in ("ل", "لل") and len(words) <= 2 \
                and not any(c in gap for c in "،,") and (entry.type != "ASSAULT" or m.via in ("country", "capital"))
            via_prep = lam_object or (glued[:1] in preps) or (last in preps) or (
                len(words) == 1 and last[:1] in preps and last[:1] in PREPOSITIONS and len(last) > 2
                and not any(c in gap for c in "،,"))
            # "على تجمع للمواطنين": the preposition's noun belongs to the side named after ل
            core = words[:-1] if glued and words and not gap.endswith(" ") else words   # without the glued ل
            via_prep = via_prep or (len(core) >= 2 and core[-2] in preps and glued in ("ل", "لل")
                                    and not any(c in gap for c in "،,"))
            # "آخر معقل للحوثيين"، "مواقع لجماعة الحوثي"، "أهم معاقل الحرس الجمهوري": the side
            # whose ground or posts are hit
            via_prep = via_prep or (entry.type in ("ASSAULT", "COERCE") and glued in ("", "ل", "لل") and core
                                    and _position_noun(core[-1]) and gap.endswith((" ", "ل")))
            # "لانتزاع السيطرة على المنطقة من قوات المعارضة": the side that loses ground is attacked
            via_prep = via_prep or (entry.type in ("ASSAULT", "COERCE") and last == "من"
                                    and any(_in_words(w, _WREST) for w in words))
            if via_prep and entry.type == "REQUEST" and sum(w in preps for w in words) >= 2:
                break   # "دعوتها إلى هدنة ... بالوصول إلى المدنيين": the first إلى took the demand, not a side
            if via_prep:
                return _group_after(text, [x for x in after if x.start >= m.start], m.start, first=m)
            if noun:
                if _is_place(m):
                    continue  # "تحرير مبنى الجامعة من تنظيم داعش": look on for the side
                break  # a masdar's recipient is the first actor after it, or none
            direct = (not glued and last not in FREE_PREPS and len(words) <= 1
                      and not any(w in ("ان", "انه", "انها", "بان") for w in words))
            if direct and not m.is_nisba or (direct and m.is_nisba and words):
                return _group_after(text, [x for x in after if x.start >= m.start], m.start, first=m)
        return []

    def _between(self, doc: Doc, trig: Trigger, ments: list[Mention]) -> tuple[Mention, Mention] | None:
        """"مباحثات بين سلفاكير ومشار": the two sides after بين; "اتصال هاتفي بينهما": the two
        most recent distinct actors before the trigger."""
        m = re.match(r"\s*(?:\S+\s+){0,2}?بين\s+", doc.text[trig.end:trig.end + 40])
        if m:
            pos = trig.end + m.end()
            after = [x for x in ments if x.start >= pos and not _is_place(x)]
            if after and len(doc.text[pos:after[0].start].split()) <= 1:
                first = after[0]
                rest = [x for x in after[1:] if not _same(x, first)]
                if rest and len(doc.text[first.end:rest[0].start].split()) <= 6 and \
                        _glued_prefix(doc.text, rest[0].start).startswith("و"):
                    return first, rest[0]
            return None
        seen: list[Mention] = []
        for m in reversed([m for m in ments if m.end <= trig.start]):
            if _is_place(m) or m.is_nisba:
                continue
            if not any(_same(m, s) for s in seen):
                seen.append(m)
            if len(seen) == 2:
                return seen[1], seen[0]
        return None

    # -- modality --------------------------------------------------------------------------
    def _modality(self, doc: Doc, trig: Trigger, s_start: int, s_end: int, agents: list[Mention]):
        text = doc.text
        pre = fold(text[max(s_start, trig.start - 40):trig.start]).replace(",", " ").split()
        near = pre[-3:]
        offset = len(pre) - len(near)
        # a negation before a new clause ("لم تكن بلا خسائر إذ قتل") or before the noun a place or
        # cause phrase hangs on ("لا إصابات في القصف") leaves the trigger affirmed
        for k in range(len(near) - 1, -1, -1):
            if near[k] in _CLAUSE_OPENERS or (near[k] in _SCOPE_PREPS and "لا" in near[:k]):
                offset += k + 1
                near = near[k + 1:]
                break
        negated = any(w in self.negations and not (k + 1 < len(near) and near[k + 1] in NEGATION_EXCEPTIONS)
                      # "في ما يشتبه بأنه هجوم": ما after a preposition is "what", not "not"
                      and not (w == "ما" and offset + k > 0 and pre[offset + k - 1] in FREE_PREPS)
                      for k, w in enumerate(near))
        if not negated and trig.kind in ("noun", "phrase"):
            # "لا تجري حاليا عمليات قصف جوي"، "لم تشن أي غارات": a negated light verb a few words
            # before the masdar negates it
            far = pre[-6:]
            for k in range(1, len(far) - 1):
                neg = _bare(far[k - 1], self.negations)
                if _bare(far[k], LIGHT_VERBS, "وفس") in LIGHT_VERBS and neg in self.negations and neg != "ما" \
                        and not any(x in _CLAUSE_OPENERS or x in FREE_PREPS for x in far[k + 1:]):
                    negated = True
                    break
        if not negated and trig.entry.type == "REJECT" and trig.kind in ("noun", "phrase") and trig.token_index > 0 \
                and _bare(doc.tokens[trig.token_index - 1].norm, _LIFTING_VERBS) in _LIFTING_VERBS:
            negated = True   # "رفعت روسيا تحفظاتها"، "سحبت اعتراضها": the objection is lifted
        whole_before = fold(text[s_start:trig.start])
        hedged = False
        for h in (self._hedge_re.finditer(whole_before) if self._hedge_re else ()):
            if h.group(1) == "قد":
                nxt = whole_before[h.end():].split()[:1] or fold(text[trig.start:trig.end]).split()[:1]
                if nxt and (nxt[0][:1] not in "يتن" or (nxt[0][:1] == "ت" and nxt[0].endswith("ت") and len(nxt[0]) > 3)):
                    # "وقد قتل"، "قد أعلن"، "قد تبنت": قد before a past verb affirms, it does not hedge
                    continue
            hedged = True
            break
        if not hedged and doc.tokens[trig.token_index].norm in _PURPOSE_FORMS:
            hedged = True   # "يخططون لشن هجوم": planned, not (yet) made
        if not hedged:
            # "هل تنقذ الأمم المتحدة اليمن؟": a question asks whether it happens
            tail = text[trig.end:s_end].rstrip()
            hedged = (tail.endswith(("؟", "?")) and not any(c in tail for c in "«»\"“”")) or (
                whole_before.split()[:1] == ["هل"])
        attributed: Mention | None = None
        denial_by = self._denial(doc, trig, s_start)
        if denial_by is not None:
            negated = True
            if not agents or not any(_same_side(denial_by, a) for a in agents):
                attributed = denial_by
        quote = next((q for q in doc.quotes if q.start <= trig.start < q.end and q.speaker), None)
        # a participle describes, it does not claim: "الحشد الشعبي المدعوم من إيران" inside a quote
        # is background the speaker takes for granted
        if trig.kind in ("active", "passive"):
            quote = None
        if quote is not None and attributed is None:
            if not agents or not any(_same_side(quote.speaker, a) for a in agents):
                attributed = quote.speaker
        if attributed is None:
            source = self._reported_by(doc, trig, s_end)
            if source is not None and (not agents or not any(_same_side(source, a) for a in agents)):
                attributed = source
        if attributed is None:
            claim = self._claim(doc, trig, s_start)
            if claim is not None and (not agents or not any(_same_side(claim, a) for a in agents)):
                attributed = claim
        return negated, hedged, attributed

    def _denial(self, doc: Doc, trig: Trigger, s_start: int) -> Mention | None:
        denial = None
        for tok in doc.tokens_in(s_start, trig.start):
            if _bare(tok.norm, self.denials) in self.denials:
                denial = denial or tok
            elif denial is not None and self.kb.is_speech_verb(tok.norm):
                # "ينفون نشر متعاقدين، ويقولون إن ...": what they go on to say is not denied
                denial = None
        if denial is None:
            return None
        return _speaker_near(doc, denial.start, denial.end, s_start) or Mention(
            denial.start, denial.end, denial.text, Entity(None, denial.text, None), via="cue")

    def _passive_casualty(self, doc: Doc, trig: Trigger, triggers: list[Trigger]) -> bool:
        """"نحو 100 مقاتل قتلوا في ضربات أميركية": the unvocalised verb is a passive casualty
        report; the attack noun after it carries the event."""
        m = re.match(r"\s+(?:[^\s،,.]+\s+){0,2}?(?:في|جراء|إثر|اثر|خلال|بسبب)\s+", doc.text[trig.end:trig.end + 40]) or \
            re.match(r"\s+\S+\s+و(?:أصيب|اصيب|جرح)\s+\S+[،,]?\s+(?:في|جراء|إثر|اثر|بسبب)\s+",
                     doc.text[trig.end:trig.end + 50])   # "قتل شخصان وأصيب خمسة، في انفجار"
        if not m:
            # "وقتل أول من أمس 4 جنود إثيوبيين في هجوم شنه ...": the dead between verb and attack
            m2 = _DEAD_THEN_ATTACK.match(doc.text, trig.end, trig.end + 90)
            if not m2 or _not_people(m2.group("dead")) or any(
                    trig.end <= x.start < m2.start("dead") for x in doc.mentions if x.entity.code):
                return False   # "قتل مسلحون سبعة أشخاص": a subject before the count makes it active
            pos = m2.end()
            attack = next((t for t in triggers if t is not trig and t.entry.type == "ASSAULT"
                           and pos <= t.start <= pos + 2), None)
            sent = doc.sentence_at(trig.start)
            if attack is None or sent is None:
                return False
            inside = [x for x in doc.mentions if m2.start("dead") <= x.start < m2.end("dead") and x.entity.code]
            counted = inside[:1] or self._counted_people(doc, trig, m2.start("dead"), m2.end("dead"),
                                                          sent.start, sent.end)
            if counted:
                doc.meta.setdefault("casualties", {})[attack.start] = counted[0]
            return True
        pos = trig.end + m.end()
        attack = next((t for t in triggers if t is not trig and t.entry.type == "ASSAULT" and pos <= t.start <= pos + 2), None)
        if attack is None:
            return False
        sent = doc.sentence_at(trig.start)
        victims = [x for x in doc.mentions if x.entity.code and sent and sent.start <= x.start and x.end <= trig.start
                   and not x.is_nisba and x.via != "country-place" and len(doc.text[x.end:trig.start].split()) <= 6
                   # the speaker of "قال ... إن «ستة مدنيين قتلوا" is not among the dead, nor is who a
                   # relative clause names ("وفي نينوى، التي كانت معقلا لتنظيم داعش، قتل")
                   and not any(c in doc.text[x.end:trig.start] for c in "«\":")
                   and not _in_set_off_relative_clause(doc.text, sent.start, x.start)
                   and not set(_WORD.findall(fold(doc.text[x.end:trig.start]))) & _COMPLEMENTISERS]
        right_after = [x for x in doc.mentions if x.entity.code and trig.end <= x.start and x.end <= trig.end + m.start()
                       + len(m.group()) and not x.is_nisba and not _is_place(x)]
        if right_after:
            # "وقتل جندي أميركي في هجوم": the one named right after the verb is the dead
            doc.meta.setdefault("casualties", {})[attack.start] = right_after[0]
        elif victims:
            doc.meta.setdefault("casualties", {})[attack.start] = victims[-1]
        elif sent is not None and _VICTIMS.match(doc.text[trig.end:trig.end + 40]):
            # "قتل شخصان وأصيب خمسة، في انفجار": the dead right after the verb
            v = _VICTIMS.match(doc.text[trig.end:trig.end + 40])
            if not _not_people(v.group(1)):
                counted = self._counted_people(doc, trig, trig.end + v.start(1), trig.end + v.end(1),
                                               sent.start, sent.end)
                if counted:
                    doc.meta.setdefault("casualties", {})[attack.start] = counted[0]
        elif sent is not None:
            # "ستة مدنيين قتلوا في هجوم كابول": people counted right before the verb
            c = _COUNTED_PEOPLE_BEFORE.search(doc.text, max(sent.start, trig.start - 60), trig.start)
            if c and not _not_people(c.group(1)):
                counted = self._counted_people(doc, trig, c.start(1), c.end(1), sent.start, sent.end)
                if counted:
                    doc.meta.setdefault("casualties", {})[attack.start] = counted[0]
        return True

    def _reported_by(self, doc: Doc, trig: Trigger, s_end: int) -> Mention | None:
        """"... حسبما ذكرت إدارة الصحة"، "بحسب المرصد"، "وفقا لمصادر": the event is that source's account."""
        tail = doc.text[trig.end:s_end]
        m = _REPORTED_BY.search(tail)
        if m is None:
            return None
        pos = trig.end + m.end()
        src = next((x for x in doc.mentions if pos <= x.start <= pos + 25 and not _is_place(x) and not x.is_nisba), None)
        if src is not None:
            return src
        return Mention(trig.end + m.start(), pos, m.group(0).strip(), Entity(None, m.group(0).strip(), None), via="cue")

    def _claim(self, doc: Doc, trig: Trigger, s_start: int) -> Mention | None:
        before = fold(doc.text[s_start:trig.start])
        if self._claim_re is None:
            return None
        for found in self._claim_re.finditer(before):
            c = found.group(1)
            spk = [x for x in doc.mentions if s_start <= x.start < trig.start
                   and not _is_place(x) and not x.is_nisba]
            if spk:
                return spk[0]
            return Mention(trig.start, trig.start, c, Entity(None, c, None), via="cue")
        return None


# -- helpers -------------------------------------------------------------------------------------
_NOT_PEOPLE = frozenset(fold(w) for w in (
    "يوما", "يوماً", "أيام", "ايام", "ساعة", "ساعات", "أسابيع", "أشهر", "اشهر", "شهرا", "سنوات", "سنة", "عاما", "عاماً",
    "أعوام", "دقيقة", "دقائق", "كيلومترا", "كلم", "كم", "مترا", "أمتار", "دولار", "دولارا", "مليون", "مليار", "بالمئة",
    "بالمائة", "في", "مرة", "مرات", "صاروخا", "صاروخ", "صواريخ", "قذيفة", "قذائف", "غارة", "غارات", "منزلا", "منازل",
    "سيارة", "سيارات", "طائرات", "طائرة", "دبابات", "عبوات", "قنابل"))


def _not_people(counted: str) -> bool:
    """"7 فبراير"، "3 أيام"، "20 صاروخا": a count of something other than people."""
    word = fold(counted.split()[-1])
    return word in _NOT_PEOPLE or word in _months() or strip_article(word) in _NOT_PEOPLE


@functools.lru_cache(maxsize=1)
def _months() -> frozenset[str]:
    from .dates import month_names   # the date extractor's calendar words
    return frozenset(month_names(libyan=True))


def _unidentified_only(actors: list[Mention]) -> bool:
    """The event's only actors are the unidentified attackers marsad put there."""
    return bool(actors) and all(a.via == "implicit" and a.entity.sector == "UAF" for a in actors)


def _first_named_after(text: str, pos: int, later: list[Mention], max_words: int, breaks: str) -> list[Mention]:
    """The first of `later` when it stands within `max_words` of `pos` with none of `breaks` between."""
    if not later:
        return []
    gap = text[pos:later[0].start]
    return [later[0]] if len(gap.split()) <= max_words and not any(c in gap for c in breaks) else []


def _no_verb_at(doc: Doc, k: int) -> bool:
    """The k-th word cannot be a finite verb: it follows a preposition ("على أيدي مسلحين"), ends
    in ة ("وزارة" is no و + زار + ه), or is "قبل" before أن ("before", not "accepted")."""
    tok = doc.tokens[k]
    return (k > 0 and doc.tokens[k - 1].norm in _NO_VERB_AFTER) or tok.text.endswith("ة") or (
        tok.norm in ("قبل", "وقبل") and k + 1 < len(doc.tokens) and doc.tokens[k + 1].norm == "ان")


def _word_before(text: str, pos: int) -> str:
    """The folded word before `pos` ("المدعومة من إيران" → "من")."""
    words = _WORD.findall(fold(text[max(0, pos - 20):pos]))
    return words[-1] if words else ""


def _speakers_own_forces(doc: Doc) -> list[Mention]:
    """A bare armed noun in a coded speaker's direct words is the speaker's own side: «قصف سلاح
    الجو أهدافاً» from a Libyan army spokesman is the Libyan air force, not a guess from the story."""
    out = []
    for q in doc.quotes:
        spk = q.speaker
        if not q.direct or spk is None or not spk.entity.code or spk.entity.code in NONSTATE_CODES \
                or spk.entity.sector not in _ARMED_SECTORS:
            continue
        for m in doc.mentions:
            if m.via == "agent-default" and m.entity.sector in _ARMED_SECTORS and q.start <= m.start < q.end:
                ent = Entity(id=None, name=m.entity.name, code=spk.entity.code, sector=m.entity.sector,
                             kind=m.entity.kind)
                out.append(Mention(m.start, m.end, m.text, ent, via="agent"))
    return out


def _in_words(word: str, words: frozenset[str]) -> bool:
    """The folded word, or the word without one proclitic (و ف ب ل), article stripped, is in `words`:
    "وقف"، "لوقف"، "والسيطرة". (A plain lstrip would also eat a first letter: "وقف" → "قف".)"""
    return word in words or strip_article(word) in words or (
        word[:1] in "وفبل" and (word[1:] in words or strip_article(word[1:]) in words))


def _nth_word_start(seg: str, k: int) -> int:
    """Offset in `seg` where its k-th word starts."""
    found = list(_WORD.finditer(seg))
    return found[k].start() if k < len(found) else len(seg)


def _word_alternation(words: list[str]) -> re.Pattern | None:
    """One regex for a word list, each word whole and optionally after و/ف."""
    words = sorted({w for w in words if w}, key=len, reverse=True)
    if not words:
        return None
    return re.compile(r"(?<!\w)(?:و|ف)?(" + "|".join(re.escape(w) for w in words) + r")(?!\w)")


def _subject_right_before(doc: Doc, m: Mention, trig: Trigger) -> bool:
    # "وكانت فرقة من القوات الخاصة قد قتلت": the particle قد stands between a subject and its verb
    gap = re.sub(r"^\s+(?:ل)?قد(?=\s)", "", doc.text[m.end:trig.start])
    # "مسلحين من القبائل يطلقون النار": a partitive "من X" still leaves the noun next to its verb
    if (gap.strip() and not _PARTITIVE_GAP.fullmatch(gap)) or _is_place(m) or m.is_nisba:
        return False
    glued = _glued_prefix(doc.text, m.start).lstrip("وف")
    return not glued.startswith(("ل", "ب", "ك"))


def _is_state_code(code: str | None) -> bool:
    return bool(code) and len(code) == 3 and code not in NONSTATE_CODES


def _first_person(word: str) -> bool:
    word = word[1:] if word[:1] in ("و", "ف") else word
    return word.startswith(("ن", "سن")) or bool(re.search(r"نا(?:ه|ها|هم|ك|كم)?$", word))


def _unique(ms: list[Mention]) -> list[Mention]:
    out: list[Mention] = []
    for m in ms:
        if not any(_same(m, o) for o in out):
            out.append(m)
    return out


def _same(a: Mention, b: Mention) -> bool:
    return a.entity.key == b.entity.key


def _same_side(a: Mention, b: Mention) -> bool:
    """The speaker speaks for the actor: the same entity, or the same state."""
    if _same(a, b):
        return True
    return bool(a.entity.code) and a.entity.code == b.entity.code


def _left_behind(text: str, verb: Trigger, masdar: Trigger) -> bool:
    """The masdar is what the verb leaves, after من/عن ("انسحبت واشنطن من الاتفاق"، "التخلي عن
    الاتفاق"), not what it refuses another side."""
    return bool(re.search(r"(?:^|\s)(?:من|عن)\s*$", text[verb.start:masdar.start]))


def _last_before_honorifics(gap: str) -> str:
    """The last folded word of a gap before the honorifics of the name after it ("جهود المغفور له
    بإذن الله صاحب السمو الملكي الأمير" → "جهود")."""
    words = _WORD.findall(fold(gap))
    while words and words[-1] in _HONORIFICS:
        words.pop()
    return words[-1] if words else ""


_HONORIFICS = frozenset(fold(w) for w in (
    "المغفور", "له", "لها", "بإذن", "الله", "رحمه", "رحمها", "صاحب", "صاحبة", "السمو", "الملكي", "الجلالة", "الفخامة",
    "فخامة", "سمو", "معالي", "دولة", "الشيخ", "الأمير", "الأميرة", "الملك", "سماحة"))


def _outside_refused_object(gap: str, words: list[str]) -> bool:
    """The side after a refusal's gap is not in what is refused: the gap holds no object ("امتنعت
    كل من البيرو")، crosses punctuation, a relative, conditional or new clause ("إذا رفض الكونغرس
    الاتفاق فسيرجع الإيرانيون"، "المحكمة التي يدعمها الاتحاد")، or what is declined is speech
    ("امتنع عن الكشف عن هوية المهاجمين"، "رفضت تأكيد إذا ما كانت واشنطن طالبت مصر")."""
    head = words[1:] if words[:1] == ["عن"] else words
    return (not head or head[0] in ("كل", "من") or head[0] in _DECLINED_SPEECH or len(words) > 7
            or re.search(r"[.،,؛;:\n\"«»]", gap) is not None or _RELATIVE_WORD.search(gap) is not None
            or any(w in _COMPLEMENTISERS or w in _CLAUSE_OPENERS or w in ("اذا", "لو") or w.startswith(("فس", "فان"))
                   for w in words))


def _past_apposition(text: str, person: Mention, mentions: list[Mention], sides: list[Mention]) -> list[Mention]:
    """`sides` without a person's comma-set-off titles and the bodies in them ("دعا محمد البرادعي،
    نائب الرئيس المصري السابق الرئيس الأسبق للوكالة الدولية، إلى ..."): they describe him. Not a
    title of another state's, or with a pronoun ("أقال الرئيس سالفا كير، نائبه رياك مشار"), nor the
    words after a name that itself closes an apposition ("حث الوزير، بوريس جونسون، الرئيس ...")."""
    m = re.match(r"\s*[،,]\s*", text[person.end:person.end + 4])
    if m is None or re.search(r"[،,]\s*$", text[max(0, person.start - 3):person.start]):
        return sides
    opened = person.end + m.end()
    first = next((x for x in mentions if x.start >= opened), None)
    if first is None or first.start > opened + 1 or first.entity.kind != "person" \
            or first.via not in ("title", "agent", "agent-default") \
            or first.entity.code not in (None, person.entity.code) \
            or fold(first.text.split()[0]).endswith(("ه", "ها")):
        return sides
    close = re.search(r"[،,.؛:\n]", text[opened:opened + 200])
    end = opened + close.start() if close else opened + 200
    return [x for x in sides if not opened <= x.start < end]


def _adjective_like(word: str) -> bool:
    """A folded word that reads as an adjective of quality after a masdar ("جوي"، "عسكرية"، "كامل")."""
    return strip_article(word).endswith(("ي", "يه", "يين", "يون")) or strip_article(word) in _QUALITY_ADJECTIVES


_QUALITY_ADJECTIVES = frozenset(fold(w) for w in (
    "كامل", "كاملة", "حاسم", "حاسمة", "مباشر", "مباشرة", "كبير", "كبيرة", "واسع", "واسعة", "قوي", "قوية",
    "محدود", "غير", "متواصل", "متواصلة", "سخي", "سخية", "عاجل", "عاجلة"))


def _own_state(a: Mention, b: Mention) -> bool:
    """`a` is `b` itself or the state `b` belongs to ("نرفض التهديدات الموجهة لإسرائيل" said by an
    Israeli; but the Taliban and the Afghan government are two sides)."""
    return _same(a, b) or (a.via in ("country", "capital", "country-place") and a.entity.code == b.entity.code)


def _is_place(m: Mention) -> bool:
    return m.via in ("country-place", "place")


def _clause_start(text: str, pos: int, s_start: int) -> int:
    """Start of the clause holding `pos`: after the last ؛ or comma before it, unless the trigger
    directly follows that comma ("تطل الولايات المتحدة بشكل واضح، بعرقلة ...")."""
    seg = text[s_start:pos]
    for m in reversed(list(re.finditer(r"[؛;،,]", seg))):
        if seg[m.end():].strip():
            return s_start + m.end()
    return s_start


def _adjacent(text: str, after: list[Mention], pos: int, max_words: int, allow_prep: bool) -> Mention | None:
    """The first mention after `pos` with at most `max_words` words and no comma before it."""
    if not after:
        return None
    m = after[0]
    gap = text[pos:m.start]
    # an opening quote before a name is no boundary ("تبناه «تنظيم القاعدة»"، "أعلنت «حماس»")
    if any(c in gap for c in "،,.؛:\n»") or gap.count('"') > 1:
        return None
    if len(gap.replace("«", " ").replace('"', " ").replace("#", " ").split()) > max_words:
        return None
    if not allow_prep:
        glued = _glued_prefix(text, m.start)
        if glued.lstrip("وف")[:1] in ("ل", "ب", "ك"):
            return None
        words = fold(gap).split()
        if words and words[-1] in FREE_PREPS:
            return None
    return m


# The dead of a whole war or conflict, counted since it began
_WAR_TOLL = re.compile(r"(?:في|خلال|منذ)\s+(?:بد[ءا]ي?\s+|اندلاع\s+)?(?:ال)?(?:صراع|نزاع|حرب)"
                       r"\s*(?:[.،,]|$|(?:الذي|الدائر\S*|المستمر\S*|في|منذ|الأهلي\S*|الاهلي\S*)(?![^\W\d_]))")

# Types no state organ does to its own state as a whole.
_HOSTILE_TYPES = frozenset({"ASSAULT", "COERCE", "THREATEN", "SANCTION"})
_STATE_SECTORS = frozenset({"GOV", "MIL", "COP", "JUD", "LEG"})
# the war as subject of the toll: "أسفرت الحرب عن مقتل"، "خلف النزاع"، "أودى الصراع بحياة"
_WAR_BEFORE = re.compile(r"(?:^|\s)(?:ال)?(?:صراع|نزاع|حرب)(?:\s+(?:ال)?(?:أهلي|اهلي|دائر|مستمر)\S*)?"
                         r"\s+(?:(?:منذ|في)\s+(?:[^\s،,.]+\s+){1,3})?(?:عن|الى|إلى)?\s*$")
# "لشن هجوم"، "لتنفيذ عملية"، "للقيام بهجوم": an attack one prepares or plans, not yet made
_PURPOSE_FORMS = frozenset({"لشن", "لتنفيذ", "للقيام", "ولشن", "ولتنفيذ"})

# "بقيادة X"، "بزعامة X"، "برئاسة X": X heads the side named before, it is not acted on

_PARTITIVE_GAP = re.compile(r"\s+من\s+(?:ال)?[^\W\d_]+\s+")

_OPEN_PREPOSITIONS = frozenset({"مع", "من", "على", "الى", "ضد", "بحق"})


_PLACE_NISBA_GAP = re.compile(r"\s*(?:\([^()]{0,40}\)\s*)?$")


def _describes_place(text: str, start: int, code: str | None, place_ends: dict[int, str | None]) -> bool:
    """A nisba right after a place of its country: "مدينة كوباني (عين العرب) السورية"."""
    lo = max(0, start - 48)
    gap = _PLACE_NISBA_GAP.search(text, lo, start)
    return gap is not None and gap.start() in place_ends and place_ends[gap.start()] == code


def _speaking_subject(doc: Doc, trig: Trigger, before: list[Mention],
                      generic: frozenset[str] = frozenset()) -> list[Mention]:
    """The one a pronoun complementiser right before the trigger points to ("أكدت القوات أنها ..."،
    "وتقول قوات الأسد، المدعومة من روسيا، إنها تستهدف"): the speaker of the words it opens, not the
    last side named before it; a news agency that reports ("أضافت الوكالة أنه أصيب ...") does not
    act, so then the nearest subject before."""
    q = next((q for q in doc.quotes if q.start <= trig.start < q.end and q.speaker is not None), None)
    if q is not None and q.start >= trig.start - 12 and _generic_speaker(q.speaker.text, generic):
        return []   # "وقال مصدر عسكري إنه «قتل خمسة جنود»": a source reports, it did not kill
    if q is not None and q.start >= trig.start - 12 and q.speaker.entity.kind != "media" \
            and q.speaker.entity.sector != "JRN":
        # (a speaker nothing codes, found by a given name, is no side)
        return [q.speaker] if q.speaker.entity.code else []
    subj = _subject_before(doc, before, allow_speaker=True)
    return [subj] if subj is not None and not _is_place(subj) else []


def _names_people(word: str) -> bool:
    """A participle in the sound plural that names people: "المتظاهرين"، "ومحتجون"."""
    stem = strip_article(word[1:] if word[:1] in "وف" and word[1:3] == "ال" else word)
    return stem.startswith("م") and stem.endswith(("ون", "ين")) and len(stem) >= 6


def _generic_speaker(text: str, generic: frozenset[str]) -> bool:
    """A speaker named by a generic word of `cues.yaml` ("مصدر عسكري"، "شهود عيان"، "مسؤول"), not a
    spokesman, who speaks for his side ("المتحدث باسم الجيش"، "وذكرت المتحدثة أنها طلبت")."""
    words = fold(text).split()
    return bool(words) and strip_article(words[0]) not in _SPOKESMAN and (
        words[0] in generic or " ".join(words[:2]) in generic)


_SPOKESMAN = frozenset(fold(w) for w in ("متحدث", "متحدثة", "ناطق", "ناطقة"))


def _last_word(text: str, pos: int) -> str:
    """The folded word that ends at `pos` (a phrase trigger's last word)."""
    words = _WORD.findall(fold(text[max(0, pos - 12):pos]))
    return words[-1] if words else ""


def _ends_in_ba_word(text: str, pos: int) -> bool:
    """A phrase trigger whose last word is a noun after ب ("حكما بإعدام"، "أشاد بجهود")."""
    last = _last_word(text, pos)
    return last.startswith("ب") and len(last) > 3 and last not in ("بين", "بحق")


def _ends_in_preposition(text: str, pos: int) -> bool:
    """A phrase trigger that ends in its preposition ("اتصالا هاتفيا مع"، "أحكاما بحق")."""
    return _last_word(text, pos) in _OPEN_PREPOSITIONS


def _group_after(text: str, after: list[Mention], pos: int, first: Mention | None = None) -> list[Mention]:
    """A mention and the ones coordinated with it by و: "إيران وروسيا"، "الروسي والفرنسي"."""
    if not after:
        return []
    group = [first or after[0]]
    for m in after:
        if m.start <= group[-1].start:
            continue
        gap = text[group[-1].end:m.start]
        if _same(m, group[-1]) and re.fullmatch(r"[\s،,\"«»()]*", gap):
            group.append(m)   # a title and the name it introduces: "الرئيس الأميركي دونالد ترامب"
            continue
        coordinated = _glued_prefix(text, m.start).startswith("و") and re.fullmatch(r"\s*(?:[،,]\s*)?", gap)
        coordinated = coordinated or re.fullmatch(r"\s*(?:[،,]\s*)?و\s*", gap)
        # "الدعم الروسي والفرنسي، ومؤخراً الأميركي": one adverb may sit between two nisbas
        coordinated = coordinated or (m.is_nisba and group[-1].is_nisba and re.fullmatch(
            r"\s*[،,]?\s*و\S+\s*", gap))
        # "الضربات الأمريكية الفرنسية البريطانية"، "هجوم سوري-روسي": nisbas in a row, one side each
        coordinated = coordinated or (m.is_nisba and group[-1].is_nisba and re.fullmatch(r"\s*[-–]?\s*", gap))
        if coordinated:
            if not any(_same(m, g) for g in group):
                group.append(m)
            continue
        break
    return group


def _group_before(text: str, before: list[Mention], max_gap_words: int = 4) -> list[Mention]:
    """The coordinated group that ends nearest before the trigger: "مصر والإمارات والسعودية"."""
    if not before:
        return []
    last = before[-1]
    group = [last]
    for m in reversed(before[:-1]):
        gap = text[m.end:group[0].start]
        if re.fullmatch(r"\s*(?:[،,]\s*)?", gap) and _glued_prefix(text, group[0].start).startswith("و") or \
                re.fullmatch(r"\s*(?:[،,]\s*)?و\s*", gap):
            if not any(_same(m, g) for g in group):
                group.insert(0, m)
            continue
        break
    return [g for g in group if not _is_place(g)]


# Relative pronouns, one list for every rule that reads a relative clause.
_RELATIVE_PRONOUNS = ("الذي", "التي", "الذين", "اللذين", "اللتين", "اللذان", "اللتان", "اللواتي")
_REL = "(?:" + "|".join(_RELATIVE_PRONOUNS) + ")"
_RELATIVE = re.compile(r"(?:^|\s)" + _REL + r"\s+(?:\S+\s+){1,2}$")


def _in_relative_clause(doc: Doc, m: Mention) -> bool:
    """"القوات السورية التي تدعمها روسيا وإيران": روسيا is the subject of the relative clause."""
    head = doc.text[max(0, m.start - 40):m.start]
    head = re.sub(r"\S*و$", "", head)
    return bool(_RELATIVE.search(head + " ")) or bool(_RELATIVE.search(re.sub(r"\s*\S+\s+و\S*\s*$", " ", head)))


def _continued_relative_clause(text: str, s_start: int, pos: int,
                               before: list[Mention]) -> tuple[int, Mention | None] | None:
    """For a verb (its و already known to be the conjunction) joined to the verb of a relative
    clause ("التفجير الذي استهدف المسجد وأودى بحياة"), with no comma between: (the pronoun's start,
    the side it refers to if one is named right before it). None for any other verb."""
    word_start = pos
    while word_start > s_start and not text[word_start - 1].isspace():
        word_start -= 1
    rel = None
    for rel in _RELATIVE_WORD.finditer(text, max(s_start, pos - 80), word_start):
        pass
    if rel is None or any(c in text[rel.end():word_start] for c in "،,.؛:\"«»"):
        return None
    return rel.start(), next((m for m in before if 0 <= rel.start() - m.end <= 3
                              and not text[m.end:rel.start()].strip(" ،,")), None)


_RELATIVE_WORD = re.compile(r"(?<!\S)" + _REL + r"(?=\s)")
_RELATIVE_BEFORE = re.compile(_REL + r"\s+$")
# a preposition with the pronoun of the antecedent after a relative verb: "التي اتفقت عليها روسيا"
_RESUMPTIVE = re.compile(r"\s+(?:عليها|عليه|فيها|فيه|بها|به|لها|له|منها|منه|إليها|اليها|إليه|اليه|عليهم|فيهم|بهم|لهم|منهم)(?!\w)")


def _agrees_with_relative(pronoun: str, verb: str) -> bool:
    """The verb after a relative pronoun agrees with it in gender and number, so the pronoun is its
    subject: "التي استهدفت"، "الذين يقاتلون"، "الذي يدعم" (not "التي وقع الأردن")."""
    verb = verb.lstrip("و")
    if pronoun in ("الذين",):
        return verb.endswith(("وا", "ون"))
    if pronoun in ("التي", "اللواتي"):
        return verb.endswith("ت") or verb.startswith("ت")
    if pronoun == "الذي":
        return not verb.endswith("ت") and not verb.startswith("ت") and not verb.endswith(("وا", "ون"))
    return False   # duals: too rare to tell
# the verb after an event noun, past two words and a relative pronoun: "الهجوم الذي يشنه"
_LIGHT_VERB_AFTER = re.compile(r"\s*(?:[^\W\d_]+\s+){0,2}?(?:" + _REL + r"\s+)?([^\W\d_]+)\s+")


def _relative_clause_doer(text: str, rel_start: int, pos: int, before: list[Mention]) -> Mention | None:
    """The side a relative clause names as doer of its antecedent: "الذي نفذه التنظيم"، "التي شنها
    الحوثيون" (a verb with an object pronoun, then the side)."""
    m = _DOER_CLAUSE.match(text, rel_start)
    if m is None:
        return None
    return next((x for x in before if x.start == m.end() and x.end <= pos and not _is_place(x)), None)


_DOER_CLAUSE = re.compile(_REL + r"\s+[^\W\d_]{2,}(?:ه|ها|هم)\s+")


# masculine singular heads of the bodies that act in the news ("حزب العمال"، "الجيش"، "مجلس الأمن")
_MASCULINE_HEADS = frozenset(fold(w) for w in (
    "حزب", "جيش", "تحالف", "ائتلاف", "مجلس", "تنظيم", "نظام", "حرس", "مرصد", "اتحاد", "برلمان", "فيلق",
    "لواء", "جهاز", "مكتب", "حشد", "الكرملين", "البنتاغون", "البيت", "الإليزيه", "الاحتلال"))


def _gender(doc: Doc, m: Mention) -> str | None:
    """The grammatical gender a verb agrees with, where the mention makes it clear: capitals are
    feminine, men masculine, bodies by their head noun; None otherwise."""
    if m.is_nisba:
        return None
    if m.entity.kind == "person" and m.via in ("kb", "apposition", "surname"):
        return "f" if _female(doc, m) else "m"
    if m.via == "capital":
        return "f"   # (cities are feminine; country names are not all: "العراق يستدعي")
    words = m.text.split()
    if not words or m.entity.kind in ("person", "state", "place"):
        return None
    head = strip_article(fold(words[0]).lstrip("وف"))
    if head.endswith(("ه", "ات")):
        return "f"
    return "m" if head in _MASCULINE_HEADS else None


def _relative_disagrees(doc: Doc, m: Mention, pronoun: str) -> bool:
    """A masculine relative pronoun does not refer to a feminine name before it: "الاتفاق مع إيران
    الذي تهدد واشنطن بالانسحاب منه" (الذي is the agreement's: country names without the article are
    feminine, but for لبنان and عمان). (Not so for التي after a man: "جماعة غولن التي" is the
    group's, and the group is the side.)"""
    if fold(pronoun) != "الذي":
        return False
    name = fold(m.text)
    return _gender(doc, m) == "f" or (m.via == "country" and not name.startswith("ال") and name not in _MASCULINE_COUNTRIES)


_MASCULINE_COUNTRIES = frozenset(fold(w) for w in ("لبنان", "عمان"))


def _female(doc: Doc, m: Mention) -> bool:
    """A woman, as the text marks her: a feminine title ("سفيرة البحرين"، "المستشارة الألمانية") or
    a feminine verb right before her name ("وأكدت ماي")."""
    first = fold(m.text.split()[0]) if m.text.split() else ""
    if first.endswith("ه") and len(first) > 3:
        return True
    k = doc.token_index(m.start) - 1
    return k >= 0 and len(doc.tokens[k].norm) > 3 and doc.tokens[k].norm.endswith("ت")


def _in_set_off_relative_clause(text: str, s_start: int, pos: int) -> bool:
    """Whether `pos` lies in a relative clause opened after a comma, however long: "نينوى، التي
    كانت معقلا لتنظيم داعش"."""
    comma = max(text.rfind("،", s_start, pos), text.rfind(",", s_start, pos))
    first = text[comma + 1:pos].split()[:1] if comma >= 0 else []
    return bool(first) and first[0] in _RELATIVE_PRONOUNS


def _subject_before(doc: Doc, before: list[Mention], allow_speaker: bool = False,
                    announcer_ok: bool = False) -> Mention | None:
    """The nearest mention before the trigger that can be a subject (not after a preposition).
    A speaker is the subject only of what a pronoun ties to it ("أكد الوزير خلال استقباله"), the
    one named after a speech verb only with `announcer_ok`."""
    skip_group = False
    allow_speaker = allow_speaker or announcer_ok
    speakers = set() if allow_speaker else {id(q.speaker) for q in doc.quotes if q.speaker is not None}
    for m in reversed(before):
        if _is_place(m) or m.is_nisba or id(m) in speakers:
            continue
        if not allow_speaker and doc.meta.get("after_cue") and m.start in doc.meta["after_cue"]:
            continue  # "أفاد المرصد ... بمقتل": the one who reports is not the one who kills
        if _in_relative_clause(doc, m) or (skip_group and _glued_prefix(doc.text, m.start).startswith("و")):
            skip_group = True
            continue
        if skip_group:
            skip_group = False
            if _glued_prefix(doc.text, m.start).startswith("و"):
                continue
        glued = _glued_prefix(doc.text, m.start)
        if glued.lstrip("وف")[:1] in ("ل", "ب", "ك"):
            continue
        words = _WORD.findall(fold(doc.text[max(0, m.start - 30):m.start]))
        if words[-2:] in (["من", "قبل"], ["من", "جانب"]):
            continue  # the agent of a passive ("المتهمة من قبل المملكة") is no subject here
        if words and words[-1] in FREE_PREPS:
            # "مجموعة من عصابات داعش": a group of X is X
            if not (words[-1] == "من" and len(words) >= 2 and strip_article(words[-2]) in _PARTITIVES):
                continue
        return m
    return None


def _speaker_near(doc: Doc, start: int, end: int, s_start: int) -> Mention | None:
    """Who does the denying: the subject after the cue, else before it."""
    after = [m for m in doc.mentions if end <= m.start < end + 60 and m.entity.code and not _is_place(m)]
    if after and not _glued_prefix(doc.text, after[0].start).lstrip("وف")[:1] in ("ل", "ب"):
        gap = doc.text[end:after[0].start]
        if len(gap.split()) <= 2:
            return after[0]
    before = [m for m in doc.mentions if s_start <= m.start and m.end <= start and m.entity.code]
    return _subject_before(doc, before)


def _propagate_dates(doc: Doc, events: list[Event], triggers: list[Trigger]) -> None:
    """Date an undated event from a later or earlier mention of the same happening: "في اتصال
    هاتفي" ... "بيان البيت الأبيض يوم الجمعة الماضي بخصوص ما جاء في المكالمة". Events told in
    one sentence then share the date."""
    def sent_date(pos: int) -> str | None:
        s = doc.sentence_at(pos)
        if s is None:
            return None
        return next((d.value for d in doc.dates if s.start <= d.start < s.end and d.grain == "day"), None)

    index = {id(s): i for i, s in enumerate(doc.sentences)}
    def sent_no(pos: int) -> int:
        s = doc.sentence_at(pos)
        return index.get(id(s), -10) if s is not None else -10

    for ev in events:
        if ev.date is not None:
            continue
        n = sent_no(ev.trigger_start)
        entry_key = next(((t.entry.type, t.entry.mode) for t in triggers if t.start == ev.trigger_start), None)
        for t in triggers:
            if (t.entry.type, t.entry.mode) != entry_key or t.start == ev.trigger_start:
                continue
            # a later definite noun refers back to the same happening: "المكالمة"، "الهجوم"
            if t.kind == "noun" and fold(doc.text[t.start:t.end]).lstrip("وفبل").startswith("ال") \
                    and 0 < sent_no(t.start) - n <= 2:
                value = sent_date(t.start)
                if value:
                    ev.date = value
                    break
    by_sentence: dict[int, str] = {}
    for ev in events:
        if ev.date:
            by_sentence.setdefault(ev.start, ev.date)
    for ev in events:
        if ev.date is None and ev.start in by_sentence:
            ev.date = by_sentence[ev.start]
