"""The XLSForm importer row by row: which conditions (relevant) are carried over and
which are reported, and how names, numbers, constraints, old-style types, recordings and
odd workbooks are carried over or reported (with the row a lead sees in Excel)."""
import io
import zipfile

import pytest

from peersurvey.prepare.xlsform import read_xlsform

from .xlsform_helpers import questions_by_key, said_about, workbook

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


def test_a_rule_no_simple_range_could_be_is_reported_at_once_and_one_that_is_not_there_is_not_mentioned(
        tmp_path, render):
    """A long or huge-numbered rule is not read (a cell of 32,000 spaces took 25 s to split,
    and a number of thousands of digits was a 500): each is reported; an integer with no rule says
    nothing about one."""
    survey = [["type", "name", "label", "constraint"],
              ["integer", "spaces", "Spaces?", ". >= 1" + " " * 32_000 + "x"],
              ["integer", "digits", "Digits?", ". >= " + "9" * 400],
              ["integer", "plain", "How many?", None]]
    result = read_xlsform(workbook(tmp_path, survey))
    questions = questions_by_key(result)
    assert all((questions[k]["min"], questions[k]["max"]) == (None, None) for k in ("spaces", "digits", "plain"))
    not_carried, carried = render(result.not_carried), render(result.carried)
    assert "was not carried over" in said_about(not_carried, 2) and "was not carried over" in said_about(not_carried, 3)
    assert "rule" not in said_about(carried, 4) + said_about(not_carried, 4)


@pytest.mark.parametrize("kind", ["select one from colours", "select all that apply from colours",
                                  "select_one colours"])
def test_the_older_select_from_a_list_keeps_its_choices(tmp_path, render, kind):
    survey = [["type", "name", "label"], [kind, "colour", "Colour?"]]
    choices = [["list_name", "name", "label"], ["colours", "red", "Red"]]
    result = read_xlsform(workbook(tmp_path, survey, choices))
    assert [o["key"] for o in questions_by_key(result)["colour"]["options"]] == ["red"]
    assert "of 1 choice." in said_about(render(result.carried), 2)


def test_a_decimal_becomes_a_short_text_answer_and_says_so(tmp_path, render):
    survey = [["type", "name", "label"], ["decimal", "height", "How tall are you?"]]
    result = read_xlsform(workbook(tmp_path, survey))
    question = questions_by_key(result)["height"]
    assert question["kind"] == "short_answer" and question["numeric"] is False
    assert "decimals" in said_about(render(result.not_carried), 2)


def test_an_audio_question_becomes_a_spoken_answer_and_says_so(tmp_path, render):
    survey = [["type", "name", "label"], ["audio", "week", "Tell me about your week"]]
    result = read_xlsform(workbook(tmp_path, survey))
    assert questions_by_key(result)["week"]["kind"] == "spoken_answer"
    assert "spoken answer" in said_about(render(result.carried), 2)
    assert not said_about(render(result.not_carried), 2)


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


def test_a_choice_with_no_list_name_goes_in_the_list_above_and_is_said(tmp_path, render):
    """A hand-made sheet with the list name in merged cells (only the first row holds it)."""
    survey = [["type", "name", "label"], ["select_one colours", "colour", "Colour?"]]
    choices = [["list_name", "name", "label"], [None, "pink", "Pink"], ["colours", "red", "Red"],
               [None, "green", "Green"], ["colours", "blue", "Blue"], [None, None, None]]
    result = read_xlsform(workbook(tmp_path, survey, choices))
    assert [o["key"] for o in questions_by_key(result)["colour"]["options"]] == ["red", "green", "blue"]
    assert "put in the list “colours” above it" in said_about(render(result.carried), 4, "choices")
    assert "has no list name, so it was left out" in said_about(render(result.not_carried), 2, "choices")


def test_a_notes_picture_and_condition_are_said_when_they_cannot_come_with_it(tmp_path, render):
    survey = [["type", "name", "label", "image", "relevant"],
              ["select_one yn", "ok", "Are you OK?", None, None],
              ["note", "map", None, "map.png", None],
              ["note", "help", "Tell them who can help.", None, "${ok} = 'no'"],
              ["text", "why", "Why?", None, None]]
    choices = [["list_name", "name", "label"], ["yn", "yes", "Yes"], ["yn", "no", "No"]]
    result = read_xlsform(workbook(tmp_path, survey, choices))
    not_carried = render(result.not_carried)
    assert "map.png" in said_about(not_carried, 3)
    assert "is shown only when ${ok} = 'no'" in said_about(not_carried, 4)
    assert questions_by_key(result)["why"]["note"]["en"].startswith("Tell them who can help.")


def test_words_in_a_default_language_peersurvey_does_not_have_are_said_to_be_carried_as_english(tmp_path, render):
    survey = [["type", "name", "label"], ["text", "home", "Où habitez-vous ?"]]
    settings = [["form_title", "default_language"], ["Nos vies", "French (fr)"]]
    result = read_xlsform(workbook(tmp_path, survey, settings=settings))
    assert "default language is French (fr)" in said_about(render(result.not_carried), 2, "settings")


# Yes / no lists with their own words ----------------------------------------------------

YES_NO_SURVEY = [["type", "name", "label::English (en)", "label::Welsh (cy)"],
                 ["select_one sure", "job", "Do you have a job?", "Oes gennych chi swydd?"],       # 2
                 ["select_one yn", "plain", "Are you happy?", "Ydych chi'n hapus?"],             # 3
                 ["select_one long", "long", "Do you go out?", "Ydych chi'n mynd allan?"],        # 4
                 ["select_one welsh", "car", "Do you have a car?", "Oes gennych chi gar?"],        # 5
                 ["select_one flag", "wales", "Are you from Wales?", "Ydych chi'n dod o Gymru?"]]  # 6
YES_NO_CHOICES = [["list_name", "name", "label::English (en)", "label::Welsh (cy)"],
                  ["sure", "yes", "Yes, definitely", ""], ["sure", "no", "No, not really", ""],
                  ["yn", "yes", "Yes", "Ie"], ["yn", "no", "No", "Na"],
                  ["long", "yes", "Yes, every single week without fail", ""], ["long", "no", "No", ""],
                  ["welsh", "yes", "Yes", "Oes,\nyn bendant"], ["welsh", "no", "No\u200b", "Nac oes"],
                  ["flag", "yes", "Yes \U0001f3f4\U000e0067\U000e0062\U000e0077\U000e006c\U000e0073\U000e007f", ""],
                  ["flag", "no", "No", ""]]


def test_a_yes_no_list_with_its_own_words_keeps_them_on_the_buttons(tmp_path, render):
    """The list's words become the question's answer words (Welsh, where the form has none,
    the pair that fits the Welsh question); words a button cannot show are said, not lost
    without a word. The answers kept are still yes and no."""
    result = read_xlsform(workbook(tmp_path, YES_NO_SURVEY, YES_NO_CHOICES))
    questions = questions_by_key(result)
    assert questions["job"]["answer_words"] == {"yes": {"en": "Yes, definitely", "cy": "Oes"},
                                                "no": {"en": "No, not really", "cy": "Nac oes"}}
    assert "Row 2: the answers of “job” keep their own words: Yes, definitely / No, not really." \
        in said_about(render(result.carried), 2)
    assert questions["plain"].get("answer_words") is None and not said_about(render(result.carried), 3).count("own words")
    assert questions["long"]["kind"] == "yes_no" and questions["long"].get("answer_words") is None
    assert questions["car"]["answer_words"] == {"yes": {"en": "Yes", "cy": "Oes, yn bendant"},
                                                "no": {"en": "No", "cy": "Nac oes"}}, "on one line, no hidden space"
    assert "Row 5: the answers of “car” keep their own words: Yes / No · Oes, yn bendant / Nac oes." \
        in said_about(render(result.carried), 5)
    assert questions["wales"]["answer_words"]["yes"]["en"] == YES_NO_CHOICES[-2][2], "the flag of Wales stays whole"
    assert "Row 4: the answers of “long” have their own words (Yes, every single week without fail / No), longer " \
           "than a button can show, so its buttons say Yes and No. Write shorter words in the builder." \
        in said_about(render(result.not_carried), 4)


def test_an_answer_filled_in_or_a_single_must_answer_question_is_said(tmp_path, render):
    survey = [["type", "name", "label", "required", "default"],
              ["integer", "people", "How many people live with you?", "true()", "1"],     # 2
              ["text", "town", "Where do you live?", "no", ""],                           # 3
              ["text", "street", "Which street?", "FALSE", ""]]                           # 4
    result = read_xlsform(workbook(tmp_path, survey))
    said = said_about(render(result.not_carried), 2)
    assert "Row 2: the form says this question must be answered. In peersurvey a person can always skip a " \
           "question, so it can be skipped too." in said
    assert "Row 2: “people” starts with the answer “1” already given. peersurvey never answers for the " \
           "person, so it starts with no answer." in said
    assert not said_about(render(result.not_carried), 3) and not said_about(render(result.not_carried), 4)


def test_how_a_form_says_its_questions_should_look_is_said_once(tmp_path, render):
    """appearance (a drop-down, a likert row, a number pad) is the phone's; peersurvey asks
    every question its own easy-read way. A text box of many lines it has already."""
    survey = [["type", "name", "label", "appearance"],
              ["select_one yn", "car", "Do you have a car?", "minimal"],           # 2
              ["text", "town", "Where do you live?", "multiline"],                # 3
              ["integer", "age", "How old are you?", " numbers "],                # 4
              ["text", "street", "Which street?", ""],                            # 5
              ["select_one yn", "bus", "Do you take the bus?", "Minimal"],        # 6
              ["select_one towns", "home", "Which town?", "search('Towns_2024')"],  # 7
              ["text", "road", "Which road?", "SEARCH('x')"]]                     # 8
    choices = [["list_name", "name", "label"], ["yn", "yes", "Yes"], ["yn", "no", "No"],
               ["towns", "newport", "Newport"]]
    result = read_xlsform(workbook(tmp_path, survey, choices))
    said = said_about(render(result.not_carried), 2)
    assert "Rows 2, 4, 6, 8: the form says how these questions should look on a phone (minimal, numbers, " \
           "SEARCH('x')). " \
           "peersurvey shows every question in its own easy-read way, so that was left out." in said
    assert not any(said_about(render(result.not_carried), row) for row in (3, 4, 5, 6, 8))
    assert "Row 7: “home” takes its answers from a file (search('Towns_2024')). A spreadsheet holds only the " \
           "file's name, so only the answers on the choices sheet were carried over. Check them in the " \
           "builder." in said_about(render(result.not_carried), 7)
    one = read_xlsform(workbook(tmp_path, survey[:3], choices))
    assert "Row 2: the form says how this question should look on a phone (minimal)." \
        in said_about(render(one.not_carried), 2)
