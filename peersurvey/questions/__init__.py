"""Question kinds: each one a server module here and a tablet module beside it, listed
once in QUESTION_KINDS. Nothing else in peersurvey names a kind (tests/kinds/test_names_stay_home.py
checks): every other part asks the kind.

A kind module says (names marked * may be left out; `defaults.py` gives them):
  NAME          the `kind` value in the questionnaire document
  LABEL, HELP   what the builder shows when a lead picks a kind
  HAS_OPTIONS*  True if the lead writes the options (pictures to choose from)
  FIXED_ANSWERS* for kinds whose answers are built in: (key, words, picture id) tuples
  OPTION_PROMPTS* True if each option also asks "tell me more" (a `prompt` per option)
  OPEN*         True if the answers are in people's own words: offered for coding first
  CHARTED*      True if the answers are counted for charts (closed: chosen from a set)
  RECORDABLE*   True if an answer may carry recordings of what the person said (one for the
                answer, or one per chosen option of a kind with OPTION_PROMPTS); never for a
                question whose answer is a number ("numeric": true). collect/recordings.py
  new()         the kind-specific fields of a new question
  problems(question)  plain messages about the kind-specific fields (empty if fine)
  check_answer(question, value)  None if value is a fair answer (docs/api.md), else why not
  EDITOR_FIELDS* a class of WTForms fields the builder adds to the question's form,
                with editor_data(question) (their values) and from_editor(question, form)
                (copies them in; a list of (field name, message) if it cannot)
  TEMPLATE*     a Jinja file with the macros `editor(form)` (those fields on the builder's
                page) and `preview(question, picture_url, lang)` (the answers as the tablet
                shows them); found as "kind:<NAME>"
  XLSFORM_TYPES* the XLSForm types it may take, and from_xlsform(reader, row, cells, head, rest):
                True if it took the row (prepare/xlsform.py asks each kind in turn)
  shown(question, value)*  the answer as leads and coders see it: {"text", "chosen": [{"picture"
                (an id), "words", "text", and "key" where the choice is a part of typed_words}]}
                (theme/display.py adds where pictures are served)
  answer_words(question, value)*  the answer in one cell of an export (findings/exports.py)
  chart_choices(question)*  the bars of its chart, (key, words, picture id) each, for a
                CHARTED kind (findings/counts.py counts the answers that name each key)
  advice(question)*  what the easy-read check adds about the kind's own fields: (code, field,
                language, message) each (yes/no: Welsh answer words that do not fit the question)
  typed_words(question, value)*  the parts of an answer that are typed words, {part: words}
                ("" for the answer itself, an option key for a dream's "tell me more"):
                what may be typed up or put right later (collect/answer_versions.py); by
                default the value itself for an OPEN kind whose value is text, else none
  with_typed_words(question, value, part, words)*  the value with that part's words changed
  demo_answer(rng, question, language, bank)  a made-up answer for the demo project
  TABLET_SCRIPT* the path of its tablet module (static/collect/kinds.js says what it exports);
                else the .js beside the module that made it (collect/views.tablet_script)

Kinds of one shape share their code: yes/no and feelings are fixed_answers.py with their
own answers; picture choice and dream trigger share options.py (and its .html and .js).
"""
from . import defaults, dream_trigger, feelings, free_text, picture_choice, short_answer, spoken_answer, yes_no

QUESTION_KINDS = []
BY_NAME = {}


def register(kind):
    """Add a kind (a module, or any object with the names above), filling in what it leaves
    out from defaults.py. A test's own kind is added the same way."""
    for name, value in defaults.OPTIONAL.items():
        if not hasattr(kind, name):
            setattr(kind, name, value)
    QUESTION_KINDS.append(kind)
    BY_NAME[kind.NAME] = kind
    return kind


def unregister(kind):
    QUESTION_KINDS.remove(kind)
    del BY_NAME[kind.NAME]


for _module in (picture_choice, feelings, yes_no, free_text, dream_trigger, short_answer, spoken_answer):
    register(getattr(_module, "KIND", _module))   # a module, or the object it makes


def kind_of(question):
    return BY_NAME[question["kind"]]


def answer_keys(question):
    """The answers a condition on this question may name, as (key, words) pairs."""
    kind = kind_of(question)
    if kind.FIXED_ANSWERS:   # in the question's own words, if it has them (yes/no may)
        return [(key, words) for key, words, _picture in kind.chart_choices(question)]
    if kind.HAS_OPTIONS:
        return [(option["key"], option["text"]) for option in question.get("options", [])]
    return []


def open_kinds():
    """The kinds whose answers are people's own words, to be coded into themes."""
    return [kind.NAME for kind in QUESTION_KINDS if kind.OPEN]


def template_source(name):
    """For the Jinja loader: "kind:<NAME>" is that kind's TEMPLATE file."""
    if not name.startswith("kind:"):
        return None
    kind = BY_NAME.get(name[len("kind:"):])
    path = kind.TEMPLATE if kind else None
    return path.read_text(encoding="utf-8") if path else None
