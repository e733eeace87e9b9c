"""Casework reads, one module per piece of work; every function takes the user and filters
through `accounts.access.visible_child_ids`."""
