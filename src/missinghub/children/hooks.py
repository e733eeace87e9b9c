"""The hooks children calls (see `missinghub.kit.hooks`): how higher apps react to a child's
records without children importing them. Registered in casework's `ready()`."""

from missinghub.kit.hooks import Hook

placement_started = Hook(
    "children.placement_started",
    doc="Called with `placement` and `actor` inside the transaction that recorded a placement "
    "(casework asks the care provider for the child's managed risk assessment).",
)
