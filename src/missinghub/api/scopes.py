"""What a token may be used for, beside what its service user's role and agency allow."""

from django.db import models


class Scope(models.TextChoices):
    CHILDREN_READ = "children:read", "Look up children the agency may see"
    EPISODES_READ = "episodes:read", "Read episodes"
    EPISODES_WRITE = "episodes:write", "Report missing, record returns, regrade risk"
    TASKS_READ = "tasks:read", "List protocol tasks"
    INTERVIEWS_READ = "interviews:read", "Read return interview outcomes"
    CME_WRITE = "cme:write", "Refer children missing education"
