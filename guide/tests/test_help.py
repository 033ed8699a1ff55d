"""Help pages per area and the glossary, in Vietnamese (English through the catalogue)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from guide.content import AREAS


@pytest.mark.parametrize("slug", [a.slug for a in AREAS])
def test_each_area_has_its_help_in_vietnamese(world, client, slug):
    client.force_login(world.staff)
    page = client.get(reverse("guide:area", args=[slug])).content.decode()
    assert "Hướng dẫn" in page
    text = page.split('id="help-text"', 1)[1].split("</div>", 1)[0]
    assert len(text) > 200
    # the paragraphs are translated, not left in English
    assert " the " not in text


def test_the_reporting_help_in_vietnamese_and_english(world, client):
    client.force_login(world.staff)
    url = reverse("guide:area", args=["reporting"])
    assert "Hằng năm, đầu mối mở kỳ báo cáo" in client.get(url).content.decode()
    client.post(reverse("set_language"), {"language": "en", "next": url})
    assert "Each year the coordinator opens a reporting round" in client.get(url).content.decode()


def test_the_glossary_explains_the_terms(world, client):
    client.force_login(world.viewer)
    page = client.get(reverse("guide:glossary")).content.decode()
    terms = ("chủ trì", "phối hợp", "kỳ báo cáo", "khi có yêu cầu", "đề án", "dự án", "dự toán")
    for term in terms:
        assert f'<dt lang="vi">{term}</dt>' in page
    assert "Cơ quan chịu trách nhiệm chính" in page


def test_an_unknown_area_is_a_404(world, client):
    client.force_login(world.staff)
    assert client.get(reverse("guide:area", args=["nothing"])).status_code == 404


def test_the_header_links_to_help(world, client):
    client.force_login(world.staff)
    assert f'href="{reverse("guide:index")}"' in client.get(reverse("home")).content.decode()
