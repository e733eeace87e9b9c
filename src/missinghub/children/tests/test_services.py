import datetime as dt

import pytest

from missinghub.accounts.models import Role
from missinghub.audit.enums import AuditVerb
from missinghub.audit.models import AuditEvent
from missinghub.children.models import PlacementArea, PlacementType
from missinghub.children.services import ChildNotVisible, open_child_record, record_placement
from missinghub.children.tests.factories import ChildFactory, PlacementFactory
from missinghub.episodes.tests.factories import EpisodeFactory

pytestmark = pytest.mark.django_db


def test_a_new_placement_ends_the_current_one_the_day_it_starts():
    child = ChildFactory()
    first = PlacementFactory(child=child, start_date=dt.date(2024, 1, 1), end_date=None)
    second = record_placement(
        actor=None,
        child=child,
        placement_type=PlacementType.FOSTER,
        area=PlacementArea.OUT_OF_BOROUGH,
        start_date=dt.date(2024, 8, 12),
    )
    first.refresh_from_db()
    assert first.end_date == dt.date(2024, 8, 12)
    assert second.end_date is None
    assert AuditEvent.objects.filter(verb=AuditVerb.PLACEMENT_RECORDED, child_id=child.pk)


def test_opening_a_record_is_audited(agencies, make_user):
    child = EpisodeFactory(reporting_agency=agencies["police"]).child
    officer = make_user("police", Role.POLICE_OFFICER)
    assert open_child_record(user=officer, child_id=child.pk) == child
    assert AuditEvent.objects.filter(verb=AuditVerb.CHILD_VIEWED, actor=officer, child_id=child.pk)


def test_a_refused_look_is_audited_and_survives_the_refusal(agencies, make_user):
    child = EpisodeFactory(reporting_agency=agencies["other_police"]).child
    officer = make_user("police", Role.POLICE_OFFICER)
    with pytest.raises(ChildNotVisible):
        open_child_record(user=officer, child_id=child.pk)
    refusal = AuditEvent.objects.get(verb=AuditVerb.ACCESS_REFUSED)
    assert (refusal.actor, refusal.child_id) == (officer, child.pk)
    assert not AuditEvent.objects.filter(verb=AuditVerb.CHILD_VIEWED).exists()
