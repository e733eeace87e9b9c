"""Production settings: everything from the environment; DJANGO_SECRET_KEY is required."""

from missinghub.settings.base import *  # noqa: F403
