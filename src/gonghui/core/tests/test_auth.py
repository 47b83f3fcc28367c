"""The signed-in user is read with a raw query (core/auth.py): it must come back as the ORM would give it."""

import pytest
from django.contrib.auth import BACKEND_SESSION_KEY
from django.test import Client, RequestFactory
from django.urls import reverse

from gonghui.core.auth import ModelBackend, user_by_pk
from gonghui.orgs.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_the_session_user_has_the_same_values_as_from_the_orm():
    user = UserFactory(username="reader", first_name="代表")
    read = user_by_pk(user.pk)
    assert read == user
    expected = type(user).objects.get(pk=user.pk)
    for field in type(user)._meta.concrete_fields:
        assert getattr(read, field.attname) == getattr(expected, field.attname), field.name
    assert read.date_joined.tzinfo is not None  # aware, also on SQLite where the column is text


def test_sessions_signed_in_with_a_password_are_read_by_this_backend():
    user = UserFactory(username="reader")
    client = Client()
    assert client.login(username="reader", password="pass-word-123", request=RequestFactory().get("/"))
    assert client.session[BACKEND_SESSION_KEY] == f"{ModelBackend.__module__}.{ModelBackend.__name__}"
    assert client.get(reverse("me")).status_code == 200
    assert user_by_pk(user.pk + 1000) is None
