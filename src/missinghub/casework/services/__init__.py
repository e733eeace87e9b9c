"""Casework writes: keyword-only arguments, one transaction each, an audit event each."""
