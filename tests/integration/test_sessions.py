"""Sessions end at sign-out and when a password changes (self or admin), on every copy of the
cookie; the session that changed its own password goes on."""

import pytest

from tests.conftest import PASSWORD

NEW = "new-secret-2026"


@pytest.fixture
def second_client(app, client):
    """Another browser (the `client` fixture has set the test client class)."""
    return app.test_client()


def _copy_session(source, target) -> None:
    target.set_cookie("session", source.get_cookie("session").value)


def _signed_in(client) -> bool:
    return client.get("/").status_code == 200


def test_a_cookie_copied_before_sign_out_stops_working(world, client, auth, second_client):
    auth.login(world.manager)
    _copy_session(client, second_client)
    assert _signed_in(second_client)
    auth.logout()
    assert not _signed_in(client)
    assert not _signed_in(second_client)


def test_changing_the_password_signs_out_the_other_sessions(world, client, auth, second_client):
    user = world.working_group_member
    auth.login(user)
    second_client.post("/auth/login", data={"email": user.email, "password": PASSWORD})
    copied_before = second_client.get_cookie("session").value
    assert _signed_in(second_client)
    response = client.post(
        "/auth/password",
        data={"current_password": PASSWORD, "new_password": NEW, "confirm_password": NEW},
    )
    assert response.status_code == 302
    assert _signed_in(client)  # the session that changed it goes on
    assert not _signed_in(second_client)
    second_client.set_cookie("session", copied_before)
    assert not _signed_in(second_client)


def test_an_admin_reset_signs_the_user_out_everywhere(world, client, auth, second_client, api):
    user = world.manager
    second_client.post("/auth/login", data={"email": user.email, "password": PASSWORD})
    assert _signed_in(second_client)
    api.as_(user)
    token_headers = api.headers
    auth.login(world.admin)
    response = client.post(f"/admin/users/{user.id}/password", data={"password": NEW})
    assert response.status_code == 302
    assert _signed_in(client)  # the admin is not affected
    assert not _signed_in(second_client)
    assert client.get("/api/v1/auth/me", headers=token_headers).status_code == 401
    new_credentials = {"email": user.email, "password": NEW}
    assert second_client.post("/auth/login", data=new_credentials).status_code == 302


def test_changing_the_password_revokes_api_tokens(world, client, auth, api):
    user = world.manager
    api.as_(user)
    auth.login(user)
    client.post(
        "/auth/password",
        data={"current_password": PASSWORD, "new_password": NEW, "confirm_password": NEW},
    )
    response = client.get("/api/v1/auth/me", headers=api.headers)
    assert response.status_code == 401 and response.json["error"]["code"] == "invalid_token"


def test_a_session_from_before_session_tokens_is_refused(world, client, auth):
    """A cookie holding only the user's id (as cxflow wrote them before) opens nothing."""
    auth.login(world.manager)
    with client.session_transaction() as session:
        session["_user_id"] = str(world.manager.id)
    assert not _signed_in(client)
