import getpass
import sys

from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from spets.core.models import Organisation, Role


class Command(BaseCommand):
    help = "Create an administrator: a superuser with the programme manager role."

    def add_arguments(self, parser):
        parser.add_argument("--username", required=True)
        parser.add_argument("--email", default="")
        parser.add_argument("--organisation", help="organisation slug, e.g. iuc-dalarna")
        parser.add_argument("--password-stdin", action="store_true", help="read the password from stdin")

    def handle(self, *args, **opts):
        User = get_user_model()
        if User.objects.filter(username=opts["username"]).exists():
            raise CommandError(f"a user named {opts['username']!r} already exists")
        org = None
        if opts["organisation"]:
            org = Organisation.objects.filter(slug=opts["organisation"]).first()
            if org is None:
                valid = ", ".join(Organisation.objects.values_list("slug", flat=True)) or "(none loaded)"
                raise CommandError(f"unknown organisation {opts['organisation']!r}; valid: {valid}")
        password = sys.stdin.readline().rstrip("\n") if opts["password_stdin"] else getpass.getpass()
        user = User(
            username=opts["username"],
            email=opts["email"],
            organisation=org,
            role=Role.PROGRAMME_MANAGER,
            is_staff=True,
            is_superuser=True,
        )
        try:
            validate_password(password, user)
        except ValidationError as exc:
            raise CommandError("password rejected: " + " ".join(exc.messages)) from None
        user.set_password(password)
        user.save()
        self.stdout.write(self.style.SUCCESS(f"created administrator {user.username}"))
