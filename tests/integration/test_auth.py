"""Sign-in, sign-out, password change and sign-in throttling through the pages."""

from cxflow.core.extensions import db
from tests.factories import PASSWORD


def test_sign_in_and_out(world, client, auth):
    response = auth.login(world.manager)
    assert response.status_code == 302 and response.location == "/"
    assert world.manager.full_name in client.get("/").get_data(as_text=True)
    auth.logout()
    assert client.get("/").status_code == 302


def test_pages_need_sign_in(client, world):
    response = client.get("/offices")
    assert response.status_code == 302
    assert response.location.startswith("/auth/login?next=")


def test_wrong_password_names_the_field(world, client):
    response = client.post("/auth/login", data={"email": world.manager.email, "password": "nope"})
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert 'aria-invalid="true"' in page and 'id="password-error"' in page
    assert client.get("/").status_code == 302


def test_deactivated_user_cannot_sign_in(world, auth, client):
    world.manager.active = False
    db.session.commit()
    assert auth.login(world.manager).status_code == 200
    assert client.get("/").status_code == 302


def test_next_must_stay_on_this_site(world, client):
    data = {"email": world.manager.email, "password": PASSWORD}
    assert client.post("/auth/login?next=//evil.example/x", data=data).location == "/"
    client.post("/auth/logout")
    assert client.post("/auth/login?next=/offices", data=data).location == "/offices"


def test_failed_sign_ins_are_throttled(world, client):
    bad = {"email": world.manager.email, "password": "wrong"}
    statuses = [client.post("/auth/login", data=bad).status_code for _ in range(6)]
    assert statuses == [200] * 5 + [429]
    # the right password is refused too while the limit lasts, with an HTML page
    response = client.post("/auth/login", data={**bad, "password": PASSWORD})
    assert response.status_code == 429 and "text/html" in response.content_type
    # another account from the same address is not locked out
    other = {"email": world.admin.email, "password": PASSWORD}
    assert client.post("/auth/login", data=other).status_code == 302


def test_successful_sign_ins_are_not_counted(world, client, auth):
    for _ in range(7):
        assert auth.login(world.manager).status_code == 302
        auth.logout()


def test_change_password(world, client, auth):
    user = world.working_group_member
    auth.login(user)
    response = client.post(
        "/auth/password",
        data={"current_password": "wrong", "new_password": "short", "confirm_password": "other"},
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    for field in ("current_password", "new_password", "confirm_password"):
        assert f'id="{field}-error"' in page
    response = client.post(
        "/auth/password",
        data={
            "current_password": PASSWORD,
            "new_password": "new-secret-2026",
            "confirm_password": "new-secret-2026",
        },
    )
    assert response.status_code == 302
    assert client.get("/").status_code == 200  # still signed in
    auth.logout()
    assert auth.login(user).status_code == 200  # the old password no longer works
    assert auth.login(user, "new-secret-2026").status_code == 302
