"""The system administrator's pages. An administrator manages accounts and sees no child."""

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from missinghub.access.guards import guard, signed_in_user
from missinghub.access.roles import Action
from missinghub.accounts.models import Agency, AgencyKind, Role, User
from missinghub.accounts.services import (
    AdministrationError,
    RoleNotAllowedForAgency,
    add_agency,
    create_or_reset_user,
    disable_user,
    enable_user,
    random_password,
    reset_two_factor,
    set_up_totp,
    unlock_user,
)
from missinghub.administration.forms import AgencyForm, DisableForm, UserForm


def _user(user_id: int) -> User:
    found = User.objects.select_related("agency").filter(pk=user_id).first()
    if found is None:
        raise Http404("No user has that number.")
    return found


@guard(Action.ADMINISTER)
def index(request: HttpRequest) -> HttpResponse:
    agencies = Agency.objects.order_by("area", "name")
    return render(request, "administration/index.html", {"agencies": agencies})


@guard(Action.ADMINISTER)
def agency_add(request: HttpRequest) -> HttpResponse:
    actor = signed_in_user(request)
    form = AgencyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            agency = add_agency(
                actor=actor, name=data["name"], kind=AgencyKind(data["kind"]), area=data["area"]
            )
        except AdministrationError as error:
            form.add_error("name", str(error))
        else:
            messages.success(request, f"{agency.name} added")
            return redirect("administration:index")
    return render(request, "administration/agency_form.html", {"form": form})


@guard(Action.ADMINISTER)
def users(request: HttpRequest) -> HttpResponse:
    people = User.objects.select_related("agency").order_by("agency__name", "username")
    return render(request, "administration/users.html", {"people": people})


@guard(Action.ADMINISTER)
def user_add(request: HttpRequest) -> HttpResponse:
    actor = signed_in_user(request)
    form = UserForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        password = random_password()
        try:
            person = create_or_reset_user(
                actor=actor,
                username=data["username"],
                agency=data["agency"],
                role=Role(data["role"]),
                password=password,
                first_name=data["first_name"],
                last_name=data["last_name"],
            )
        except RoleNotAllowedForAgency as error:
            form.add_error("role", str(error))
        else:
            secret = set_up_totp(actor=actor, user=person)
            context = {"person": person, "password": password, "secret": secret}
            return render(request, "administration/user_added.html", context)
    return render(request, "administration/user_form.html", {"form": form})


@guard(Action.ADMINISTER)
def user_detail(request: HttpRequest, user_id: int) -> HttpResponse:
    person = _user(user_id)
    context = {"person": person, "disable_form": DisableForm()}
    return render(request, "administration/user.html", context)


@require_POST
@guard(Action.ADMINISTER)
def user_action(request: HttpRequest, user_id: int, action: str) -> HttpResponse:
    actor = signed_in_user(request)
    person = _user(user_id)
    if action == "disable":
        form = DisableForm(request.POST)
        if not form.is_valid():
            context = {"person": person, "disable_form": form}
            return render(request, "administration/user.html", context, status=400)
        disable_user(actor=actor, user=person, reason=form.cleaned_data["reason"])
        messages.success(request, f"{person.username} disabled and signed out")
    elif action == "enable":
        enable_user(actor=actor, user=person)
        messages.success(request, f"{person.username} enabled")
    elif action == "unlock":
        unlock_user(actor=actor, user=person)
        messages.success(request, f"Sign-in lockout of {person.username} lifted")
    elif action == "reset-two-factor":
        secret = reset_two_factor(actor=actor, user=person)
        return render(
            request, "administration/two_factor_reset.html", {"person": person, "secret": secret}
        )
    else:
        raise Http404("No such action.")
    return redirect("administration:user", user_id=person.pk)
