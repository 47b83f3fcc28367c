import io

import pytest
from django.core.management import call_command
from django_tasks_db.models import DBTaskResult

from gonghui.core.registry import DAILY_TASKS

pytestmark = pytest.mark.django_db


def test_daily_queues_every_sweep_for_the_worker(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    call_command("daily", stdout=io.StringIO())
    queued = list(DBTaskResult.objects.ready())
    assert queued and {row.task_path for row in queued} == {task.module_path for task in DAILY_TASKS}
    for row in queued:
        row.task.call()  # what the worker does with the row: the path imports and the sweep runs
