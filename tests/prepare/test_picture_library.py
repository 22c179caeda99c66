"""The bundled picture library: enough pictures for what interviews are about, each with a
file and words in English and Welsh, found by searching either language."""
import importlib.util
import json
import re
from collections import Counter
from pathlib import Path

import pytest

from peersurvey.prepare import pictures

ROOT = Path(__file__).resolve().parent.parent.parent

# Another developer's demo questionnaire uses these.
DEMO = """1F4B0 1F45B 1FA99 1F3E6 1F9D1-200D-1F4BC 1F4BC 1F9D1-200D-1F91D-200D-1F9D1 1F465 1F3A6
1F3B3 26BD 1F3CA 1F3B5 1F483 2615 1F37A 1F3DE 1F6CD 1F68C 1F686 1F697 1F3E0 1F6CF 1F4FA 1F9CD
1F4D6 1F373 1F3D6 2708 1F415 1FAB4 1F4BB 1F4F1 1F3A8 1F3CB 1F3A3 1F9D1-200D-2695-FE0F 1F3E5
1F6E1 1F91D 1F600 1F615 1F641 2705 274C 1F914 1F4C5 2753 1F4AC 2B50 1F382 2764 1F64B 1F9D1
1F3EB 1F4B7 1F6B6 1F3AE""".split()


def ids(found):
    return {picture["id"] for picture in found}


def test_the_library_has_at_least_160_pictures_covering_every_category():
    library = pictures.library()
    assert len(library) >= 160
    per_category = Counter(picture["category"] for picture in library)
    keys = [key for key, _label in pictures.CATEGORIES]
    assert len(keys) == 14
    assert set(per_category) == set(keys)
    for key in keys:
        assert per_category[key] >= 8, key


def test_every_picture_has_a_file_and_words_in_english_and_welsh():
    for picture in pictures.library():
        hexcode = picture["id"].removeprefix("openmoji:")
        assert picture["file"] == f"easyread/pictures/{hexcode}.svg"
        assert (ROOT / "peersurvey/static" / picture["file"]).read_text().lstrip().startswith("<svg")
        for language in ("en", "cy"):
            words = picture["words"][language]
            assert words and all(word.strip() for word in words), (hexcode, language)
        assert picture["author"]
    assert (ROOT / "peersurvey/static/easyread/pictures/LICENSE-OpenMoji.txt").is_file()


def test_every_picture_appears_once_and_none_has_a_skin_tone():
    all_ids = [picture["id"] for picture in pictures.library()]
    assert len(all_ids) == len(set(all_ids))
    assert not [i for i in all_ids if re.search("1F3F[B-F]", i)]


def test_the_required_demo_pictures_are_in_the_library():
    missing = [hexcode for hexcode in DEMO if pictures.get(f"openmoji:{hexcode}") is None]
    assert not missing


def test_the_fixed_answers_have_their_pictures_and_names():
    names = {"1F600": ("happy", "hapus"), "1F615": ("not sure", "ddim yn siŵr"),
             "1F641": ("unhappy", "anhapus"), "2705": ("yes", "ie"), "274C": ("no", "na"),
             "1F937": ("I don't know", "dw i ddim yn gwybod"),
             "1F910": ("I don't want to say", "dw i ddim eisiau dweud")}
    for hexcode, (en, cy) in names.items():
        picture = pictures.get(f"openmoji:{hexcode}")
        assert picture["category"] == "answers"
        assert (picture["words"]["en"][0], picture["words"]["cy"][0]) == (en, cy)


def test_get_gives_nothing_for_an_unknown_picture():
    assert pictures.get("openmoji:1F4B0")["words"]["cy"][:2] == ["arian", "pres"]
    assert pictures.get("openmoji:FFFFF") is None
    assert pictures.get("media:" + "0" * 64) is None


def test_search_finds_pictures_by_welsh_words_without_accents():
    assert "openmoji:1F615" in ids(pictures.search("siwr"))
    assert "openmoji:1F615" in ids(pictures.search("siŵr"))
    assert "openmoji:1F4F1" in ids(pictures.search("ffon symudol"))
    assert "openmoji:1F6BD" in ids(pictures.search("ty bach"))
    assert ids(pictures.search("wy")) == ids(pictures.search("ŵy"))


def test_search_finds_the_start_of_a_word_in_any_case():
    assert "openmoji:1F3EA" in ids(pictures.search("sio"))
    assert "openmoji:1F3A6" in ids(pictures.search("CINEM"))
    assert "openmoji:E200" in ids(pictures.search("cafe"))
    assert "openmoji:1F3A6" not in ids(pictures.search("inema"))


def test_search_needs_every_word():
    assert ids(pictures.search("bag arian")) == {"openmoji:1F4B0"}
    assert pictures.search("bag banana") == []
    assert "openmoji:1F937" in ids(pictures.search("don't know"))


def test_search_can_keep_to_one_language():
    assert "openmoji:1F4B0" in ids(pictures.search("pres", language="cy"))
    assert "openmoji:1F4B0" not in ids(pictures.search("pres", language="en"))
    assert "openmoji:1F4B0" in ids(pictures.search("money", language="en"))
    with pytest.raises(ValueError):
        pictures.search("money", language="fr")


def test_an_empty_search_gives_the_whole_library_in_order():
    assert pictures.search("") == pictures.library()
    assert pictures.search("   ") == pictures.library()


def test_the_library_matches_the_hand_made_choices():
    with open(ROOT / "scripts/picture_choices.json", encoding="utf-8") as f:
        choices = json.load(f)
    built = [(p["id"], p["category"], p["words"]) for p in pictures.library()]
    chosen = [(f"openmoji:{c['hexcode']}", c["category"], {"en": c["en"], "cy": c["cy"]})
              for c in choices]
    assert built == chosen, "run scripts/build_pictures.py again"


@pytest.fixture
def build():
    spec = importlib.util.spec_from_file_location("build_pictures",
                                                  ROOT / "scripts/build_pictures.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("mistake, message", [
    ([("1F4B0", ["money"], ["arian"]), ("1F4B0", ["cash"], ["pres"])], "chosen twice"),
    ([("1F4B0", ["money"], ["arian"]), ("1F9FF", ["amulet"], ["swyn"])], "no picture"),
    ([("1F4B0", ["money"], [])], "needs cy words"),
    ([("1F4B0", [" "], ["arian"])], "needs en words"),
])
def test_the_build_stops_on_a_repeated_or_missing_picture_or_missing_words(
        build, tmp_path, mistake, message):
    (tmp_path / "1F4B0.svg").write_text("<svg/>")
    choices = [{"hexcode": h, "category": "money", "en": en, "cy": cy} for h, en, cy in mistake]
    with pytest.raises(SystemExit, match=message):
        build.check(choices, tmp_path)


# What a new user saw in the demo ("My family" showed friends, "My support worker" a
# handshake...): each answer's picture shows its words, and none looks like another answer.
DEMO_PICTURES = {
    ("money_who", "family"): "1F46A", ("money_who", "support_worker"): "E083",
    ("go_out_with", "friends"): "1F9D1-200D-1F91D-200D-1F9D1", ("go_out_with", "family"): "1F46A",
    ("go_out_with", "support_worker"): "E083", ("go_out_with", "partner"): "1F491",
    ("alone_place", "garden"): "1F3E1", ("alone_place", "no_time_alone"): "1F465",
}


def test_the_demos_pictures_match_their_words():
    import json
    document = json.loads((ROOT / "peersurvey/prepare/demo_questionnaire.json").read_text())
    chosen = {(q["key"], o["key"]): o["picture"].removeprefix("openmoji:")
              for q in document["questions"] for o in q.get("options", [])}
    assert {key: chosen[key] for key in DEMO_PICTURES} == DEMO_PICTURES
    for key, hexcode in DEMO_PICTURES.items():
        assert pictures.get(f"openmoji:{hexcode}") is not None, key
    assert "274C" not in chosen.values(), "the red cross means No, never an answer's picture"
    stops = next(q for q in document["questions"] if q["key"] == "going_out_stops")
    assert stops["picture"] == "openmoji:1F6AA", "a bus would lead the answer to what stops them"
