"""Each shipped protocol on hand-built histories."""

from datetime import timedelta

from missinghub.protocols.engine import ChildHistory, Event, evaluate
from missinghub.protocols.engine.working_days import UK_TIME
from missinghub.protocols.tests.histories import aged, child, episode, shipped


def tasks(protocol_name: str, history: ChildHistory, event: Event) -> list[tuple[str, str]]:
    return [(d.rule_id, d.task) for d in evaluate(shipped(protocol_name), history, event)]


def test_england_every_return_gets_an_interview_within_72_hours() -> None:
    history = child(episode(1, 0), episode(2, 5))
    for number in (1, 2):
        [decision] = evaluate(
            shipped("england-statutory"), history, Event("returned", f"E{number}")
        )
        assert decision.task == "return_interview"
        assert decision.due_at - decision.triggered_at == timedelta(hours=72)
        assert decision.protocol_version == "2014.1"
        assert decision.rule_id == "return-interview"


def test_england_tells_social_care_at_once_when_a_looked_after_child_goes_missing() -> None:
    history = child(episode(1, 0, looked_after=True), episode(2, 3))
    assert tasks("england-statutory", history, Event("reported", "E1")) == [
        ("tell-responsible-authority", "social_care_alert")
    ]
    assert tasks("england-statutory", history, Event("reported", "E2")) == []


def test_no_return_interview_while_the_child_is_still_missing() -> None:
    history = child(episode(1, 0, hours_missing=None))
    assert tasks("england-statutory", history, Event("returned", "E1")) == []


def test_hartlepool_third_missing_episode_on_day_89_puts_the_child_on_the_agenda() -> None:
    history = child(episode(1, 0), episode(2, 40), episode(3, 89))
    assert ("vemt-practitioners-agenda", "panel_referral") in tasks(
        "hartlepool-vemt", history, Event("reported", "E3")
    )


def test_hartlepool_third_missing_episode_on_day_91_does_not() -> None:
    history = child(episode(1, 0), episode(2, 40), episode(3, 91))
    assert tasks("hartlepool-vemt", history, Event("reported", "E3")) == []


def test_hartlepool_counts_missing_episodes_only() -> None:
    history = child(episode(1, 0, category="absent"), episode(2, 40), episode(3, 60))
    assert tasks("hartlepool-vemt", history, Event("reported", "E3")) == []


def test_hartlepool_panel_referral_is_due_in_ten_working_days() -> None:
    history = child(episode(1, 0), episode(2, 1), episode(3, 2))  # third: Wednesday 6 March
    [decision] = evaluate(shipped("hartlepool-vemt"), history, Event("reported", "E3"))
    due_local = decision.due_at.astimezone(UK_TIME)
    # Ten working days after Wednesday 6 March 2024 is Wednesday 20 March; due by its end.
    assert (due_local.date().isoformat(), due_local.hour) == ("2024-03-21", 0)


def test_plymouth_interviews_an_under_13_on_their_first_episode() -> None:
    history = child(episode(1, 0), born=aged(12))
    [decision] = evaluate(shipped("plymouth-2013"), history, Event("returned", "E1"))
    assert decision.task == "return_interview"
    assert decision.due_at - decision.triggered_at == timedelta(hours=48)
    assert decision.ideally_by is not None
    assert decision.ideally_by - decision.triggered_at == timedelta(hours=24)


def test_plymouth_gives_a_15_year_old_on_their_first_episode_only_the_statutory_offer() -> None:
    history = child(episode(1, 0), born=aged(15))
    assert tasks("plymouth-2013", history, Event("returned", "E1")) == [
        ("statutory-return-interview", "return_interview")
    ]


def test_plymouth_interviews_a_15_year_old_on_their_second_episode() -> None:
    history = child(episode(1, 0), episode(2, 200), born=aged(15))
    assert tasks("plymouth-2013", history, Event("returned", "E2")) == [
        ("return-interview", "return_interview")
    ]


def test_plymouth_interviews_a_vulnerable_15_year_old_on_their_first_episode() -> None:
    looked_after = child(episode(1, 0, looked_after=True), born=aged(15))
    exploited = child(episode(1, 0, county_lines=True), born=aged(15))
    for history in (looked_after, exploited):
        assert len(tasks("plymouth-2013", history, Event("returned", "E1"))) == 1


def test_wales_interviews_from_the_third_episode() -> None:
    history = child(episode(1, 0), episode(2, 100), episode(3, 400))
    assert tasks("wales", history, Event("returned", "E2")) == [
        ("statutory-return-interview", "return_interview")
    ]
    assert tasks("wales", history, Event("returned", "E3")) == [
        ("return-interview", "return_interview")
    ]


def test_northamptonshire_visits_up_to_the_third_episode_but_not_the_fourth() -> None:
    history = child(*(episode(n, 10 * n) for n in range(1, 5)))
    for number in (1, 2, 3):
        assert ("early-youth-worker-visit", "youth_worker_visit") in tasks(
            "northamptonshire", history, Event("returned", f"E{number}")
        )
    assert tasks("northamptonshire", history, Event("returned", "E4")) == [
        ("return-interview", "return_interview")
    ]


def test_lancashire_escalates_from_joint_intervention_to_strategy_meeting() -> None:
    history = child(*(episode(n, 20 * n) for n in range(1, 8)))
    seen = [tasks("lancashire", history, Event("reported", f"E{n}")) for n in range(1, 8)]
    joint = [("joint-agency-intervention", "panel_referral")]
    strategy = [("senior-managers-strategy-meeting", "strategy_meeting")]
    assert seen == [[], [], joint, joint, joint, strategy, strategy]


def test_lancashire_counts_within_a_year() -> None:
    history = child(episode(1, 0), episode(2, 200), episode(3, 400))
    assert tasks("lancashire", history, Event("reported", "E3")) == []
