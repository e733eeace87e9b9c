"""Casework reads, one module per piece of work; every function takes the user and filters
through `access.policy.visible_child_ids`."""
