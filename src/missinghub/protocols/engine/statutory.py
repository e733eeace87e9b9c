"""The statutory return-interview offer, which applies under every protocol.

The DfE's statutory guidance (England, 2014) offers every child a return interview after every
episode, within 72 hours of their return. An area's protocol may offer more (sooner, or with a
named team) but never less. So the loader adds the rule `statutory-return-interview` to every
protocol whose own rules do not already offer it: a rule that fires on the return of any
episode, with no conditions, due within 72 hours.

The added rule is a floor (`Rule.fallback`): it fires only when none of the protocol's own
return-interview rules fires on that return, so a child never gets two interview tasks for one
episode. Plymouth's 48-hour offer applies where its conditions hold; every other return gets the
statutory 72-hour offer. The added rule takes the owner of the protocol's own return-interview
rule when there is one, else the missing team.
"""

from missinghub.protocols.engine.model import EPISODE_CATEGORIES, Conditions, Deadline, Rule

STATUTORY_RULE_ID = "statutory-return-interview"
STATUTORY_HOURS = 72
STATUTORY_DESCRIPTION = (
    "The statutory return interview (DfE guidance, England 2014): every child is offered an "
    "independent return interview after every episode, within 72 hours of their return. Added "
    "by MissingHub where the protocol's own rules offer less."
)


def offers_statutory_interview(rule: Rule) -> bool:
    """The rule alone offers at least the statutory interview: every return, within 72 hours."""
    return (
        rule.task == "return_interview"
        and rule.trigger == "returned"
        and rule.episode_categories == frozenset(EPISODE_CATEGORIES)
        and Conditions() in rule.alternatives
        and rule.deadline.hours is not None
        and rule.deadline.hours <= STATUTORY_HOURS
    )


def with_statutory_offer(rules: tuple[Rule, ...]) -> tuple[Rule, ...]:
    """`rules`, plus the statutory floor unless one of them already offers it."""
    if any(offers_statutory_interview(rule) for rule in rules):
        return rules
    own = next((rule for rule in rules if rule.task == "return_interview"), None)
    floor = Rule(
        id=STATUTORY_RULE_ID,
        description=STATUTORY_DESCRIPTION,
        task="return_interview",
        owner_team=own.owner_team if own else "Missing team (return interviews)",
        owner_agency_kind=own.owner_agency_kind if own else "missing_team",
        trigger="returned",
        episode_categories=frozenset(EPISODE_CATEGORIES),
        within_days=None,
        alternatives=(Conditions(),),
        deadline=Deadline(hours=STATUTORY_HOURS),
        fallback=True,
    )
    return (*rules, floor)
