import math

import numpy as np
import polars as pl
import pytest
from lifelines import KaplanMeierFitter
from lifelines.statistics import logrank_test, multivariate_logrank_test
from scipy.stats import chi2

from missinghub_analytics.survival import chi2_sf, kaplan_meier, log_rank_test


def test_kaplan_meier_by_hand() -> None:
    # times 1, 2 (censored), 3, 3, 5: S(1)=4/5, S(3)=4/5*(1-2/3)=4/15, S(5)=0.
    curve = kaplan_meier([1, 2, 3, 3, 5], [True, False, True, True, True])
    assert curve.time.tolist() == [1, 2, 3, 5]
    assert curve.at_risk.tolist() == [5, 4, 3, 1]
    assert curve.survival.tolist() == pytest.approx([0.8, 0.8, 4 / 15, 0.0])
    # Greenwood at t=1: S^2 * 1/(5*4) = 0.64/20.
    assert curve.greenwood_var[0] == pytest.approx(0.64 / 20)
    assert curve.at([0.5, 1, 2.5, 10]).tolist() == pytest.approx([1, 0.8, 0.8, 0])
    assert curve.median == 3


def random_sample(seed: int, n: int) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    durations = np.round(rng.exponential(20, n), 0)  # rounding makes ties
    observed = rng.random(n) < 0.7
    return durations, observed


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_kaplan_meier_matches_lifelines(seed: int) -> None:
    durations, observed = random_sample(seed, 300)
    curve = kaplan_meier(durations, observed)
    fitter = KaplanMeierFitter().fit(durations, observed)
    expected = fitter.survival_function_.iloc[:, 0]
    lower = fitter.confidence_interval_.iloc[:, 0]
    upper = fitter.confidence_interval_.iloc[:, 1]
    times = curve.time
    assert np.allclose(curve.survival, expected.loc[times].to_numpy())
    assert np.allclose(curve.ci_lower, lower.loc[times].to_numpy())
    assert np.allclose(curve.ci_upper, upper.loc[times].to_numpy())
    assert curve.median == fitter.median_survival_time_


def test_log_rank_two_groups_matches_lifelines() -> None:
    a_d, a_e = random_sample(10, 120)
    b_d, b_e = random_sample(11, 150)
    b_d = b_d * 1.5
    frame = pl.DataFrame(
        {
            "group": ["a"] * len(a_d) + ["b"] * len(b_d),
            "duration": np.concatenate([a_d, b_d]),
            "event": np.concatenate([a_e, b_e]),
        }
    )
    result = log_rank_test(frame)
    expected = logrank_test(a_d, b_d, event_observed_A=a_e, event_observed_B=b_e)
    assert result.statistic == pytest.approx(expected.test_statistic)
    assert result.p_value == pytest.approx(expected.p_value)
    assert result.observed == {"a": int(a_e.sum()), "b": int(b_e.sum())}


def test_log_rank_three_groups_matches_lifelines() -> None:
    parts = [random_sample(seed, 80) for seed in (20, 21, 22)]
    durations = np.concatenate([d * (1 + i / 3) for i, (d, _) in enumerate(parts)])
    events = np.concatenate([e for _, e in parts])
    groups = np.repeat(["x", "y", "z"], 80)
    frame = pl.DataFrame({"group": groups, "duration": durations, "event": events})
    result = log_rank_test(frame)
    expected = multivariate_logrank_test(durations, groups, events)
    assert result.degrees_of_freedom == 2
    assert result.statistic == pytest.approx(expected.test_statistic)
    assert result.p_value == pytest.approx(expected.p_value)


@pytest.mark.parametrize("dof", [1, 2, 3, 4, 5, 8])
def test_chi2_sf_matches_scipy(dof: int) -> None:
    for x in (0.1, 1.0, 3.84, 10.0, 40.0):
        assert chi2_sf(x, dof) == pytest.approx(chi2.sf(x, dof), rel=1e-9)
    assert math.isclose(chi2_sf(0, dof), 1.0)
