"""Background work for organisations and rosters, run by the task worker (`gonghui db_worker`)."""

from django.tasks import task

from . import importing


@task()
def import_batch_task(batch_id: int, actor_id: int) -> str:
    """Write a confirmed roster import; a 100,000-row file takes longer than a web request should."""
    return importing.import_batch_run(batch_id=batch_id, actor_id=actor_id)
