"""Yes and no in Welsh: the pair that fits a question's first word (as written and
mutated), the checks on a question's own words, old questions keeping the words they
showed, and the easy-read warning when the Welsh words do not fit."""
import pytest
from flask_babel import force_locale

from peersurvey.prepare import document as doc
from peersurvey.prepare import easyread
from peersurvey.questions import BY_NAME, answer_keys
from peersurvey.questions import welsh_answers as welsh

YES_NO = BY_NAME["yes_no"]


@pytest.fixture
def ctx(app):
    with app.test_request_context():
        yield


@pytest.mark.parametrize("question, pair", [
    ("Ydych chi'n hapus yn eich cartref?", ("Ydw", "Nac ydw")),
    ("ydych chi’n dewis eich bwyd?", ("Ydw", "Nac ydw")),          # lower case, curly apostrophe
    ("A ydych chi'n hapus?", ("Ydw", "Nac ydw")),                   # the written question word
    ("Wyt ti'n hoffi dy waith?", ("Ydw", "Nac ydw")),
    ("Oes gennych chi swydd?", ("Oes", "Nac oes")),
    ("A oes rhywun yn eich helpu?", ("Oes", "Nac oes")),
    ("Ydy'r bws yn dod yn aml?", ("Ydy", "Nac ydy")),
    ("Ydi dy fam yn byw yn agos?", ("Ydy", "Nac ydy")),
    ("Yw'r tŷ yn gynnes?", ("Ydy", "Nac ydy")),
    ("Wnaethoch chi fwynhau'r diwrnod?", ("Do", "Naddo")),          # gwnaethoch, mutated
    ("Gwnaethoch chi bleidleisio?", ("Do", "Naddo")),
    ("Aethoch chi i'r coleg?", ("Do", "Naddo")),
    ("Gawsoch chi help?", ("Do", "Naddo")),                         # cawsoch, mutated
    ("Fuoch chi yn y sinema?", ("Do", "Naddo")),                    # buoch, mutated
    ("Gawn ni dynnu eich llun?", ("Cewch", "Na chewch")),           # cawn, mutated
    ("Cawn ni siarad eto?", ("Cewch", "Na chewch")),
    ("Ga i ofyn cwestiwn arall?", ("Cewch", "Na chewch")),
    ("Hoffech chi gael swydd â thâl?", ("Hoffwn", "Na hoffwn")),
    ("Allwch chi fynd allan ar eich pen eich hun?", ("Galla", "Na alla")),  # gallwch, mutated
    ("Gallwch chi goginio?", ("Galla", "Na alla")),
    ("Fedrwch chi ddal y bws?", ("Galla", "Na alla")),              # medrwch, mutated
    ("Fyddwch chi yn y cyfarfod?", ("Bydda", "Na fydda")),          # byddwch, mutated
    ("Fydd hi'n braf yfory?", ("Bydd", "Na fydd")),                 # it, not you: Bydd
    ("Ai chi sy'n gyrru?", ("Ie", "Nage")),
    ("Chi sy'n dewis?", ("Ie", "Nage")),
])
def test_the_pair_that_fits_comes_from_the_first_word(question, pair):
    assert welsh.PAIRS[welsh.suggest(question)] == pair


@pytest.mark.parametrize("question", ["", "   ", "Beth ydych chi'n ei hoffi?", "Oedd hi'n braf?", "?"])
def test_a_question_that_starts_with_no_listed_word_gets_no_suggestion(question):
    assert welsh.suggest(question) is None


def test_no_mutated_form_takes_another_verbs_place():
    for pair, verbs in welsh.STARTS.items():
        for verb in verbs:
            assert welsh.FIRST_WORDS[verb] == pair, verb


def words(yes_en="Yes", yes_cy="Oes", no_en="No", no_cy="Nac oes"):
    return {"yes": {"en": yes_en, "cy": yes_cy}, "no": {"en": no_en, "cy": no_cy}}


@pytest.mark.parametrize("answer_words", [None, words(), words(yes_cy="Oes, mae gen i"),
                                          words(no_cy="Nac\u00a0oes"), words(yes_cy="Ŵyf")])
def test_fair_answer_words_have_no_problems(answer_words):
    assert YES_NO.problems({"answer_words": answer_words}) == []
    assert YES_NO.problems({}) == []        # left out, as in every version published before


@pytest.mark.parametrize("answer_words", [
    "Oes", [], {"yes": {"en": "Yes", "cy": "Oes"}}, {**words(), "maybe": {"en": "Maybe", "cy": "Efallai"}},
    {"yes": {"en": "Yes"}, "no": {"en": "No", "cy": "Nac oes"}},
    words(no_cy=""), words(no_cy="   "), words(yes_en=None), words(yes_en=3),
    words(yes_cy="O" * 31), words(no_en="No\u200b"), words(no_en="No\nway"),
])
def test_answer_words_that_are_missing_long_or_not_plain_are_refused(ctx, answer_words):
    assert len(YES_NO.problems({"answer_words": answer_words})) == 1
    question = doc.new_question("yes_no", "has_job")
    question["answer_words"] = answer_words
    with pytest.raises(doc.DocumentError):
        doc.check({**doc.new_document({"en": "T", "cy": "T"}), "questions": [question]})


def test_a_question_without_words_keeps_the_words_it_always_showed(app):
    old = {"key": "has_job", "kind": "yes_no", "text": {"en": "Do you have a job?", "cy": "Oes gennych chi swydd?"}}
    for language, yes, no in (("en", "Yes", "No"), ("cy", "Ie", "Na")):
        with app.test_request_context(), force_locale(language):
            assert YES_NO.shown(old, "yes")["chosen"][0]["words"] == yes
            assert YES_NO.answer_words(old, "no") == no
            assert [(k, w) for k, w, _p in YES_NO.chart_choices(old)] == [("yes", yes), ("no", no)]
            assert answer_keys(old) == [("yes", yes), ("no", no)]


def test_a_question_with_words_shows_them_in_the_language_of_the_page_and_keeps_its_keys(app):
    question = {"key": "has_job", "kind": "yes_no", "answer_words": words()}
    for language, yes, no in (("en", "Yes", "No"), ("cy", "Oes", "Nac oes")):
        with app.test_request_context(), force_locale(language):
            assert YES_NO.shown(question, "yes")["chosen"][0]["words"] == yes
            assert YES_NO.answer_words(question, "no") == no
            assert [k for k, _w, _p in YES_NO.chart_choices(question)] == ["yes", "no"]
            assert YES_NO.check_answer(question, "yes") is None
            assert YES_NO.check_answer(question, "Oes") is not None      # the words are never kept


def question(text_cy, answer_words=None):
    q = doc.new_question("yes_no", "has_job")
    q.update(text={"en": "Do you have a job?", "cy": text_cy}, picture="openmoji:1F4BC",
             answer_words=answer_words)
    return q


def checked(q):
    return [f for f in easyread.check({**doc.new_document({"en": "Jobs", "cy": "Swyddi"}), "questions": [q]})
            if f.code == "answer_words"]


def test_the_easy_read_check_warns_when_the_welsh_words_do_not_fit_and_says_which_do(ctx):
    [finding] = checked(question("Oes gennych chi swydd?"))      # no words of its own: Ie / Na
    assert (finding.question, finding.field, finding.language) == ("has_job", "answer_words", "cy")
    assert str(finding.message) == ("This question starts with “Oes”, so people answer “Oes” or “Nac oes”, "
                                    "not “Ie” or “Na”. Choose Oes / Nac oes.")
    [finding] = checked(question("Gawn ni dynnu eich llun?", words(yes_cy="Ie", no_cy="Nage")))
    assert "starts with “Gawn”" in str(finding.message) and "Choose Cewch / Na chewch." in str(finding.message)


def test_the_easy_read_check_is_quiet_when_the_words_fit_or_nothing_is_known(ctx):
    assert checked(question("Oes gennych chi swydd?", words())) == []
    assert checked(question("Oes gennych chi swydd?", words(yes_cy="Oes, mae", no_cy="Nac oes, does dim"))) == []
    assert checked(question("Beth am swydd?", words(yes_cy="Ie", no_cy="Na"))) == []
    assert checked(question("")) == []


def test_the_warning_links_to_the_welsh_words_on_the_question_page(client, lead_project, app):
    from tests.prepare.helpers import add_question, new_questionnaire
    url = new_questionnaire(client, lead_project)
    edit = add_question(client, url, "yes_no")
    client.submit(edit, {"text_en": "Do you have a job?", "text_cy": "Oes gennych chi swydd?",
                         "picture": "openmoji:1F4BC", "welsh_words": "ie"})
    page = client.get(url)
    link = [a for a in page.soup.select("a") if "Choose Oes / Nac oes" in a.get_text(" ")
            or "Choose Oes / Nac oes" in (a.find_parent("li") or a).get_text(" ")]
    assert link and link[0]["href"].endswith("#answer_words_cy")
    assert client.get(link[0]["href"].split("#")[0]).soup.select_one("#answer_words_cy") is not None
