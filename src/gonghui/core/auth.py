"""The signed-in user, read once per request with a query that is not compiled anew each time.

Every signed-in request asks the backend named in its session for the user. Django's `ModelBackend` builds
that SELECT through the ORM, and compiling it costs about a tenth of a vote's CPU; a raw query by primary key
costs half as much and still converts the columns as the ORM does (aware datetimes on SQLite).
docs/benchmarks.md, "Vote storm".
"""

from django.contrib.auth import backends, get_user_model


def user_by_pk(pk):
    """The user with this primary key (Django has already converted the session's text to the key's type), or
    None."""
    model = get_user_model()
    meta = model._meta
    query = f"SELECT * FROM {meta.db_table} WHERE {meta.pk.column} = %s"  # noqa: S608 (names from the model)
    return next(iter(model._default_manager.raw(query, [pk])), None)


BACKEND_PATH = "gonghui.core.auth.ModelBackend"  # for login() after a sign-in that checked no password


class ModelBackend(backends.ModelBackend):
    """Django's username and password backend, reading the session's user with `user_by_pk`."""

    def get_user(self, user_id):
        user = user_by_pk(user_id)
        return user if user is not None and self.user_can_authenticate(user) else None
