"""The allauth pages MissingHub uses, under allauth's own URL names (it reverses them).

Only these are served: sign-in and sign-out, the TOTP step, TOTP set-up, the one-time view of
recovery codes, and single sign-on by OpenID Connect (answers only when configured: see
docs/security.md). There is no sign-up, no password reset by e-mail and no way to turn two-factor
off; those names that allauth reverses internally lead home instead.
"""

from allauth.account import views as account_views
from allauth.mfa.base import views as mfa_views
from allauth.mfa.recovery_codes import views as recovery_code_views
from allauth.mfa.totp import views as totp_views
from allauth.socialaccount import views as social_views
from django.contrib.auth import views as auth_views
from django.urls import URLPattern, URLResolver, include, path
from django.views.generic import RedirectView

from missinghub.accounts.views import sign_in

home = RedirectView.as_view(pattern_name="web:home")

urlpatterns: list[URLPattern | URLResolver] = [
    path("sign-in/", sign_in, name="account_login"),
    path("sign-out/", auth_views.LogoutView.as_view(), name="account_logout"),
    path("sign-in/disabled/", account_views.account_inactive, name="account_inactive"),
    path("two-factor/", home, name="mfa_index"),
    path("two-factor/code/", mfa_views.authenticate, name="mfa_authenticate"),
    path("two-factor/set-up/", totp_views.activate_totp, name="mfa_activate_totp"),
    path("two-factor/turn-off/", home, name="mfa_deactivate_totp"),
    path(
        "two-factor/recovery-codes/",
        recovery_code_views.view_recovery_codes,
        name="mfa_view_recovery_codes",
    ),
    path("", include("allauth.socialaccount.providers.openid_connect.urls")),  # under oidc/
    path("sso/cancelled/", social_views.login_cancelled, name="socialaccount_login_cancelled"),
    path("sso/error/", social_views.login_error, name="socialaccount_login_error"),
    path("sso/no-account/", social_views.signup, name="socialaccount_signup"),
    path("sso/", home, name="socialaccount_connections"),
]
