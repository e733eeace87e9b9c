"""The protocols app's named hooks (see `missinghub.kit.hooks`): what higher apps may react to."""

from missinghub.kit.hooks import Hook

task_created = Hook(
    "protocols.task_created",
    doc=(
        "A protocol decision made a task (`task=ProtocolTask`), inside the transaction that made "
        "it. Casework puts panel referrals onto the next meeting's agenda."
    ),
)
