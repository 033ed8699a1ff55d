from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand

from accounts.models import Role
from demo import data
from orgs.models import Organisation


class Command(BaseCommand):
    help = (
        "Print the demo logins: the ministry's coordinators, then each province's people "
        "(its leader first) with their roles and organisations."
    )

    def add_arguments(self, parser):
        parser.add_argument("--port", default="8000")

    def handle(self, *args, **options):
        url = f"http://127.0.0.1:{options['port']}"
        # Where each login works now: the 2025 restructuring moved people to the successors.
        now = dict(
            get_user_model()
            .objects.filter(username__in=[u[0] for u in data.USERS])
            .values_list("username", "organisation__code")
        )
        users_now = [
            (username, now.get(username) or code, role, name)
            for username, code, role, name in data.USERS
        ]
        codes = {code for _username, code, _role, _name in users_now}
        orgs = {
            o.code: o
            for o in Organisation.objects.filter(code__in=codes).select_related("province")
        }
        groups: dict[str, list[tuple[str, str, str, str]]] = {}
        for user in users_now:
            org = orgs.get(user[1])
            province = org.province if org is not None else None
            heading = province.name if province is not None else "Trung ương / Central"
            if user[2] == Role.ADMIN:
                heading = "Quản trị / Administration"
            groups.setdefault(heading, []).append(user)
        order = [Role.PROVINCE_LEADER, Role.COORDINATOR, Role.AGENCY_LEADER, Role.AGENCY_STAFF]
        self.stdout.write("")
        self.stdout.write(
            f"greenplan demo on {url}  (password for every login: {data.DEMO_PASSWORD})"
        )
        # The ministry first: its coordinators open the national rounds.
        headings = sorted(groups, key=lambda h: not h.startswith("Trung ương"))
        for heading in headings:
            self.stdout.write(f"  {heading}")
            users = sorted(
                groups[heading],
                key=lambda u: order.index(Role(u[2])) if u[2] in order else len(order),
            )
            for username, code, role, name in users:
                org = orgs.get(code)
                where = str(org.name) if org is not None else code
                if org is not None and org.valid_from:
                    where += f" (từ {org.valid_from:%d/%m/%Y})"
                if org is not None and org.valid_to:
                    where += f" (đến {org.valid_to:%d/%m/%Y})"
                label = Role(role).label
                self.stdout.write(f"    {username:<18} {label:<28} {name:<20} {where}")
        self.stdout.write("")
