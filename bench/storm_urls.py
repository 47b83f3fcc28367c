"""The site's URLs plus the bare endpoint: the framework's limit for one authenticated insert.

It goes through the same middleware as a vote (session cookie → user, CSRF), takes the same JSON body and
writes one row in one transaction; nothing else. The table is made by `_storm.py build`."""

from django.db import connection, transaction
from django.http import JsonResponse
from django.urls import include, path
from django.views.decorators.http import require_POST

BARE_PATH = "bench/bare/"


@require_POST
def bare_insert(request):
    if not request.user.is_authenticated:
        return JsonResponse({"code": "unauthorized"}, status=401)
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO bench_bare (user_id, body) VALUES (%s, %s)", [request.user.pk, request.body.decode()]
        )
    return JsonResponse({"ok": True}, status=201)


urlpatterns = [
    path(BARE_PATH, bare_insert, name="bench_bare"),
    path("", include("gonghui.urls")),
]

handler500 = "gonghui.core.views.server_error"
