"""Actors, quotes and events through the real pipeline, one rule per test, on sentences of their own.

None of these sentences comes from the sample article; each exercises a general rule (word order,
masdar, participle, apposition, negation, attribution ...) that the sample also relies on.
"""
from datetime import date

import pytest

from marsad.ingest.article import Article
from marsad.pipeline import Pipeline

D2019 = date(2019, 4, 21)


@pytest.fixture(scope="module")
def pipe():
    return Pipeline.load()


def analyze(pipe, text, published=D2019):
    return pipe.analyze_text(text, published=published)


def events(out, kind=None):
    rows = []
    for e in out["events"]:
        if kind and e["event"] != kind:
            continue
        rows.append((e["event"], tuple(a["code"] for a in e["actor"]), tuple(r["code"] for r in e["recipient"]),
                     e["negated"], bool(e["attributed_to"])))
    return rows


def events_of(out, kind):
    return [e for e in out["events"] if e["event"] == kind]


def codes_of(out, kind):
    return {(a, r) for t, acts, recs, *_ in events(out, kind) for a in acts for r in recs}


# -- actors -----------------------------------------------------------------------------------
def test_dictionary_actor_with_clitics(pipe):
    text = "وأشاد وزير الخارجية الروسي بحفتر وبالجيش الوطني الليبي."
    out = analyze(pipe, text)
    haftar = next(e for e in out["entities"] if e["id"] == "lby.haftar")
    m = haftar["mentions"][0]
    assert m["text"] == "حفتر" and text[m["start"] - 1] == "ب"   # the clitic stays outside the span
    assert any(e["code"] == "RUS" and e["sector"] == "GOV" for e in out["entities"])


def test_apposition_codes_an_unknown_person_from_the_title(pipe):
    out = analyze(pipe, "وقال المتحدث باسم الجيش الوطني الليبي، سالم بوخريص، إن قواته تقدمت نحو سرت.")
    person = next(e for e in out["entities"] if "بوخريص" in e["name"])
    assert person["code"] == "LBY" and person["sector"] == "MIL"
    assert person["id"] is None


def test_a_side_named_by_title_and_name_shows_both(pipe):
    # the record keeps the name as written ("سلفاكير"), not only the office or the canonical spelling
    out = analyze(pipe, "والتقى رئيس دولة جنوب السودان سلفاكير ميرديت، الأربعاء، مع زعيم المعارضة "
                        "المسلحة رياك مشار في أديس أبابا.")
    ev = next(e for e in out["events"] if e["event"] == "CONSULT")
    assert ev["actor"][0]["entity_text"].startswith("رئيس دولة جنوب السودان سلفاكير")
    assert ev["recipient"][0]["entity_text"] == "زعيم المعارضة المسلحة رياك مشار"
    # a title with no name after it stays the title alone
    out = analyze(pipe, "وانتقد وزير الخارجية الأمريكي الحكومة الإيرانية.")
    ev = next(e for e in out["events"] if e["event"] == "ACCUSE")
    assert ev["actor"][0]["entity_text"] == "وزير الخارجية الأمريكي"


def test_names_from_across_the_world_after_a_title(pipe):
    out = analyze(pipe, "وقالت المديرة التنفيذية لمنظمة اليونيسف هنريتا فور إن الأطفال يعانون. "
                        "وقال مستشار رئيس الوزراء الباكستاني سرتاج عزيز إن الحوار هو الحل.")
    speakers = [q["speaker"] for q in out["quotes"]]
    assert [s["name"] for s in speakers] == ["هنريتا فور", "سرتاج عزيز"]
    assert [s["code"] for s in speakers] == ["UNO", "PAK"]
    # a name ends where the next title starts
    out = analyze(pipe, "والتقى المبعوث الأمريكي بريت مكجيرك نائب وزير الخارجية العراقي.")
    assert not any("نائب" in e["name"] for e in out["entities"])


def test_name_before_its_title(pipe):
    out = analyze(pipe, "وقال ناصر الكبيسي المتحدث باسم القوات الجوية العراقية إن الطائرات قصفت مواقع التنظيم.")
    person = next(e for e in out["entities"] if "الكبيسي" in e["name"])
    assert person["code"] == "IRQ"


def test_later_mentions_by_surname(pipe):
    out = analyze(pipe, "أعلن المتحدث باسم الحكومة السودانية، فيصل الطاهر، استئناف المفاوضات. "
                        "وأضاف الطاهر أن الوفد سيغادر غدا إلى جوبا.")
    person = next(e for e in out["entities"] if "الطاهر" in e["name"])
    assert len(person["mentions"]) >= 2



def test_a_compound_name_is_the_later_mention_not_its_last_word(pipe):
    text = ("وقال المستشار العسكري للجيش الليبي صلاح عبد الكريم إن الإرهاب يستخدم التهريب. "
            "ودعا عبد الكريم مصر وروسيا إلى دعم الجيش. ويقال إن الكريم من يعطي بلا حساب.")
    doc = pipe.analyze_doc(Article(text=text, published=D2019))
    later = [m.text for m in doc.mentions if m.via == "surname"]
    assert later == ["عبد الكريم"]

@pytest.mark.parametrize("published,expected", [
    (date(2019, 4, 21), "usa.trump"), (date(2022, 6, 1), "usa.biden"), (date(2025, 6, 1), "usa.trump")])
def test_title_resolves_to_office_holder_of_the_day(pipe, published, expected):
    out = analyze(pipe, "وأعلن الرئيس الأميركي فرض عقوبات جديدة على طهران.", published)
    ids = {e["id"] for e in out["entities"]}
    assert expected in ids


def test_indefinite_groups_in_passing_are_not_listed_but_named_bodies_are(pipe):
    out = analyze(pipe, "وذكرت التقارير أن مسؤولين روسا زاروا المنطقة. وأصدرت محكمة استئناف طرابلس قرارها "
                        "بعد أن قال الجيش الروسي إن الوضع هادئ.")
    listed = {e["entity_text"] for e in out["entities"]}
    assert "محكمة استئناف طرابلس" in listed and "الجيش الروسي" in listed
    assert not any(t.startswith("مسؤولين") for t in listed)
    # an unnamed group that acts is a side of the record, still no named actor of the article
    out = analyze(pipe, "وانتقد مسؤولون روس الحكومة الأمريكية.")
    assert ("RUS", "USA") in codes_of(out, "ACCUSE")
    assert not any(e["entity_text"] == "مسؤولون روس" for e in out["entities"])


@pytest.mark.parametrize("text,unlisted", [
    ("قتل مسلحون ثلاثة جنود في هجوم على حاجز للشرطة في الموصل.", "مسلحون"),
    ("وأطلقت الشرطة الغاز على المتظاهرين في البصرة بعد أن رشق المتظاهرون مبنى المحافظة بالحجارة.", "المتظاهرون"),
    ("وهاجم مسلح في قضاء الحضر دورية للجيش العراقي.", "مسلح في قضاء الحضر"),
    ("وقال المسؤولون الأميركيون إن واشنطن ستعاقب طهران.", "المسؤولون الأميركيون"),
])
def test_classes_of_people_and_unnamed_officials_are_no_listed_actors(pipe, text, unlisted):
    out = analyze(pipe, text)
    assert all(e["entity_text"] != unlisted for e in out["entities"])


def test_a_sides_phrase_lists_the_actor_it_names_once(pipe):
    out = analyze(pipe, "واندلعت اشتباكات بين الجيش وقوات مجلس شورى ثوار بنغازي في منطقة الصابري.")
    listed = [e["entity_text"] for e in out["entities"]]
    assert "مجلس شورى ثوار بنغازي" in listed
    assert not any(t.startswith("قوات مجلس") for t in listed)


@pytest.mark.parametrize("text,place", [
    ("وقتل ثلاثة جنود في اشتباك قرب الحدود مع سوريا.", "SYR"),
    ("وتقع البلدة في المنطقة الحدودية بين سورية ولبنان.", "LBN"),
    ("ويقاتل عناصر من التنظيم في أفغانستان وباكستان منذ سنوات.", "PAK"),
    ("وحلقت طائرة استطلاع فوق سورية لساعات.", "SYR"),
])
def test_countries_named_as_locations_are_no_listed_actors(pipe, text, place):
    out = analyze(pipe, text)
    assert all(e["code"] != place for e in out["entities"])


def test_a_country_coordinated_with_an_actor_stays_an_actor(pipe):
    # the coordination rule only follows a location: "مصر والسعودية" acting stay actors
    out = analyze(pipe, "ودعت مصر والسعودية إلى وقف إطلاق النار في ليبيا.")
    codes = {e["code"] for e in out["entities"]}
    assert {"EGY", "SAU"} <= codes


def test_a_count_before_a_country_word_counts_its_people(pipe):
    out = analyze(pipe, "وأفاد المرصد بمقتل 12 سوريا في قصف للطيران الحربي على ريف إدلب.")
    assert all(e["id"] != "country.syr" for e in out["entities"])
    assert not any(a["entity_text"] == "سوريا" for e in out["events"] for a in e["actor"])


def test_the_field_a_title_covers_is_no_body(pipe):
    out = analyze(pipe, "ونقلت عن مستشار رئيس الوزراء الباكستاني للشؤون الخارجية والأمن القومي سرتاج عزيز قوله إن "
                        "الحوار هو الحل.")
    assert all(e["entity_text"] != "الخارجية" for e in out["entities"])
    out = analyze(pipe, "وقال المتحدث باسم وزارة الخارجية الباكستانية إن الحوار هو الحل.")
    assert any(e["entity_text"] == "وزارة الخارجية الباكستانية" for e in out["entities"])

def test_amman_or_oman_by_the_story(pipe):
    out = analyze(pipe, "وتظاهر نحو ألفي شخص أمس في عمان تلبية لدعوة أحزاب المعارضة الأردنية تضامنا مع الشعب الفلسطيني.")
    assert ("JOR", "JOR") in codes_of(out, "PROTEST") and all(e["code"] != "OMN" for e in out["entities"])
    out = analyze(pipe, "وقالت سلطنة عمان إنها تدعم الحوار بين الأطراف اليمنية، وأكدت عمان أنها لن تنحاز لأي طرف.")
    assert all(m["code"] == "OMN" for e in out["entities"] for m in [e] if "عمان" in e["entity_text"])

@pytest.mark.parametrize("text,code", [
    ("وشنت طائرات التحالف بقيادة السعودية غارات على مواقع الحوثيين في صعدة.", "SAU"),
    ("وقصف التحالف الذي تقوده الولايات المتحدة مواقع لتنظيم داعش قرب الرقة.", "USA"),
    ("وسيطرت القوات بقيادة حفتر على مطار طرابلس الدولي.", "LBY"),
])
def test_who_leads_a_side_is_an_entity_of_the_article(pipe, text, code):
    out = analyze(pipe, text)
    assert any(e["code"] == code and e["id"] for e in out["entities"])


def test_the_opening_dateline_places_the_newsroom_not_the_story(pipe):
    out = analyze(pipe, "دبي، الإمارات العربية المتحدة (CNN)-- لقي تسعة أشخاص مصرعهم في هجوم انتحاري استهدف "
                        "مقر المفوضية العليا للانتخابات في طرابلس الليبية.")
    assert not any(e["code"] == "ARE" for e in out["entities"])
    assert all(a["code"] != "ARE" for e in out["events"] for a in e["actor"])
    # the same words later in a story are the story's
    out = analyze(pipe, "وقالت الإمارات العربية المتحدة إنها تدعم الحكومة اليمنية.")
    assert ("ARE", "YEM") in codes_of(out, "SUPPORT")


def test_a_preposition_before_a_count_is_no_given_name(pipe):
    # "على" folds like the name "علي": "على خمسة مسؤولين" is no person
    out = analyze(pipe, "فرضت وزارة الخزانة الأمريكية عقوبات على خمسة مسؤولين إيرانيين.")
    assert not any("خمسة" in e["name"] for e in out["entities"])
    assert ("USA", "IRN") in codes_of(out, "SANCTION")


def test_a_persons_name_takes_no_article(pipe):
    # "اللامي" is an Iraqi family name, not the British "لامي" of the knowledge base
    out = analyze(pipe, "وقال نقيب الصحافيين العراقيين مؤيد اللامي إن العراق فقد 470 صحافيا.")
    assert not any(e["code"] == "GBR" for e in out["entities"])
    out = analyze(pipe, "وأشاد وزير الخارجية الروسي بحفتر.")
    assert any(e["id"] == "lby.haftar" for e in out["entities"])


def test_at_someones_request_they_are_the_ones_who_ask(pipe):
    out = analyze(pipe, "وقرر مجلس الأمن تأجيل مناقشة الاتفاق بطلب من الولايات المتحدة.")
    assert ("USA", "UNO") in codes_of(out, "REQUEST") and ("UNO", "USA") not in codes_of(out, "REQUEST")
    out = analyze(pipe, "وعلقت روسيا تسليم منظومة الدفاع الجوي إلى سوريا بناء على طلب من إسرائيل.")
    assert ("ISR", "RUS") in codes_of(out, "REQUEST")


def test_country_named_as_a_location_is_not_an_actor(pipe):
    out = analyze(pipe, "وصل الوفد الأممي إلى ليبيا صباح اليوم لبحث الأوضاع الإنسانية.")
    assert not any(e["code"] == "LBY" and e["name"] == "ليبيا" for e in out["entities"])


# -- quotes -------------------------------------------------------------------------------------
def test_direct_quote_in_guillemets_with_apposed_speaker(pipe):
    out = analyze(pipe, "وقال المتحدث باسم الحكومة اليمنية، راجح بادي، «نرفض أي هدنة لا تضمن انسحاب الميليشيات».")
    q = out["quotes"][0]
    assert q["direct"] and "نرفض أي هدنة" in q["text"] and "بادي" in q["speaker"]["name"]


@pytest.mark.parametrize("text,hint", [
    ('وقال ماتيس للصحافيين إنه "نما إلى علمه" أن موسكو أقرت بضلوع متعاقدين روس في الحادث.', "بضلوع متعاقدين روس"),
    ("وقال مسؤول إيراني إن الحرس الثوري الإيراني أعلن عدد المقاتلين القتلى في سوريا.", "عدد المقاتلين القتلى"),
    ("وأكد نتنياهو أن رئيس الوزراء أكد في برقية للرئيس المنتخب دعمه الكامل.", "دعمه الكامل"),
])
def test_a_speech_verb_inside_a_reported_clause_does_not_cut_it(pipe, text, hint):
    out = analyze(pipe, text)
    assert hint in out["quotes"][0]["text"]
    # a new sentence-level cue still opens its own quote
    out = analyze(pipe, "وقال الوزير إن الحكومة ستعمل على تنفيذ الاتفاق، وأضاف أن الاجتماع المقبل سيعقد في عمان.")
    assert len(out["quotes"]) == 2 and "عمان" not in out["quotes"][0]["text"]

@pytest.mark.parametrize("text,speaker,start", [
    ("وأفاد المرصد السوري لحقوق الإنسان بمقتل 12 مدنيا في قصف الطيران المروحي على ريف حلب.",
     "المرصد السوري لحقوق الإنسان", "بمقتل 12 مدنيا"),
    ("وأفاد التلفزيون السوري الحكومي بمقتل ستة أشخاص وجرح 13 آخرين في قصف بقذائف الهاون.",
     "التلفزيون السوري", "بمقتل ستة أشخاص"),
])
def test_a_report_with_a_noun_object_is_a_quote(pipe, text, speaker, start):
    out = analyze(pipe, text)
    q = out["quotes"][0]
    assert q["speaker"]["entity_text"] == speaker and q["text"].startswith(start)

def test_the_quoted_words_of_a_call_are_the_callers_quote(pipe):
    out = analyze(pipe, "ودعا الرئيس الأميركي باراك أوباما، أمس، دول شرق أفريقيا إلى «إبقاء الضغط على الحركة حتى هزيمتها».")
    assert [(q["speaker"]["code"], q["text"]) for q in out["quotes"]] == [("USA", "إبقاء الضغط على الحركة حتى هزيمتها")]
    # one name right before the words is whom the previous speaker calls on
    out = analyze(pipe, 'وقال المرزوقي إن الرئيس قبل بنتائج الانتخابات. ودعا رجال الأعمال إلى "أن يكونوا أوفياء لشرفهم '
                        'من أجل الانتخابات".')
    assert all("المرزوقي" in q["speaker"]["entity_text"] for q in out["quotes"]) and len(out["quotes"]) == 2
    # a call without quotation marks is an event, no quote
    out = analyze(pipe, "ودعت مصر إلى وقف إطلاق النار في ليبيا.")
    assert not out["quotes"]

def test_indirect_quote_and_continuations_inherit_the_speaker(pipe):
    text = ("أكد وزير الخارجية الأردني أيمن الصفدي أن الحل السياسي هو الطريق الوحيد لإنهاء الأزمة، "
            "مضيفاً أن بلاده تدعم جهود المبعوث الأممي. وأضاف أن الاجتماع المقبل سيعقد في عمّان.")
    out = analyze(pipe, text)
    speakers = [q["speaker"]["entity_text"] for q in out["quotes"]]
    assert len(out["quotes"]) == 3
    assert all("الصفدي" in s for s in speakers)
    assert not any(q["direct"] for q in out["quotes"])


def test_the_audience_of_a_speech_is_not_its_speaker(pipe):
    out = analyze(pipe, 'وقال الرئيس السوري إن الحرب مستمرة. وقال في كلمة له أمام البرلمان الجديد "سنحرر كل شبر". '
                        'وأكد لدى مجلس الشعب أن الجيش سينتصر.')
    assert [q["speaker"]["code"] for q in out["quotes"]] == ["SYR"] * 3
    assert not any(q["speaker"]["entity_text"] in ("البرلمان", "مجلس الشعب") for q in out["quotes"])
    # "في كلمة له": the pronoun is the one who spoke before, not the channel that carried it
    out = analyze(pipe, 'وقال الرئيس السوري إن الحرب مستمرة. وقال في كلمة له نقلها التلفزيون الرسمي "سنحرر كل شبر".')
    assert [q["speaker"]["sector"] for q in out["quotes"]] == ["GOV", "GOV"]


def test_words_after_a_colon_are_a_direct_quote(pipe):
    out = analyze(pipe, "أبدى الرئيس الفلسطيني محمود عباس استعداده للتعامل مع أي وساطة لتشكيل حكومة وحدة، "
                        "وقال: نحن نطالب الأطراف القادرة على إقناع الحركة بذلك.")
    q = out["quotes"][0]
    assert q["text"].startswith("نحن نطالب") and q["direct"]
    # the verb joined by و after a comma shares the first clause's subject, not the nearest noun
    assert q["speaker"]["id"] == "pse.abbas"


def test_a_quoted_fragment_inside_a_reported_clause_keeps_the_clause(pipe):
    out = analyze(pipe, 'وقالت السفيرة الأمريكية إن "العواقب ستكون وخيمة" في حال شن الهجوم على المدينة.')
    assert out["quotes"][0]["text"] == '"العواقب ستكون وخيمة" في حال شن الهجوم على المدينة'
    # a quote that ends with its clause stays the words inside the marks
    out = analyze(pipe, 'وقالت السفيرة الأمريكية إن "العواقب ستكون وخيمة".')
    assert out["quotes"][0]["text"] == "العواقب ستكون وخيمة" and out["quotes"][0]["direct"]


def test_a_colon_before_the_marks_holds_the_words_after_a_long_aside(pipe):
    out = analyze(pipe, 'وقال وزير الدفاع الأمريكي للصحافيين العائدين معه إلى واشنطن بعد جولة في أوروبا، وفقاً '
                        'لنسخة من تصريحاته وزعتها الوزارة: "ما زلت غير قادر على تقديم المزيد من المعلومات".')
    assert [q["text"] for q in out["quotes"]] == ["ما زلت غير قادر على تقديم المزيد من المعلومات"]
    assert out["quotes"][0]["speaker"]["code"] == "USA"


def test_subject_before_the_cue_speaks(pipe):
    out = analyze(pipe, "لكن رئيس الحكومة الليبية المؤقتة، عبد الله الثني، ينفي أن تكون قواته شاركت في الهجوم.")
    q = out["quotes"][0]
    assert "الثني" in q["speaker"]["name"] and q["text"].startswith("تكون قواته")


def test_impersonal_verb_is_no_quote(pipe):
    out = analyze(pipe, "يذكر أن المدينة شهدت مواجهات عنيفة الشهر الماضي.")
    assert out["quotes"] == []


@pytest.mark.parametrize("text,speaker", [
    ('وقال وزير الداخلية اليمني لـ"عكاظ" إن الوضع الأمني في عدن في تحسن مستمر.', "وزير الداخلية اليمني"),
    ("وقالت وزارة الدفاع التركية لـ«العربية.نت» إن قواتها تتمركز قرب الحدود.", "وزارة الدفاع التركية"),
    ('وأكدت الحكومة اليمنية ل"الرياض" أن السفن المحملة بالمساعدات وصلت إلى عدن.', "الحكومة اليمنية"),
])
def test_the_paper_spoken_to_is_not_the_speaker(pipe, text, speaker):
    out = analyze(pipe, text)
    assert [q["speaker"]["entity_text"] for q in out["quotes"]] == [speaker]
    # an unknown name before the paper leaves the speaker unknown rather than the paper
    out = analyze(pipe, 'وأكد الأحمدي ل"الرياض" أن مقاتلي المقاومة استعادوا أغلب أحياء التواهي.')
    assert all(q["speaker"] is None or q["speaker"]["code"] != "SAU" for q in out["quotes"])


# -- events -------------------------------------------------------------------------------------
def test_subject_verb_object(pipe):
    out = analyze(pipe, "إيران تدعم جماعة الحوثي بالسلاح والمال منذ سنوات.")
    assert ("IRN", "YEM") in codes_of(out, "SUPPORT")


def test_verb_subject_object_with_place_as_target(pipe):
    out = analyze(pipe, "قصف الجيش الروسي مدينة إدلب بعشرات الغارات.")
    assert ("RUS", "SYR") in codes_of(out, "ASSAULT")


def test_masdar_with_nisba_actor_and_lam_recipient(pipe):
    out = analyze(pipe, "وانتقد البرلمان الدعم الروسي للحكومة السورية في مجلس الأمن.")
    assert ("RUS", "SYR") in codes_of(out, "SUPPORT")


def test_masdar_with_genitive_actor_and_ba_recipient(pipe):
    out = analyze(pipe, "وجاءت إشادة الرئيس الفرنسي إيمانويل ماكرون بدور الجيش اللبناني في حفظ الأمن.")
    assert ("FRA", "LBN") in codes_of(out, "SUPPORT")


def test_active_participle_gives_one_event_per_listed_actor(pipe):
    out = analyze(pipe, "وتتصدر قطر وتركيا الدول الداعمة لحكومة الوفاق في طرابلس.")
    pairs = codes_of(out, "SUPPORT")
    assert {("QAT", "LBY"), ("TUR", "LBY")} <= pairs
    assert len([e for e in out["events"] if e["event"] == "SUPPORT"]) >= 2


def test_passive_participle_actor_after_min(pipe):
    out = analyze(pipe, "وتقاتل قوات سوريا الديمقراطية المدعومة من الولايات المتحدة في ريف دير الزور.")
    assert ("USA", "SYR") in codes_of(out, "SUPPORT")


def test_denial_by_a_third_party_is_negated_and_attributed(pipe):
    out = analyze(pipe, "ونفى مسؤول في حكومة الوفاق أن يكون هناك دعم مصري لحفتر في معركة طرابلس.")
    rows = [e for e in events(out, "SUPPORT") if "EGY" in e[1]]
    assert rows and rows[0][3] is True and rows[0][4] is True


def test_hedged_event(pipe):
    out = analyze(pipe, "ويبدو أن روسيا تدعم حفتر بالمرتزقة والسلاح.")
    ev = next(e for e in out["events"] if e["event"] == "SUPPORT")
    assert ev["hedged"] and not ev["negated"]


def test_phone_call_between_two_leaders(pipe):
    out = analyze(pipe, "وجرى اتصال هاتفي بين أردوغان وبوتين تناول الوضع في إدلب.")
    ev = next(e for e in out["events"] if e["event"] == "CONSULT")
    assert ev["mode"] == "phone"
    assert {ev["actor"][0]["code"], ev["recipient"][0]["code"]} == {"TUR", "RUS"}


def test_obligation_in_a_quote_is_a_request(pipe):
    out = analyze(pipe, "وقال وزير الخارجية الأردني أيمن الصفدي إن على إسرائيل أن توقف الاستيطان فوراً.")
    assert ("JOR", "ISR") in codes_of(out, "REQUEST")


def test_relative_clause_antecedent_is_the_actor(pipe):
    out = analyze(pipe, "وتسعى فرنسا وإيطاليا، اللتان تدعمان حكومة الوفاق، إلى عقد مؤتمر دولي.")
    assert {("FRA", "LBY"), ("ITA", "LBY")} <= codes_of(out, "SUPPORT")


def test_speaker_is_not_the_attacker_of_what_it_reports(pipe):
    out = analyze(pipe, "وأفاد المرصد السوري لحقوق الإنسان بمقتل تسعة مدنيين في قصف على ريف حماة.")
    assert not any("NGO" in e[1] for e in events(out))


def test_negation_particle_and_its_exceptions(pipe):
    out = analyze(pipe, "لا تزال تركيا تدعم الفصائل المسلحة في الشمال السوري.")
    assert all(not e["negated"] for e in out["events"])
    out = analyze(pipe, "لم تدعم الجزائر أي طرف من أطراف النزاع الليبي.")
    assert all(e["negated"] for e in out["events"] if e["event"] == "SUPPORT")


def test_event_date_and_place_from_the_sentence(pipe):
    out = analyze(pipe, "وشنت طائرات التحالف العربي أمس السبت غارات على مواقع الحوثيين في مدينة الحديدة.")
    ev = next(e for e in out["events"] if e["event"] == "ASSAULT")
    assert ev["date"] == "2019-04-20"
    assert ev["place"] == "الحديدة"


def test_corpus_sentence_attack_claimed_by_a_group(pipe):
    # from the shared corpus (Sky News Arabia, 2018): the ambush is Daesh's, the dead are the PMF's
    text = "وتأتي هذه الهجمات بعد مرور أقل من شهر على مقتل 27 عنصرا من قوات الحشد الشعبي في كمين لتنظيم داعش."
    out = analyze(pipe, text, date(2018, 3, 12))
    assert ("IMG", "IRQ") in codes_of(out, "ASSAULT")


def test_offsets_point_at_the_evidence(pipe):
    text = "وأكد المتحدث باسم الحكومة المصرية، نادر سعد، أن القاهرة ترفض أي تدخل أجنبي في ليبيا."
    out = analyze(pipe, text)
    for e in out["entities"]:
        for m in e["mentions"]:
            assert text[m["start"]:m["end"]] == m["text"]
    for q in out["quotes"]:
        assert text[q["start"]:q["end"]] == q["text"]
    for ev in out["events"]:
        assert text[ev["text_info"]["start"]:ev["text_info"]["end"]] == ev["event_text"]


def test_reported_attack_is_an_accusation_by_the_speaker(pipe):
    out = analyze(pipe, "وقال المندوب الأميركي لدى الأمم المتحدة إن القوات الإيرانية قصفت مواقع في إقليم كردستان العراق.")
    assert ("USA", "IRN") in codes_of(out, "ACCUSE")
    attack = [e for e in events(out, "ASSAULT") if "IRN" in e[1]]
    assert attack and attack[0][4] is True   # the attack itself is only the speaker's claim


def test_responsible_for_is_an_accusation(pipe):
    out = analyze(pipe, "وأكد وزير الداخلية العراقي أن تنظيم داعش هو المسؤول عن تفجير السوق.")
    assert ("IRQ", "IMG") in codes_of(out, "ACCUSE")


def test_own_country_pronoun_in_a_statement_is_the_speakers_state(pipe):
    out = analyze(pipe, 'وأكد وزير الخارجية الإيراني أن بلاده "ستواصل دعم الحكومة العراقية في حربها على الإرهاب".')
    assert ("IRN", "IRQ") in codes_of(out, "SUPPORT")


def test_counterpart_takes_the_nisba_country(pipe):
    out = analyze(pipe, "استقبل وزير الخارجية الأردني نظيره الإسرائيلي في عمان.")
    assert ("JOR", "ISR") in codes_of(out, "CONSULT")


def test_phrase_ending_in_its_preposition_and_one_event_per_happening(pipe):
    out = analyze(pipe, "وأجرى الرئيس التركي اتصالا هاتفيا مع نظيره الروسي بحث خلاله الوضع في إدلب.")
    calls = [e for e in out["events"] if e["event"] == "CONSULT" and e["mode"] == "phone"]
    assert len(calls) == 1
    assert calls[0]["actor"][0]["code"] == "TUR" and calls[0]["recipient"][0]["code"] == "RUS"


def test_words_after_a_title_are_not_taken_for_a_name(pipe):
    out = analyze(pipe, "أشاد الرئيس الأميركي بدور حفتر", date(2019, 4, 19))
    ev = next(e for e in out["events"] if e["event"] == "SUPPORT")
    assert ev["actor"][0]["id"] == "usa.trump" and ev["recipient"][0]["id"] == "lby.haftar"


def test_source_named_after_the_event_makes_it_a_claim(pipe):
    out = analyze(pipe, "وقصفت قوات النظام السوري بلدة خان شيخون الليلة الماضية، حسبما ذكر المرصد السوري لحقوق الإنسان.")
    ev = next(e for e in out["events"] if e["event"] == "ASSAULT")
    assert ev["actor"][0]["code"] == "SYR" and ev["attributed_to"] is not None


def test_casualties_of_a_passive_verb_are_the_targets_of_the_strikes(pipe):
    out = analyze(pipe, "وأعلن الجيش أن عشرين من مقاتلي حركة الشباب قتلوا في غارات أميركية جنوب الصومال.",
                  date(2019, 3, 1))
    assert ("USA", "IMG") in codes_of(out, "ASSAULT") or ("USA", "SOM") in codes_of(out, "ASSAULT")
    assert not any(e[1] == ("IMG",) for e in events(out, "ASSAULT"))


# -- arguments that are not plain names ----------------------------------------------------------
def test_side_that_loses_ground_is_the_target_of_the_attack(pipe):
    out = analyze(pipe, "وتقدم الهجوم الذي يشنه الجيش العراقي والحشد الشعبي لاستعادة السيطرة على البلدة من تنظيم داعش.")
    pairs = codes_of(out, "ASSAULT")
    assert ("IRQ", "IMG") in pairs
    assert len({a for a, r in pairs if r == "IMG"}) >= 1 and len(events(out, "ASSAULT")) >= 2  # both attackers


def test_the_side_an_attack_killed_is_its_target_not_the_airspace(pipe):
    out = analyze(pipe, "وقالت القيادة المركزية الأميركية إن ضربة جوية للتحالف الدولي فوق العراق أدت إلى مقتل قيادي في تنظيم داعش.")
    pairs = codes_of(out, "ASSAULT")
    assert ("IGO", "IMG") in pairs and ("IGO", "IRQ") not in pairs


def test_support_for_a_country_s_affair_goes_to_that_country(pipe):
    out = analyze(pipe, "وتدعم تركيا وقطر أحد أطراف النزاع الليبي منذ سنوات.")
    assert {("TUR", "LBY"), ("QAT", "LBY")} <= codes_of(out, "SUPPORT")
    out = analyze(pipe, "ويدعم الحرس الثوري الإيراني العملية العسكرية المرتقبة على حلب.")
    assert ("IRN", "SYR") in codes_of(out, "SUPPORT")


def test_a_call_for_a_country_s_dialogue_is_addressed_to_that_country(pipe):
    out = analyze(pipe, "وجدد الاتحاد الأوروبي دعوته إلى استئناف الحوار الوطني اليمني دون شروط.")
    assert any(r == "YEM" for a, r in codes_of(out, "REQUEST"))
    # a nisba of the caller's own side is no recipient
    out = analyze(pipe, "ودعا وزير الخارجية المصري إلى تعزيز الدور المصري في المنطقة.")
    assert not any(r == "EGY" and a == "EGY" for a, r in codes_of(out, "REQUEST"))


def test_unnamed_protesters_and_what_they_demand(pipe):
    out = analyze(pipe, "وتظاهر آلاف في مدينة البصرة أمس، مطالبين بإقالة محافظ البصرة أسعد العيداني.")
    protests = events(out, "PROTEST")
    assert protests and all(acts == ("IRQ",) for _, acts, *_ in protests)
    assert any(recs == ("IRQ",) for _, _, recs, *_ in protests)


def test_a_protest_told_again_without_its_target_counts_once(pipe):
    out = analyze(pipe, "تظاهر مئات في الخرطوم للمطالبة برحيل الرئيس عمر البشير. وردد المتظاهرون شعارات تطالب بالحرية.")
    protests = events(out, "PROTEST")
    assert protests and all(recs for _, _, recs, *_ in protests)


def test_a_participle_describes_the_noun_next_to_it(pipe):
    out = analyze(pipe, "وقصفت القوات السورية مواقع في ريف إدلب في سوريا بعد معارك في ريف حلب. "
                        "واستهدف القصف القوات التركية والفصائل المدعومة من أنقرة شمال حلب.")
    assert ("TUR", "SYR") in codes_of(out, "SUPPORT") and ("TUR", "TUR") not in codes_of(out, "SUPPORT")


def test_the_body_a_title_heads_is_not_the_target(pipe):
    out = analyze(pipe, "وحذر رئيس وكالة الأمم المتحدة لإغاثة اللاجئين من أن المخيمات تواجه كارثة.")
    assert ("UNO", "UNO") not in codes_of(out, "THREATEN")


def test_counted_victims_after_the_subject(pipe):
    out = analyze(pipe, "وقتلت القوات الفرنسية 12 مسلحا خلال عملية في شمال النيجر.")
    assault = events(out, "ASSAULT")
    assert ("FRA", "NER") in codes_of(out, "ASSAULT")
    victims = [r for e in out["events"] if e["event"] == "ASSAULT" for r in e["recipient"]]
    assert victims and victims[0]["sector"] == "REB" and assault


def test_an_event_noun_after_the_verb_is_its_subject(pipe):
    out = analyze(pipe, "واستهدفت الغارة مقاتلين من حركة الشباب في جنوب الصومال.")
    assert not any(a == "IMG" and r != "IMG" for a, r in codes_of(out, "ASSAULT"))


def test_unclaimed_bombing_has_unidentified_attackers_of_the_place(pipe):
    out = analyze(pipe, "قتل 12 شخصا وأصيب 30 آخرون في انفجار سيارة مفخخة في سوق شعبي بمدينة الموصل أمس.")
    bombs = [e for e in out["events"] if e["event"] == "ASSAULT"]
    assert len(bombs) == 1   # one happening told with several words
    attacker = bombs[0]["actor"][0]
    assert attacker["code"] == "IRQ" and attacker["sector"] == "UAF" and attacker["id"] is None
    assert [r["code"] for r in bombs[0]["recipient"]] == ["IRQ"]
    # a named attacker is kept as it is
    out = analyze(pipe, "وتبنت حركة الشباب تفجير سيارة مفخخة في مقديشو أسفر عن مقتل 5 جنود.")
    assert not any(a["sector"] == "UAF" for e in out["events"] for a in e["actor"])


def test_gunmen_and_suicide_bombers_take_the_story_country(pipe):
    out = analyze(pipe, "وفي الأنبار غرب العراق، اغتال مسلحون مجهولون ضابطا في الشرطة العراقية.")
    assert ("IRQ", "IRQ") in codes_of(out, "ASSAULT")
    out = analyze(pipe, "وفجر انتحاري نفسه قرب نقطة تفتيش للجيش الأفغاني في ولاية قندهار.")
    assert ("AFG", "AFG") in codes_of(out, "ASSAULT")


def test_the_speaker_is_the_subject_of_a_pronoun_clause(pipe):
    out = analyze(pipe, "وأعلنت وزارة الدفاع التركية أن قواتها قتلت 14 مسلحا من حزب العمال الكردستاني شمال العراق.")
    assert any(a == "TUR" for a, r in codes_of(out, "ASSAULT"))
    out = analyze(pipe, "وأكد الجيش النيجيري أنه قتل عشرات المسلحين في ولاية بورنو.")
    assert ("NGA", "NGA") in codes_of(out, "ASSAULT")


def test_a_counted_noun_after_an_attack_verb_is_its_object(pipe):
    out = analyze(pipe, "وقال الجيش المالي إن جنوده قتلوا ستة مسلحين قرب مدينة غاو.")
    assault = events(out, "ASSAULT")
    assert assault and all(acts == ("MLI",) for _, acts, *_ in assault)


def test_named_victims_after_a_count(pipe):
    out = analyze(pipe, "وقالت مصادر محلية إن غارة تركية في شمال العراق أدت إلى مقتل ثلاثة من مقاتلي البيشمركة.")
    recips = [r for e in out["events"] if e["event"] == "ASSAULT" for r in e["recipient"]]
    assert any("البيشمركة" in r["entity_text"] for r in recips)


def test_a_strike_in_a_country_hits_that_country(pipe):
    out = analyze(pipe, "وذكرت صحيفة أميركية أن إسرائيل نفذت ضربة جوية في العراق الشهر الماضي.")
    assert ("ISR", "IRQ") in codes_of(out, "ASSAULT")


def test_a_news_agency_that_reports_an_attack_accuses_nobody(pipe):
    out = analyze(pipe, "وذكرت وكالة رويترز أن ضربة جوية تركية أدت إلى مقتل خمسة مدنيين في دهوك.")
    assert not events(out, "ACCUSE")
    # the words it relays from others are theirs
    out = analyze(pipe, "ونقلت وكالة رويترز عن مسؤولين عراقيين أن ضربة جوية تركية أدت إلى مقتل خمسة مدنيين في دهوك.")
    assert [q["speaker"]["entity_text"] for q in out["quotes"]] == ["مسؤولين عراقيين"]


def test_reported_killings_without_a_named_attacker(pipe):
    out = analyze(pipe, "وقال مصدر في الشرطة إن سبعة أشخاص قتلوا في هجوم على سوق شعبي في مدينة كركوك.")
    assert ("IRQ", "IRQ") in codes_of(out, "ASSAULT")
    # the dead of a flood were not attacked
    out = analyze(pipe, "وأدت الفيضانات في باكستان إلى مقتل 40 شخصا خلال الأسبوع الماضي.")
    assert not events(out, "ASSAULT")


def test_a_protest_with_no_place_anywhere_is_kept_with_an_unknown_country(pipe):
    out = analyze(pipe, "وسار المتظاهرون بصمت نحو مقر الحاكم رافعين لافتات تندد بالفساد.")
    protests = [e for e in out["events"] if e["event"] == "PROTEST"]
    assert protests and protests[0]["actor"][0]["code"] is None and protests[0]["actor"][0]["sector"] == "CVL"


def test_a_weapon_with_a_nisba_is_its_side(pipe):
    out = analyze(pipe, "وفي جنوب لبنان أطلقت مروحية إسرائيلية صاروخا على منزل لعائلة لبنانية في بلدة حولا.")
    assert ("ISR", "LBN") in codes_of(out, "ASSAULT")
    # a bare weapon names no side
    out = analyze(pipe, "وأطلقت حماس صواريخ على مدينة عسقلان.")
    assert all(a == "PSE" for a, r in codes_of(out, "ASSAULT"))


def test_a_phrase_trigger_takes_its_types_preposition(pipe):
    out = analyze(pipe, "وأصدرت محكمة مصرية حكما بالسجن على ناشط إيطالي.")
    assert ("EGY", "ITA") in codes_of(out, "SANCTION")


def test_an_unclaimed_killing_in_a_text_with_no_place_keeps_unknown_countries(pipe):
    out = analyze(pipe, "قتل 20 شخصا في هجوم بقنبلة على مسجد أثناء صلاة الجمعة.")
    assault = [e for e in out["events"] if e["event"] == "ASSAULT"]
    assert len(assault) == 1
    assert assault[0]["actor"][0]["sector"] == "UAF" and assault[0]["actor"][0]["code"] is None
    # as soon as the text names a country, an attack with no place of its own is not guessed
    out = analyze(pipe, "قالت الحكومة العراقية إنها ستحقق. وقتل 20 شخصا في هجوم بقنبلة على مسجد.")
    assert all(a["code"] for e in out["events"] for a in e["actor"])


def test_what_protesters_denounce_is_the_target(pipe):
    out = analyze(pipe, "وتظاهر مئات الطلاب في الخرطوم منددين بالسياسات الإسرائيلية في القدس.")
    assert any(r == "ISR" for a, r in codes_of(out, "PROTEST"))
    out = analyze(pipe, "وخرج آلاف المحتجين في تونس مطالبين برحيل الحكومة التونسية.")
    assert ("TUN", "TUN") in codes_of(out, "PROTEST")


def test_an_implicit_side_shows_its_name_not_the_trigger_word(pipe):
    out = analyze(pipe, "قتل 20 شخصا في هجوم بقنبلة على مسجد في بغداد. وتظاهر المئات في البصرة.")
    sides = {e["event"]: e["actor"][0]["entity_text"] for e in out["events"]}
    assert sides["ASSAULT"] == "مهاجمون مجهولون" and sides["PROTEST"] == "محتجون"


def test_a_protest_with_no_named_target_is_aimed_at_the_state_it_marches_in(pipe):
    out = analyze(pipe, "وتظاهر آلاف الأشخاص في مدينة صفاقس التونسية أمس.")
    assert ("TUN", "TUN") in codes_of(out, "PROTEST")
    # marchers abroad: the place where they march says nothing of whom they protest to
    out = analyze(pipe, "وتظاهر مئات الباكستانيين في لندن أمس.")
    assert not any(r == "GBR" for a, r in codes_of(out, "PROTEST"))


def test_a_phrase_trigger_ending_in_its_preposition_governs_the_name_after_it(pipe):
    # "أحكاما بحق X": X is sentenced, not a genitive doer; the court before is the actor
    out = analyze(pipe, "وأصدرت محكمة عسكرية تركية أحكاما بحق صحفيين ألمان.")
    assert codes_of(out, "SANCTION") == {("TUR", "DEU")}
    out = analyze(pipe, "أصدرت محكمة مصرية أحكاما بحق قيادات في جماعة الإخوان المسلمين.")
    assert ("EGY", "EGY") in codes_of(out, "SANCTION")


def test_the_kind_of_a_body_stands_between_its_noun_and_nisba(pipe):
    out = analyze(pipe, "وقالت محكمة عسكرية تركية إن القضية أغلقت. وقصفت قوات خاصة أمريكية مواقع تنظيم داعش.")
    # (indefinite bodies are sides and speakers, not listed actors: read them off the records)
    court = out["quotes"][0]["speaker"]
    assert (court["entity_text"], court["code"], court["sector"]) == ("محكمة عسكرية تركية", "TUR", "JUD")
    assert {(a["entity_text"], a["code"]) for e in out["events"] for a in e["actor"]} == {("قوات خاصة أمريكية", "USA")}


def test_a_bare_court_or_parliament_belongs_to_the_story_country(pipe):
    out = analyze(pipe, "قالت الحكومة العراقية إن التحقيق مستمر. وقالت المحكمة الجنائية المركزية في بيان إن "
                        "الجلسة أجلت. وأكد البرلمان أن القانون سيقر.")
    speakers = {q["speaker"]["entity_text"]: (q["speaker"]["code"], q["speaker"]["sector"]) for q in out["quotes"]}
    assert speakers["المحكمة الجنائية"] == ("IRQ", "JUD") and speakers["البرلمان"] == ("IRQ", "LEG")
    # a court the knowledge base knows keeps its own code
    out = analyze(pipe, "وقالت المحكمة الجنائية الدولية في بيان إن الجلسة أجلت. وقالت الحكومة العراقية إنها ستتعاون.")
    assert not any(q["speaker"]["code"] == "IRQ" and q["speaker"]["sector"] == "JUD" for q in out["quotes"])


def test_a_sentence_names_whom_it_punishes_after_the_punishment(pipe):
    # "حكما بإعدام X": X is sentenced; the court before the phrase passes the sentence
    out = analyze(pipe, "وأصدرت محكمة عسكرية تركية حكما بإعدام قيادي في تنظيم داعش.")
    assert ("TUR", "IMG") in codes_of(out, "SANCTION") and ("IMG", "TUR") not in codes_of(out, "SANCTION")


def test_who_condemns_an_attack_is_not_its_attacker(pipe):
    # the relative verb's subject is the attack it describes, not the state that condemns it
    out = analyze(pipe, "وأدانت إسبانيا التفجير الإرهابي الذي استهدف مسجدا لقوات الطوارئ في منطقة عسير.")
    assert not any(a == "ESP" for a, _ in codes_of(out, "ASSAULT"))
    # a side named after the relative verb still does it
    out = analyze(pipe, "وأدانت مصر الهجوم الذي شنه مسلحون من تنظيم داعش على كنيسة في الإسكندرية.")
    assert ("IMG", "EGY") in codes_of(out, "ASSAULT") and not any(a == "EGY" for a, _ in codes_of(out, "ASSAULT"))
    # and the side a relative pronoun follows is its subject
    out = analyze(pipe, "واتهمت الحكومة اليمنية الحوثيين الذين قصفوا مواقع الجيش اليمني.")
    assert ("YEM", "YEM") in codes_of(out, "ASSAULT")


def test_who_leads_a_side_codes_it_and_is_not_its_target(pipe):
    out = analyze(pipe, "ودكت طائرات التحالف بقيادة المملكة العربية السعودية أمس أهم معاقل الحرس الجمهوري "
                        "السابق في صنعاء.")
    assault = [e for e in out["events"] if e["event"] == "ASSAULT"]
    assert [(e["actor"][0]["code"], e["recipient"][0]["code"]) for e in assault] == [("SAU", "YEM")]
    assert assault[0]["recipient"][0]["entity_text"].startswith("الحرس الجمهوري")
    out = analyze(pipe, "وتحاصر قوات الجيش الوطني الليبي بقيادة حفتر المدينة منذ عامين.")
    assert not any(r and r["id"] == "lby.haftar" for e in out["events"] for r in e["recipient"])


def test_by_means_of_is_no_road_to_block(pipe):
    out = analyze(pipe, "وبدأت واشنطن قطع الإمدادات عن إيران عن طريق العقوبات.")
    assert not events(out, "PROTEST")
    out = analyze(pipe, "وقطع محتجون غاضبون الطريق الدولي بين بغداد والبصرة.")
    assert events(out, "PROTEST")


def test_a_question_is_hedged(pipe):
    out = analyze(pipe, "هل تنقذ الأمم المتحدة اليمن من المجاعة؟ وأنقذت الأمم المتحدة آلاف اليمنيين من الجوع.")
    aid = [e for e in out["events"] if e["event"] == "AID"]
    assert [e["hedged"] for e in aid] == [True, False]
    # a question inside a chant or quote leaves the report itself as it is
    out = analyze(pipe, "وفي بروكسل، تظاهر نحو مائتي شخص هاتفين «أوروبا، أين أنت؟»")
    assert [e["hedged"] for e in out["events"] if e["event"] == "PROTEST"] == [False]


def test_the_name_after_a_casualty_noun_is_the_dead(pipe):
    out = analyze(pipe, "وارتفع عدد القتلى الفلسطينيين في غزة برصاص الجيش الإسرائيلي إلى 12 قتيلا.")
    assert not any(a == "PSE" for a, _ in codes_of(out, "ASSAULT"))


def test_a_wars_toll_is_no_attack(pipe):
    out = analyze(pipe, "وقتل أكثر من 40 ألف شخص في الصراع في سوريا.")
    assert not events(out, "ASSAULT")
    out = analyze(pipe, "وقتل عشرة أشخاص في هجوم على سوق في بغداد.")
    assert events(out, "ASSAULT")


def test_a_passive_with_tamma_names_the_victim_after_the_masdar(pipe):
    out = analyze(pipe, "وقالت الصحيفة إنه تم خطف الرهائن القطريين في العراق.")
    assert not any(a == "QAT" for a, _ in codes_of(out, "ASSAULT"))


def test_a_phrase_opened_by_a_verb_takes_the_name_right_before_it(pipe):
    out = analyze(pipe, "وقال شاهد إنه رأى مسلحين من القبائل يطلقون النار على الطائرات الأميركية.")
    assert any(r == "USA" for _, r in codes_of(out, "ASSAULT"))
    out = analyze(pipe, "وقال سكان إن دبابات أميركية فتحت النار على قوات الحرس الجمهوري العراقي.")
    assert ("USA", "IRQ") in codes_of(out, "ASSAULT")
    # a definite noun phrase is the object of the verb before it, not a verb of its own
    out = analyze(pipe, "وتدعم إيران وروسيا الحملة العسكرية على إدلب.")
    assert not events(out, "ASSAULT")


def test_what_belongs_to_a_side_is_the_side_hit(pipe):
    out = analyze(pipe, "وقصفت الطائرات الإسرائيلية نقطة رصد تابعة لكتائب القسام في غزة.")
    assert ("ISR", "PSE") in codes_of(out, "ASSAULT")
    assert any(r["entity_text"] == "كتائب القسام" for e in out["events"] for r in e["recipient"])


def test_words_that_only_look_like_events(pipe):
    # "التواصل الاجتماعي" is no meeting; "منطقة عريضة" is a wide area, no petition; thousands who
    # leave a town under a deal are no march
    out = analyze(pipe, "وانتشرت الصور على مواقع التواصل الاجتماعي الإسرائيلية. ويقترح الرئيس التركي إقامة منطقة عريضة "
                        "تشمل حلب. وبموجب الاتفاق خرج الآلاف من البلدات الأربع في سوريا.")
    assert not out["events"]
    out = analyze(pipe, "وخرج الآلاف إلى الشوارع في الجزائر رفضا لترشح الرئيس.")
    assert events(out, "PROTEST")


def test_a_nisba_after_a_place_describes_the_place(pipe):
    out = analyze(pipe, "وقتل 30 شخصا في تفجير قرب مدينة كوباني (عين العرب) السورية على الحدود التركية.")
    assert not any(a == "SYR" and e["actor"][0]["entity_text"] == "السورية"
                   for e in out["events"] for a in [e["actor"][0]["code"]] if e["actor"])


def test_whom_marchers_denounce_after_a_masdar_is_the_target(pipe):
    out = analyze(pipe, "وفي مدينة الفلوجة خرج متظاهرون في مسيرة في الشوارع للتنديد بزيارة الرئيس الإيراني.")
    assert ("IRQ", "IRN") in codes_of(out, "PROTEST")


def test_a_participle_set_off_by_commas_still_describes_the_noun_before_it(pipe):
    out = analyze(pipe, "وتقول قوات الأسد، المدعومة من روسيا وإيران، إنها تستهدف جماعات إرهابية تقصف العاصمة.")
    assert {("RUS", "SYR"), ("IRN", "SYR")} <= codes_of(out, "SUPPORT")
    # "إنها" is the forces that speak, not the last state named before it
    assert not any(a == "IRN" for a, _ in codes_of(out, "ASSAULT"))


def test_an_attack_is_against_its_target(pipe):
    out = analyze(pipe, "وبدأت قوات التحالف بقيادة السعودية ضربات جوية ضد الحوثيين وقوات صالح.")
    assert ("SAU", "YEM") in codes_of(out, "ASSAULT")
    # a news agency that reports an attack did not carry it out
    out = analyze(pipe, 'وأضافت وكالة الأنباء الفلسطينية أنه "أصيب 10 مواطنين بجروح في قصف إسرائيلي على رفح".')
    assert all(e["actor"][0]["sector"] != "JRN" for e in out["events"] if e["event"] == "ASSAULT")


def test_people_counted_before_a_passive_verb_are_the_targets(pipe):
    out = analyze(pipe, "وقال مدير شرطة المدينة إن «خمسة مدنيين قتلوا في هجوم بغداد صباح اليوم».")
    assault = [e for e in out["events"] if e["event"] == "ASSAULT"]
    assert assault and assault[0]["recipient"][0]["sector"] == "CVL"
    assert assault[0]["recipient"][0]["code"] == "IRQ"   # the capital named as the place
    assert not any(r["sector"] == "COP" for e in assault for r in e["recipient"])   # not the speaker


def test_armed_groups_of_unknown_country_in_a_text_without_places(pipe):
    out = analyze(pipe, "وقتل المسلحون ثلاثة رهائن.")
    assault = [e for e in out["events"] if e["event"] == "ASSAULT"]
    assert assault and assault[0]["actor"][0]["code"] is None


def test_whoever_claims_an_attack_is_its_actor(pipe):
    out = analyze(pipe, "وتعرض حاجز للجيش في شمال مالي لهجوم أسفر عن مقتل أربعة جنود، وقد تبناه «تنظيم الدولة الإسلامية».")
    assault = [e for e in out["events"] if e["event"] == "ASSAULT"]
    assert assault and all(a["code"] == "IMG" for e in assault for a in e["actor"])


def test_marchers_from_a_country_are_of_that_country(pipe):
    out = analyze(pipe, "وجاء المتظاهرون من تركيا والعراق إلى ساحة البرلمان في بروكسل.")
    assert [acts for _, acts, *_ in events(out, "PROTEST")] == [("TUR",)]


def test_the_dead_before_an_attack_and_words_with_tanween(pipe):
    out = analyze(pipe, "وقتل أمس 3 جنود نيجيريين في هجوم شنه مسلحون من جماعة بوكو حرام في ولاية بورنو.")
    assert ("IMG", "NGA") in codes_of(out, "ASSAULT") or ("NGA", "NGA") in codes_of(out, "ASSAULT")
    out = analyze(pipe, "وقال مسؤول إن 4 مدنيين أفغاناً ربما قتلوا في اشتباكات مع القوات الأفغانية.")
    assert ("AFG", "AFG") in codes_of(out, "ASSAULT")


def test_ma_after_a_preposition_is_not_a_negation(pipe):
    out = analyze(pipe, "وقتل 12 شخصا في باكستان في ما يشتبه بأنه هجوم انتحاري.")
    assert [e["negated"] for e in out["events"] if e["event"] == "ASSAULT"] == [False]


def test_an_unclaimed_attack_must_be_located_or_have_victims(pipe):
    out = analyze(pipe, "وقال الوزير الليبي إن الدعم سيكون له أثر إيجابي في المعارك ضد الجماعات الإرهابية.")
    assert not [e for e in out["events"] if e["event"] == "ASSAULT"
                and any(a["sector"] == "UAF" and a["id"] is None for a in e["actor"])]
    out = analyze(pipe, "وسقطت قذائف هاون قرب مقر رئيس الوزراء الصومالي في مقديشو.")
    assert any(r == "SOM" for a, r in codes_of(out, "ASSAULT"))


def test_qad_before_a_past_verb_affirms(pipe):
    out = analyze(pipe, "وقد قتل شخصان وأصيب خمسة، في انفجار عبوة ناسفة في مدينة الموصل.")
    bombs = [e for e in out["events"] if e["event"] == "ASSAULT"]
    assert bombs and not any(e["hedged"] for e in bombs)
    assert bombs[0]["recipient"][0]["sector"] == "CVL"
    out = analyze(pipe, "وقال الوزير إن إيران قد تدعم الحوثيين بالسلاح.")
    assert all(e["hedged"] for e in out["events"] if e["event"] in ("SUPPORT", "AID"))


def test_the_side_whose_stronghold_is_taken_is_the_target(pipe):
    out = analyze(pipe, "وبسطت القوات العراقية سيطرتها على الجزء الأكبر من الحي آخر معقل لتنظيم داعش في الموصل.")
    assert ("IRQ", "IMG") in codes_of(out, "ASSAULT")


def test_who_speaks_after_talks_took_part_in_them(pipe):
    out = analyze(pipe, "وقال وزير الخارجية الأردني للصحفيين، بعد محادثات في عمان مع نظيره العراقي، إن البلدين اتفقا.")
    assert any(a == "JOR" for a, r in codes_of(out, "CONSULT"))


def test_unnamed_fighters_belong_where_the_sentence_places_them(pipe):
    out = analyze(pipe, "قصفت المدفعية التركية مواقع للمقاتلين الأكراد في شمال العراق.")
    assert ("TUR", "IRQ") in codes_of(out, "ASSAULT")


def test_praise_is_support_even_of_no_named_side(pipe):
    out = analyze(pipe, "وأشاد رئيس الوزراء العراقي بالانتصارات التي حققتها القوات في الموصل.")
    assert any(acts == ("IRQ",) and not recs for _, acts, recs, *_ in events(out, "SUPPORT"))
    # other types still need a recipient
    out = analyze(pipe, "وهاجم رئيس الوزراء العراقي السياسات الاقتصادية السابقة.")
    assert not events(out, "ASSAULT")


def test_a_shorter_title_refers_back_to_the_person_introduced_with_it(pipe):
    out = analyze(pipe, "وأعلن وزير الخارجية المصري سامح شكري أن القاهرة ترفض التدخل. "
                        "وقال الوزير المصري في مؤتمر صحفي إن بلاده تدعم الحل السياسي في ليبيا.")
    speakers = [q["speaker"]["name"] for q in out["quotes"] if q["speaker"]]
    assert speakers and all("شكري" in s for s in speakers)


def test_stopping_an_attack_is_no_attack(pipe):
    for text in ("وأعلنت الفصائل في غزة قرارها وقف إطلاق الصواريخ باتجاه إسرائيل.",
                 "ومنذ عام 2014 يطبق وقف هش لإطلاق النار على الحدود بين إسرائيل وقطاع غزة."):
        assert not events(analyze(pipe, text), "ASSAULT"), text


def test_a_body_after_a_preposition_is_no_name(pipe):
    out = analyze(pipe, "وقال قائد قوات الاحتياط في الجيش اليمني اللواء سمير الحاج إن القوات تقدمت. "
                        "وأفاد قائد قوات الاحتياط بالجيش اليمني، في تصريحات صحافية، أن المنطقة تمثل حاضنة للشرعية.")
    assert not any("بالجيش" in e["name"] for e in out["entities"])
    assert [q["speaker"]["name"] for q in out["quotes"]] == ["سمير الحاج", "سمير الحاج"]


def test_an_accusative_nisba_codes_the_person(pipe):
    out = analyze(pipe, "وأفادت مصادر محلية بأن مسلحين مجهولين خطفوا مهندسا تركيا في مدينة سرت الليبية.")
    assert ("LBY", "TUR") in codes_of(out, "ASSAULT")
    # a country's name that looks like the accusative of its nisba is still the country
    # (a nisba cannot be the subject after a verb, so this fails if تركيا is read as "تركي" + ا)
    out = analyze(pipe, "وتدعم تركيا حكومة الوفاق الليبية.")
    assert ("TUR", "LBY") in codes_of(out, "SUPPORT")


def test_a_count_of_a_side_is_that_side(pipe):
    out = analyze(pipe, "وقالت مصادر محلية إن العشرات من المستوطنين هاجموا منازل في قرية قرب مدينة الخليل.")
    assert any(a == "ISR" for a, r in codes_of(out, "ASSAULT"))


def test_a_named_sides_strike_abroad_targets_the_country_it_falls_in(pipe):
    out = analyze(pipe, "وقال مسؤولون إن ضربة جوية أميركية شنت على مناطق في شمال غرب باكستان.")
    assert ("USA", "PAK") in codes_of(out, "ASSAULT")
    # at home, the place says where the army fought, not against whom
    out = analyze(pipe, "وتمكنت القوات العراقية أمس من فرض سيطرتها على مبنى الجامعة جنوبي مدينة الرمادي.")
    assert ("IRQ", "IRQ") not in codes_of(out, "ASSAULT")


def test_the_noun_after_a_killing_masdar_is_the_victim(pipe):
    out = analyze(pipe, "وأعلنت الوزارة أن الغارة أدت إلى مقتل زعيم جماعة أبو سياف في جزيرة جولو الفلبينية.")
    assert not any(a == "IMG" or a == "PHL" and r == "PHL" for a, r in codes_of(out, "ASSAULT"))
    out = analyze(pipe, "وأدان المجلس اغتيال الرئيس اللبناني في بيروت.")
    assert not any("الرئيس" in a["entity_text"] for e in out["events"] for a in e["actor"])
    assert any("الرئيس" in r["entity_text"] for e in out["events"] if e["event"] == "ASSAULT" for r in e["recipient"])
    # an attack noun's genitive is still the attacker
    out = analyze(pipe, "وأدى هجوم حركة الشباب على قاعدة للجيش الكيني إلى مقتل جنود.")
    assert any(a == "IMG" for a, r in codes_of(out, "ASSAULT"))


def test_a_person_before_an_unvocalised_kill_verb_was_killed(pipe):
    out = analyze(pipe, "وأكد مسؤول أن القيادي في حركة حماس قتل على يد مسلحين من حركة فتح في غزة.")
    assert ("PSE", "PSE") in codes_of(out, "ASSAULT")
    out = analyze(pipe, "وقال البنتاغون إن أبو بكر البغدادي قتل في 8 يوليو قرب بلدة سرمدا السورية.")
    assert not any(a == "IMG" for a, r in codes_of(out, "ASSAULT"))
    # an army before the verb did the killing, and a counted object makes the verb active
    out = analyze(pipe, "الجيش الإسرائيلي قتل في غزة ثلاثة فلسطينيين.")
    assert ("ISR", "PSE") in codes_of(out, "ASSAULT")


def test_a_person_noun_with_a_nisba_is_of_that_country(pipe):
    out = analyze(pipe, "وفجرت امرأة بلجيكية نفسها مستهدفة دورية للقوات الأميركية جنوب بغداد.")
    assert ("BEL", "USA") in codes_of(out, "ASSAULT")
    # alone, a man or a woman is nobody's side
    out = analyze(pipe, "وقال رجل من سكان الحي إن الشرطة أطلقت النار على المحتجين.")
    assert not any(e["entity_text"] == "رجل" for e in out["entities"])


def test_killed_by_makes_the_verb_passive(pipe):
    out = analyze(pipe, "وقتل شاب فلسطيني برصاص الجيش الإسرائيلي قرب مدينة نابلس.")
    assert codes_of(out, "ASSAULT") == {("ISR", "PSE")}
    # the dead named right after the verb attacked nobody
    out = analyze(pipe, "وقتل جندي أميركي في هجوم بعبوة ناسفة شمال بغداد.")
    assert not any(a == "USA" for a, r in codes_of(out, "ASSAULT"))
    assert ("IRQ", "USA") in codes_of(out, "ASSAULT")


def test_at_the_hands_of_names_the_doer(pipe):
    out = analyze(pipe, "وتعرض قيادي في حركة حماس أمس للخطف على أيدي مسلحين في مدينة رام الله.")
    rows = [(e["actor"][0]["entity_text"], e["recipient"][0]["entity_text"]) for e in out["events"]
            if e["event"] == "ASSAULT" and e["actor"] and e["recipient"]]
    assert any("مسلحين" in a and "قيادي" in r for a, r in rows)
    # "أيدي" after a preposition is the hands, not the verb "to back"
    assert not [e for e in out["events"] if e["event"] == "SUPPORT"]


def test_a_word_ending_in_ta_marbuta_is_no_verb(pipe):
    # "وزارة" also splits as و + زار + ه ("and he visited it")
    out = analyze(pipe, "وقال وكيل وزارة الخارجية المصرية إن القاهرة تتابع الوضع في ليبيا.")
    assert not [e for e in out["events"] if e["event"] == "CONSULT"]


def test_clashes_of_insurgents_with_security_forces_are_fighting(pipe):
    out = analyze(pipe, "وقال مسؤولون إن عشرين متمردا قتلوا في مواجهات مع قوات الأمن الأفغانية في ولاية هلمند.")
    assert not [e for e in out["events"] if e["event"] == "PROTEST"]
    assert any(a == "AFG" for a, r in codes_of(out, "ASSAULT"))


def test_a_threatened_attack_has_not_happened(pipe):
    out = analyze(pipe, "وهدد المتحدث باسم الجيش الإسرائيلي خلال مؤتمر صحفي باغتيال قادة حركة حماس في غزة.")
    assert not codes_of(out, "ASSAULT")
    # a press conference is no journalist, and the name after it is no journalist's name
    assert not any(e["sector"] == "JRN" for e in out["entities"])
    out = analyze(pipe, "وهدد المتحدث باسم الجيش الإسرائيلي باغتيال قادة حركة حماس في غزة.")
    assert not codes_of(out, "ASSAULT")
    assert ("ISR", "PSE") in codes_of(out, "THREATEN")
    # a threat earlier in the sentence does not undo an attack told after it
    out = analyze(pipe, "وكانت إسرائيل هددت مرارا، وقصفت طائراتها أمس مواقع لحركة حماس في غزة.")
    assert ("ISR", "PSE") in codes_of(out, "ASSAULT")



def test_counted_dead_of_a_side_are_its_losses_not_the_attackers(pipe):
    # "مقتل 27 عنصرا من قوات X": X lost the men, the ambush's side killed them
    out = analyze(pipe, "وجاء الهجوم بعد أقل من شهر على مقتل 27 عنصرا من قوات الحشد الشعبي في كمين لتنظيم داعش "
                        "قرب الحويجة غرب كركوك.")
    assert ("IMG", "IRQ") in codes_of(out, "ASSAULT")
    assert not any(a == "IRQ" for a, _ in codes_of(out, "ASSAULT"))
    out = analyze(pipe, 'وأكد مدير الناحية مقتل 7 أشخاص في الهجوم، مشيرا إلى أن "اثنين منهم عناصر في الحشد '
                        'العشائري" في محافظة نينوى.')
    assert not any(a["entity_text"].startswith("عناصر") for e in out["events"] for a in e["actor"])


def test_counted_people_of_a_named_side_are_that_side(pipe):
    out = analyze(pipe, "وقالت مصادر أمنية إن قوة من الجيش العراقي تمكنت من قتل 19 مسلحاً من تنظيم داعش في ديالى.")
    assert ("IRQ", "IMG") in codes_of(out, "ASSAULT")
    # a bare group before من after a verb is its subject: "خطف عناصر من جبهة النصرة قائد الفرقة"
    out = analyze(pipe, "خطف عناصر من جبهة النصرة قائد الفرقة 30 العقيد المنشق نديم الحسن في ريف إدلب.")
    assert any(a == "IMG" for a, _ in codes_of(out, "ASSAULT"))
    assert not any(r == "IMG" for _, r in codes_of(out, "ASSAULT"))


def test_a_side_a_relative_clause_names_neither_did_nor_suffered_the_attack(pipe):
    out = analyze(pipe, "وفي نينوى، التي كانت معقلا لتنظيم داعش، قتل 7 أشخاص في هجوم مسلح في قضاء الحضر "
                        "الواقع جنوبي المحافظة.")
    pairs = codes_of(out, "ASSAULT")
    assert pairs and not any("IMG" in pair for pair in pairs)


def test_a_feminine_possessive_points_to_a_state_or_a_woman_not_a_man(pipe):
    out = analyze(pipe, "وانتقدت واشنطن إيران بسبب تحالفها مع الرئيس السوري بشار الأسد ودعمها للمتمردين الحوثيين.")
    assert ("SYR", "YEM") not in codes_of(out, "SUPPORT")
    out = analyze(pipe, "وأكدت رئيسة الوزراء البريطانية تيريزا ماي تأييدها للاتفاق النووي الإيراني.")
    assert any(a == "GBR" for a, _ in codes_of(out, "SUPPORT"))
    out = analyze(pipe, "وجدد الرئيس الأميركي دونالد ترامب دعمه للحكومة العراقية.")
    assert ("USA", "IRQ") in codes_of(out, "SUPPORT")


def test_a_war_that_took_lives_is_no_single_attack(pipe):
    out = analyze(pipe, "وأسفرت الحرب في جنوب السودان عن مقتل عشرات آلاف الأشخاص ودفعت نحو 4 ملايين إلى الفرار.")
    assert not codes_of(out, "ASSAULT")
    out = analyze(pipe, "وأدى الصراع إلى مقتل ما لا يقل عن 6606 مدنيين في اليمن.")
    assert not codes_of(out, "ASSAULT")
    # one attack's toll stays an attack
    out = analyze(pipe, "وأسفر الهجوم الذي شنه مسلحون على حاجز للشرطة في بغداد عن مقتل خمسة أشخاص.")
    assert codes_of(out, "ASSAULT")


def test_an_attack_planned_is_hedged(pipe):
    out = analyze(pipe, "وقال رئيس الأركان الروسي إن المسلحين في الغوطة الشرقية يخططون لشن هجوم بأسلحة كيماوية ضد المدنيين.")
    attacks = events(out, "ASSAULT")
    assert attacks and all(e["hedged"] for e in out["events"] if e["event"] == "ASSAULT")
    out = analyze(pipe, "وشن المسلحون هجوما على حاجز للجيش في ريف دمشق.")
    assert not any(e["hedged"] for e in out["events"] if e["event"] == "ASSAULT")


def test_a_verb_joined_to_a_relative_clause_shares_its_subject(pipe):
    # "أدانت البحرين التفجير الذي استهدف المسجد وأودى بحياة ...": the bombing killed, not Bahrain
    out = analyze(pipe, "وأدانت البحرين التفجير الإرهابي الذي استهدف مسجد قوات الطوارئ في عسير أمس وأودى بحياة "
                        "عدد من رجال الأمن.")
    assert not any(a == "BHR" for a, _ in codes_of(out, "ASSAULT"))
    # ... and the doer its clause names did it: "التفجير الذي نفذه تنظيم داعش ... وأودى بحياة ..."
    out = analyze(pipe, "وجاء ذلك بعد التفجير الذي نفذه تنظيم داعش قبل أيام وأودى بحياة ضابط وجنديين تركيين.")
    assert ("IMG", "TUR") in codes_of(out, "ASSAULT")
    out = analyze(pipe, "وقال الجيش إن الحوثيين الذين هاجموا مواقع الجيش في تعز وقتلوا ثلاثة جنود فروا.")
    assert all(a == "YEM" and e["actor"][0]["entity_text"] == "الحوثيين"
               for e in out["events"] if e["event"] == "ASSAULT" for a in [e["actor"][0]["code"]])


def test_nisbas_in_a_row_after_an_event_noun_are_all_its_actors(pipe):
    out = analyze(pipe, "وتوالت ردود الفعل على الضربات العسكرية الأمريكية الفرنسية البريطانية على مواقع تابعة "
                        "للنظام السوري.")
    assert codes_of(out, "ASSAULT") == {("USA", "SYR"), ("FRA", "SYR"), ("GBR", "SYR")}
    out = analyze(pipe, "واستهدفت ضربات جوية أمريكية-بريطانية-فرنسية مواقع عسكرية في سوريا.")
    assert {a for a, _ in codes_of(out, "ASSAULT")} == {"USA", "GBR", "FRA"}


def test_a_states_forces_do_not_attack_their_own_state(pipe):
    out = analyze(pipe, "واندلعت مواجهات عنيفة على حدود قطاع غزة مع إسرائيل، وأدت إلى مقتل 41 فلسطينيا برصاص "
                        "الجيش الإسرائيلي.")
    assert ("ISR", "ISR") not in codes_of(out, "ASSAULT")
    assert ("ISR", "PSE") in codes_of(out, "ASSAULT")
    # rebels coded by their country still attack it, and a strike on the capital stays
    out = analyze(pipe, "وقتل مقاتلو حزب العمال الكردستاني ثلاثة جنود أتراك في هجوم على مركز للشرطة جنوب تركيا.")
    assert ("TUR", "TUR") in codes_of(out, "ASSAULT")


def test_a_source_that_reports_a_killing_did_not_kill(pipe):
    out = analyze(pipe, "وقال مصدر عسكري إنه «قتل خمسة جنود من الكتيبة 21 حرس حدود عندما قام رتل من تنظيم داعش "
                        "بالهجوم على بوابة بين أجدابيا وطبرق».")
    assert not any(a["entity_text"].startswith("مصدر") for e in out["events"] for a in e["actor"])
    assert ("IMG", "LBY") in codes_of(out, "ASSAULT")
    # who says it did it, did it
    out = analyze(pipe, "وأكدت القوات الحكومية أنها قتلت عشرة مسلحين في ريف إدلب.")
    assert any(a == "SYR" for a, _ in codes_of(out, "ASSAULT"))


@pytest.mark.parametrize("text,pair", [
    ("وتجاهلت الحكومة السورية مناشدات الأمم المتحدة بوقف القصف على الغوطة.", ("UNO", "SYR")),
    ("واستجابت الحكومة العراقية لمطالب المتظاهرين في البصرة.", ("IRQ", "IRQ")),
    ("ورفضت إسرائيل دعوات الاتحاد الأوروبي إلى وقف الاستيطان.", ("EUR", "ISR")),
])
def test_who_answers_a_call_was_called_on(pipe, text, pair):
    assert pair in codes_of(analyze(pipe, text), "REQUEST")


def test_protesters_named_by_a_participle_are_the_protest_side(pipe):
    # "مطالب المتظاهرين": the protesters act; the government named before answers them
    out = analyze(pipe, "واستجابت الحكومة العراقية لمطالب المتظاهرين في البصرة.")
    assert all(a["entity_text"] != "الحكومة العراقية" for e in events_of(out, "PROTEST") for a in e["actor"])
    out = analyze(pipe, "وأضاف السكان أن مسلحي تنظيم داعش قاموا باعتقال المتظاهرين في الفلوجة.")
    assert all(a["code"] != "IMG" for e in events_of(out, "PROTEST") for a in e["actor"])

def test_the_backer_of_an_attacker_is_not_its_target(pipe):
    out = analyze(pipe, "وأطلقت ميليشيات الحوثي المدعومة من إيران صواريخ باليستية على مدينة جازان السعودية.")
    assert ("YEM", "IRN") not in codes_of(out, "ASSAULT")
    assert ("YEM", "SAU") in codes_of(out, "ASSAULT")


def test_spellings_of_one_unnamed_side_are_one_entity(pipe):
    text = ("وأعلن #الجيش_اليمني تقدمه في مديرية نهم. وقال مصدر عسكري إن القوات التابعة للجيش اليمني "
            "سيطرت على مواقع جديدة. وأكد المسؤولون الأميركيون دعمهم، وقال مسؤولون أميركيون إن الدعم مستمر.")
    out = analyze(pipe, text)
    names = [e["name"] for e in out["entities"]]
    army = [e for e in out["entities"] if "جيش" in e["name"] and e["code"] == "YEM" and e["id"] is None]
    assert len(army) == 1 and len(army[0]["mentions"]) == 2, names
    assert army[0]["name"] == "الجيش اليمني"   # no underscore, the article back after لل
    # unnamed officials are no listed actor, but both spellings speak as one
    assert not any("مسؤول" in n for n in names)
    doc = pipe.analyze_doc(Article(text=text, published=D2019))
    keys = {m.entity.key for m in doc.mentions if "مسؤول" in m.text}
    assert len(keys) == 1 and len([m for m in doc.mentions if "مسؤول" in m.text]) == 2, keys


def test_a_bodys_forces_are_the_body_in_the_entity_list(pipe):
    out = analyze(pipe, "وتقدمت قوات الجيش الليبي في منطقة الصابري. وقال الجيش الليبي إن العملية مستمرة حتى تحرير المدينة.")
    army = [e for e in out["entities"] if "الجيش الليبي" in e["entity_text"]]
    assert len(army) == 1 and len(army[0]["mentions"]) == 2
    # a force word before an indefinite noun is part of the name: "قوات خاصة" is no "خاصة"
    doc = pipe.analyze_doc(Article(text="وقصفت قوات خاصة أمريكية مواقع التنظيم.", published=D2019))
    assert any(m.entity.key.endswith("قوات خاصه امريكيه") for m in doc.mentions)

def test_an_office_before_a_rank_and_a_name_is_that_persons_title(pipe):
    out = analyze(pipe, "وقال قائد المنطقة العسكرية الرابعة في الجيش اليمني اللواء محمد القاسمي، إن القوات تقدمت. "
                        "وأضاف قائد المنطقة العسكرية الرابعة، في تصريحات صحافية، أن \"المعركة مستمرة حتى تحرير المحافظة\".")
    speakers = [q["speaker"]["name"] for q in out["quotes"] if q["speaker"]]
    assert len(speakers) == 2 and all(s == "محمد القاسمي" for s in speakers), speakers
    # a complementiser between an office and a name: the name is someone else
    out = analyze(pipe, "وأكد وزير الخارجية الأميركي أن بشار الأسد فقد شرعيته.")
    assert not any(e["name"] == "بشار الأسد" and any(m["text"].startswith("وزير") for m in e["mentions"])
                   for e in out["entities"])
    out = analyze(pipe, "وقال وزير الخارجية الأميركي الذي التقى الرئيس اللبناني ميشال عون إن المحادثات كانت مثمرة.")
    assert not any(e["name"] == "ميشال عون" and any(m["text"].startswith("وزير") for m in e["mentions"])
                   for e in out["entities"])


def test_an_organisation_named_in_full_is_later_named_by_its_head_noun(pipe):
    out = analyze(pipe, "أعلن المرصد السوري لحقوق الإنسان مقتل عشرة مدنيين في إدلب. "
                        "وقال المرصد إن القصف استهدف سوقا شعبية.")
    assert [q["speaker"]["name"] for q in out["quotes"]] == ["المرصد السوري لحقوق الإنسان"]
    # before the full name, the bare head noun names nobody
    out = analyze(pipe, "وقال المرصد إن القصف استهدف سوقا شعبية. ونقل المرصد السوري لحقوق الإنسان أرقاما أخرى.")
    assert not [q for q in out["quotes"] if q["speaker"] and q["speaker"]["name"] == "المرصد السوري لحقوق الإنسان"]


def test_a_speaker_before_qailan_speaks_the_quote_after_it(pipe):
    out = analyze(pipe, 'وأضاف وزير الخارجية السوداني قائلاً: "تجري الآن الترتيبات لنقل الطاقم الفني إلى الخرطوم".')
    assert [(q["text"][:10], q["speaker"]["code"]) for q in out["quotes"]] == [("تجري الآن ", "SDN")]


def test_the_statement_speaks_for_whoever_issued_it(pipe):
    out = analyze(pipe, "وقال الجيش الليبي في بيان إن قواته تقدمت نحو المدينة. "
                        "وأضاف البيان أن الطيران استهدف مواقع للمسلحين جنوب المدينة.")
    assert [(q["speaker"]["entity_text"], q["speaker"]["name"]) for q in out["quotes"]] == [
        ("الجيش الليبي", "الجيش الليبي"), ("البيان", "الجيش الليبي")]
    out = analyze(pipe, 'جاء ذلك في بيان صادر عن وزارة الخارجية المصرية. وقال البيان "إن القاهرة ترحب بالاتفاق".')
    assert [q["speaker"]["code"] for q in out["quotes"]] == ["EGY"]
    # a statement nobody is said to have issued has no speaker
    out = analyze(pipe, 'وقال البيان "إن الاجتماع سيعقد الأسبوع المقبل".')
    assert out["quotes"] == []


def test_this_spokesman_is_the_one_just_named(pipe):
    out = analyze(pipe, "وقال الناطق باسم المقاومة الشعبية علي الأحمدي إن المقاتلين سيطروا على الحي. "
                        "وأكد هذا الناطق باسم القوات الموالية للحكومة أن المتمردين ما زالوا في المنطقة.")
    assert [q["speaker"]["name"] for q in out["quotes"]] == ["علي الأحمدي", "علي الأحمدي"]


def test_a_speech_verb_inside_quoted_words_opens_no_new_quote(pipe):
    out = analyze(pipe, 'وذكر لافرينتيف للصحفيين بعد محادثات مع دي ميستورا '
                        '"نقول إن من الأفضل تسوية الوضع في إدلب بطريقة سلمية".')
    assert len(out["quotes"]) == 1
    assert "لافرنتييف" in out["quotes"][0]["speaker"]["name"] or "لافرينتيف" in out["quotes"][0]["speaker"]["name"]
    # a name inside what the first verb says is not the speaker of the participle's words
    out = analyze(pipe, "وشدد المتظاهرون على ضرورة محاكمة نوري المالكي، مؤكدين أنهم لن يسكتوا حتى تتم المحاكمة.")
    assert not any(q["speaker"] and "المالكي" in q["speaker"]["name"] for q in out["quotes"])


def test_whose_efforts_are_praised_is_the_recipient(pipe):
    out = analyze(pipe, "وثمن العاهل الأردني في كلمته أمام القمة العربية في الرياض دور المملكة العربية السعودية.")
    assert ("JOR", "SAU") in codes_of(out, "SUPPORT")
    # the name after "جهود" is praised, never the one who praises
    out = analyze(pipe, "وثمن الوزير جهود الأمير سعود الفيصل.")
    assert not any(a == "SAU" for a, r in codes_of(out, "SUPPORT"))
    assert not [e for e in out["events"] if e["event"] == "SUPPORT" and e["actor"]
                and "الفيصل" in e["actor"][0]["entity_text"]]


def test_who_announces_an_act_of_its_own_does_it(pipe):
    out = analyze(pipe, "أعلنت النرويج الاعتراف بدولة فلسطين في خطوة أغضبت إسرائيل.")
    assert ("NOR", "PSE") in codes_of(out, "SUPPORT")
    out = analyze(pipe, "قررت الإمارات استئناف العلاقات الدبلوماسية مع سوريا.")
    assert ("ARE", "SYR") in codes_of(out, "SUPPORT")
    # the dead a ministry reports were not killed by the ministry
    out = analyze(pipe, "أعلنت وزارة الصحة الفلسطينية مقتل ثلاثة شبان برصاص الجيش الإسرائيلي قرب نابلس.")
    assert codes_of(out, "ASSAULT") == {("ISR", "PSE")}


def test_a_coordinated_subject_of_a_mutual_act_is_both_sides(pipe):
    out = analyze(pipe, "وقعت تونس والجزائر اتفاقا لتنظيم التجارة عبر الحدود.")
    assert ("TUN", "DZA") in codes_of(out, "SUPPORT")
    out = analyze(pipe, "واجتمع وزيرا خارجية الأردن ومصر في عمان لبحث الأوضاع في غزة.")
    assert any({a, r} == {"JOR", "EGY"} for a, r in codes_of(out, "CONSULT"))
    # a one-sided act keeps its coordinated actors as actors
    out = analyze(pipe, "وأدانت مصر والأردن الهجوم الإسرائيلي على غزة.")
    assert not any({a, r} == {"EGY", "JOR"} for ev in ("ACCUSE", "REJECT") for a, r in codes_of(out, ev))


def test_the_capital_one_travels_to_is_visited(pipe):
    out = analyze(pipe, "وصل وزير الخارجية التركي إلى طهران في زيارة رسمية تستمر يومين.")
    assert ("TUR", "IRN") in codes_of(out, "CONSULT")
    # a place named only as where something happens is no host
    out = analyze(pipe, "واتصل وزير الخارجية التركي من أنقرة بنظيره الإيراني.")
    assert not any(r == "TUR" for a, r in codes_of(out, "CONSULT"))


def test_who_receives_a_call_or_aid_is_its_recipient(pipe):
    out = analyze(pipe, "تلقى العاهل الأردني اتصالا هاتفيا من الرئيس الفرنسي تناول الأوضاع في المنطقة.")
    assert ("FRA", "JOR") in codes_of(out, "CONSULT")
    assert ("JOR", "FRA") not in codes_of(out, "CONSULT")


def test_started_is_not_seemed(pipe):
    # folded, "بدأ" (started) is spelled like "بدا" (seemed): no hedge
    out = analyze(pipe, "بدأ الرئيس الفرنسي زيارة رسمية إلى المغرب تستمر ثلاثة أيام.")
    visits = [e for e in out["events"] if e["event"] == "CONSULT"]
    assert visits and not any(e["hedged"] for e in visits)


def test_qabla_an_is_before_not_accepted(pipe):
    out = analyze(pipe, "وكانت فرنسا حاضرة قبل أن تعلن الولايات المتحدة رفضها مشروع القرار البريطاني في مجلس الأمن.")
    assert not [e for e in out["events"] if e["event"] == "CONCEDE"]
    # the verb reading stays where no أن follows
    finder = next(c for c in pipe.components if getattr(c, "name", "") == "events")
    doc = pipe.analyze_doc(Article(title=None, published=D2019,
                                   text="قبل المجلس العسكري السوداني بشروط قوى المعارضة لنقل السلطة."))
    assert any(t.entry.type == "CONCEDE" and t.kind == "verb" for t in finder.triggers(doc))


def test_what_a_bomb_went_off_at_was_hit(pipe):
    out = analyze(pipe, "وأفاد مسؤولون عراقيون بأن انتحاريا فجر نفسه أمام مقر الشرطة العراقية في مدينة الرمادي.")
    assert any(r == "IRQ" for a, r in codes_of(out, "ASSAULT"))
    # a name after a comma belongs to another clause
    out = analyze(pipe, "وفجر انتحاري نفسه في سوق شعبية، وقالت الحكومة الأفغانية إنها ستلاحق المسؤولين.")
    assert not any(r == "AFG" and e["recipient"][0]["entity_text"] == "الحكومة الأفغانية"
                   for e in out["events"] if e["event"] == "ASSAULT" for r in [e["recipient"][0]["code"]])


def test_civilians_belong_where_they_are_and_a_broken_plural_nisba_in_the_accusative(pipe):
    doc = pipe.analyze_doc(Article(text="وقال مسؤولون إن 5 مدنيين روساً ربما قتلوا في اشتباكات قرب دير الزور.",
                                   published=D2019))
    assert any(m.entity.code == "RUS" and "مدنيين" in m.text for m in doc.mentions)
    out = analyze(pipe, "وأكد المتظاهرون في ساحة التحرير ببغداد أن الحكومة هي المسؤولة عن مقتل أبنائهم.")
    assert any(q["speaker"] and q["speaker"]["code"] == "IRQ" for q in out["quotes"])


def test_a_masdar_another_verb_takes_is_not_its_subjects_act(pipe):
    # the states welcomed the signing; they did not sign
    out = analyze(pipe, "ورحبت الولايات المتحدة وبريطانيا والنرويج في جنوب السودان بتوقيع الاتفاق.")
    assert not codes_of(out, "SUPPORT") & {("USA", "GBR"), ("USA", "NOR")}
    # after a light verb the subject does it
    out = analyze(pipe, "وقامت القوات الروسية بقصف مواقع المعارضة في إدلب.")
    assert ("RUS", "SYR") in codes_of(out, "ASSAULT")


def test_who_condemns_an_attack_accuses_the_attacker_not_the_victim(pipe):
    out = analyze(pipe, "وأدانت الأردن الهجوم الإسرائيلي على غزة.")
    assert ("JOR", "ISR") in codes_of(out, "ACCUSE")
    assert ("JOR", "PSE") not in codes_of(out, "ACCUSE")
    out = analyze(pipe, "وأدانت القاهرة اغتيال دبلوماسي مصري في بغداد.")
    assert not codes_of(out, "ACCUSE")
    # the attacker may be named in a clause about the attack
    out = analyze(pipe, "وأدانت الخارجية السعودية بشدة الهجوم الذي شنه الحوثيون على مطار أبها.")
    assert ("SAU", "YEM") in codes_of(out, "ACCUSE")


def test_what_a_speaker_expected_is_quoted(pipe):
    out = analyze(pipe, "وقال وزير الخارجية الأردني إن المفاوضات مستمرة. وتوقع أن تنتهي المحادثات خلال أيام قليلة.")
    assert [q["speaker"]["code"] for q in out["quotes"]] == ["JOR", "JOR"]
    # the impersonal present "يتوقع أن" (it is expected) quotes nobody
    out = analyze(pipe, "ويتوقع أن يصل الوزير إلى عمان الأسبوع المقبل في زيارة رسمية.")
    assert out["quotes"] == []


def test_a_name_after_an_object_noun_is_not_the_titles_holder(pipe):
    out = analyze(pipe, "وثمن وزير الخارجية المصري جهود الأمير سعود الفيصل في دعم القضية الفلسطينية.")
    assert ("EGY", "SAU") in codes_of(out, "SUPPORT")
    assert not any(e["code"] == "EGY" and "الفيصل" in e["name"] for e in out["entities"])


def test_the_bodies_a_title_names_are_entities_but_not_sides(pipe):
    out = analyze(pipe, "وقال المتحدث باسم قوات الحرس الوطني التونسي العقيد هشام الورغي إن الوحدات اعتقلت ثلاثة مهربين.")
    names = {e["name"]: e for e in out["entities"]}
    body = next(e for n, e in names.items() if "الحرس الوطني" in n)
    assert body["code"] == "TUN"
    assert [q["speaker"]["name"] for q in out["quotes"]] == ["هشام الورغي"]
    # the spokesman speaks, his forces are named: no event has the forces as a side of their own
    assert not any(body["name"] == s["name"] for e in out["events"] for s in e["actor"] + e["recipient"])
    out = analyze(pipe, "والتقى الرئيس الجزائري مع سفير الولايات المتحدة لدى الجزائر.")
    assert any(e["code"] == "USA" and e["name"] == "الولايات المتحدة" for e in out["entities"])
    out = analyze(pipe, "وقالت مندوبة الولايات المتحدة لدى الأمم المتحدة إن بلادها ترفض القرار.", date(2020, 3, 1))
    # the post is at the UN: its holder that day, not another US post's
    assert [q["speaker"]["name_en"] for q in out["quotes"]] == ["Kelly Craft"]
    # the bodies come before the person whose title names them
    order = [e["name"] for e in out["entities"]]
    assert order.index("الولايات المتحدة") < order.index("كيلي كرافت")


def test_a_given_name_that_is_a_time_of_day(pipe):
    out = analyze(pipe, "وقال رئيس المجلس البلدي صباح الكعبي لوكالة الأنباء إن المياه عادت إلى الأحياء.")
    assert [q["speaker"]["name"] for q in out["quotes"]] == ["صباح الكعبي"]
    out = analyze(pipe, "وقال رئيس المجلس البلدي صباح اليوم إن المياه عادت إلى الأحياء.")
    assert not any("صباح" in e["name"] for e in out["entities"])


def test_a_longer_title_is_another_office(pipe):
    out = analyze(pipe, "وقال الرئيس العراقي برهم صالح إن الحكومة ستعمل على إعادة النازحين. "
                        "وقال رئيس مجلس المحافظة إن المياه عادت إلى الأحياء.")
    speakers = [q["speaker"]["name"] if q["speaker"] else None for q in out["quotes"]]
    assert speakers[0] == "برهم صالح"
    assert speakers[1] != "برهم صالح"


def test_a_cleric_is_a_person_with_a_name_after_his_creed(pipe):
    out = analyze(pipe, "وذكرت وكالة الأنباء العراقية أن مسلحين مجهولين اغتالوا رجل الدين السني الشيخ عمر الدليمي، "
                        "وهو إمام مسجد في الفلوجة.")
    victims = {r["name"] for e in out["events"] if e["event"] == "ASSAULT" for r in e["recipient"]}
    assert "عمر الدليمي" in victims
    # "وهو ..." after a comma is no name
    assert not any(e["name"].startswith("وهو") for e in out["entities"])


def test_people_at_a_body_belong_to_it(pipe):
    out = analyze(pipe, "وأبلغ ضباط بالجيش التركي نظراءهم الروس أن أنقرة ليست طرفا في الأمر.")
    assert [q["speaker"]["code"] for q in out["quotes"]] == ["TUR"]
    # "الأمر" (the matter) is no commander
    assert not any(e["name"] == "الأمر" for e in out["entities"])


def test_a_title_written_again_refers_back_past_a_hashtag(pipe):
    out = analyze(pipe, "وأكد قائد المنطقة العسكرية الثالثة في #الجيش_اليمني اللواء ناصر الذيباني، أن القوات تتقدم. "
                        "وأفاد قائد المنطقة العسكرية الثالثة بالجيش اليمني، في تصريحات صحافية، أن المعارك مستمرة.")
    assert [q["speaker"]["name"] for q in out["quotes"]] == ["ناصر الذيباني", "ناصر الذيباني"]


def test_a_body_named_after_its_head_noun(pipe):
    out = analyze(pipe, "وأعلن حزب النهوض الوطني السوداني مقاطعته للانتخابات المقبلة.")
    party = next(e for e in out["entities"] if e["name"] == "حزب النهوض الوطني السوداني")
    assert (party["code"], party["sector"]) == ("SDN", "PTY")
    # one indefinite word may stand in the construct ("جبهة"-like names), and the name's code
    # comes from the story when no nisba is in it
    out = analyze(pipe, "وقالت حركة شباب الإصلاح في بيان إن الحكومة العراقية فشلت في حماية المتظاهرين.")
    assert any(e["name"] == "حركة شباب الإصلاح" and e["code"] == "IRQ" for e in out["entities"])
    # a participle or a time word ends the name
    out = analyze(pipe, "وقال حزب الاتحاد الديمقراطي المقرب من الحكومة السورية إن المفاوضات متعثرة.")
    assert any(e["name"] == "حزب الاتحاد الديمقراطي" for e in out["entities"])


def test_an_armed_group_named_without_a_nisba_is_not_coded_by_the_story(pipe):
    # in Israeli news an unknown "كتائب ..." is no Israeli side
    out = analyze(pipe, "وأعلن الجيش الإسرائيلي أن كتائب الشهيد أبو علي تبنت إطلاق صاروخين على مستوطنة قرب غزة.")
    assert not any(e["name"].startswith("كتائب") and e["code"] == "ISR" for e in out["entities"])
    out = analyze(pipe, "وأعلنت كتائب الفرقان الليبية مسؤوليتها عن الهجوم.")
    assert any(e["name"] == "كتائب الفرقان الليبية" and e["code"] == "LBY" for e in out["entities"])


def test_a_common_noun_after_a_body_head_names_no_body(pipe):
    for text in ("وتوقفت حركة السير في شوارع بغداد بعد الانفجار.",
                 "واستؤنفت حركة الملاحة في قناة السويس."):
        out = analyze(pipe, text)
        assert not any(e["name"].startswith("حركة") for e in out["entities"]), text


def test_a_spokesman_quoting_his_forces_strike_is_not_the_attacker(pipe):
    out = analyze(pipe, "وقال العقيد عمر الزبيدي المتحدث باسم الجيش العراقي «قصف سلاح الجو مواقع للإرهابيين في الأنبار»، "
                        "في إشارة إلى غارات ليلية.")
    attacks = [e for e in out["events"] if e["event"] == "ASSAULT"]
    assert attacks
    actors = {a["name"] for e in attacks for a in e["actor"]}
    assert "عمر الزبيدي" not in actors
    # the bare air force in his own words is his side's
    assert {a["code"] for e in attacks for a in e["actor"]} == {"IRQ"}
    assert "سلاح الجو" in actors


def test_a_bare_title_is_the_holder_who_has_been_speaking(pipe):
    out = analyze(pipe, "وقال المبعوث الأميركي الخاص إلى اليمن تيم ليندركينغ إن واشنطن تدعم الهدنة. "
                        "وذكر ليندركينغ للصحفيين، بعد لقائه في مسقط مع مبعوث الأمم المتحدة هانس غروندبرغ، "
                        "أن الحل سياسي. وفي الوقت نفسه، يقول المبعوث إنه يتوقع جولة جديدة من المفاوضات.")
    speakers = [q["speaker"]["name"] for q in out["quotes"] if q["speaker"]]
    assert speakers[-1] == speakers[0] and "ليندركينغ" in speakers[0]


def test_a_posting_qualifies_an_envoys_title(pipe):
    # where an ambassador is posted is no visit and no body of his: the name after it is his
    out = analyze(pipe, "وقال السفير المصري لدى لبنان علاء موسى إن القاهرة تدعم الجيش اللبناني.")
    assert [(q["speaker"]["name"], q["speaker"]["code"]) for q in out["quotes"]] == [("علاء موسى", "EGY")]
    assert not any(e["name"] == "لبنان" for e in out["entities"])


# -- masdars joined by و, the oblique plural, relative clauses ------------------------------------
def test_a_masdar_joined_to_a_masdar_shares_its_doer(pipe):
    # "وطرد" after "في السيطرة على ...": the masdar, not the verb "and he expelled"
    out = analyze(pipe, "نجح الجيش الصومالي في السيطرة على بلدة بولو بوردي وطرد مقاتلي حركة الشباب منها.")
    assert ("SOM", "IMG") in codes_of(out, "ASSAULT")
    # the verb joined to a verb keeps the clause subject; the plural in -ين after it is its object
    out = analyze(pipe, "سيطر الجيش اللبناني على البلدة وطرد المسلحين منها بعد اشتباكات عنيفة.")
    attacks = events_of(out, "ASSAULT")
    assert [a["entity_text"] for e in attacks for a in e["actor"]] == ["الجيش اللبناني"]
    assert [r["entity_text"] for e in attacks for r in e["recipient"]] == ["المسلحين"]


def test_a_definite_noun_after_a_coded_side_starts_the_object(pipe):
    # "الشرطة الكينية المتظاهرين" is two phrases: who acts and whom
    out = analyze(pipe, "هاجمت الشرطة الكينية المتظاهرين في نيروبي.")
    attack = events_of(out, "ASSAULT")
    assert [a["entity_text"] for e in attack for a in e["actor"]] == ["الشرطة الكينية"]
    assert any(r["entity_text"].startswith("المتظاهرين") for e in attack for r in e["recipient"])


@pytest.mark.parametrize("text", [
    "وأدان الوزير الغارات الجوية التي استهدفت الفصائل المسلحة في إدلب.",
    "أدانت مصر الغارات التي استهدفت الفصائل الفلسطينية في غزة.",
])
def test_a_relative_verb_agreeing_with_its_antecedent_has_it_as_subject(pipe, text):
    # the strikes targeted the factions: the factions attacked nobody
    out = analyze(pipe, text)
    assert not any("الفصائل" in a["entity_text"] for e in out["events"] for a in e["actor"]), out["events"]


@pytest.mark.parametrize("text,kind,pair", [
    # the verb does not agree with التي, or a pronoun of the antecedent follows it: the subject follows
    ("وتقع الأراضي التي وقع الأردن مع إسرائيل اتفاقا لتأجيرها قرب الحدود.", "SUPPORT", ("JOR", "ISR")),
    ("وشملت الهدنة المناطق التي اتفقت عليها روسيا وتركيا في أستانة.", "AGREE", ("RUS", "TUR")),
    ("وتحمل الحكومة مسؤولية المجازر التي ترتكبها الميليشيات ضد المدنيين في دارفور.", "ASSAULT", ("SDN", "SDN")),
    # what brings two sides together: they are the sides of the agreement
    ("وقال إن التحالف الذي يجمع القاهرة والرياض يزداد قوة.", "AGREE", ("EGY", "SAU")),
])
def test_a_relative_verb_whose_subject_follows(pipe, text, kind, pair):
    assert pair in codes_of(analyze(pipe, text), kind)


@pytest.mark.parametrize("text", [
    # "وصفتهم" is "and described them", not "liquidated them"
    "ونشرت الداخلية السعودية قائمة تضم قياديين حوثيين ممن وصفتهم بالإرهابيين ورصدت مكافأة لمن يدلي بمعلومات عنهم.",
    "وقالت مصادر في المعارضة السورية وصفت انسحاب جبهة النصرة من مواقعها في ريف حلب بأنه تكتيكي.",
    # after حول، خلال، تكرار ... the form is the masdar, whose genitive is the victim; the means
    # after ب has no subject of its own
    "وطالبت الجامعة العربية بفتح تحقيق دولي مستقل لكشف الحقيقة حول قتل المدنيين بالغازات السامة في الغوطة.",
])
def test_describing_and_asking_about_a_killing_are_no_attack_by_the_speaker(pipe, text):
    out = analyze(pipe, text)
    assert all(a["name"] == "مهاجمون مجهولون" for e in events_of(out, "ASSAULT") for a in e["actor"]), out["events"]


def test_a_plural_with_its_nun_ends_its_phrase(pipe):
    # "معارضون الرئيس التركي": the plural keeps its ن, so the title after it is another phrase
    out = analyze(pipe, "واتهم معارضون الرئيس التركي رجب طيب أردوغان باستغلال الحرب على داعش.")
    erdogan = next(e for e in out["entities"] if e["code"] == "TUR" and "أردوغان" in e["name"])
    assert any(m["text"] == "الرئيس التركي" for m in erdogan["mentions"])
    assert not any("معارضون" in m["text"] for e in out["entities"] for m in e["mentions"])


def test_a_word_spelled_with_hamza_is_not_the_name_spelled_with_ya(pipe):
    # "هادئ" (calm) folds to "هادي"; the Yemeni president is named only when written so
    out = analyze(pipe, "وقال مسؤول محلي إن الوضع في عدن هادئ بعد اشتباكات الأمس.")
    assert not any(e["id"] == "yem.hadi" for e in out["entities"])
    out = analyze(pipe, "وقال الرئيس هادي إن الوضع في عدن هادئ.")
    assert [m["text"] for e in out["entities"] if e["id"] == "yem.hadi" for m in e["mentions"]] == ["الرئيس هادي"]


@pytest.mark.parametrize("text,name,code,sector", [
    ("وقال سالم الورفلي، قائد كتيبة الصاعقة في الجيش الليبي، إن العملية مستمرة.", "سالم الورفلي", "LBY", "MIL"),
    ("يذكر أن خالد العبيدي كان قائد إحدى وحدات الجيش العراقي قبل مقتله.", "خالد العبيدي", "IRQ", "MIL"),
    ("وكان «عمر الشريف» المعروف بـ«أبو حفص» قائد إحدى كتائب الجيش السوري.", "عمر الشريف", "SYR", "MIL"),
    ("وقال الرائد محمد حجازي، الناطق باسم الجيش الليبي، إن الطيران قصف مواقع المسلحين.", "محمد حجازي", "LBY", "MIL"),
])
def test_a_title_after_a_comma_a_copula_or_a_nickname_describes_the_name_before(pipe, text, name, code, sector):
    # the title is the named man's, not its office holder's in the knowledge base
    out = analyze(pipe, text)
    ent = next(e for e in out["entities"] if e["name"] == name)
    assert (ent["code"], ent["sector"]) == (code, sector)
    assert any(m["text"].startswith(("قائد", "الناطق")) for m in ent["mentions"]), ent["mentions"]
    assert not any(m["text"].startswith(("قائد", "الناطق")) for e in out["entities"] if e is not ent
                   for m in e["mentions"])


def test_a_name_of_the_knowledge_base_before_a_title_is_that_person(pipe):
    out = analyze(pipe, "وأكد الشيخ عبد الله بن زايد آل نهيان، وزير الخارجية الإماراتي، دعم بلاده للسعودية.")
    people = [e for e in out["entities"] if e["code"] == "ARE"]
    assert [e["name"] for e in people] == ["عبد الله بن زايد آل نهيان"]
    assert ("ARE", "SAU") in codes_of(out, "SUPPORT")


def test_a_place_taken_from_a_named_side_is_where_not_whom(pipe):
    # one attacker, one sentence: the town is where the army hit al-Shabaab, not a side of its own
    out = analyze(pipe, "نجح الجيش الصومالي في السيطرة على مدينة كسمايو وطرد مقاتلي حركة الشباب منها.")
    attacks = events_of(out, "ASSAULT")
    assert [[r["code"] for r in e["recipient"]] for e in attacks] == [["IMG"]]
    # a town alone attacked stays the side that holds it
    out = analyze(pipe, "سيطر الجيش الصومالي على مدينة كسمايو بعد معارك عنيفة.")
    assert ("SOM", "SOM") in codes_of(out, "ASSAULT")


@pytest.mark.parametrize("text,pair", [
    # the feminine verb does not agree with the party named right before it: its subject follows
    ("وإلى جانب مواقع حزب العمال الكردستاني قصفت طائرات تركية مواقع لتنظيم داعش في سوريا.", ("TUR", "IMG")),
])
def test_a_verb_that_does_not_agree_with_the_name_before_it_has_another_subject(pipe, text, pair):
    out = analyze(pipe, text)
    assert pair in codes_of(out, "ASSAULT")
    assert not any(a["code"] == "TUR" and "حزب" in a["entity_text"] for e in events_of(out, "ASSAULT") for a in e["actor"])


def test_a_verb_that_agrees_keeps_the_name_before_it(pipe):
    out = analyze(pipe, "وقال الجيش اللبناني إن حزب الله قصف مواقع إسرائيلية قرب الحدود.")
    assert ("LBN", "ISR") in codes_of(out, "ASSAULT")


@pytest.mark.parametrize("text", [
    "وأكدت وكالة الأنباء السورية بأن لا إصابات في القصف الإسرائيلي على مواقع للجيش السوري في درعا.",
    "ولكن العملية لم تكن بلا خسائر إذ قتل الحوثيون أربعة من البحارة الإماراتيين.",
])
def test_a_negation_that_ends_before_the_trigger_does_not_negate_it(pipe, text):
    attacks = events_of(analyze(pipe, text), "ASSAULT")
    assert attacks and not any(e["negated"] for e in attacks)


def test_a_coded_body_ends_before_whom_it_serves(pipe):
    out = analyze(pipe, "وأفاد الوزير بأن اللقاء تناول دعم حكومة مصر للتحالف الذي تقوده السعودية في اليمن.")
    assert ("EGY", "SAU") in codes_of(out, "SUPPORT")
    assert not any("للتحالف" in a["entity_text"] for e in out["events"] for a in e["actor"])


def test_a_state_one_speaks_for_is_not_whom_one_calls_on(pipe):
    out = analyze(pipe, "ودعا السفير السعودي في رسالته باسم المملكة العربية السعودية إلى التنفيذ الكامل للقرارات.")
    assert ("SAU", "SAU") not in codes_of(out, "REQUEST")


@pytest.mark.parametrize("text,kind,pair", [
    ("ووجهت مصر والإمارات اتهامات لقطر بدعم الإرهاب.", "ACCUSE", ("EGY", "QAT")),
    ("ويأتي تهديد إسرائيل لطهران بتشكيل تحالف دولي ضدها.", "THREATEN", ("ISR", "IRN")),
    ("وجددت فرنسا مطالبتها لمجلس الأمن الدولي بعقد جلسة طارئة.", "REQUEST", ("FRA", "UNO")),
    # an armed side after ل of an attack noun is still its doer
    ("قتل 43 مدنيا في قصف للجيش التركي لمدينة عفرين في شمال سوريا.", "ASSAULT", ("TUR", "SYR")),
])
def test_the_object_of_a_transitive_masdar_after_lam(pipe, text, kind, pair):
    assert pair in codes_of(analyze(pipe, text), kind)


def test_a_call_does_not_reach_into_the_next_clause(pipe):
    out = analyze(pipe, "ودعت روسيا وألمانيا البلدين إلى ضبط النفس، لكن الولايات المتحدة قالت إن إيران تتحمل المسؤولية.")
    assert not any(r == "USA" for _, r in codes_of(out, "REQUEST"))


@pytest.mark.parametrize("text,speaker", [
    ("ونقلت مصادر صحفية يمنية عن العميد يحيى سريع أن قواته ستواصل القتال.", "يحيى سريع"),
    # a name after a preposition, and the words it goes on with, is no subject
    ("وقال الوزير التركي في أنقرة بعد محادثات مع نظيره الروسي سيرغي لافروف إن العملية ستستمر.", "الوزير التركي"),
])
def test_the_speaker_of_relayed_words_and_not_the_one_spoken_with(pipe, text, speaker):
    out = analyze(pipe, text)
    assert len(out["quotes"]) == 1 and speaker in out["quotes"][0]["speaker"]["name"]


@pytest.mark.parametrize("second", [
    "وأشارت وزارة الدفاع اليمنية إلى خطة لتحرير المحافظات، مؤكدة أن القوات التي تدربت جزء من خطة شاملة.",
    # no feminine side named: better no speaker than the man quoted before
    "وأشارت مصادر يمنية إلى خطة لقوات التحالف لتحرير اليمن، مؤكدة أن القوات التي تدربت جزء من خطة شاملة.",
])
def test_a_feminine_participle_goes_on_with_a_feminine_speaker(pipe, second):
    out = analyze(pipe, "وقال الحريري إن الحكومة ستدعم الجيش. " + second)
    by = {q["text"].split()[0]: (q["speaker"] or {}).get("entity_text") for q in out["quotes"]}
    assert by["الحكومة"] == "الحريري"
    assert by.get("القوات") != "الحريري"


def test_a_plural_title_names_no_one_person(pipe):
    # "قادة" (leaders) after the king is his audience, not another mention of him
    out = analyze(pipe, "وقال الملك سلمان أمام قادة الدول العربية إن المملكة ترفض التدخلات الإيرانية.")
    king = next(e for e in out["entities"] if e["id"] == "sau.king_salman")
    assert [m["text"] for m in king["mentions"]] == ["الملك سلمان"]
    assert [q["speaker"]["id"] for q in out["quotes"]] == ["sau.king_salman"]


def test_a_plural_verb_has_its_subject_before_it(pipe):
    # "طالبوا الولايات المتحدة": a verb before its subject would be singular, so the US is the object
    out = analyze(pipe, "وقال الوزير إن قادة مصر والأردن طالبوا الولايات المتحدة بالتدخل.")
    assert not any(a["code"] == "USA" for e in events_of(out, "REQUEST") for a in e["actor"])
    # a singular verb before the name still has it as subject
    out = analyze(pipe, "وطالبت الولايات المتحدة مصر بإرسال قوات إلى سوريا.")
    assert ("USA", "EGY") in codes_of(out, "REQUEST")


def test_what_deniers_go_on_to_say_is_not_denied(pipe):
    out = analyze(pipe, "وما زال المسؤولون الروس ينفون نشر متعاقدين في سوريا، ويقولون إن موسكو تدعم الحكومة السورية.")
    support = events_of(out, "SUPPORT")
    assert support and not any(e["negated"] for e in support)
    out = analyze(pipe, "ونفى المسؤولون الروس أن تكون موسكو تدعم الحكومة السورية.")
    assert all(e["negated"] for e in events_of(out, "SUPPORT"))


def test_whom_a_side_belongs_to_is_not_hit(pipe):
    out = analyze(pipe, "اعترضت الدفاعات الجوية السعودية صاروخا باليستيا أطلقته الميليشيا الحوثية الإرهابية التابعة لإيران "
                        "باتجاه الأراضي السعودية.")
    assert ("YEM", "IRN") not in codes_of(out, "ASSAULT")
    # what belongs to a side is hit with it
    out = analyze(pipe, "وقصفت الطائرات الأمريكية مواقع تابعة للنظام السوري.")
    assert ("USA", "SYR") in codes_of(out, "ASSAULT")
    # the participle itself as the trigger keeps its object
    out = analyze(pipe, "وتقاتل الميليشيات الحوثية الموالية لإيران في محافظة الحديدة.")
    assert ("YEM", "IRN") in codes_of(out, "SUPPORT")


@pytest.mark.parametrize("text,pair", [
    ("واستهدف هجوم انتحاري بسيارة مفخخة موكبا لسفارة الولايات المتحدة في كابل.", ("AFG", "USA")),
    ("وأعلن الجيش الإسرائيلي أنه استهدف 60 موقعا لحماس في قطاع غزة.", ("ISR", "PSE")),
    # the owner after a vehicle hit is no attacker of the bomb
    ("وفجر انتحاري سيارة مفخخة استهدفت حافلة للجيش اللبناني في طرابلس.", ("LBN", "LBN")),
])
def test_the_owner_of_a_post_or_vehicle_hit_is_the_target(pipe, text, pair):
    out = analyze(pipe, text)
    assert codes_of(out, "ASSAULT") == {pair}
    hit = {r["entity_text"] for e in events_of(out, "ASSAULT") for r in e["recipient"]}
    assert hit & {"سفارة الولايات المتحدة", "حماس", "حركة حماس", "الجيش اللبناني", "جيش اللبناني"}, hit


@pytest.mark.parametrize("text,negated", [
    ("ولم تشن الطائرات التركية أي غارات جوية على مدينة عفرين السورية.", True),
    ("ولا تنفذ القوات الأمريكية حاليا عمليات قصف جوي في سوريا.", True),
    ("وشنت الطائرات التركية غارات جوية على مدينة عفرين السورية.", False),
])
def test_a_negated_light_verb_negates_its_masdar(pipe, text, negated):
    attacks = events_of(analyze(pipe, text), "ASSAULT")
    assert attacks and all(e["negated"] is negated for e in attacks)


@pytest.mark.parametrize("text,pair,absorbed", [
    # the refused act has not happened: it is the refusal's content, and names whom it rebuffs
    ("وترفض طالبان التفاوض مع الحكومة الأفغانية في كابول.", ("AFG", "AFG"), "CONSULT"),
    ("وألغت كوريا الشمالية محادثات رفيعة المستوى مع كوريا الجنوبية.", ("PRK", "KOR"), "CONSULT"),
    ("ورفض البرلمان العراقي فرض عقوبات على الحكومة السورية.", ("IRQ", "SYR"), "SANCTION"),
    # an act the lexicon does not know still names the rebuffed side in the same clause
    ("ورفضت حركة حماس الاعتراف بإسرائيل.", ("PSE", "ISR"), None),
    ("ورفضت الحكومة العراقية تسليم المطلوبين إلى تركيا.", ("IRQ", "TUR"), None),
    ("ورفضت أمس روسيا مشروع القرار الفرنسي.", ("RUS", "FRA"), None),
])
def test_a_refused_act_names_whom_the_refusal_rebuffs(pipe, text, pair, absorbed):
    out = analyze(pipe, text)
    assert pair in codes_of(out, "REJECT")
    if absorbed:
        assert not events_of(out, absorbed)


def test_a_refused_act_of_another_side_did_happen(pipe):
    # "رفض دعوة بوتين": Putin did invite; he is whom the refusal rebuffs
    out = analyze(pipe, "ورفض الرئيس الأمريكي دعوة الرئيس الروسي إلى عقد قمة في موسكو.")
    assert ("USA", "RUS") in codes_of(out, "REJECT")
    assert ("RUS", "USA") in codes_of(out, "REQUEST")


@pytest.mark.parametrize("text", [
    # a name after the refused masdar is its genitive, not who refuses
    "وظلت القبائل ترفض تدخل الناتو وحكم المتطرفين في طرابلس.",
    # whether another clause holds is not what is refused
    "ورفضت وزارة الخارجية الأمريكية تأكيد إذا ما كانت واشنطن طالبت مصر بإرسال قوات.",
    # nor is the side of the next clause
    "وإذا رفض الكونغرس الاتفاق فسيرجع الإيرانيون إلى طاولة المفاوضات.",
    # declining to disclose rebuffs no one
    "وامتنع الجنرال الأمريكي عن الكشف عن تفاصيل العملية مع الحكومة العراقية.",
])
def test_a_refusal_takes_no_side_from_outside_its_object(pipe, text):
    out = analyze(pipe, text)
    assert not codes_of(out, "REJECT") - {("USA", "USA")}, codes_of(out, "REJECT")


@pytest.mark.parametrize("text,doer,hit", [
    ("وأدان الوزير استهداف الجيش السوري للمدنيين في ريف إدلب.", "الجيش السوري", "مدنيين"),
    ("وانتقدت المنظمة قتل الشرطة العراقية للمتظاهرين في بغداد.", "الشرطة العراقية", "متظاهرين"),
    ("وأكد المسؤول قصف الطائرات التركية لمواقع حزب العمال الكردستاني.", "الطائرات التركية", "حزب العمال"),
])
def test_the_side_after_lam_follows_the_doer_of_a_masdar(pipe, text, doer, hit):
    # the doer's phrase ends before ل ("الجيش السوري"، not "الجيش السوري للمدنيين"), and the side
    # glued to ل after it is whom the act is done to
    attacks = events_of(analyze(pipe, text), "ASSAULT")
    assert attacks
    assert {a["entity_text"] for e in attacks for a in e["actor"]} == {doer}
    assert any(hit in r["entity_text"] for e in attacks for r in e["recipient"]), attacks


@pytest.mark.parametrize("text", [
    "وقالت مصادر طبية إن ستة مدنيين قتلوا أثناء قصف عنيف على أحياء مدينة حلب.",
    "وأفادت مصادر محلية وشهود عيان بمقتل عشرة أشخاص في قصف جوي على مدينة إدلب.",
    "يهرب السكان من مدينة الحديدة حيث قصفت طائرات تابعة للتحالف العربي مواقع للحوثيين.",
])
def test_bystanders_and_witnesses_attack_no_one(pipe, text):
    attackers = {a["entity_text"] for e in events_of(analyze(pipe, text), "ASSAULT") for a in e["actor"]}
    assert not any(w in t for t in attackers for w in ("مدنيين", "مصادر", "شهود", "السكان")), attackers


def test_whom_one_keeps_from_an_attack_did_not_attack(pipe):
    for text in ("ودعت الوزارة روسيا إلى منع قوات النظام السوري من قصف مدينة إدلب.",
                 "وطالبت الأمم المتحدة بمنع الطائرات الروسية من استهداف المستشفيات في إدلب."):
        assert not events_of(analyze(pipe, text), "ASSAULT")
    out = analyze(pipe, "وقالت الوزارة إن قوات الرئيس السوري بشار الأسد استهدفت المدنيين في إدلب.")
    assert ("SYR", "SYR") in codes_of(out, "ASSAULT")


@pytest.mark.parametrize("text,named", [
    ("ما دام هناك الكثير من المقاتلين المنتمين إلى القاعدة يتمركزون في هذه المنطقة.", True),
    ("وقصفت الطائرات مواقع لتنظيمي داعش والقاعدة في ريف إدلب.", True),
    ("وتمكن الجيش من دحر المتشددين الموالين للقاعدة في درنة.", True),
    # the same word as "the base"
    ("وهبطت الطائرة في القاعدة الجوية الروسية في حميميم.", False),
    ("وانتقل المقاتلون إلى القاعدة العسكرية قرب المدينة.", False),
])
def test_a_name_that_is_a_common_word_needs_its_context(pipe, text, named):
    names = {e["code"] for e in analyze(pipe, text)["entities"] if e["code"] == "IMG" and "داعش" not in e["name"]
             and e["name"] != "تنظيم الدولة الإسلامية"}
    assert bool(names) is named, analyze(pipe, text)["entities"]


@pytest.mark.parametrize("text,pair", [
    # the helper after من, past an adjective, or as the nisba after "بدعم"; the helped is the subject
    ("وتمكن الأسد، بمساعدة حاسمة من الإيرانيين، من استعادة أغلب أراضي سوريا.", ("IRN", "SYR")),
    ("وتقدمت قوات الحكومة السورية بدعم جوي روسي نحو مدينة درعا.", ("RUS", "SYR")),
    ("وأضاف أن دمشق ستحصل على دعم عسكري إضافي من روسيا لمحاربة الإرهاب.", ("RUS", "SYR")),
])
def test_the_helper_named_after_a_masdar_of_help(pipe, text, pair):
    out = analyze(pipe, text)
    helped = codes_of(out, "SUPPORT") | codes_of(out, "AID")
    assert pair in helped and pair[::-1] not in helped, helped


@pytest.mark.parametrize("text", [
    # a nisba after a noun describes that noun, not a helper
    "واتهمت طهران الدنمارك بإيواء جماعات إيرانية معارضة.",
    # the origin of whom one invites is no side that asks
    "وتعهد الزعيم الكوري الشمالي بدعوة خبراء من كوريا الجنوبية.",
])
def test_no_helper_is_read_from_a_described_noun(pipe, text):
    out = analyze(pipe, text)
    assert not {p for p in codes_of(out, "AID") | codes_of(out, "REQUEST") if p[0] in ("IRN", "KOR")}


def test_an_obligation_laid_on_ones_own_state_is_no_request(pipe):
    out = analyze(pipe, 'وقال زعيم المعارضة التركية كمال كليتشدار أوغلو: "كل تأخير يزيد الثمن الذي يتعين على تركيا أن تدفعه".')
    assert ("TUR", "TUR") not in codes_of(out, "REQUEST")
    out = analyze(pipe, 'وقال وزير الخارجية السعودي: "على إيران أن تحترم حسن الجوار".')
    assert ("SAU", "IRN") in codes_of(out, "REQUEST")


@pytest.mark.parametrize("text", [
    "وأعلن الرئيس الأمريكي أن الولايات المتحدة ستنسحب من الاتفاق النووي المبرم مع إيران.",
    "وحذر الكرملين من أن انسحاب الولايات المتحدة من الاتفاق النووي مع إيران ستكون له عواقب وخيمة.",
])
def test_leaving_an_agreement_is_no_agreement(pipe, text):
    out = analyze(pipe, text)
    assert ("USA", "IRN") in codes_of(out, "SANCTION")
    assert not codes_of(out, "AGREE")


def test_a_masculine_relative_pronoun_skips_a_feminine_country(pipe):
    # "الذي" is the agreement's, not Iran's: Iran does not threaten Washington
    out = analyze(pipe, "وسعى الوزير الفرنسي إلى إنقاذ الاتفاق النووي مع إيران الذي تهدد واشنطن بالانسحاب منه.")
    assert ("IRN", "USA") not in codes_of(out, "THREATEN")
    # a feminine one still refers to the country
    out = analyze(pipe, "وقالت السعودية إن إيران التي تدعم الحوثيين تهدد أمن المنطقة.")
    assert ("IRN", "YEM") in codes_of(out, "SUPPORT")


@pytest.mark.parametrize("text,pair", [
    # with its object a pronoun, the name after the verb is its subject and the name right
    # before it is what the pronoun stands for
    ("وتعود الجثث إلى جنود عراقيين قتلهم عناصر تنظيم داعش خلال هجمات على قواعد الجيش.", ("IMG", "IRQ")),
    ("وتسيطر على المدينة ميليشيات الحوثي تدعمها إيران منذ سنوات.", ("IRN", "YEM")),
    ("واستخدمت روسيا حق الفيتو ضد مشروع قرار بريطاني دعمته الولايات المتحدة.", ("USA", "GBR")),
])
def test_a_verb_with_an_object_pronoun_has_its_subject_after_it(pipe, text, pair):
    out = analyze(pipe, text)
    found = set().union(*(codes_of(out, t) for t in ("ASSAULT", "SUPPORT")))
    assert pair in found and pair[::-1] not in found, found


def test_a_joined_verb_with_an_object_pronoun_does_not_reach_back(pipe):
    out = analyze(pipe, "وكان على لوائح عقوبات الحكومة الأميركية وأدرجته السعودية على قائمة الإرهاب.")
    assert ("SAU", "USA") not in codes_of(out, "SANCTION")
    assert ("USA", "SAU") not in codes_of(out, "SANCTION")


@pytest.mark.parametrize("text,speaker", [
    # the agency or paper after ل is whom one speaks to, never who speaks
    ('وقال وزير الدفاع الأميركي تشاك هاغل لوكالة الصحافة الفرنسية إن "المساعدة العسكرية ستصل قريبا".', "تشاك هاغل"),
    ('وقال الوزير بالحكومة الإسرائيلية، نفتالي بينيت، لصحيفة هآرتس إن "الاتفاق لم يتم بعد".', "نفتالي بينيت"),
])
def test_the_medium_spoken_to_is_not_the_speaker(pipe, text, speaker):
    quotes = analyze(pipe, text)["quotes"]
    assert quotes and all(speaker in q["speaker"]["entity_text"] for q in quotes), quotes


def test_the_medium_spoken_to_is_not_the_speaker_of_an_unknown_name(pipe):
    quotes = analyze(pipe, 'وقال بيناز صالح، الذي أتى من أوسلو مع ابنه، لوكالة الصحافة الفرنسية "نريد أن يتوقف القصف".')["quotes"]
    assert not any("الصحافة" in (q.get("speaker") or {}).get("entity_text", "") for q in quotes), quotes


def test_a_medium_that_speaks_is_the_speaker(pipe):
    quotes = analyze(pipe, 'وقالت وكالة الصحافة الفرنسية إن "القصف مستمر منذ الصباح".')["quotes"]
    assert quotes and "الصحافة الفرنسية" in quotes[0]["speaker"]["entity_text"]


def test_a_named_speaker_with_a_long_title_and_occasion_before_his_words(pipe):
    text = ("وقال ستافان دي ميستورا مبعوث الأمم المتحدة الخاص إلى سوريا الأربعاء، أمام مجلس الأمن الدولي خلال "
            "إفادة بشأن تشكيل لجنة دستورية سورية، إن تصعيد القتال يهدد ما تحقق من تقدم سياسي يسير.")
    quotes = analyze(pipe, text)["quotes"]
    assert quotes and "ميستورا" in quotes[0]["speaker"]["name"] and quotes[0]["text"].startswith("تصعيد القتال")
    # quotation marks that far off are not his words
    text = ("وقال ستافان دي ميستورا مبعوث الأمم المتحدة الخاص إلى سوريا الأربعاء أمام مجلس الأمن الدولي خلال "
            "إفادة بشأن تشكيل لجنة دستورية سورية طالبت بها \"مجموعة الدول الصغيرة\" في جنيف.")
    assert not analyze(pipe, text)["quotes"]


@pytest.mark.parametrize("text,pair,hedged", [
    # قد before a past verb affirms, whether the verb is the trigger or not; before a present verb it hedges
    ("وكانت حركة حماس قد تبنت الهجوم على الجنود الإسرائيليين.", ("PSE", "ISR"), False),
    ("وكانت الولايات المتحدة قد دعت روسيا إلى استخدام نفوذها لضمان الهدنة.", ("USA", "RUS"), False),
    ("وقال الوزير إن إيران قد تفتح النار على إسرائيل في أي حرب مقبلة.", ("IRN", "ISR"), True),
])
def test_qad_before_a_past_verb_affirms(pipe, text, pair, hedged):
    events = [e for e in analyze(pipe, text)["events"]
              if (e["actor"][0]["code"], e["recipient"][0]["code"] if e["recipient"] else None) == pair]
    assert events and all(e["hedged"] is hedged for e in events), analyze(pipe, text)["events"]


def test_a_court_or_council_named_by_its_qualifiers_is_listed(pipe):
    # coded by the story's country only
    out = analyze(pipe, "شهدت محافظة الأنبار العراقية هجمات جديدة. وأصدرت المحكمة الجنائية المركزية "
                        "حكما بإعدام 24 متهما بالإرهاب.")
    assert ("IRQ", "JUD") in {(e["code"], e["sector"]) for e in out["entities"]}
    out = analyze(pipe, "صوت البرلمان الليبي على قانون العفو. وكان القانون رقم 35 قد صدر عن المجلس الانتقالي.")
    assert ("LBY", "GOV") in {(e["code"], e["sector"]) for e in out["entities"] if "الانتقالي" in e["name"]}
    # a bare office of the story's country is no named body, nor is a phrase run on past it
    out = analyze(pipe, "وقالت المصادر في بغداد إن المحكمة أجلت الجلسة.")
    assert not any(e["sector"] == "JUD" for e in out["entities"])
    out = analyze(pipe, "شهدت محافظة الأنبار العراقية هجمات جديدة. وقالت لجنة الخارجية في البرلمان إن الوضع خطير.")
    assert not any("في" in e["name"].split() for e in out["entities"] if e["sector"] == "GOV")


def test_whose_efforts_are_praised_past_honorifics(pipe):
    out = analyze(pipe, "وثمن وزير الخارجية اليمني جهود خادم الحرمين الشريفين وصاحب السمو الملكي الأمير "
                        "محمد بن سلمان في دعم الشرعية.")
    assert ("YEM", "SAU") in codes_of(out, "SUPPORT")
    out = analyze(pipe, "وثمن وزير الخارجية الأردني في كلمته خلال الاجتماع بالقاهرة جهود المغفور له بإذن الله "
                        "الأمير سعود الفيصل في خدمة القضية الفلسطينية.")
    assert any(r["code"] == "SAU" for e in events_of(out, "SUPPORT") for r in e["recipient"])
    # the Arab League committee named after its initiative is one body
    out = analyze(pipe, "واجتمعت لجنة مبادرة السلام العربية في القاهرة.")
    assert any(e["code"] == "IGO" and "مبادرة السلام" in e["name"] for e in out["entities"])


@pytest.mark.parametrize("text,name,country", [
    # a place said to lie west/north of another is in that place's country
    ("وقصف الجيش الإسرائيلي موقعا في محيط مدينة حمد غرب خان يونس.", "مدينة حمد", "PSE"),
    ("وقصفت الطائرات التركية قرية زاركلي شمال اربيل في إقليم كردستان.", "قرية زاركلي", "IRQ"),
])
def test_a_place_west_of_another_is_in_its_country(pipe, text, name, country):
    places = {p["name"]: p["country"] for p in analyze(pipe, text)["places"]}
    assert places.get(name) == country, places


def test_co_mediators_do_not_consult_each_other(pipe):
    out = analyze(pipe, "وفشلت جهود الوساطة التي قامت بها الأمم المتحدة وإيطاليا في تحقيق الاستقرار في ليبيا.")
    assert ("UNO", "ITA") not in codes_of(out, "CONSULT")
    # two sides that meet still meet each other
    out = analyze(pipe, "والتقى وزيرا خارجية مصر وتركيا في أنقرة.")
    assert {("EGY", "TUR"), ("TUR", "EGY")} & codes_of(out, "CONSULT")


@pytest.mark.parametrize("text,negated", [
    ("وقال دبلوماسي إن روسيا رفعت تحفظاتها على اقتراح هولندا إدراج ستة أفراد على قائمة العقوبات.", True),
    ("وأبدت روسيا تحفظاتها على اقتراح هولندا إدراج ستة أفراد على قائمة العقوبات.", False),
])
def test_a_lifted_objection_is_no_rejection(pipe, text, negated):
    rejects = [e for e in analyze(pipe, text)["events"] if e["event"] == "REJECT"]
    assert rejects and all(e["negated"] is negated for e in rejects)


def test_witnesses_telling_of_an_attack_accuse_no_one(pipe):
    out = analyze(pipe, "وقال شهود عيان لوكالة رويترز إن غارة إسرائيلية قصفت مبنى غير مأهول في مدينة غزة.")
    assert codes_of(out, "ASSAULT") and not codes_of(out, "ACCUSE")
    # an official who says another state attacked accuses it
    out = analyze(pipe, "وقال وزير الخارجية اللبناني إن الطائرات الإسرائيلية قصفت مواقع في جنوب لبنان.")
    assert ("LBN", "ISR") in codes_of(out, "ACCUSE")


def test_reports_do_not_inherit_the_last_speaker(pipe):
    text = ('وقال وزير الدفاع الإسرائيلي أفيغدور ليبرمان إن "حرية إسرائيل كاملة". وأواخر أغسطس الماضي ذكرت تقارير '
            'أن إيران نقلت صواريخ بالستية قصيرة المدى إلى العراق.')
    quotes = analyze(pipe, text)["quotes"]
    assert not any("إيران نقلت" in q["text"] and "ليبرمان" in (q["speaker"] or {}).get("name", "") for q in quotes)
    # a speaker who goes on is still inherited
    text = 'وقال وزير الدفاع الإسرائيلي أفيغدور ليبرمان إن "حرية إسرائيل كاملة". وأضاف أن الجيش مستعد لكل الاحتمالات.'
    quotes = analyze(pipe, text)["quotes"]
    assert any("الجيش مستعد" in q["text"] and "ليبرمان" in q["speaker"]["name"] for q in quotes)


@pytest.mark.parametrize("text,speaker", [
    # a person no dictionary lists, named by a given name right after the speech verb
    ('وقالت فاطمة حسن لوكالة رويترز إن "الوضع في المدينة صعب".', "فاطمة حسن"),
    ('وقال محمد عبد الله، وهو من سكان المدينة، إن "القصف لم يتوقف".', "محمد عبد الله"),
    ("وقال هشام الهاشمي إن التنظيم يملك أنفاقا ممتدة في الصحراء.", "هشام الهاشمي"),
])
def test_a_speaker_named_by_a_given_name(pipe, text, speaker):
    quotes = analyze(pipe, text)["quotes"]
    assert quotes and quotes[0]["speaker"]["name"] == speaker, quotes
    # such a person is no side of an event and no listed entity (nothing codes them)
    assert not any(e["name"] == speaker for e in analyze(pipe, text)["entities"])


def test_a_name_after_a_speech_verb_ends_before_a_complementiser(pipe):
    quotes = analyze(pipe, "وقال أحمد جواد أنهم لم يتابعوا الفيديو ولا يفكرون في مشاهدته.")["quotes"]
    assert quotes and quotes[0]["speaker"]["name"] == "أحمد جواد"
    # a given name alone is too often a word
    quotes = analyze(pipe, "وقال صالح في تصريح لقناة روسية إن اليمن مستعد لمنح موسكو قواعد.")["quotes"]
    assert not any((q["speaker"] or {}).get("name") == "صالح في" for q in quotes)


def test_an_idiom_of_trigger_words_is_no_event(pipe):
    out = analyze(pipe, "وتدفع الحكومة التركية باتجاه المنطقة الآمنة لقطع الطريق على إقامة دولة كردية في شمال سوريا.")
    assert not events_of(out, "PROTEST")
    out = analyze(pipe, "وقطع المحتجون الطريق الرئيسي في مدينة البصرة احتجاجا على انقطاع الكهرباء.")
    assert events_of(out, "PROTEST")


def test_a_speakers_titles_set_off_by_commas_are_not_whom_he_calls_on(pipe):
    out = analyze(pipe, "دعا الدكتور محمد البرادعي، نائب الرئيس المصري السابق الرئيس الأسبق للوكالة الدولية "
                        "للطاقة الذرية، الجمعة، إلى إنقاذ ما يمكن إنقاذه في مصر.")
    assert not [e for e in out["events"] if e["event"] in ("REQUEST", "AID")]
    # a title after the comma that closes a name's apposition is the object
    out = analyze(pipe, "وحث وزير الخارجية البريطاني، بوريس جونسون، الرئيس الأمريكي دونالد ترامب على البقاء في الاتفاق.")
    assert ("GBR", "USA") in codes_of(out, "REQUEST")
    # as is another state's title or one with a pronoun
    out = analyze(pipe, "واندلعت الحرب عندما أقال الرئيس سالفا كير، نائبه رياك مشار.")
    assert any("مشار" in r["entity_text"] for e in out["events"] for r in e["recipient"])


@pytest.mark.parametrize("text,wrong", [
    # a known person's bare surname after another given name is someone else
    ("وقال علي شايف الحريري المتحدث باسم المقاومة إن القوات تقدمت.", "سعد الحريري"),
    ("وقال رئيس مجلس محافظة الأنبار فالح العيساوي إن العشائر تقاتل.", "رافع العيساوي"),
    ("ولقي مدير مركز البحوث العلمية عزيز إسبر مصرعه في انفجار.", "مارك إسبر"),
])
def test_a_surname_after_another_given_name_is_a_namesake(pipe, text, wrong):
    names = {e["name"] for e in analyze(pipe, text)["entities"]}
    assert wrong not in names, names


@pytest.mark.parametrize("text,right", [
    # the person's own given name spelt otherwise, a father's name, or a known name before
    ("وقال رئيس الأركان الأمريكي الجنرال جو دانفورد إن القوات باقية.", "جوزيف دانفورد"),
    ("واستقبل وزير الخارجية الأستاذ عادل بن أحمد الجبير السفير.", "عادل الجبير"),
])
def test_a_surname_after_the_persons_own_name_stays(pipe, text, right):
    names = {e["name"] for e in analyze(pipe, text)["entities"]}
    assert right in names, names
