"""The child's people: the allocated social worker and named contacts (family, carers,
professionals) with how to reach them. Everyone who sees the child reads them on the child's
page; social care and the missing team add, change and end them (Action.EDIT_CHILDS_PEOPLE).
Each write is audited by the children app's services."""

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from missinghub.access.guards import guard, signed_in_user
from missinghub.access.roles import Action
from missinghub.accounts.models import User
from missinghub.casework.forms.people import ContactForm
from missinghub.casework.services.submissions import create_once
from missinghub.children.models import ChildContact
from missinghub.children.selectors import contact_for_user
from missinghub.children.services import (
    CONTACT_FIELDS,
    ChildNotVisible,
    ContactError,
    add_contact,
    change_contact,
    end_contact,
    open_child_record,
)


@guard(Action.EDIT_CHILDS_PEOPLE)
def contact_new(request: HttpRequest, child_id: int) -> HttpResponse:
    user = signed_in_user(request)
    try:
        child = open_child_record(user=user, child_id=child_id)
    except ChildNotVisible:
        raise Http404("No child record you can see has that number.") from None
    form = ContactForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        details = form.details()
        try:
            create_once(
                actor=user,
                token=form.cleaned_data["submission_id"],
                form="child_contact",
                create=lambda: add_contact(actor=user, child=child, details=details),
            )
        except ContactError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, f"{details.name} added to {child.full_name}'s people.")
            return redirect("web:child", child_id=child.pk)
    context = {"form": form, "child": child, "contact": None}
    return render(request, "casework/contact_form.html", context)


def _contact(user: User, contact_id: int, *, current: bool = True) -> ChildContact:
    contact = contact_for_user(user=user, contact_id=contact_id, current=current)
    if contact is None:
        raise Http404("No current person of a child you can see has that number.")
    open_child_record(user=user, child_id=contact.child_id)  # the look is audited
    return contact


@guard(Action.EDIT_CHILDS_PEOPLE)
def contact_edit(request: HttpRequest, contact_id: int) -> HttpResponse:
    user = signed_in_user(request)
    contact = _contact(user, contact_id)
    initial = {name: getattr(contact, name) for name in CONTACT_FIELDS}
    form = ContactForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            change_contact(actor=user, contact=contact, details=form.details())
        except ContactError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, f"{form.cleaned_data['name']}'s details saved.")
            return redirect("web:child", child_id=contact.child_id)
    context = {"form": form, "child": contact.child, "contact": contact}
    return render(request, "casework/contact_form.html", context)


@guard(Action.EDIT_CHILDS_PEOPLE)
def contact_end(request: HttpRequest, contact_id: int) -> HttpResponse:
    """Ask, then end: the person no longer holds the child (kept in the record)."""
    user = signed_in_user(request)
    contact = _contact(user, contact_id, current=False)
    if not contact.is_current:  # ended already (Back, then sent again): nothing to do
        messages.info(request, f"{contact.name} has already been ended.")
        return redirect("web:child", child_id=contact.child_id)
    if request.method == "POST":
        try:
            end_contact(actor=user, contact=contact)
        except ContactError as error:
            messages.info(request, str(error))
        else:
            messages.success(request, f"{contact.name} is no longer one of the child's people.")
        return redirect("web:child", child_id=contact.child_id)
    return render(request, "casework/contact_end.html", {"contact": contact})
