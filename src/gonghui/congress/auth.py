"""The session backend for representatives signed in with a voting code.

The code itself is checked by services.checkin_by_code (one digest lookup, no password hash); the view then
logs the user in naming this backend, and Django asks it for the user on every later request. It never
authenticates credentials itself, so a username/password sign-in is not tried twice."""

from django.contrib.auth.backends import BaseBackend

from gonghui.core.auth import user_by_pk

BACKEND_PATH = "gonghui.congress.auth.VotingCodeBackend"


class VotingCodeBackend(BaseBackend):
    def get_user(self, user_id):
        user = user_by_pk(user_id)
        return user if user is not None and user.is_active else None
