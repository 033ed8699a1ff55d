def test_every_signed_in_page_links_to_the_password_change_page(world, as_user):
    client = as_user(world.staff)

    home = client.get("/").content.decode()
    page = client.get("/accounts/password/change/")

    assert 'href="/accounts/password/change/"' in home
    assert "Đổi mật khẩu" in home
    assert page.status_code == 200
