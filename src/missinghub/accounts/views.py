"""Sign-in is allauth's (password, then TOTP) with GOV.UK templates; see `allauth_urls`."""

from allauth.account.views import LoginView

sign_in = LoginView.as_view(template_name="accounts/sign_in.html")
