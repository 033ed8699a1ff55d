import re

from django.urls import reverse

from accounts.models import User
from reporting.models import AgencyReport, ReportStatus


def test_inline_scripts_carry_the_nonce_of_the_content_security_policy(demo, client):
    staff = User.objects.get(username="donre.staff")
    report = (
        AgencyReport.objects.filter(
            organisation=staff.organisation, status__in=[ReportStatus.DRAFT, ReportStatus.RETURNED]
        ).first()
        or AgencyReport.objects.filter(organisation=staff.organisation).first()
    )
    client.force_login(staff)

    response = client.get(reverse("reporting:report", args=[report.pk]))

    nonce = re.search(r"'nonce-([^']+)'", response.headers["Content-Security-Policy"]).group(1)
    inline = re.findall(r"<script(?![^>]*\bsrc=)([^>]*)>", response.content.decode())
    assert inline, "the report page keeps unsaved text with an inline script"
    assert all(f'nonce="{nonce}"' in attrs for attrs in inline)
