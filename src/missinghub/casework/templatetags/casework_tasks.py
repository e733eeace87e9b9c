"""`{% task_url task %}`: the page that completes the task (casework.task_pages)."""

from django import template

from missinghub.casework.task_pages import task_page_url
from missinghub.protocols.models import ProtocolTask

register = template.Library()


@register.simple_tag
def task_url(task: ProtocolTask) -> str:
    return task_page_url(task)
