"""The peer of bench/web_roles.py: a plain Django 5.2 detail page of one child, no access rule,
no audit, a one-line template; the floor a page of this stack cannot beat."""

from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.template import Context, Template
from django.urls import path

from missinghub.children.models import Child

PAGE = Template(
    "<h1>{{ child.given_name }} {{ child.family_name }}</h1><p>{{ child.date_of_birth }}</p>"
)


@login_not_required
def child_detail(request: HttpRequest, child_id: int) -> HttpResponse:
    child = get_object_or_404(Child, pk=child_id)
    return HttpResponse(PAGE.render(Context({"child": child})))


urlpatterns = [path("peer/children/<int:child_id>/", child_detail)]
