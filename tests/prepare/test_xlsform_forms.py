"""The XLSForm importer on whole forms of the real shapes lead researchers bring: a
bilingual English and Welsh ODK form, carried over word for word, and a KoboToolbox form
full of things peersurvey does not do, each reported (with the row a lead sees in Excel)."""
import pytest

from peersurvey.prepare.xlsform import Line, read_xlsform

from .xlsform_helpers import questions_by_key, rows_of, said_about, workbook

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
    # Row 3's picture is the only survey row with something left behind, and the form's
    # must-answer questions (rows 3 and 7) are said once, at the first.
    not_carried = render(bilingual.not_carried)
    assert [row for sheet, row, _ in not_carried if sheet == "survey"] == [3, 3]
    assert "Rows 3, 7: the form says these questions must be answered. In peersurvey a person can always " \
           "skip a question, so they can be skipped too." in said_about(not_carried, 3)
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


def test_an_older_form_with_one_colon_in_its_headings_keeps_its_words_and_conditions(tmp_path):
    """pyxform still reads `label:English` and `bind:relevant` (as Kobo's older forms write
    them): every label, hint and condition came in empty or was dropped."""
    survey = [["type", "name", "label:English", "label:Welsh", "hint:English", "bind:relevant"],
              ["select_one yn", "works", "Do you work?", "Ydych chi'n gweithio?", "", ""],
              ["text", "job", "What is your job?", "Beth yw eich swydd?", "Any job", "${works} = 'yes'"]]
    choices = [["list name", "name", "label:English", "label:Welsh"], ["yn", "yes", "Yes", "Ydw"],
               ["yn", "no", "No", "Nac ydw"]]
    questions = questions_by_key(read_xlsform(workbook(tmp_path, survey, choices)))
    assert questions["job"]["text"] == {"en": "What is your job?", "cy": "Beth yw eich swydd?"}
    assert questions["job"]["note"]["en"] == "Any job"
    assert questions["job"]["condition"] == {"question": "works", "options": ["yes"]}


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


def test_one_row_of_metadata_is_said_as_one(tmp_path, render):
    result = read_xlsform(workbook(tmp_path, [["type", "name", "label"], ["start", "start", ""],
                                              ["text", "town", "Where do you live?"]]))
    assert "Row 2 holds a detail that the phone or tablet fills in by itself (start). It is not a question, " \
           "so it was left out." in said_about(render(result.not_carried), 2)


def test_a_form_with_no_welsh_says_so(kobo, render):
    assert "no Welsh words" in said_about(render(kobo.not_carried), 1)


def test_lines_are_in_the_order_a_person_reads_the_sheets(kobo):
    places = [(line.sheet, line.row) for line in kobo.not_carried]
    assert places == sorted(places, key=lambda p: (["", "settings", "survey", "choices"].index(p[0]), p[1]))
    assert all(isinstance(line, Line) for line in kobo.carried + kobo.not_carried)
