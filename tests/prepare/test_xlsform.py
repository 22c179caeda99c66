"""The XLSForm importer: real shapes of ODK and KoboToolbox forms, what is carried over,
and what is reported (with the row a lead sees in Excel) when it is not."""
import io
import os
import re
import zipfile

import openpyxl
import pytest
from flask import Flask
from flask_babel import Babel

from peersurvey.prepare.xlsform import ImportResult, Line, read_xlsform

KEY = re.compile(r"^[a-z][a-z0-9_]{0,39}$")
QUESTION_FIELDS = {"key", "kind", "text", "picture", "note", "heading", "condition", "audio"}
EXTRA_FIELDS = {"picture_choice": {"multiple", "options"}, "short_answer": {"numeric", "min", "max"},
                "yes_no": set(), "free_text": set()}


# Helpers -----------------------------------------------------------------------------

def workbook(tmp_path, survey, choices=None, settings=None, name="form.xlsx"):
    """Write an XLSForm from lists of rows (the first row of each sheet is its headings)."""
    book = openpyxl.Workbook()
    sheets = [("survey", survey), ("choices", choices), ("settings", settings)]
    book.remove(book.active)
    for title, rows in sheets:
        if rows is not None:
            sheet = book.create_sheet(title)
            for row in rows:
                sheet.append(row)
    path = tmp_path / name
    book.save(path)
    return path


@pytest.fixture(scope="module")
def app():
    """Just enough of an app to render lazy messages: the importer needs nothing more."""
    app = Flask(__name__)
    Babel(app)
    return app


@pytest.fixture
def render(app):
    """Lines as (sheet, row, sentence), rendered as a page would render them."""
    def render(lines):
        with app.test_request_context():
            rendered = [(line.sheet, line.row, str(line.message)) for line in lines]
        for _, _, sentence in rendered:
            assert "%(" not in sentence and sentence.rstrip().endswith("."), sentence
        return rendered
    return render


def rows_of(rendered):
    return [row for _, row, _ in rendered]


def said_about(rendered, row, sheet="survey"):
    return " ".join(text for s, r, text in rendered if r == row and s == sheet)


def check_document(document):
    """The fields of docs/questionnaire-format.md, and nothing else."""
    assert set(document) == {"format", "title", "consent", "questions"}
    assert document["format"] == "peersurvey-questionnaire/1"
    for text in (document["title"], document["consent"]):
        assert set(text) == {"en", "cy"} and all(isinstance(v, str) for v in text.values())
    seen = {}
    for question in document["questions"]:
        kind = question["kind"]
        assert set(question) == QUESTION_FIELDS | EXTRA_FIELDS[kind], question
        assert KEY.match(question["key"]) and question["key"] not in seen
        for text in (question["text"], question["note"]):
            assert set(text) == {"en", "cy"} and all(isinstance(v, str) for v in text.values())
        assert question["picture"] is None and question["heading"] is None
        assert question["audio"] == {"en": None, "cy": None}
        if kind == "picture_choice":
            option_keys = [option["key"] for option in question["options"]]
            assert len(set(option_keys)) == len(option_keys)
            for option in question["options"]:
                assert set(option) == {"key", "text", "picture", "audio"}
                assert KEY.match(option["key"]) and option["picture"] is None
                assert option["audio"] == {"en": None, "cy": None}
        condition = question["condition"]
        if condition is not None:
            assert set(condition) == {"question", "options"}
            earlier = seen[condition["question"]]  # a KeyError means: not an earlier question
            allowed = ({"yes", "no"} if earlier["kind"] == "yes_no"
                       else {option["key"] for option in earlier["options"]})
            assert condition["options"] and set(condition["options"]) <= allowed
        seen[question["key"]] = question


def questions_by_key(result):
    check_document(result.document)
    return {question["key"]: question for question in result.document["questions"]}


# (a) A bilingual English and Welsh form -------------------------------------------------

BILINGUAL_SURVEY = [
    ["type", "name", "Label::English (en)", "label::Welsh (cy)", "hint::English (en)",
     "hint::Welsh (cy)", "image::English (en)", "relevant", "constraint", "required"],
    ["note", "intro", "Thank you for talking to us.", "Diolch am siarad gyda ni.",
     None, None, None, None, None, None],
    ["select_one yes_no", "likes_work", "Do you like your work?",
     "Ydych chi'n hoffi eich gwaith?", "Point to the picture.", "Pwyntiwch at y llun.",
     "work.png", None, None, "yes"],
    ["select_multiple activities", "weekday_activities", "What do you do in the week?",
     "Beth ydych chi'n ei wneud yn ystod yr wythnos?", None, None, None,
     "${likes_work} = 'yes'", None, None],
    ["select_multiple activities", "weekend_activities", "What do you do at the weekend?",
     "Beth ydych chi'n ei wneud ar y penwythnos?", None, None, None, None, None, None],
    ["text", "best_thing", "What is the best thing about your work?",
     "Beth yw'r peth gorau am eich gwaith?", None, None, None, None, None, None],
    ["integer", "age", "How old are you?", "Faint yw eich oed chi?", None, None, None, None,
     ". >= 16 and . <= 120", "yes"],
]
BILINGUAL_CHOICES = [
    ["list_name", "name", "label::English (en)", "label::Welsh (cy)", "media::image"],
    ["yes_no", "yes", "Yes", "Ie", "yes.png"],
    ["yes_no", "no", "No", "Na", "no.png"],
    ["activities", "cinema", "Going to the cinema", "Mynd i'r sinema", "cinema.png"],
    ["activities", "Swimming", "Swimming", "Nofio", None],
    ["activities", "shopping", "Shopping", "Siopa", None],
]
BILINGUAL_SETTINGS = [
    ["form_title::English (en)", "form_title::Welsh (cy)", "default_language", "form_id"],
    ["My work", "Fy ngwaith", "English (en)", "my_work_2024"],
]


@pytest.fixture
def bilingual(tmp_path):
    return read_xlsform(workbook(tmp_path, BILINGUAL_SURVEY, BILINGUAL_CHOICES, BILINGUAL_SETTINGS))


def test_a_bilingual_form_keeps_its_english_and_welsh_words(bilingual):
    document = bilingual.document
    questions = questions_by_key(bilingual)
    assert document["title"] == {"en": "My work", "cy": "Fy ngwaith"}
    assert document["consent"] == {"en": "", "cy": ""}
    assert list(questions) == ["likes_work", "weekday_activities", "weekend_activities",
                               "best_thing", "age"]
    assert questions["likes_work"]["text"] == {"en": "Do you like your work?",
                                               "cy": "Ydych chi'n hoffi eich gwaith?"}
    assert questions["weekday_activities"]["options"][0]["text"] == {
        "en": "Going to the cinema", "cy": "Mynd i'r sinema"}


def test_each_type_becomes_the_nearest_peersurvey_question(bilingual):
    questions = questions_by_key(bilingual)
    assert questions["likes_work"]["kind"] == "yes_no" and "options" not in questions["likes_work"]
    assert questions["weekday_activities"]["kind"] == "picture_choice"
    assert questions["weekday_activities"]["multiple"] is True
    assert questions["best_thing"]["kind"] == "free_text"
    assert questions["age"] == {**questions["age"], "kind": "short_answer", "numeric": True,
                                "min": 16, "max": 120}


def test_a_shared_list_of_choices_is_copied_into_each_question(bilingual, render):
    questions = questions_by_key(bilingual)
    weekday, weekend = questions["weekday_activities"], questions["weekend_activities"]
    assert [o["key"] for o in weekday["options"]] == ["cinema", "swimming", "shopping"]
    assert weekday["options"] == weekend["options"]
    assert weekday["options"] is not weekend["options"]
    # The renamed choice is reported once, on its row of the choices sheet.
    carried = render(bilingual.carried)
    renamed = [line for line in carried if "“Swimming” became “swimming”" in line[2]]
    assert [(sheet, row) for sheet, row, _ in renamed] == [("choices", 5)]


def test_a_note_and_a_hint_become_the_interviewers_note(bilingual, render):
    note = questions_by_key(bilingual)["likes_work"]["note"]
    assert note == {"en": "Thank you for talking to us.\n\nPoint to the picture.",
                    "cy": "Diolch am siarad gyda ni.\n\nPwyntiwch at y llun."}
    assert "interviewer note of the next question, “likes_work”" in said_about(
        render(bilingual.carried), 2)


def test_a_yes_no_condition_is_carried_over(bilingual, render):
    condition = questions_by_key(bilingual)["weekday_activities"]["condition"]
    assert condition == {"question": "likes_work", "options": ["yes"]}
    assert "${likes_work} = 'yes'" in said_about(render(bilingual.carried), 4)


def test_pictures_are_reported_by_file_name_and_left_for_the_builder(bilingual, render):
    not_carried = render(bilingual.not_carried)
    assert "“work.png”" in said_about(not_carried, 3)
    assert "choose a picture" in said_about(not_carried, 3).lower()
    assert "“cinema.png”" in said_about(not_carried, 4, sheet="choices")
    assert "on the “choices” sheet" in said_about(not_carried, 4, sheet="choices")
    # yes and no have peersurvey's own pictures, so their files are not worth a line.
    assert not said_about(not_carried, 2, sheet="choices")


def test_every_row_of_a_bilingual_form_is_accounted_for(bilingual, render):
    carried = render(bilingual.carried)
    assert set(rows_of([line for line in carried if line[0] == "survey"])) == {2, 3, 4, 5, 6, 7}
    assert "(. >= 16 and . <= 120) was carried over" in said_about(carried, 7)
    # Row 3's picture is the only survey row with something left behind.
    not_carried = render(bilingual.not_carried)
    assert [row for sheet, row, _ in not_carried if sheet == "survey"] == [3]
    # Nothing about a missing language: the form has both.
    assert not any("Welsh" in text for _, _, text in render(bilingual.not_carried))


def test_column_headings_are_read_whatever_their_case_and_spacing(tmp_path, render):
    survey = [["Type", "Name", "Label :: english", "label::Cymraeg (cy)", "label::French (fr)",
               "LABEL::Deutsch (de)", "Hint::en-GB", "hint::cy"],
              ["Text", "home", "Where do you live?", "Ble rydych chi'n byw?", "Où?", None,
               "Town or village", "Tref neu bentref"]]
    result = read_xlsform(workbook(tmp_path, survey))
    home = questions_by_key(result)["home"]
    assert home["text"] == {"en": "Where do you live?", "cy": "Ble rydych chi'n byw?"}
    assert home["note"] == {"en": "Town or village", "cy": "Tref neu bentref"}
    not_carried = render(result.not_carried)
    # The French column is reported once; the empty German one is not worth a line.
    assert [(s, r) for s, r, t in not_carried if "language other than" in t] == [("survey", 1)]
    assert "label::French (fr)" in said_about(not_carried, 1)


def test_a_label_without_a_language_follows_the_default_language(tmp_path):
    survey = [["type", "name", "label", "label::English (en)"],
              ["text", "home", "Ble rydych chi'n byw?", "Where do you live?"]]
    settings = [["form_title", "default_language"], ["Ein bywydau", "Welsh (cy)"]]
    result = read_xlsform(workbook(tmp_path, survey, settings=settings))
    assert questions_by_key(result)["home"]["text"] == {"en": "Where do you live?",
                                                       "cy": "Ble rydych chi'n byw?"}
    assert result.document["title"] == {"en": "", "cy": "Ein bywydau"}


def test_a_form_without_settings_gets_the_default_title(tmp_path):
    result = read_xlsform(workbook(tmp_path, [["type", "name", "label"], ["text", "a", "A?"]]))
    assert result.document["title"]["en"] == "Imported questionnaire"


# (b) A KoboToolbox form full of things peersurvey does not do --------------------------

KOBO_SURVEY = [
    ["type", "name", "label", "hint", "required", "appearance", "calculation"],
    ["start", "start", None, None, None, None, None],                                # 2
    ["end", "end", None, None, None, None, None],                                    # 3
    ["deviceid", "deviceid", None, None, None, None, None],                          # 4
    ["today", "today", None, None, None, None, None],                                # 5
    ["begin_group", "about_you", "About you", None, None, "field-list", None],       # 6
    ["text", "nickname", "What do people call you?", None, "true", None, None],      # 7
    ["select_one yes_no", "has_support", "Do you get support?", None, None, None, None],  # 8
    ["end_group", None, None, None, None, None, None],                               # 9
    ["begin_repeat", "children", "Your children", None, None, None, None],          # 10
    ["text", "child_name", "Name", None, None, None, None],                         # 11
    ["integer", "child_age", "Age", None, None, None, None],                        # 12
    ["begin group", "child_school", "School", None, None, None, None],              # 13
    ["select_one yes_no", "at_school", "At school?", None, None, None, None],       # 14
    ["end group", None, None, None, None, None, None],                              # 15
    ["end_repeat", None, None, None, None, None, None],                             # 16
    ["calculate", "child_count", None, None, None, None, "count(${children})"],     # 17
    ["geopoint", "location", "Where are you?", None, None, None, None],             # 18
    ["select_one_from_file Towns.csv", "town", "Which town?", None, None, None, None],  # 19
    ["date", "visit_date", "Date of visit", None, None, None, None],                # 20
    ["image", "photo", "Take a photo", None, None, None, None],                     # 21
    ["rank", "priorities", "Put these in order", None, None, None, None],           # 22
    ["text", "comments", "Anything else?", "Write it all down", None, None, None],  # 23
]
KOBO_CHOICES = [["list_name", "name", "label"], ["yes_no", "Yes", "Yes"], ["yes_no", "No", "No"]]


@pytest.fixture
def kobo(tmp_path):
    return read_xlsform(workbook(tmp_path, KOBO_SURVEY, KOBO_CHOICES))


def test_what_peersurvey_can_ask_is_imported_from_a_kobo_form(kobo):
    questions = questions_by_key(kobo)
    assert list(questions) == ["nickname", "has_support", "comments"]
    assert questions["has_support"]["kind"] == "yes_no"
    assert questions["comments"]["note"] == {"en": "Write it all down", "cy": ""}
    assert kobo.document["title"]["en"] == "Imported questionnaire"


def test_a_repeat_is_reported_row_by_row_and_its_questions_are_left_out(kobo, render):
    not_carried = render(kobo.not_carried)
    assert "“children” is a repeat" in said_about(not_carried, 10)
    for row, name in ((11, "child_name"), (12, "child_age"), (14, "at_school")):
        assert f"“{name}” is inside the repeat “children”" in said_about(not_carried, row)
    # The group rows inside the repeat hold no question, so they get no line of their own.
    assert not {13, 15, 16} & set(rows_of(not_carried))


def test_groups_are_flattened_and_reported_once(kobo, render):
    not_carried = render(kobo.not_carried)
    group_lines = [line for line in not_carried if "groups" in line[2]]
    assert [(s, r) for s, r, _ in group_lines] == [("survey", 6)]
    assert "“about_you”" in group_lines[0][2]


def test_every_unsupported_row_of_a_kobo_form_has_its_own_line(kobo, render):
    not_carried = render(kobo.not_carried)
    assert "calculation" in said_about(not_carried, 17)
    assert "a place on a map" in said_about(not_carried, 18)
    assert "“Towns.csv”" in said_about(not_carried, 19)
    assert "date or time" in said_about(not_carried, 20)
    assert "a photo" in said_about(not_carried, 21)
    assert "“rank”" in said_about(not_carried, 22)


def test_metadata_is_reported_together_in_one_line(kobo, render):
    lines = [line for line in render(kobo.not_carried) if "fills in by itself" in line[2]]
    assert len(lines) == 1
    sheet, row, text = lines[0]
    assert (sheet, row) == ("survey", 2)
    assert "Rows 2, 3, 4, 5" in text and "start, end, deviceid, today" in text


def test_a_form_with_no_welsh_says_so(kobo, render):
    assert "no Welsh words" in said_about(render(kobo.not_carried), 1)


def test_lines_are_in_the_order_a_person_reads_the_sheets(kobo):
    places = [(line.sheet, line.row) for line in kobo.not_carried]
    assert places == sorted(places, key=lambda p: (["", "settings", "survey", "choices"].index(p[0]), p[1]))
    assert all(isinstance(line, Line) for line in kobo.carried + kobo.not_carried)


# (c) Conditions (relevant) ------------------------------------------------------------

CONDITION_SURVEY = [
    ["type", "name", "label", "relevant"],
    ["select_one colours", "colour", "Favourite colour?", None],         # 2
    ["select_one yn", "happy", "Are you happy?", None],                   # 3
    ["select_multiple colours", "liked", "Colours you like?", None],      # 4
    ["text", "why", "Why?", None],                                        # 5
    ["integer", "age", "Age?", None],                                     # 6
]
CONDITION_CHOICES = [["list_name", "name", "label"],
                     ["colours", "red", "Red"], ["colours", "blue", "Blue"],
                     ["colours", "Light Green", "Light green"],
                     ["yn", "Yes", "Yes"], ["yn", "No", "No"]]


def form_with_condition(tmp_path, expression):
    survey = CONDITION_SURVEY + [["text", "target", "Tell me more", expression],   # 7
                                 ["select_one yn", "later", "Later?", None]]       # 8
    return read_xlsform(workbook(tmp_path, survey, CONDITION_CHOICES))


@pytest.mark.parametrize("expression, condition", [
    ("${colour} = 'red'", {"question": "colour", "options": ["red"]}),
    ("${colour}='red' or ${colour}='blue'", {"question": "colour", "options": ["red", "blue"]}),
    ('${colour} = "blue"', {"question": "colour", "options": ["blue"]}),
    ("selected(${liked}, 'Light Green')", {"question": "liked", "options": ["light_green"]}),
    ("selected(${liked}, 'red') or selected( ${liked} ,\"blue\")",
     {"question": "liked", "options": ["red", "blue"]}),
    ("${happy} = 'Yes'", {"question": "happy", "options": ["yes"]}),
    ("selected(${happy}, 'No')", {"question": "happy", "options": ["no"]}),
    ("${colour} = 'red' or selected(${colour}, 'red')", {"question": "colour", "options": ["red"]}),
])
def test_a_simple_condition_on_an_earlier_choice_is_carried_over(tmp_path, render, expression,
                                                                  condition):
    result = form_with_condition(tmp_path, expression)
    assert questions_by_key(result)["target"]["condition"] == condition
    assert "condition" not in said_about(render(result.not_carried), 7)
    assert expression in said_about(render(result.carried), 7)


@pytest.mark.parametrize("expression", [
    "${colour} = 'red' and ${happy} = 'Yes'",
    "not(selected(${liked}, 'red'))",
    "${colour} != 'red'",
    "${age} > 18",
    "${why} = 'because'",
    "${later} = 'Yes'",
    "${nobody} = 'red'",
    "${colour} = 'purple'",
    "${colour} = 'red' or ${happy} = 'Yes'",
    "${colour} = 'red' or",
    "count-selected(${liked}) > 1",
])
def test_any_other_condition_is_reported_and_the_question_is_always_asked(tmp_path, render,
                                                                          expression):
    result = form_with_condition(tmp_path, expression)
    assert questions_by_key(result)["target"]["condition"] is None
    said = said_about(render(result.not_carried), 7)
    assert expression in said and "always asked" in said


def test_a_groups_condition_applies_to_the_questions_inside_it(tmp_path):
    survey = CONDITION_SURVEY + [
        ["begin group", "more", "More", "${happy} = 'No'"],
        ["text", "inside", "What would help?", None],
        ["text", "both", "Which colour?", "${colour} = 'red'"],
        ["end group", None, None, None],
        ["text", "after", "Thank you", None]]
    questions = questions_by_key(read_xlsform(workbook(tmp_path, survey, CONDITION_CHOICES)))
    assert questions["inside"]["condition"] == {"question": "happy", "options": ["no"]}
    assert questions["both"]["condition"] is None  # two conditions at once is an "and"
    assert questions["after"]["condition"] is None


# Names, numbers and other details -----------------------------------------------------

def test_names_are_made_into_keys_and_each_change_is_reported(tmp_path, render):
    survey = [["type", "name", "label"],
              ["text", "Home Town", "Where?"],
              ["text", "home_town", "Where again?"],
              ["text", "1st_job", "First job?"],
              ["text", "x" * 50, "Long?"],
              ["text", None, "No name?"]]
    result = read_xlsform(workbook(tmp_path, survey))
    keys = list(questions_by_key(result))
    assert keys == ["home_town", "home_town_2", "question_1st_job", "x" * 40, "question"]
    carried = render(result.carried)
    assert "“Home Town” became “home_town”" in said_about(carried, 2)
    assert "“home_town” became “home_town_2”" in said_about(carried, 3)
    assert "no name" in said_about(carried, 6)


def test_a_constraint_that_is_not_a_simple_range_is_reported(tmp_path, render):
    survey = [["type", "name", "label", "constraint"],
              ["integer", "people", "How many people?", ". > 0"],
              ["integer", "year", "Which year?", ". >= 1900 and . <= today()"],
              ["text", "postcode", "Postcode?", "regex(., '^[A-Z]')"]]
    result = read_xlsform(workbook(tmp_path, survey))
    questions = questions_by_key(result)
    assert (questions["people"]["min"], questions["people"]["max"]) == (1, None)
    assert (questions["year"]["min"], questions["year"]["max"]) == (None, None)
    not_carried = render(result.not_carried)
    assert ". >= 1900 and . <= today()" in said_about(not_carried, 3)
    assert "regex(., '^[A-Z]')" in said_about(not_carried, 4)


def test_a_decimal_becomes_a_short_text_answer_and_says_so(tmp_path, render):
    survey = [["type", "name", "label"], ["decimal", "height", "How tall are you?"]]
    result = read_xlsform(workbook(tmp_path, survey))
    question = questions_by_key(result)["height"]
    assert question["kind"] == "short_answer" and question["numeric"] is False
    assert "decimals" in said_about(render(result.not_carried), 2)


def test_a_question_with_no_words_is_still_imported_and_reported(tmp_path, render):
    survey = [["type", "name", "label"], ["text", "blank", None],
              ["text", "named", "Hello ${blank}, how are you?"]]
    result = read_xlsform(workbook(tmp_path, survey))
    assert list(questions_by_key(result)) == ["blank", "named"]
    not_carried = render(result.not_carried)
    assert "Row 2 has no question text" in said_about(not_carried, 2)
    assert "answer to another question" in said_about(not_carried, 3)


def test_a_note_after_the_last_question_is_reported(tmp_path, render):
    survey = [["type", "name", "label"], ["text", "a", "A?"], ["note", "bye", "Goodbye!"]]
    result = read_xlsform(workbook(tmp_path, survey))
    assert "“bye” comes after the last question" in said_about(render(result.not_carried), 3)


def test_old_style_types_and_missing_lists_are_handled(tmp_path, render):
    survey = [["type", "name", "label"],
              ["Select One colours", "colour", "Colour?"],
              ["select all that apply colours", "colours", "Colours?"],
              ["select_one colours or_other", "other", "Colour or other?"],
              ["select_one missing", "lost", "Lost?"],
              ["select_multiple yes_no", "both", "Yes, no or both?"]]
    choices = [["list name", "name", "label"], ["colours", 1, "Red"], ["colours", 2, "Blue"],
               ["yes_no", "yes", "Yes"], ["yes_no", "no", "No"]]
    result = read_xlsform(workbook(tmp_path, survey, choices))
    questions = questions_by_key(result)
    assert questions["colour"]["multiple"] is False and questions["colours"]["multiple"] is True
    assert [o["key"] for o in questions["colour"]["options"]] == ["option_1", "option_2"]
    assert questions["lost"]["options"] == []
    assert questions["both"]["kind"] == "picture_choice"  # several answers: not a yes/no
    not_carried = render(result.not_carried)
    assert "“other” answer" in said_about(not_carried, 4)
    assert "“missing”" in said_about(not_carried, 5)


def test_recordings_named_in_the_sheet_are_reported_for_the_builder(tmp_path, render):
    survey = [["type", "name", "label", "media::audio::English (en)", "media::video"],
              ["text", "story", "Tell me a story", "story.mp3", None],
              ["text", "film", "What did you see?", None, None]]
    result = read_xlsform(workbook(tmp_path, survey))
    not_carried = render(result.not_carried)
    assert "file “story.mp3”" in said_about(not_carried, 2)
    assert "make a recording" in said_about(not_carried, 2)
    assert not said_about(not_carried, 3)


def test_a_range_no_number_can_meet_is_reported_not_carried(tmp_path, render):
    survey = [["type", "name", "label", "constraint"], ["integer", "n", "N?", ". > 10 and . < 5"]]
    result = read_xlsform(workbook(tmp_path, survey))
    question = questions_by_key(result)["n"]
    assert (question["min"], question["max"]) == (None, None)
    assert ". > 10 and . < 5" in said_about(render(result.not_carried), 2)


def test_a_workbook_without_styles_reads_without_a_warning(tmp_path):
    # Some tools write no default style; openpyxl warns, which means nothing to a lead
    # (and pytest turns warnings into errors).
    path = workbook(tmp_path, [["type", "name", "label"], ["text", "a", "A?"]])
    plain = io.BytesIO()
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(plain, "w") as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "xl/styles.xml":
                data = b'<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"/>'
            target.writestr(item, data)
    assert list(questions_by_key(read_xlsform(plain.getvalue()))) == ["a"]


def test_a_form_can_be_read_from_bytes_or_an_open_file(tmp_path):
    path = workbook(tmp_path, [["type", "name", "label"], ["text", "a", "A?"]])
    data = path.read_bytes()
    assert read_xlsform(data).document == read_xlsform(path).document
    with open(path, "rb") as f:
        assert read_xlsform(f).document == read_xlsform(io.BytesIO(data)).document
    assert read_xlsform(str(path)).document is not None


# (d) Files that are not XLSForms -----------------------------------------------------

def only_line(result, render):
    assert isinstance(result, ImportResult) and result.document is None
    assert result.carried == []
    rendered = render(result.not_carried)
    assert len(rendered) == 1
    return rendered[0]


def test_random_bytes_are_refused_in_plain_words(render):
    sheet, row, text = only_line(read_xlsform(os.urandom(2000)), render)
    assert (sheet, row) == ("", 0) and ".xlsx" in text and "try again" in text


def test_a_zip_that_is_not_a_workbook_is_refused(tmp_path, render):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("hello.txt", "not a spreadsheet")
    assert "could not be opened" in only_line(read_xlsform(buffer.getvalue()), render)[2]
    assert "could not be opened" in only_line(read_xlsform(tmp_path / "gone.xlsx"), render)[2]


def test_a_workbook_without_a_survey_sheet_is_refused(tmp_path, render):
    path = tmp_path / "empty.xlsx"
    openpyxl.Workbook().save(path)
    assert "no sheet called “survey”" in only_line(read_xlsform(path), render)[2]


@pytest.mark.parametrize("headings, missing", [(["name", "label"], "type"),
                                               (["type", "label"], "name"),
                                               ([], "type")])
def test_a_survey_sheet_without_type_or_name_columns_is_refused(tmp_path, render, headings,
                                                               missing):
    survey = [headings, ["text", "a"]] if headings else []
    sheet, row, text = only_line(read_xlsform(workbook(tmp_path, survey)), render)
    assert (sheet, row) == ("survey", 1) and f"no “{missing}” column" in text


def test_a_form_with_nothing_peersurvey_can_ask_imports_nothing(tmp_path, render):
    survey = [["type", "name", "label", "calculation"],
              ["start", "start", None, None],
              ["calculate", "total", None, "1 + 1"],
              ["geopoint", "where", "Where?", None],
              ["begin repeat", "visits", "Visits", None],
              ["text", "visit", "Visit?", None],
              ["end repeat", None, None, None]]
    result = read_xlsform(workbook(tmp_path, survey))
    assert result.document is None and result.carried == []
    not_carried = render(result.not_carried)
    assert not_carried[0][:2] == ("", 0) and "nothing was imported" in not_carried[0][2]
    assert rows_of(not_carried[1:]) == [2, 3, 4, 5, 6]
