"""The merger page: preview, confirmation, bad input."""

from accounts.models import User
from greenplan.testing.factories import OrganisationFactory
from orgs.models import Organisation


def test_the_administrator_previews_then_confirms_a_merger(world, as_user):
    finance = OrganisationFactory(code="bd-dof", name="Sở Tài chính", parent=world.province)
    client = as_user(world.admin)
    org_page = client.get(f"/orgs/{world.dpi.pk}/").content.decode()
    url = f"/restructuring/organisations/{world.dpi.pk}/merge/"
    assert f'href="{url}"' in org_page
    data = {"successor": finance.pk, "effective": "01/03/2025"}
    preview = client.post(url, {**data, "preview": "1"}).content.decode()
    # what would move, and nothing moved yet
    assert "Sở Kế hoạch và Đầu tư sáp nhập vào Sở Tài chính từ ngày 01/03/2025" in preview
    assert "28/02/2025" in preview and 'id="merge-confirm"' in preview
    people = preview[preview.index('data-moves="users"') :].split("</dd>")[0]
    assert (world.coordinator.get_full_name() or "coordinator") in people
    assert Organisation.objects.get(pk=world.dpi.pk).valid_to is None
    done = client.post(url, {**data, "confirm": "1"})
    assert done.status_code == 302 and done["Location"] == f"/orgs/{world.dpi.pk}/"
    after = client.get(done["Location"]).content.decode()
    assert "sáp nhập vào Sở Tài chính" in after  # the message
    assert f'href="/orgs/{finance.pk}/"' in after and 'id="merge-organisation"' not in after
    assert User.objects.get(pk=world.coordinator.pk).organisation_id == finance.pk


def test_a_bad_date_or_a_refused_merger_changes_nothing_and_says_why(world, as_user):
    client = as_user(world.admin)
    url = f"/restructuring/organisations/{world.dpi.pk}/merge/"
    page = client.post(url, {"successor": world.donre.pk, "effective": "31/02/2025"})
    assert page.status_code == 200 and "Nhập một ngày hợp lệ" in page.content.decode()
    # merging into itself is not even offered; a closed organisation is refused by name
    Organisation.objects.filter(pk=world.donre.pk).update(valid_to="2024-12-31")
    refused = client.post(
        url, {"successor": world.donre.pk, "effective": "01/03/2025", "confirm": "1"}
    ).content.decode()
    assert "Hãy chọn một lựa chọn hợp lệ" in refused  # closed organisations are not offered
    assert Organisation.objects.get(pk=world.dpi.pk).valid_to is None


def test_others_do_not_see_the_merger(world, as_user):
    client = as_user(world.coordinator)
    assert 'id="merge-organisation"' not in client.get(f"/orgs/{world.dpi.pk}/").content.decode()
    url = f"/restructuring/organisations/{world.dpi.pk}/merge/"
    assert client.get(url).status_code == 403
