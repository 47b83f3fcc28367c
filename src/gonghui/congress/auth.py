"""Sessions of representatives who signed in with a voting code before core's ModelBackend read them name this
backend; it reads them the same way (core.auth.ModelBackend.get_user).

Django treats a session whose backend is no longer in AUTHENTICATION_BACKENDS as signed out, so deleting this
name at a deploy during a congress would sign every representative out mid-vote. It stays registered until no
such session can be alive (a session lasts SESSION_COOKIE_AGE, 8 hours, from its last change): delete it and its
settings line in the release after next."""

from django.contrib.auth.backends import BaseBackend

from gonghui.core.auth import ModelBackend


class VotingCodeBackend(ModelBackend):
    authenticate = BaseBackend.authenticate  # checks nothing: a wrong password is still hashed only once
