from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from gonghui.core.errors import DomainError
from gonghui.core.services import token_create


class Command(BaseCommand):
    help = (
        "Create an API token for a user and print it (shown once, only its hash is kept), e.g. for CI or a "
        "script: `gonghui token-create --user admin --name ci`."
    )

    def add_arguments(self, parser):
        parser.add_argument("--user", required=True, help="username of the token's owner")
        parser.add_argument("--name", required=True, help="what the token is for")

    def handle(self, *args, user, name, **options):
        owner = get_user_model().objects.filter(username=user, is_active=True).first()
        if owner is None:
            raise CommandError(_("没有用户名为“%(user)s”的有效用户。") % {"user": user})
        try:
            _token, raw = token_create(actor=owner, name=name)
        except DomainError as exc:
            raise CommandError(exc.message) from exc
        self.stdout.write(raw)
