"""The easy-read check on its own, with an example of each warning."""
import json
from pathlib import Path

import pytest

from peersurvey.prepare import document as doc
from peersurvey.prepare import easyread


@pytest.fixture
def ctx(app):
    with app.test_request_context():
        yield


def good_question(key="money", kind="yes_no"):
    q = doc.new_question(kind, key)
    q["text"] = {"en": "Do you have your own money?", "cy": "Oes gennych chi eich arian eich hun?"}
    q["picture"] = "openmoji:1F4B0"
    if kind == "yes_no":    # Welsh answers "Oes…?" with "Oes" / "Nac oes"
        q["answer_words"] = {"yes": {"en": "Yes", "cy": "Oes"}, "no": {"en": "No", "cy": "Nac oes"}}
    return q


def document_with(*questions):
    d = doc.new_document({"en": "Money", "cy": "Arian"})
    d["questions"] = list(questions)
    return d


def codes(findings):
    return sorted(((f.code, f.question, f.option, f.language) for f in findings), key=lambda c: [x or "" for x in c])


def test_a_plain_questionnaire_has_nothing_to_fix(ctx):
    assert easyread.check(document_with(good_question())) == []


def test_a_sentence_over_15_words_is_pointed_out_with_its_count(ctx):
    q = good_question()
    q["text"]["en"] = ("Thinking about all of the different things that you do each week, "
                       "which of them do you enjoy the most?")
    [finding] = easyread.check(document_with(q))
    assert (finding.code, finding.question, finding.language) == ("long_sentence", "money", "en")
    assert "20 words" in str(finding.message)


def test_15_words_is_fine_and_each_sentence_counts_on_its_own(ctx):
    q = good_question()
    q["text"]["en"] = ("Do you go out to see your friends and family at the weekend or not? "
                       "We go out to see our friends at the weekend.")
    assert easyread.check(document_with(q)) == []


def test_hard_words_get_a_plainer_word_suggested_in_each_language(ctx):
    q = good_question()
    q["text"] = {"en": "Would you like assistance with your finances?",
                 "cy": "Hoffech chi gymorth gyda'ch arian? Oes angen cymorth?"}
    findings = [f for f in easyread.check(document_with(q)) if f.code == "hard_word"]
    messages = [str(f.message) for f in findings]
    assert any("“assistance” is a hard word. Try “help” instead." == m for m in messages)
    assert any(f.language == "cy" and "cymorth" in str(f.message) for f in findings)


def test_a_hard_word_inside_a_longer_word_is_not_a_hard_word(ctx):
    q = good_question()
    q["text"]["en"] = "Is the requirement met?"   # "require" is hard, "requirement" is another word
    assert not [f for f in easyread.check(document_with(q), [{"language": "en", "hard": "require",
                                                                 "plain": "need"}])
                if f.code == "hard_word" and "“require”" in str(f.message)]


def test_a_leads_own_hard_words_are_checked_too(ctx):
    q = good_question()
    q["text"]["en"] = "Do you get your benefits on time?"
    findings = easyread.check(document_with(q), [{"language": "en", "hard": "benefits", "plain": "money from the council"}])
    assert [str(f.message) for f in findings] == ["“benefits” is a hard word. Try “money from the council” instead."]


def test_questions_and_answers_without_pictures_are_pointed_out(ctx):
    q = good_question(kind="picture_choice")
    q["picture"] = None
    option = doc.new_option("bus")
    option["text"] = {"en": "Bus", "cy": "Bws"}
    q["options"].append(option)
    assert codes(easyread.check(document_with(q))) == [
        ("no_picture", "money", None, None), ("no_picture", "money", "bus", None)]


def test_missing_welsh_and_missing_english_are_each_named(ctx):
    q = good_question()
    q["text"]["cy"] = ""
    other = good_question("work")
    other["text"]["en"] = ""
    findings = easyread.check(document_with(q, other))
    assert codes(findings) == [("missing_language", "money", None, "cy"), ("missing_language", "work", None, "en")]
    assert {str(f.message) for f in findings} == {"The Welsh words are missing.", "The English words are missing."}


def test_a_question_with_no_words_at_all_says_so_once(ctx):
    q = good_question()
    q["text"] = doc.texts()
    [finding] = easyread.check(document_with(q))
    assert finding.code == "missing_language" and finding.language is None


def test_more_than_eight_options_on_a_page_is_pointed_out(ctx):
    q = good_question(kind="picture_choice")
    for n in range(9):
        option = doc.new_option(f"o{n}")
        option["text"] = {"en": f"Thing {n}", "cy": f"Peth {n}"}
        option["picture"] = "openmoji:1F4B0"
        q["options"].append(option)
    findings = easyread.check(document_with(q))
    assert codes(findings) == [("too_many_options", "money", None, None)]
    assert "9 options" in str(findings[0].message)


def test_the_consent_page_and_title_are_checked_too(ctx):
    d = document_with(good_question())
    d["consent"][0]["text"]["en"] = "We will endeavour to maintain the confidentiality of your information at all times, as required by law."
    d["title"]["cy"] = ""
    found = codes(easyread.check(d))
    assert ("missing_language", None, None, "cy") in found
    assert ("long_sentence", None, None, "en") in found or ("hard_word", None, None, "en") in found


def test_the_default_consent_page_reads_well_in_both_languages(ctx):
    d = document_with(good_question())
    assert [f for f in easyread.check(d) if f.field == "consent"] == []


def test_the_demo_questionnaire_reads_well(ctx):
    import json
    from pathlib import Path
    import peersurvey.prepare as prepare
    demo = json.loads((Path(prepare.__file__).parent / "demo_questionnaire.json").read_text())
    doc.check(demo)
    assert easyread.check(demo) == []


def test_a_welsh_hard_word_is_found_in_its_mutated_forms_too(ctx):
    for text in ("Oes angen cymorth arnoch chi?", "Hoffech chi gael gymorth?",
                 "Dyma fy nghymorth i.", "Mae hi'n cael ei chymorth."):
        q = good_question()
        q["text"]["cy"] = text
        found = [str(f.message) for f in easyread.check(document_with(q)) if f.code == "hard_word" and f.language == "cy"]
        assert any("“cymorth”" in m for m in found), text


def test_welsh_mutations_follow_the_rules(ctx):
    assert easyread.welsh_forms("cymorth") == {"cymorth", "gymorth", "nghymorth", "chymorth"}
    assert easyread.welsh_forms("llety") == {"llety", "lety"}
    assert easyread.welsh_forms("gwasanaeth") == {"gwasanaeth", "wasanaeth", "ngwasanaeth"}
    assert easyread.welsh_forms("arian") == {"arian"}


def test_gweithiwr_cymorth_is_an_everyday_name_but_cymorth_alone_is_still_flagged():
    for text in ("Fy ngweithiwr cymorth", "Mae gweithiwr cymorth gyda fi.", "Gweithwyr cymorth"):
        found = [str(f.message) for f in easyread._hard_words(text, (("cymorth", "help"),), "cy", None, None, "text")]
        assert found == [], text
    assert list(easyread._hard_words("Oes angen cymorth?", (("cymorth", "help"),), "cy", None, None, "text"))


def test_the_demo_says_gweithiwr_cymorth_and_its_check_finds_no_hard_welsh_word():
    document = json.loads((Path(easyread.__file__).with_name("demo_questionnaire.json")).read_text())
    text = json.dumps(document, ensure_ascii=False)
    assert "gweithiwr cymorth" in text and "cefnogi" not in text
    hard = [f for f in easyread.check(document) if f.code == "hard_word" and f.language == "cy"]
    assert not [f for f in hard if "cymorth" in str(f.message)]


# Item 12: hard words found by how common they are, passive voice, numbers, notes.

def _found(text, extra=()):
    q = good_question()
    q["text"]["en"] = text
    return [f for f in easyread.check(document_with(q), extra) if f.language == "en"]


def test_words_nobody_listed_are_found_with_a_reason_and_a_suggestion(ctx):
    findings = _found("Notwithstanding the aforementioned infrastructural considerations.")
    messages = {str(f.message) for f in findings if f.code == "hard_word"}
    assert "“notwithstanding” is a hard word. Try “even so” instead." in messages
    assert ("“infrastructural” is not a common word, so it may be hard to read. "
            "Use a shorter, more common word.") in messages
    assert len(messages) == 4


def test_passive_sentences_and_numbers_in_words_are_found(ctx):
    findings = _found("You were asked about twelve things.")
    assert {(f.code, str(f.message)) for f in findings} == {
        ("passive", "“were asked” does not say who does it. Say who: "
                    "“We asked you” is easier than “You were asked”."),
        ("number_word", "“twelve” is a number written as a word. Write it as a number: “12”.")}


def test_feelings_names_and_the_groups_own_plain_words_are_not_flagged(ctx):
    assert _found("Are you tired? Does Bronwen see her support worker?") == []
    assert _found("Do you like snorkelling?")  # not common, until the group says so
    extra = [{"language": "en", "hard": "scuba diving", "plain": "snorkelling"}]
    assert _found("Do you like snorkelling?", extra) == []


def test_the_demo_questionnaire_has_no_hard_word_passive_or_number_findings(ctx):
    import json
    from pathlib import Path
    path = Path(easyread.__file__).with_name("demo_questionnaire.json")
    document = json.loads(path.read_text(encoding="utf-8"))
    document = document.get("document", document)
    assert [f for f in easyread.check(document)
            if f.code in ("hard_word", "passive", "number_word")] == []


def test_an_interviewers_note_in_one_language_only_is_missing_its_welsh(ctx):
    q = good_question()
    q["note"] = {"en": "Point at the picture.", "cy": ""}
    assert codes(easyread.check(document_with(q))) == [("missing_language", "money", None, "cy")]
    [finding] = easyread.check(document_with(q))
    assert finding.field == "note"
    q["note"] = {"en": "", "cy": ""}
    assert easyread.check(document_with(q)) == []


def test_welsh_keeps_its_list_with_mutations_and_accepts_gweithiwr_cymorth(ctx):
    q = good_question()
    q["text"]["cy"] = "Ydych chi'n gweld eich gweithiwr cymorth?"
    q["answer_words"]["yes"]["cy"], q["answer_words"]["no"]["cy"] = "Ydw", "Nac ydw"
    assert easyread.check(document_with(q)) == []
    q["text"]["cy"] = "Hoffech chi gymorth?"
    q["answer_words"]["yes"]["cy"], q["answer_words"]["no"]["cy"] = "Hoffwn", "Na hoffwn"
    [finding] = easyread.check(document_with(q))
    assert (finding.code, finding.language) == ("hard_word", "cy")
