"""How far coders agree, when two or more coded the same answers on their own.

Input: {coder: {answer id: set of theme ids}}; an answer may have several themes.
- Per theme, each coder's choice for an answer is yes/no (theme given or not).
- Overall, each coder's choice for an answer is the whole set of themes given.
Two coders: Cohen's kappa, its formula in a few lines here (scikit-learn, with scipy about
190 MB, was installed for this alone; tests/theme/test_agreement.py checks hand-worked
values). More: Krippendorff's alpha, nominal (the `krippendorff` package). This module
arranges the data and puts the result into words.

Only answers every coder has coded are compared for kappa; alpha allows gaps.
"""
from dataclasses import dataclass, field

import krippendorff
import numpy


@dataclass
class Agreement:
    method: str                  # "kappa" or "alpha"
    value: float | None          # None when it cannot be worked out (e.g. nothing to compare)
    agreed: int                  # answers every coder gave exactly the same themes
    compared: int                # answers every coder coded
    per_theme: dict = field(default_factory=dict)       # theme id -> value or None
    disagreements: list = field(default_factory=list)   # answer ids, in order


def compare(codings):
    """Agreement between the coders in `codings` ({coder: {answer: set of themes}})."""
    coders = sorted(codings)
    if len(coders) < 2:
        raise ValueError("agreement needs at least two coders")
    answers = sorted(set().union(*(set(codings[c]) for c in coders)), key=str)
    common = [a for a in answers if all(a in codings[c] for c in coders)]
    themes = sorted(set().union(*(t for c in coders for t in codings[c].values())), key=str)
    method = "kappa" if len(coders) == 2 else "alpha"
    same = [a for a in common if len({frozenset(codings[c][a]) for c in coders}) == 1]
    disagreements = [a for a in common if a not in set(same)]

    def statistic(label):
        """label(coder, answer) -> a hashable choice, or None if that coder skipped it."""
        if method == "kappa":
            first, second = ([label(c, a) for a in common] for c in coders)
            return _kappa(first, second)
        return _alpha([[label(c, a) for a in answers] for c in coders])

    overall = statistic(lambda c, a: frozenset(codings[c][a]) if a in codings[c] else None)
    per_theme = {theme: statistic(lambda c, a, t=theme: (t in codings[c][a]) if a in codings[c] else None)
                 for theme in themes}
    return Agreement(method, overall, len(same), len(common), per_theme, disagreements)


def _kappa(first, second):
    if not first:
        return None
    if len(set(first) | set(second)) == 1:
        return 1.0          # every answer given the same single choice: perfect, not undefined
    return cohen_kappa([_code(v) for v in first], [_code(v) for v in second])


def cohen_kappa(first, second):
    """How far two coders' labels agree beyond chance: (po - pe) / (1 - pe), po the share of
    answers they labelled alike, pe the share two coders choosing at random with these same
    label frequencies would. (Undefined when pe is 1: both gave one label throughout.)"""
    first, second = numpy.asarray(first), numpy.asarray(second)
    observed = numpy.mean(first == second)
    chance = sum(numpy.mean(first == label) * numpy.mean(second == label)
                 for label in numpy.union1d(first, second))
    return float((observed - chance) / (1 - chance))


def _alpha(rows):
    values = sorted({v for row in rows for v in row if v is not None}, key=repr)
    if len(values) < 2:
        return 1.0 if values else None
    index = {v: i for i, v in enumerate(values)}
    data = numpy.array([[numpy.nan if v is None else index[v] for v in row] for row in rows], dtype=float)
    try:
        return float(krippendorff.alpha(reliability_data=data, level_of_measurement="nominal"))
    except ValueError:
        return None         # too few paired values to say anything


def _code(value):
    return repr(sorted(value, key=str)) if isinstance(value, frozenset) else repr(value)
