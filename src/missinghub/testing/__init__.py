"""Test-only support. Nothing here is used by the running application."""
