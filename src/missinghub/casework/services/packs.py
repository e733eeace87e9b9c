"""The documents casework prints: the panel pack for a meeting, the one-page grab pack for police,
the letter inviting a child on the agenda to give their views, and the letter offering a return
interview to the child's parents or carers (both name the child's allocated social worker).
Each read is scoped to the user (selectors) and each document that names children is audited."""

from django.utils import timezone

from missinghub.accounts.models import User
from missinghub.audit.enums import AuditVerb
from missinghub.audit.services import record_event
from missinghub.casework.models import (
    AgendaItem,
    GrabPack,
    ManagedRiskAssessment,
    PanelMeeting,
    PhilomenaProfileVersion,
    ReturnInterview,
)
from missinghub.casework.private_files import private_storage
from missinghub.casework.selectors.panels import pack_for_user
from missinghub.casework.services.panels import record_pack_produced
from missinghub.casework.services.pdf import data_url, render_pdf
from missinghub.children.models import ContactRole
from missinghub.children.selectors import allocated_social_worker, contacts_of_child_for_user

GRAB_PACK_EPISODES = 6  # the most recent episodes printed on the grab pack


def panel_pack_pdf(*, user: User, meeting: PanelMeeting) -> bytes:
    sections, hidden = pack_for_user(user=user, meeting=meeting)
    pdf = render_pdf(
        "casework/pdf/panel_pack.html",
        {
            "meeting": meeting,
            "panel": meeting.panel,
            "members": meeting.panel.members.select_related("agency").order_by("last_name"),
            "sections": sections,
            "hidden": hidden,
            "produced_at": timezone.now(),
            "produced_by": user,
        },
    )
    record_pack_produced(actor=user, meeting=meeting, child_ids={s.child.pk for s in sections})
    return pdf


def _photo_data_url(content: dict[str, object]) -> str:
    name, content_type = str(content.get("photo_name") or ""), content.get("photo_content_type")
    if not name or not private_storage().exists(name):
        return ""
    with private_storage().open(name, "rb") as photo:
        return data_url(photo.read(), str(content_type))


def grab_pack_pdf(pack: GrabPack) -> bytes:
    """The profile as it was when the pack was produced (its version), with the clothing."""
    version = PhilomenaProfileVersion.objects.get(
        profile=pack.profile, version=pack.profile_version
    )
    child = pack.profile.child
    episodes = child.episodes.order_by("-reported_at")[:GRAB_PACK_EPISODES]
    return render_pdf(
        "casework/pdf/grab_pack.html",
        {
            "pack": pack,
            "child": child,
            "age": child.age_on(timezone.localdate()),
            "profile": version.content,
            "photo": _photo_data_url(version.content),
            "episode": pack.episode,
            "episodes": episodes,
            # The home's managed risk assessment in force when the pack was produced.
            "assessment": ManagedRiskAssessment.objects.filter(
                child=child, recorded_at__lte=pack.produced_at
            )
            .order_by("-recorded_at", "-id")
            .first(),
        },
    )


def letter_pdf(item: AgendaItem) -> bytes:
    return render_pdf(
        "casework/pdf/letter.html",
        {
            "item": item,
            "child": item.child,
            "meeting": item.meeting,
            "today": timezone.localdate(),
            "worker": allocated_social_worker(child_id=item.child_id),
        },
    )


ADDRESSED = (ContactRole.PARENT, ContactRole.CARER)


def offer_letter_pdf(*, user: User, interview: ReturnInterview) -> bytes:
    """The return interview offered to the parents or carers named as the child's people, with
    the interviewer (once assigned) and the allocated social worker; audited."""
    people = list(contacts_of_child_for_user(user=user, child_id=interview.child_id))
    worker = next((p for p in people if p.role == ContactRole.ALLOCATED_SOCIAL_WORKER), None)
    pdf = render_pdf(
        "casework/pdf/interview_offer.html",
        {
            "interview": interview,
            "child": interview.child,
            "today": timezone.localdate(),
            "addressed_to": [p for p in people if p.role in ADDRESSED],
            "interviewer": interview.assigned_to,
            "worker": worker,
        },
    )
    record_event(
        verb=AuditVerb.INTERVIEW_OFFER_LETTER,
        actor=user,
        target=interview,
        child_id=interview.child_id,
        detail={"allocated_worker_id": worker.pk if worker else None},
    )
    return pdf
