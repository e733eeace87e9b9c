"""Casework pages, one module per piece of work: thin views over selectors and services."""
