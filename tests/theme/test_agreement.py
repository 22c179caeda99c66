"""Agreement statistics match examples worked out by hand (and a published example)."""
import pytest

from peersurvey.theme.agreement import compare


def two_coders(first, second):
    return {"ann": dict(enumerate(first)), "ben": dict(enumerate(second))}


def test_cohens_kappa_matches_a_hand_worked_example():
    # 10 answers, one theme "money". Ann gives it to answers 0-4, Ben to 0-3 and 9.
    # Observed agreement 8/10 = 0.8. Each gives it half the time: chance 0.5.
    # kappa = (0.8 - 0.5) / (1 - 0.5) = 0.6
    ann = [{"money"}] * 5 + [set()] * 5
    ben = [{"money"}] * 4 + [set()] * 5 + [{"money"}]
    result = compare(two_coders(ann, ben))
    assert result.method == "kappa"
    assert result.per_theme["money"] == pytest.approx(0.6)
    assert result.value == pytest.approx(0.6)
    assert (result.agreed, result.compared) == (8, 10)
    assert result.disagreements == [4, 9]


def test_several_themes_are_each_compared_and_overall_needs_the_same_set():
    # Answer 0: both say money+work. Answer 1: Ann money, Ben money+friends.
    # Answer 2: both friends. Answer 3: both work.
    ann = [{"money", "work"}, {"money"}, {"friends"}, {"work"}]
    ben = [{"money", "work"}, {"money", "friends"}, {"friends"}, {"work"}]
    result = compare(two_coders(ann, ben))
    assert (result.agreed, result.compared) == (3, 4)
    assert result.disagreements == [1]
    assert result.per_theme["money"] == pytest.approx(1.0)
    assert result.per_theme["work"] == pytest.approx(1.0)
    # friends: Ann yes on 2 only; Ben yes on 1 and 2. po = 3/4; Ann yes 1/4, Ben yes 2/4.
    # pe = 1/4*2/4 + 3/4*2/4 = 0.5; kappa = (0.75 - 0.5) / 0.5 = 0.5
    assert result.per_theme["friends"] == pytest.approx(0.5)


def test_perfect_agreement_is_one_even_when_everyone_chose_the_same_theme():
    result = compare(two_coders([{"money"}] * 3, [{"money"}] * 3))
    assert result.value == 1.0 and result.per_theme["money"] == 1.0


def test_krippendorffs_alpha_matches_the_published_nominal_example():
    # Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability", the nominal
    # example: 4 observers, 12 units, some missing. Published alpha = 0.743.
    rows = {"A": [1, 2, 3, 3, 2, 1, 4, 1, 2, None, None, None],
            "B": [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, None, 3],
            "C": [None, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, None],
            "D": [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, None]}
    codings = {coder: {unit: {f"theme{v}"} for unit, v in enumerate(values) if v is not None}
               for coder, values in rows.items()}
    result = compare(codings)
    assert result.method == "alpha"
    assert result.value == pytest.approx(0.743, abs=0.001)


def test_answers_not_coded_by_everyone_are_left_out_of_the_count():
    result = compare({"ann": {1: {"a"}, 2: {"b"}}, "ben": {1: {"a"}}})
    assert (result.agreed, result.compared) == (1, 1)


def test_one_coder_is_not_enough():
    with pytest.raises(ValueError):
        compare({"ann": {1: {"a"}}})
