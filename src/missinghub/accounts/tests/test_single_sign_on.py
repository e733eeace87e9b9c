"""Single sign-on by OpenID Connect against a local provider (a tiny server on 127.0.0.1).

The provider signs in an existing user found by verified e-mail; two-factor still follows.
An identity with no MissingHub account is refused and no user is created.
"""

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, HTTPServer
from urllib.parse import parse_qs, urlsplit

import pytest
from django.test import override_settings
from django.urls import reverse

from missinghub.accounts.models import User
from missinghub.accounts.tests.factories import UserFactory
from missinghub.accounts.totp import current_code, totp_secret
from missinghub.audit.enums import AuditVerb
from missinghub.audit.models import AuditEvent

pytestmark = pytest.mark.django_db


class FakeProvider(BaseHTTPRequestHandler):
    email = "someone@example.org"

    def _json(self, payload: dict) -> None:
        body = json.dumps(payload).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self) -> None:
        base = f"http://127.0.0.1:{self.server.server_port}"
        if self.path == "/.well-known/openid-configuration":
            self._json(
                {
                    "issuer": base,
                    "authorization_endpoint": f"{base}/authorize",
                    "token_endpoint": f"{base}/token",
                    "userinfo_endpoint": f"{base}/userinfo",
                    "jwks_uri": f"{base}/jwks",
                    "token_endpoint_auth_methods_supported": ["client_secret_post"],
                }
            )
        elif self.path == "/userinfo":
            self._json({"sub": "sso-42", "email": type(self).email, "email_verified": True})
        else:
            self.send_error(404)

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length", 0))
        form = parse_qs(self.rfile.read(length).decode())
        if self.path == "/token" and form.get("code") == ["the-code"] and form["code_verifier"]:
            self._json({"access_token": "the-access-token", "token_type": "Bearer"})
        else:
            self.send_error(400)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def provider(monkeypatch) -> Iterator[str]:
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
    server = HTTPServer(("127.0.0.1", 0), FakeProvider)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    server_url = f"http://127.0.0.1:{server.server_port}"
    providers = {
        "openid_connect": {
            "OAUTH_PKCE_ENABLED": True,
            "APPS": [
                {
                    "provider_id": "sso",
                    "name": "Northdale SSO",
                    "client_id": "missinghub",
                    "secret": "client-secret",
                    "settings": {"server_url": server_url},
                }
            ],
        }
    }
    with override_settings(
        SOCIALACCOUNT_PROVIDERS=providers,
        SOCIALACCOUNT_EMAIL_AUTHENTICATION=True,
        SOCIALACCOUNT_EMAIL_AUTHENTICATION_AUTO_CONNECT=True,
    ):
        yield server_url
    server.shutdown()
    server.server_close()


def start_and_return_from_provider(client, provider: str):
    page = client.get(reverse("accounts:sign-in")).content.decode()
    assert "Sign in with Northdale SSO" in page
    response = client.post("/oidc/sso/login/")
    assert response.status_code == 302
    authorize = urlsplit(response["Location"])
    assert f"{authorize.scheme}://{authorize.netloc}" == provider
    query = parse_qs(authorize.query)
    assert query["code_challenge_method"] == ["S256"]
    return client.get("/oidc/sso/login/callback/", {"code": "the-code", "state": query["state"]})


def test_an_existing_user_signs_in_by_sso_then_gives_their_code(client, provider):
    user = UserFactory(email="rowan.worker@example.org")
    FakeProvider.email = user.email
    response = start_and_return_from_provider(client, provider)
    assert response["Location"] == reverse("mfa_authenticate")
    assert client.get(reverse("web:home")).status_code == 302
    code = current_code(totp_secret(user))
    response = client.post(reverse("mfa_authenticate"), {"code": code}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("web:home")
    assert AuditEvent.objects.filter(verb=AuditVerb.SIGNED_IN, actor=user).count() == 1


def test_an_identity_without_an_account_is_refused(client, provider):
    FakeProvider.email = "stranger@example.org"
    users = User.objects.count()
    response = start_and_return_from_provider(client, provider)
    final = client.get(response["Location"]) if response.status_code == 302 else response
    assert "There is no MissingHub account for you" in final.content.decode()
    assert User.objects.count() == users
    assert client.get(reverse("web:home")).status_code == 302
