"""Philomena pages: the profile (anyone who may see the child), editing it and its photo (care
provider and social worker; a stale save is refused with the worker's text kept), the version
history, the photo served only here, and the grab pack for a child missing now."""

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET

from missinghub.access.guards import guard, signed_in_user
from missinghub.access.roles import Action, may
from missinghub.accounts.models import User
from missinghub.audit.enums import AuditVerb
from missinghub.audit.services import record_event
from missinghub.casework.forms.philomena import (
    PROFILE_HINTS,
    PROFILE_LABELS,
    GrabPackForm,
    PhotoForm,
    ProfileForm,
)
from missinghub.casework.models import PROFILE_FIELDS, PhilomenaProfile
from missinghub.casework.selectors.philomena import (
    child_with_profile_for_user,
    grab_pack_for_user,
    versions_of_profile,
)
from missinghub.casework.services import philomena as services
from missinghub.casework.services.concurrency import EditConflict
from missinghub.casework.services.packs import grab_pack_pdf
from missinghub.casework.services.photos import PhotoRefused
from missinghub.casework.services.submissions import create_once
from missinghub.casework.views.panels import pdf_response
from missinghub.children.models import Child
from missinghub.episodes.services import open_episode_record


def _child_or_404(user: User, child_id: int) -> tuple[Child, PhilomenaProfile | None]:
    child, profile = child_with_profile_for_user(user=user, child_id=child_id)
    if child is None:
        raise Http404("No child record you can see has that number.")
    return child, profile


@guard(Action.SEE_CHILD_RECORDS)
def profile_detail(request: HttpRequest, child_id: int) -> HttpResponse:
    user = signed_in_user(request)
    child, profile = _child_or_404(user, child_id)
    record_event(verb=AuditVerb.CHILD_VIEWED, actor=user, target=child, child_id=child.pk)
    fields = [(PROFILE_LABELS[n], getattr(profile, n)) for n in PROFILE_FIELDS] if profile else []
    return render(
        request,
        "casework/philomena.html",
        {
            "child": child,
            "profile": profile,
            "fields": fields,
            "missing_now": child.episodes.filter(returned_at__isnull=True),
            "may_edit": may(user, Action.EDIT_PHILOMENA_PROFILE),
            "may_grab": may(user, Action.PRODUCE_GRAB_PACK),
        },
    )


@guard(Action.EDIT_PHILOMENA_PROFILE)
def profile_edit(request: HttpRequest, child_id: int) -> HttpResponse:
    user = signed_in_user(request)
    child, profile = _child_or_404(user, child_id)
    initial = {n: getattr(profile, n) for n in PROFILE_FIELDS} if profile else {}
    form = ProfileForm(
        request.POST or None, initial={**initial, "version": profile.version if profile else None}
    )
    if request.method == "POST" and form.is_valid():
        try:
            if profile is None:
                services.start_profile(actor=user, child=child, content=form.content())
            else:
                services.save_profile(
                    actor=user,
                    profile=profile,
                    content=form.content(),
                    expected_version=form.cleaned_data["version"] or 0,
                )
        except EditConflict as conflict:
            form.add_error(None, f"{conflict} Your text is still in the form below.")
        except services.PhilomenaError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "Philomena profile saved as a new version.")
            return redirect("casework:philomena", child_id=child.pk)
    boxes = [(form[n], PROFILE_LABELS[n], PROFILE_HINTS[n]) for n in PROFILE_FIELDS]
    record_event(verb=AuditVerb.CHILD_VIEWED, actor=user, target=child, child_id=child.pk)
    return render(
        request,
        "casework/philomena_form.html",
        {"child": child, "profile": profile, "form": form, "boxes": boxes},
    )


@guard(Action.EDIT_PHILOMENA_PROFILE)
def photo_upload(request: HttpRequest, child_id: int) -> HttpResponse:
    user = signed_in_user(request)
    child, profile = _child_or_404(user, child_id)
    if profile is None:
        raise Http404("Start the profile before adding a photo.")
    form = PhotoForm(
        request.POST or None, request.FILES or None, initial={"version": profile.version}
    )
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["photo"]
        try:
            services.save_photo(
                actor=user,
                profile=profile,
                content=upload.read(services.photo_size_limit() + 1),
                taken_on=form.cleaned_data["taken_on"],
                expected_version=form.cleaned_data["version"],
            )
        except PhotoRefused as error:
            form.add_error("photo", str(error))
        except EditConflict as conflict:
            form.add_error(None, str(conflict))
        else:
            messages.success(request, "Photo saved.")
            return redirect("casework:philomena", child_id=child.pk)
    record_event(verb=AuditVerb.CHILD_VIEWED, actor=user, target=child, child_id=child.pk)
    return render(request, "casework/philomena_photo.html", {"child": child, "form": form})


@guard(Action.SEE_CHILD_RECORDS)
@require_GET
def photo(request: HttpRequest, child_id: int) -> HttpResponse:
    """The photo, only through this view: access checked, each look audited, never cached."""
    user = signed_in_user(request)
    child, profile = _child_or_404(user, child_id)
    content = services.read_photo(profile) if profile else None
    if profile is None or content is None:
        raise Http404("No photo is held.")
    record_event(
        verb=AuditVerb.PHILOMENA_PHOTO_VIEWED,
        actor=user,
        target=profile,
        child_id=child.pk,
        detail={"version": profile.version},
    )
    response = HttpResponse(content, content_type=profile.photo_content_type)
    response["Cache-Control"] = "private, no-store"
    response["Content-Disposition"] = "inline"
    return response


@guard(Action.SEE_CHILD_RECORDS)
def profile_history(request: HttpRequest, child_id: int) -> HttpResponse:
    user = signed_in_user(request)
    child, profile = _child_or_404(user, child_id)
    if profile is None:
        raise Http404("This child has no profile.")
    record_event(verb=AuditVerb.CHILD_VIEWED, actor=user, target=child, child_id=child.pk)
    versions = [
        (version, [(PROFILE_LABELS[n], version.content.get(n, "")) for n in PROFILE_FIELDS])
        for version in versions_of_profile(profile)
    ]
    return render(
        request,
        "casework/philomena_history.html",
        {"child": child, "profile": profile, "versions": versions},
    )


@guard(Action.PRODUCE_GRAB_PACK)
def grab_pack_new(request: HttpRequest, episode_id: int) -> HttpResponse:
    user = signed_in_user(request)
    episode = open_episode_record(user=user, episode_id=episode_id)  # audits the look
    if episode is None:
        raise Http404("No episode you can see has that number.")
    form = GrabPackForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        details = {k: v for k, v in form.cleaned_data.items() if k != "submission_id"}
        try:
            pack_id, _ = create_once(
                actor=user,
                token=form.cleaned_data["submission_id"],
                form="grab_pack",
                create=lambda: services.produce_grab_pack(actor=user, episode=episode, **details),
            )
        except services.PhilomenaError as error:
            form.add_error(None, str(error))
        else:
            return redirect("casework:grab-pack", pack_id=pack_id)
    return render(request, "casework/philomena_grab_pack.html", {"episode": episode, "form": form})


@guard(Action.SEE_CHILD_RECORDS)
def grab_pack(request: HttpRequest, pack_id: int) -> HttpResponse:
    user = signed_in_user(request)
    pack = grab_pack_for_user(user=user, pack_id=pack_id)
    if pack is None:
        raise Http404("No grab pack you can see has that number.")
    record_event(
        verb=AuditVerb.CHILD_VIEWED, actor=user, target=pack, child_id=pack.profile.child_id
    )
    return pdf_response(grab_pack_pdf(pack), f"grab-pack-{pack.pk}.pdf")
