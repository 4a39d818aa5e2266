"""Password rules and the password change page."""

import pytest
from accounts import accounts  # noqa: F401  (a fixture)
from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError

pytestmark = pytest.mark.usefixtures("accounts")

PASSWORD = "nlc-demo-2026"


def test_it_refuses_all_digit_passwords(db):
    with pytest.raises(ValidationError, match="entirely numeric"):
        validate_password("84730192658371")


def test_the_demo_password_still_passes(db):
    validate_password(PASSWORD, get_user_model().objects.get(username="member"))


def test_the_top_bar_links_to_the_password_change_page(client_for):
    page = client_for("member").get("/").content.decode()
    assert 'href="/accounts/password/"' in page


def test_it_asks_signed_out_visitors_to_sign_in(client, db):
    response = client.get("/accounts/password/")
    assert response.status_code == 302 and response.url.startswith("/accounts/login/")


def test_a_member_changes_their_password(client_for):
    client = client_for("partner")
    page = client.get("/accounts/password/")
    assert page.status_code == 200
    assert b"Current password" in page.content and b'class="top"' in page.content  # site's look
    new = "quiet-harbour-lantern-42"
    response = client.post(
        "/accounts/password/",
        {"old_password": PASSWORD, "new_password1": new, "new_password2": new},
    )
    assert response.status_code == 302 and response.url == "/accounts/password/done/"
    assert b"Password changed" in client.get(response.url).content
    assert get_user_model().objects.get(username="partner").check_password(new)


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("wrong", "quiet-harbour-lantern-42", "Your old password was entered incorrectly"),
        (PASSWORD, "84730192658371", "entirely numeric"),
        (PASSWORD, "short", "too short"),
    ],
)
def test_it_refuses_a_bad_change_with_a_message(client_for, old, new, message):
    client = client_for("partner")
    response = client.post(
        "/accounts/password/", {"old_password": old, "new_password1": new, "new_password2": new}
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert get_user_model().objects.get(username="partner").check_password(PASSWORD)
