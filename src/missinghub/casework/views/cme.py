"""Children missing education: the school refers from the child's record; the council team
records enquiries and closes the referral (located, or passed on), or it stays ongoing."""

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from missinghub.access.guards import guard, signed_in_user
from missinghub.access.roles import Action, may
from missinghub.accounts.models import User
from missinghub.audit.services import record_children_listed
from missinghub.casework.forms.cme import CloseForm, EnquiryForm, ReferralForm
from missinghub.casework.models import CmeGround, CmeReferral, CmeStatus
from missinghub.casework.selectors.cme import cme_referral_for_user, cme_referrals_for_user
from missinghub.casework.services import cme as services
from missinghub.casework.services.submissions import create_once
from missinghub.children.services import ChildNotVisible, open_child_record


@guard()
def cme_list(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    referrals = list(cme_referrals_for_user(user=user).order_by("closed_on", "-referred_on")[:200])
    record_children_listed(
        user=user, list_name="children missing education", child_ids={r.child_id for r in referrals}
    )
    ongoing = [r for r in referrals if r.status == CmeStatus.ONGOING]
    closed = [r for r in referrals if r.status != CmeStatus.ONGOING]
    return render(request, "casework/cme_list.html", {"ongoing": ongoing, "closed": closed})


@guard(Action.REFER_CME)
def cme_refer(request: HttpRequest, child_id: int) -> HttpResponse:
    user = signed_in_user(request)
    try:
        child = open_child_record(user=user, child_id=child_id)
    except ChildNotVisible:
        raise Http404("No child record you can see has that number.") from None
    form = ReferralForm(request.POST or None, teams=services.council_teams())
    if request.method == "POST" and form.is_valid() and form.cleaned_data["referred_on"]:
        data = form.cleaned_data
        details = services.CmeDetails(
            ground=CmeGround(data["ground"]),
            referred_on=data["referred_on"],
            parent_name=data["parent_name"],
            address=data["address"],
            phone=data["phone"],
            next_school_or_address=data["next_school_or_address"],
        )
        try:
            referral_id, created = create_once(
                actor=user,
                token=data["submission_id"],
                form="cme_referral",
                create=lambda: services.refer_child_missing_education(
                    actor=user, child=child, referred_to=data["referred_to"], details=details
                ),
            )
        except services.CmeError as error:
            form.add_error(None, str(error))
        else:
            if created:
                messages.success(request, f"Referral sent to {data['referred_to']}.")
            return redirect("casework:cme", referral_id=referral_id)
    return render(request, "casework/cme_refer.html", {"child": child, "form": form})


@guard(Action.SEE_CHILD_RECORDS, post=Action.ENQUIRE_CME)
def cme_detail(request: HttpRequest, referral_id: int) -> HttpResponse:
    user = signed_in_user(request)
    referral = cme_referral_for_user(user=user, referral_id=referral_id)
    if referral is None:
        raise Http404("No referral you can see has that number.")
    which = request.POST.get("form")
    enquiry = EnquiryForm(request.POST if which == "enquiry" else None)
    close = CloseForm(request.POST if which == "close" else None)
    if request.method == "POST" and _save_cme_form(user, referral, enquiry, close):
        messages.success(request, "Saved.")
        return redirect("casework:cme", referral_id=referral.pk)
    record_children_listed(user=user, list_name="cme referral", child_ids={referral.child_id})
    return render(
        request,
        "casework/cme.html",
        {
            "referral": referral,
            "enquiry_form": enquiry,
            "close_form": close,
            "may_enquire": may(user, Action.ENQUIRE_CME) and referral.status == CmeStatus.ONGOING,
        },
    )


def _save_cme_form(
    user: User, referral: CmeReferral, enquiry: EnquiryForm, close: CloseForm
) -> bool:
    try:
        if enquiry.is_bound and enquiry.is_valid() and enquiry.cleaned_data["made_on"]:
            data = enquiry.cleaned_data
            create_once(
                actor=user,
                token=data["submission_id"],
                form="cme_enquiry",
                create=lambda: services.record_cme_enquiry(
                    actor=user,
                    referral=referral,
                    made_on=data["made_on"],
                    made_with=data["made_with"],
                    result=data["result"],
                ),
            )
            return True
        if close.is_bound and close.is_valid() and close.cleaned_data["closed_on"]:
            data = close.cleaned_data
            services.close_cme_referral(
                actor=user,
                referral=referral,
                status=CmeStatus(data["status"]),
                closed_on=data["closed_on"],
                where=data["where"],
            )
            return True
    except services.CmeError as error:
        (enquiry if enquiry.is_bound else close).add_error(None, str(error))
    return False
