"""Normalisation, offsets, sentences, tokens and clitic-aware matching on real Arabic text."""
from marsad.text.matcher import PhraseMatcher
from marsad.text.normalize import fold, normalize
from marsad.text.sentences import split_sentences
from marsad.text.tokens import analyses, lookup, tokenize


def test_fold_letters_digits_diacritics():
    assert fold("أميركيّة") == "اميركيه"
    assert fold("إبريل") == fold("ابريل") == fold("أبريل")
    assert fold("مصطفى") == "مصطفي"
    assert fold("دعماً") == "دعما"
    assert fold("هـجـوم") == "هجوم"
    assert fold("٢١ نيسان ۲۰۱۹") == "21 نيسان 2019"
    assert fold("«لا يوجد»") == '"لا يوجد"'


def test_offsets_map_back_to_original():
    text = "وأكدّت السفارةُ الأميركيّة في ليبيا"
    norm = normalize(text)
    i = norm.text.index("السفاره")
    s, e = norm.to_orig(i, i + len("السفاره"))
    assert text[s:e] == "السفارةُ"
    j = norm.text.index("ليبيا")
    assert text[slice(*norm.to_orig(j, j + 5))] == "ليبيا"


def test_matcher_accepts_proclitics_and_article_forms():
    m = PhraseMatcher()
    m.add("حفتر", "HAFTAR")
    m.add("فرنسا", "FRA")
    m.add("الولايات المتحدة", "USA")
    m.add("السعودية", "SAU")
    m.add("أميركي", "USA-ADJ")
    text = "دعم لحفتر وبفرنسا وللولايات المتحدة بالسعودية والأميركي"
    found = {(x.text, x.payload) for x in m.find(normalize(text))}
    assert ("حفتر", "HAFTAR") in found
    assert ("فرنسا", "FRA") in found
    assert ("ولايات المتحدة", "USA") in found
    assert ("السعودية", "SAU") in found
    assert ("الأميركي", "USA-ADJ") in found


def test_a_word_spelled_with_hamzated_alef_and_lam_takes_the_article():
    # "ألماني" folds to "الماني", which looks like article + "ماني": it is not, so "الألماني" matches
    m = PhraseMatcher()
    m.add("ألماني", "DEU-ADJ")
    m.add("ألمانيا", "DEU")
    m.add("الجزائر", "DZA")
    text = "قال الوزير الألماني في ألمانيا وبألمانيا إن الجزائر وبالجزائر"
    found = [(x.text, x.payload) for x in m.find(normalize(text))]
    assert ("الألماني", "DEU-ADJ") in found
    assert found.count(("ألمانيا", "DEU")) == 2
    assert found.count(("الجزائر", "DZA")) == 2   # بالجزائر: the span keeps its article


def test_matcher_rejects_word_internal_hits():
    m = PhraseMatcher()
    m.add("مصر", "EGY")
    m.add("عمان", "OMN")
    text = "أعلن مصرع ثلاثة أشخاص في الأعمال القتالية"
    assert m.find(normalize(text)) == []


def test_longest_match_wins():
    m = PhraseMatcher()
    m.add("مجلس الأمن", "UNSC")
    m.add("الأمن", "SECURITY")
    hits = m.find(normalize("إصدار قرار في مجلس الأمن الدولي"))
    assert [h.payload for h in hits] == ["UNSC"]


def test_sentences_respect_quotes_and_abbreviations():
    text = ('وقال ماتيس: "ما زلت غير قادر على تقديم المزيد. ولكنهم حصلوا على توجيهات من أحد". '
            "وأضاف د. محمد أن الوضع هادئ.\nفقرة ثانية هنا")
    sents = [text[s.start:s.end] for s in split_sentences(text)]
    assert sents[0].startswith("وقال ماتيس") and sents[0].endswith('أحد".')
    assert sents[1] == "وأضاف د. محمد أن الوضع هادئ."
    assert sents[2] == "فقرة ثانية هنا"


def test_tokens_keep_offsets_and_strip_article():
    text = "وبالسعودية، شنّت الطائرات غاراتها"
    toks = tokenize(normalize(text))
    assert [text[t.start:t.end] for t in toks] == ["وبالسعودية", "شنّت", "الطائرات", "غاراتها"]
    assert toks[0].stem == "سعوديه"


def test_clitic_analysis_finds_lexicon_stem():
    lex = {"دعم", "حكومه", "هجوم"}
    assert lookup("ودعمها", lex) == ("و", "دعم", "ها")
    assert lookup("لحكومتها", lex)[1] == "حكومه"
    assert lookup("بهجوم", lex) == ("ب", "هجوم", "")
    assert lookup("مدعوم", lex) is None
    assert ("", "بحث", "") in analyses("بحث")


def test_a_definite_noun_takes_no_possessive_pronoun():
    from marsad.text.tokens import analyses
    # "الاجتماعي" is "social", never "my meeting"
    assert all(not (stem in ("اجتماع", "الاجتماع") and suf) for _, stem, suf in analyses("الاجتماعي"))
    # an indefinite noun still does: "حكومتها" → حكومه + ها
    assert ("", "حكومه", "ها") in analyses("حكومتها")


def test_an_opening_dateline_is_found_with_its_agency():
    from marsad.text.dateline import dateline_end
    text = "دبي، الإمارات العربية المتحدة (CNN)-- قالت الحكومة اليمنية إن"
    assert text[:dateline_end(text)].rstrip() == "دبي، الإمارات العربية المتحدة (CNN)--"
    # a bracket later in the story, or an unknown source, is no dateline
    assert dateline_end("قالت الحكومة اليمنية (رويترز) إن الهجوم فشل") == 0
    assert dateline_end("القاهرة (رويترز) - قالت الحكومة") == len("القاهرة (رويترز) -")
    assert dateline_end("قال الوزير (في مؤتمر صحفي)-- إن") == 0
    # a bracketed aside in the first sentence is no dateline
    assert dateline_end("يبدأ ولي العهد السعودي الأمير محمد بن سلمان (32 عاما) الاثنين زيارة") == 0
