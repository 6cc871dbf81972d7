from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from spets.core.tokens import revoke_token, tokens_of


class Command(BaseCommand):
    help = (
        "Revoke USER's API tokens: all of them, or with --prefix only the one whose first characters "
        "(as listed on the token page) are P. A revoked token answers 401 at once."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument(
            "--prefix",
            default=None,
            help="the token's prefix (8 characters after 'spets_'); write --prefix=P if it starts with '-'",
        )

    def handle(self, *args, username: str, prefix: str | None, **opts):
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"no user named {username!r}")
        revoked = [revoke_token(user.pk, token.pk, None) for token in tokens_of(user.pk, prefix)]
        if not revoked:
            raise CommandError(f"{username} has no token" + (f" with prefix {prefix!r}" if prefix else ""))
        self.stdout.write(f"revoked {len(revoked)} token(s): {', '.join(revoked)}")
