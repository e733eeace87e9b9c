"""A wrong address shows the GOV.UK "page not found" page, never Django's debug page."""

from django.test import Client

from missinghub.accounts.models import Role


def test_a_wrong_address_shows_the_govuk_page_not_found(make_user) -> None:
    client = Client()
    client.force_login(make_user("missing_team", Role.MISSING_TEAM_WORKER))
    response = client.get("/no-such-page/")
    text = response.content.decode()
    assert response.status_code == 404
    assert "Page not found" in text and "govuk-heading-l" in text
    assert "URLconf" not in text and "urlpatterns" not in text
