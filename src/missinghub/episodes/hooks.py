"""The hooks episodes calls (see `missinghub.kit.hooks`): how higher apps react to a report or a
return, and how linkage recognises the child at the door, without episodes importing them.

Registered in their apps' `ready()`: protocols (`protocol_pending`, `episode_reported`,
`episode_returned`, `risk_graded`) and linkage (`match_child`, `match_children`).
"""

from missinghub.kit.hooks import Hook

protocol_pending = Hook(
    "episodes.protocol_pending",
    doc="Called (no arguments) inside the transaction that stored episodes flagged "
    "`protocol_pending`: the area protocol is to be applied to them in the background.",
)
episode_reported = Hook(
    "episodes.episode_reported",
    doc="Called with `episode` and `actor` when a report asks for the area protocol at once "
    "(the web form): inside the report's transaction.",
)
episode_returned = Hook(
    "episodes.episode_returned",
    doc="Called with `episode` and `actor` inside the transaction that recorded a return.",
)
risk_graded = Hook(
    "episodes.risk_graded",
    doc="Called with `episode` and `actor` inside the transaction that regraded an open "
    "episode's risk (`services.regrade_risk`): the police review schedule follows the new level.",
)
match_child = Hook(
    "episodes.match_child",
    doc="Called (`Hook.first`) with `person`, an `intake.Person`, for a report of a child not "
    "yet named by an id: answers the id of the stored child the person surely is, or None. "
    "With nothing registered, a new record is made.",
)
match_children = Hook(
    "episodes.match_children",
    doc="Called (`Hook.first`) once per imported batch with `door`, an `intake.PeopleAtTheDoor` "
    "(every person of the batch, and the stored child an identifier of the file's agency names "
    "for some): answers an `intake.Recognised` (who is surely a stored child, and which "
    "references are held for review because their details disagree with the child named). "
    "With nothing registered, the identifiers decide alone.",
)
