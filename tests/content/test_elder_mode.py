"""The large-text, high-contrast mode (适老化) is a link and a cookie; no JS needed."""


def test_switching_on_sets_a_cookie_and_returns(client, cluster):
    response = client.get("/elder-mode/?on=1&next=/news/", HTTP_HOST="www.localhost")
    assert response.status_code == 302
    assert response["Location"] == "/news/"
    cookie = response.cookies["elder_mode"]
    assert cookie.value == "1" and int(cookie["max-age"]) > 30 * 24 * 3600
    html = client.get("/news/", HTTP_HOST="www.localhost").content.decode()
    assert 'class="elder-mode"' in html
    assert "退出长者模式" in html


def test_mode_persists_across_sites_pages_and_switches_off(client, cluster):
    client.get("/elder-mode/?on=1&next=/", HTTP_HOST="www.localhost")
    assert (
        'class="elder-mode"'
        in client.get("/about/", HTTP_HOST="www.localhost").content.decode()
    )
    client.get("/elder-mode/?on=0&next=/", HTTP_HOST="www.localhost")
    html = client.get("/about/", HTTP_HOST="www.localhost").content.decode()
    assert 'class="elder-mode"' not in html
    assert "长者模式（大字体、高对比度）" in html


def test_refuses_to_redirect_elsewhere(client, cluster):
    for target in ["https://evil.example/", "//evil.example/x"]:
        response = client.get(
            f"/elder-mode/?on=1&next={target}", HTTP_HOST="www.localhost"
        )
        assert response["Location"] == "/"


def test_toggle_link_returns_to_the_current_page(client, cluster):
    html = client.get("/news/?page=1", HTTP_HOST="www.localhost").content.decode()
    assert "/elder-mode/?on=1&amp;next=/news/%3Fpage%3D1" in html
