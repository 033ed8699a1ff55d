from django.urls import reverse

from greenplan.testing.factories import UserFactory


def _login(client, username, password):
    return client.post(reverse("login"), {"username": username, "password": password})


def test_a_correct_login_reaches_the_plans(db, client):
    UserFactory(username="lan")

    response = _login(client, "lan", "pw")

    assert response.status_code == 302 and response.url == reverse("home")


def test_five_wrong_passwords_lock_the_account_even_for_the_right_one(db, client):
    UserFactory(username="lan")
    for _ in range(5):
        assert _login(client, "lan", "wrong").status_code in (200, 429)

    response = _login(client, "lan", "pw")

    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_a_wrong_password_says_so_in_vietnamese(db, client):
    UserFactory(username="lan")

    html = _login(client, "lan", "wrong").content.decode()

    assert "Sai tên đăng nhập hoặc mật khẩu" in html


def test_pages_carry_a_content_security_policy(db, client):
    response = client.get(reverse("login"))

    policy = response.headers["Content-Security-Policy"]
    assert "default-src 'self'" in policy and "frame-ancestors 'none'" in policy
    assert "'unsafe-eval'" not in policy


def test_the_lockout_page_tells_the_wait_in_words(db, client):
    UserFactory(username="lan")
    for _ in range(5):
        _login(client, "lan", "wrong")

    html = _login(client, "lan", "pw").content.decode()

    assert "15 phút" in html
    assert "PT15M" not in html
