"""save_form and attempt: the two shapes the pages share around a service call."""

from types import SimpleNamespace

import pytest
from django import forms
from django.contrib import messages
from django.contrib.messages import get_messages
from django.contrib.messages.storage.fallback import FallbackStorage

from gonghui.core.errors import DomainError
from gonghui.core.views import attempt, save_form


class NameForm(forms.Form):
    name = forms.CharField()


@pytest.fixture
def post(rf):
    def make(data=None, method="post"):
        request = getattr(rf, method)("/", data or {})
        request.session = {}
        request._messages = FallbackStorage(request)
        return request

    return make


def shown(request) -> list[tuple[int, str]]:
    return [(m.level, m.message) for m in get_messages(request)]


def refuse(**kwargs):
    raise DomainError("该名称已被使用，请换一个。")


def test_save_form_runs_the_action_with_the_cleaned_data_and_returns_what_it_saved(post):
    request = post({"name": "工资专项"})
    form = NameForm(request.POST)
    saved = save_form(request, form, lambda name: SimpleNamespace(name=name), lambda s: f"已添加“{s.name}”。")
    assert saved.name == "工资专项"
    assert shown(request) == [(messages.SUCCESS, "已添加“工资专项”。")]


def test_save_form_shows_a_refusal_above_the_form_and_no_success(post):
    request = post({"name": "工资专项"})
    form = NameForm(request.POST)
    assert save_form(request, form, refuse, "已添加。") is None
    assert form.non_field_errors() == ["该名称已被使用，请换一个。"]
    assert shown(request) == []


def test_save_form_does_nothing_on_a_get_or_an_invalid_form(post):
    calls = []
    for request, data in [(post(method="get"), None), (post({"name": ""}), {"name": ""})]:
        assert save_form(request, NameForm(data), calls.append, "已添加。") is None
        assert shown(request) == []
    assert calls == []


def test_save_form_counts_an_action_that_returns_nothing_as_done(post):
    request = post({"name": "工资专项"})
    assert save_form(request, NameForm(request.POST), lambda name: None) is True
    assert shown(request) == []  # no success message was asked for


def test_attempt_runs_the_action_and_shows_the_success_message(post):
    request = post()
    calls = []
    assert attempt(request, lambda: calls.append("done"), "签到已开始。") is True
    assert calls == ["done"]
    assert shown(request) == [(messages.SUCCESS, "签到已开始。")]


def test_attempt_turns_a_refusal_into_an_error_message_and_no_success(post):
    request = post()
    assert attempt(request, refuse, "签到已开始。") is False
    assert shown(request) == [(messages.ERROR, "该名称已被使用，请换一个。")]
