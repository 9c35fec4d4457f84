"""Interface words of the dashboard in Arabic and English.

`t(lang)` gives a lookup that falls back to English, then to the key itself, so a missing word
shows up plainly instead of breaking a page.
"""
from __future__ import annotations

LANGS = ("ar", "en")

EVENT_TYPES = {
    "AGREE": ("اتفاق", "Agree"), "CONSULT": ("تشاور ولقاء", "Consult"), "SUPPORT": ("دعم وتأييد", "Support"),
    "CONCEDE": ("تنازل", "Concede"), "COOPERATE": ("تعاون", "Cooperate"), "AID": ("مساعدة", "Aid"),
    "RETREAT": ("انسحاب", "Retreat"), "REQUEST": ("طلب ودعوة", "Request"), "ACCUSE": ("اتهام", "Accuse"),
    "REJECT": ("رفض", "Reject"), "THREATEN": ("تهديد", "Threaten"), "PROTEST": ("احتجاج", "Protest"),
    "SANCTION": ("عقوبات", "Sanction"), "MOBILIZE": ("حشد", "Mobilize"), "COERCE": ("إكراه", "Coerce"),
    "ASSAULT": ("هجوم", "Assault"), "STATEMENT": ("تصريح", "Statement"),
}

QUADS = {
    1: ("تعاون لفظي", "Verbal cooperation"), 2: ("تعاون مادي", "Material cooperation"),
    3: ("نزاع لفظي", "Verbal conflict"), 4: ("نزاع مادي", "Material conflict"),
}

# The relations the actor page leads with; every other event type follows them.
HEADLINE_RELATIONS = ("SUPPORT", "ASSAULT", "CONSULT", "ACCUSE")

WORDS = {
    "app_name": ("مَرصد", "Marsad"),
    "tagline": ("من فعل ماذا بمن، مع الدليل", "Who did what to whom, with the evidence"),
    "nav_ask": ("اسأل", "Ask"),
    "nav_articles": ("المقالات", "Articles"),
    "nav_actors": ("الفاعلون", "Actors"),
    "nav_network": ("الشبكة", "Network"),
    "nav_timeline": ("الخط الزمني", "Timeline"),
    "nav_map": ("الخريطة", "Map"),
    "nav_api": ("واجهة البرمجة", "API"),
    "switch_lang": ("English", "العربية"),
    "ask_placeholder": ("مثال: هل تلقى حفتر دعماً أميركياً؟", "e.g. Did Haftar receive American support?"),
    "ask_button": ("اسأل", "Ask"),
    "ask_intro": ("اطرح سؤالاً عمّن فعل ماذا بمن؛ يأتي الجواب بالأدلة المؤيدة والنافية والادعاءات.",
                  "Ask who did what to whom; the answer comes with the evidence for, against, and the claims."),
    "examples": ("أمثلة", "Examples"),
    "parsed": ("فهم السؤال", "Understood as"),
    "col_for": ("الأدلة المؤيدة", "Evidence for"),
    "col_against": ("ما ينفي أو يقيّد", "Against or qualifying"),
    "col_claims": ("ادعاءات", "Claims"),
    "col_related": ("جمل قريبة دلالياً", "Related sentences"),
    "fallback_note": ("لم يجد البحث المنظم شيئاً؛ هذه نتائج البحث الدلالي.",
                      "The structured search found nothing; these are semantic search results."),
    "none": ("لا شيء", "None"),
    "actor": ("الفاعل", "Actor"),
    "relation": ("العلاقة", "Relation"),
    "recipient": ("المتلقي", "Recipient"),
    "period": ("الفترة", "Period"),
    "negated": ("منفي", "negated"),
    "hedged": ("غير مؤكد", "hedged"),
    "claimed": ("ادعاء", "claimed"),
    "according_to": ("بحسب", "according to"),
    "source": ("المصدر", "Source"),
    "published": ("تاريخ النشر", "Published"),
    "open_article": ("المقال", "article"),
    "original": ("الرابط الأصلي", "original link"),
    "legend": ("مفتاح الألوان", "Legend"),
    "k_actor": ("فاعل", "actor"),
    "k_place": ("مكان", "place"),
    "k_date": ("تاريخ", "date"),
    "k_quote": ("اقتباس", "quote"),
    "k_event": ("حدث", "event"),
    "events": ("الأحداث", "Events"),
    "event_count": ("عدد الأحداث", "events"),
    "stories": ("قصص", "stories"),
    "no_events": ("لا أحداث", "No events"),
    "quotes": ("الاقتباسات", "Quotes"),
    "entities": ("الفاعلون المذكورون", "Actors named"),
    "places": ("الأماكن", "Places"),
    "dates": ("التواريخ", "Dates"),
    "search": ("بحث", "Search"),
    "search_articles": ("ابحث في العناوين والنصوص", "Search titles and texts"),
    "search_actors": ("ابحث عن فاعل بالاسم أو الرمز", "Find an actor by name or code"),
    "results": ("النتائج", "results"),
    "prev": ("السابق", "Previous"),
    "next": ("التالي", "Next"),
    "title": ("العنوان", "Title"),
    "code": ("الرمز", "Code"),
    "sector": ("القطاع", "Sector"),
    "as_actor": ("فاعلاً", "as actor"),
    "as_recipient": ("متلقياً", "as recipient"),
    "mentions": ("الإشارات", "mentions"),
    "what_it_does": ("ما يفعله", "What it does"),
    "done_to_it": ("ما يُفعل به", "What others do to it"),
    "timeline_of": ("أحداثه عبر الزمن", "Its events over time"),
    "aliases": ("يُذكر باسم", "Also written as"),
    "filter": ("تصفية", "Filter"),
    "type": ("النوع", "Type"),
    "any_type": ("كل الأنواع", "any type"),
    "since": ("من", "since"),
    "until": ("إلى", "until"),
    "country": ("الدولة (رمز ISO3)", "country (ISO3)"),
    "around": ("حول الفاعل", "around actor"),
    "include_negated": ("مع المنفي", "include negated"),
    "apply": ("تطبيق", "Apply"),
    "evidence": ("الدليل", "Evidence"),
    "click_edge": ("اضغط على خط لعرض الدليل، وعلى عقدة لفتح صفحة الفاعل.",
                   "Click an edge for its evidence, a node for the actor's page."),
    "width_note": ("سُمك الخط = عدد القصص المختلفة", "Edge width = number of distinct stories"),
    "click_point": ("اضغط على نقطة لعرض أحداثها.", "Click a point to list its events."),
    "located": ("أحداث لها مكان معروف", "events with a known place"),
    "loading": ("جارٍ التحميل…", "Loading…"),
    "empty_graph": ("لا علاقات لهذا الفلتر.", "No relations for this filter."),
    "not_found": ("غير موجود", "Not found"),
    "stats": ("أرقام القاعدة", "In the database"),
    "articles": ("مقالات", "articles"),
    "actors": ("فاعلون", "actors"),
    "per_day": ("الأحداث في اليوم حسب النوع", "Events per day by type"),
    "per_month_note": ("الفترة طويلة: الأعمدة شهرية.", "A long period: one bar per month."),
    "map_note": ("حدود الدول: Natural Earth (ملك عام).", "Country outlines: Natural Earth (public domain)."),
}


def t(lang: str):
    i = 0 if lang == "ar" else 1

    def lookup(key: str) -> str:
        pair = WORDS.get(key)
        return pair[i] if pair else key

    return lookup


def event_label(etype: str | None, lang: str) -> str:
    if not etype:
        return ""
    pair = EVENT_TYPES.get(etype)
    return pair[0 if lang == "ar" else 1] if pair else etype


def quad_label(quad, lang: str) -> str:
    pair = QUADS.get(int(quad)) if quad else None
    return pair[0 if lang == "ar" else 1] if pair else ""
