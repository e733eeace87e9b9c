"""The child's timeline: every kind of entry, oldest first, and only for a user who may see
the child; the list of sources can be extended."""

import datetime as dt

import pytest
from django.utils import timezone

from missinghub.accounts.models import Role
from missinghub.casework import timeline
from missinghub.casework.models import InterviewOutcome, ScreeningKind
from missinghub.casework.services.interviews import complete_interview
from missinghub.casework.services.screening import record_screening
from missinghub.casework.tests.test_interviews import content_after
from missinghub.casework.tests.test_screening import answers_for
from missinghub.casework.timeline import TimelineEntry, timeline_for_child
from missinghub.children.tests.factories import PlacementFactory

pytestmark = pytest.mark.django_db


def test_every_kind_in_order(worker, interview):
    child = interview.child
    PlacementFactory(child=child, start_date=dt.date(2024, 1, 1))
    record_screening(
        actor=worker,
        child=child,
        episode=interview.episode,
        kind=ScreeningKind.CSE,
        answers=answers_for("cse"),
    )
    complete_interview(
        actor=worker,
        interview=interview,
        content=content_after(interview),
        outcome=InterviewOutcome.CAF_BRIEF_INTERVENTION,
        expected_version=1,
    )
    entries = timeline_for_child(user=worker, child_id=child.pk)
    kinds = [entry.kind for entry in entries]
    assert kinds[:2] == ["Placement", "Episode"]
    assert {"Return interview", "Exploitation screening", "Intervention"} <= set(kinds)
    assert [e.when for e in entries] == sorted(e.when for e in entries)


def test_a_user_who_may_not_see_the_child_gets_nothing(interview, make_user):
    outsider = make_user("other_police", Role.POLICE_OFFICER)
    assert timeline_for_child(user=outsider, child_id=interview.child_id) == []


def extra_source(user, child_id):
    yield TimelineEntry(when=timezone.now(), kind="Panel discussion", title="Discussed at VEMT")


def test_another_source_plugs_in(worker, interview, monkeypatch):
    path = f"{__name__}.extra_source"
    monkeypatch.setattr(timeline, "TIMELINE_SOURCES", [*timeline.TIMELINE_SOURCES, path])
    entries = timeline_for_child(user=worker, child_id=interview.child_id)
    assert entries[-1].kind == "Panel discussion"
