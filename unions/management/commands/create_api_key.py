"""Create a partner API key and print it once: only its hash is stored.

    manage.py create_api_key --organization 达川区总工会 --scope stations:read --scope jobs:write
"""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from unions import services
from unions.choices import ApiScope
from unions.models import UnionOrganization


class Command(BaseCommand):
    help = "Create a partner API key for an organisation and print it once."

    def add_arguments(self, parser):
        parser.add_argument("--organization", required=True, help="Organisation name (or id).")
        parser.add_argument(
            "--scope", action="append", required=True, dest="scopes",
            help="Repeatable: " + ", ".join(scope.value for scope in ApiScope),
        )
        parser.add_argument("--name", default="", help="What the key is for, e.g. the partner's system.")

    def handle(self, *args, organization, scopes, name, **options):
        lookup = {"pk": int(organization)} if organization.isdigit() else {"name": organization}
        try:
            org = UnionOrganization.objects.get(**lookup)
        except UnionOrganization.DoesNotExist as error:
            raise CommandError(f"No organisation {organization!r}.") from error
        scopes = [scope for value in scopes for scope in value.replace(",", " ").split()]
        try:
            api_key, full_key = services.api_key_create(
                organization=org, name=name or f"{org.name} partner key", scopes=scopes
            )
        except ValidationError as error:
            raise CommandError("; ".join(error.messages)) from error
        self.stderr.write(f"Key {api_key.prefix} for {org.name}, scopes: {', '.join(api_key.scopes)}.")
        self.stderr.write("Store it now; it cannot be shown again. Send it as 'Authorization: Api-Key <key>'.")
        self.stdout.write(full_key)
