"""Feelings scale: three faces, in the spirit of Talking Mats."""
from flask_babel import lazy_gettext as _l

from .fixed_answers import FixedAnswers

KIND = FixedAnswers(
    "feelings", _l("Feelings scale"), _l("Three faces: happy, not sure, unhappy."),
    answers=(("happy", _l("Happy"), "openmoji:1F600"),
             ("not_sure", _l("Not sure"), "openmoji:1F615"),
             ("unhappy", _l("Unhappy"), "openmoji:1F641")),
    wrong=_l("the answer must be happy, not sure or unhappy."), weights=[4, 3, 3])
