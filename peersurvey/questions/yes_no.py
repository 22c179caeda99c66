"""Yes / no."""
from flask_babel import lazy_gettext as _l

from .fixed_answers import FixedAnswers

KIND = FixedAnswers(
    "yes_no", _l("Yes or no"), _l("Two big buttons: yes and no."),
    answers=(("yes", _l("Yes"), "openmoji:2705"), ("no", _l("No"), "openmoji:274C")),
    wrong=_l("the answer must be yes or no."),
    xlsform_said=lambda row, name: _l("Row %(row)d: “%(name)s” was carried over as a yes or no question.",
                                      row=row, name=name))
