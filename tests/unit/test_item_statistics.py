"""Item and quiz statistics checked against numpy computations on generated response matrices."""

from __future__ import annotations

import math

import numpy as np
import pytest

from quizapp.stats import (
    analyse,
    flags,
    median,
    never_chosen,
    option_group,
    option_stats,
    summarise,
    typed_group,
)

MAX = np.array([1, 1, 3, 1, 2, 1, 1, 3])


def _matrix(seed: int, attempts: int = 300) -> np.ndarray:
    """Marks per attempt (rows) and question (columns) from a simple ability model, with one
    question whose key is wrong (good students miss it) to give a negative discrimination."""
    rng = np.random.default_rng(seed)
    ability = rng.normal(size=attempts)
    difficulty = np.linspace(-1.5, 1.5, len(MAX))
    p = 1 / (1 + np.exp(-(ability[:, None] - difficulty[None, :])))
    p[:, 3] = 1 - p[:, 3]
    return rng.binomial(MAX[None, :], p)


def _attempts(matrix: np.ndarray) -> list[list[tuple[str, int, int]]]:
    return [[(f"q{j}", int(row[j]), int(MAX[j])) for j in range(len(MAX))] for row in matrix]


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_item_statistics_match_numpy(seed):
    x = _matrix(seed)
    _, stats = analyse(_attempts(x))
    total = x.sum(axis=1)
    for j in range(x.shape[1]):
        item, rest = x[:, j], total - x[:, j]
        got = stats[f"q{j}"]
        assert got.attempts == len(x)
        assert got.facility == pytest.approx(item.mean() / MAX[j])
        assert got.sd == pytest.approx(item.std(ddof=1) / MAX[j])
        assert got.discrimination == pytest.approx(np.corrcoef(item, rest)[0, 1])
        c = np.cov(item, rest)[0, 1]
        c_max = np.cov(np.sort(item), np.sort(rest))[0, 1]
        assert got.efficiency == pytest.approx(c / c_max)
    assert stats["q3"].discrimination < 0 < stats["q0"].discrimination


@pytest.mark.parametrize("seed", [4, 5])
def test_quiz_statistics_match_numpy(seed):
    x = _matrix(seed)
    summary, _ = analyse(_attempts(x))
    t = 100 * x.sum(axis=1) / MAX.sum()
    n = len(t)
    assert summary.attempts == n
    assert summary.mean == pytest.approx(t.mean())
    assert summary.median == pytest.approx(np.median(t))
    assert summary.sd == pytest.approx(t.std(ddof=1))
    # Moodle's k-statistics are the adjusted Fisher-Pearson coefficients G1 and G2.
    d = t - t.mean()
    g1 = (d ** 3).mean() / (d ** 2).mean() ** 1.5
    g2 = (d ** 4).mean() / (d ** 2).mean() ** 2 - 3
    assert summary.skewness == pytest.approx(math.sqrt(n * (n - 1)) / (n - 2) * g1)
    assert summary.kurtosis == pytest.approx((n - 1) / ((n - 2) * (n - 3)) * ((n + 1) * g2 + 6))
    # Cronbach's alpha from the item covariance matrix: k/(k-1) (1 - trace C / sum C).
    cov = np.cov(x.T)
    k = x.shape[1]
    alpha = k / (k - 1) * (1 - np.trace(cov) / cov.sum())
    assert summary.alpha == pytest.approx(alpha)
    assert summary.error_ratio == pytest.approx(math.sqrt(1 - alpha))
    assert summary.standard_error == pytest.approx(math.sqrt(1 - alpha) * t.std(ddof=1))


def test_one_attempt_leaves_spread_statistics_undefined():
    summary, items = analyse([[("a", 1, 1), ("b", 0, 1)]])
    assert (summary.attempts, summary.mean, summary.median) == (1, 50.0, 50.0)
    assert summary.sd is summary.skewness is summary.kurtosis is summary.alpha is None
    assert summary.error_ratio is summary.standard_error is None
    assert items["a"].facility == 1.0
    assert items["a"].sd is items["a"].discrimination is items["a"].efficiency is None


def test_all_correct_gives_zero_variance_without_crashing():
    attempts = [[("a", 1, 1), ("b", 3, 3)] for _ in range(5)]
    summary, items = analyse(attempts)
    assert summary.mean == 100.0 and summary.sd == 0.0
    assert summary.skewness is summary.kurtosis is summary.alpha is None
    assert "no variance" in summary.alpha_note
    for item in items.values():
        assert item.facility == 1.0 and item.sd == 0.0
        assert item.discrimination is None and item.efficiency is None
        assert any("Very easy" in f for f in flags(item, ()))


def test_no_attempts():
    summary, items = analyse([])
    assert summary.attempts == 0 and summary.mean is None and items == {}


def test_two_and_three_attempts_define_what_they_can():
    two = summarise([(40.0, 1), (60.0, 1)])
    assert two.sd == pytest.approx(math.sqrt(200)) and two.skewness is None
    three = summarise([(40.0, 1), (60.0, 1), (90.0, 1)])
    assert three.skewness is not None and three.kurtosis is None


def test_alpha_error_ratio_and_standard_error_need_more_than_two_attempts():
    """As Moodle: the coefficient of internal consistency only for s > 2."""
    rows = [[("a", 1, 1), ("b", 1, 1)], [("a", 0, 1), ("b", 0, 1)], [("a", 1, 1), ("b", 0, 1)]]
    two, _ = analyse(rows[:2])
    assert two.sd is not None
    assert (two.alpha, two.error_ratio, two.standard_error) == (None, None, None)
    assert two.alpha_note == "Needs more than two attempts."
    three, _ = analyse(rows)
    # items (1,0,1) and (1,0,0): V = 1/3 each; totals (2,0,1): V(T) = 1
    assert three.alpha == pytest.approx(2 * (1 - 2 / 3))
    assert three.error_ratio == pytest.approx(math.sqrt(1 - three.alpha))
    assert three.standard_error == pytest.approx(three.error_ratio * three.sd)


def test_drawn_exam_uses_positions_for_alpha():
    rng = np.random.default_rng(9)
    attempts = []
    for _ in range(50):
        picked = rng.choice(6, size=3, replace=False)
        attempts.append([(f"q{i}", int(rng.integers(0, 2)), 1) for i in picked])
    summary, items = analyse(attempts)
    cols = np.array([[m[1] for m in a] for a in attempts], dtype=float) * 100 / 3
    cov = np.cov(cols.T)
    assert summary.alpha == pytest.approx(3 / 2 * (1 - np.trace(cov) / cov.sum()))
    assert sum(i.attempts for i in items.values()) == 150


def test_different_lengths_leave_alpha_undefined():
    summary, _ = analyse([[("a", 1, 1)], [("a", 0, 1), ("b", 1, 1)], [("a", 1, 1)]])
    assert summary.alpha is None and "same questions" in summary.alpha_note


def test_a_changed_lesson_quiz_is_not_aligned_by_position():
    attempts = [[("a", 1, 1), ("b", 0, 1)], [("a", 0, 1), ("c", 1, 1)], [("a", 1, 1), ("b", 1, 1)]]
    assert analyse(attempts, by_position=False)[0].alpha is None
    assert analyse(attempts, by_position=True)[0].alpha is not None


def test_alpha_in_percent_points_when_maxima_differ():
    """A new version with a different maximum: item scores are scaled to percent of each
    attempt's maximum so that they still add up to the total."""
    rng = np.random.default_rng(11)
    attempts, scaled = [], []
    for i in range(40):
        b_max = 1 if i % 2 else 3
        row = [("a", int(rng.integers(0, 2)), 1), ("b", int(rng.integers(0, b_max + 1)), b_max),
               ("c", int(rng.integers(0, 2)), 1)]
        attempts.append(row)
        total = sum(m[2] for m in row)
        scaled.append([100 * m[1] / total for m in row])
    cov = np.cov(np.array(scaled).T)
    summary, _ = analyse(attempts)
    assert summary.alpha == pytest.approx(1.5 * (1 - np.trace(cov) / cov.sum()))


def test_option_frequencies_and_flags():
    options = option_stats([("a", "Two", False), ("b", "Three", True), ("c", "Four", False)],
                           {"a": 3, "b": 7, "z": 1}, 10)
    assert [(o.id, o.count, o.share) for o in options] == [
        ("a", 3, 0.3), ("b", 7, 0.7), ("c", 0, 0.0), ("z", 1, 0.1)]
    _, stats = analyse([[("q", x, 1), ("r", 1 - x, 1)] for x in (0, 1, 0, 1)])
    group = option_group("", "", [("a", "Two", False), ("b", "Three", True),
                                  ("c", "Four", False)], {"a": 3, "b": 7}, 10, 10)
    found = flags(stats["q"], never_chosen([group]))
    assert any(f.startswith("Negative discrimination") for f in found)
    assert "Option 'c' was never chosen (a distractor that does not work)." in found
    assert option_stats([("a", "A", True)], {}, 0)[0].share is None


def test_never_chosen_is_true_to_each_kind_of_group():
    # Own options per part (a bow-tie group): every option of the part is checked.
    own = option_group("actions", "Actions to take", [("a", "A", True), ("b", "B", True),
                                                      ("c", "C", False)], {"a": 2, "b": 1}, 3, 2)
    # Shared columns (a matrix): a column is a distractor only if no row got it; a row's key
    # nobody chose says the key may be wrong.
    row1 = option_group("r1", "Thirst", [("yes", "Yes", True), ("no", "No", False)],
                        {"yes": 3}, 3, 3, shared=True)
    row2 = option_group("r2", "Rash", [("yes", "Yes", False), ("no", "No", True)],
                        {"yes": 3}, 3, 3, shared=True)
    typed = typed_group([("moon face", True, 2)], 3, 2)
    assert never_chosen([own, row1, row2, typed]) == [
        "Actions to take: option 'c' was never chosen (a distractor that does not work).",
        "Rash: its key 'no' was never chosen. Check the key.",
    ]
    unused = option_group("r1", "Thirst", [("yes", "Yes", True), ("no", "No", False),
                                           ("maybe", "Maybe", False)], {"yes": 1, "no": 2}, 3, 3,
                          shared=True)
    assert never_chosen([unused]) == [
        "Option 'maybe' was never chosen in any part (a distractor that does not work)."]


def test_weighted_median():
    assert median([(3.0, 1), (1.0, 2)]) == 1.0
    assert median([(1.0, 1), (2.0, 1), (3.0, 1), (4.0, 1)]) == 2.5
    assert median([(5.0, 2), (1.0, 2)]) == 3.0
    assert median([(1.0, 0)]) is None


def test_quiz_summary_without_attempts_says_so():
    from quizapp.stats import quiz_summary
    summary = quiz_summary([], {}, [])
    assert summary.attempts == 0 and summary.alpha is None and summary.alpha_note == "No attempts."
