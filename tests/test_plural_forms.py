"""Counting in Welsh: the catalogue uses CLDR's six plural categories (zero, one, two, few,
many, other), so 0 reads "Does dim …", 2 takes the soft mutation and 3 and 6 the aspirate
("2 gyfweliad", "3 chyfweliad", "6 chyfweliad"), on the server and in the tablet app."""
import re

from babel.messages.plurals import get_plural
from babel.messages.pofile import read_po
from flask_babel import force_locale, ngettext

from .test_languages import CATALOGUE

COME_IN = {
    0: "Does dim cyfweliadau wedi dod i mewn.",
    1: "Mae 1 cyfweliad wedi dod i mewn.",
    2: "Mae 2 gyfweliad wedi dod i mewn.",
    3: "Mae 3 chyfweliad wedi dod i mewn.",
    4: "Mae 4 cyfweliad wedi dod i mewn.",
    5: "Mae 5 cyfweliad wedi dod i mewn.",
    6: "Mae 6 chyfweliad wedi dod i mewn.",
}
WAITING = {
    0: "Does dim cyfweliadau yn aros i gael eu hanfon.",
    1: "Mae 1 cyfweliad yn aros i gael ei anfon.",
    2: "Mae 2 gyfweliad yn aros i gael eu hanfon.",
    3: "Mae 3 chyfweliad yn aros i gael eu hanfon.",
    4: "Mae 4 cyfweliad yn aros i gael eu hanfon.",
    5: "Mae 5 cyfweliad yn aros i gael eu hanfon.",
    6: "Mae 6 chyfweliad yn aros i gael eu hanfon.",
}


def test_the_welsh_catalogue_uses_the_six_cldr_plural_forms():
    with open(CATALOGUE, "rb") as f:
        catalogue = read_po(f)
    assert catalogue.num_plurals == 6 == get_plural("cy").num_plurals
    assert re.sub(r"\s", "", catalogue.plural_expr) == re.sub(r"\s", "", get_plural("cy").plural_expr)
    for message in catalogue:
        if isinstance(message.id, tuple):
            assert len(message.string) == 6 and all(message.string), message.id[0]
            assert " 0 o " not in message.string[0] and "Mae 0" not in message.string[0], message.id[0]


def test_welsh_counts_from_0_to_6_read_right(app):
    with app.test_request_context(), force_locale("cy"):
        said = {n: ngettext("%(num)d interview has come in.", "%(num)d interviews have come in.", n)
                for n in range(7)}
    for n in range(7):
        print(n, said[n])
    assert said == COME_IN


def test_english_counts_say_1_answer_not_1_answers(app):
    with app.test_request_context(), force_locale("en"):
        assert ngettext("%(num)d answer", "%(num)d answers", 1) == "1 answer"
        assert ngettext("%(num)d answer", "%(num)d answers", 2) == "2 answers"
