"""A strict CSP on every response, with a fresh nonce that the page's scripts carry."""

import re

import pytest
from django.urls import reverse

from missinghub.accounts.tests.factories import UserFactory
from missinghub.security.csp import build_policy

pytestmark = pytest.mark.django_db


def nonce_of(header: str) -> str:
    match = re.search(r"script-src 'self' 'nonce-([A-Za-z0-9_-]+)'", header)
    assert match, header
    return match.group(1)


def test_the_policy_is_strict():
    policy = build_policy("abc")
    assert policy == (
        "default-src 'self'; script-src 'self' 'nonce-abc'; style-src 'self'; "
        "img-src 'self' data:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; "
        "form-action 'self'"
    )
    assert "unsafe" not in policy


@pytest.mark.parametrize("signed_in", [False, True])
def test_every_script_tag_carries_the_nonce_of_the_header(client, signed_in):
    if signed_in:
        client.force_login(UserFactory())
    url = reverse("web:home") if signed_in else reverse("accounts:sign-in")
    response = client.get(url)
    assert response.status_code == 200
    nonce = nonce_of(response["Content-Security-Policy"])
    scripts = re.findall(r"<script\b[^>]*>", response.content.decode())
    assert len(scripts) >= 3
    for tag in scripts:
        assert f'nonce="{nonce}"' in tag, tag


def test_the_nonce_changes_on_every_request(client):
    first = nonce_of(client.get(reverse("accounts:sign-in"))["Content-Security-Policy"])
    second = nonce_of(client.get(reverse("accounts:sign-in"))["Content-Security-Policy"])
    assert first != second
    assert len(first) >= 22


def test_redirects_and_errors_carry_the_policy_too(client):
    for response in (client.get(reverse("web:home")), client.get("/no-such-page/")):
        assert "frame-ancestors 'none'" in response["Content-Security-Policy"]


def test_a_single_sign_on_provider_may_be_a_form_target():
    policy = build_policy("n", form_targets=("https://sso.example.org",))
    assert "form-action 'self' https://sso.example.org" in policy
