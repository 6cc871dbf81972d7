from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from spets.core.tokens import can_have_api_token, issue_token


class Command(BaseCommand):
    help = "Create a personal API token for USER and print it once (only its hash is stored)."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--name", default="api", help="a label for the token")

    def handle(self, *args, username: str, name: str, **opts):
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"no user named {username!r}")
        if not can_have_api_token(user):
            raise CommandError(f"{username} is inactive or has no role that may use the API")
        _token, key = issue_token(user.pk, name)
        self.stdout.write(key)
