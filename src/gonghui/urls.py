from django.urls import include, path

from .api import api

# Django tries the patterns in order and every app's pages sit at the root, so the busiest requests come first:
# the API (votes from phones and apps) and the voting pages, which then resolve without walking a hundred
# other patterns (a sixth of a vote's CPU when they came last; docs/benchmarks.md, "Vote storm").
urlpatterns = [
    path("api/v1/", api.urls),
    path("", include("gonghui.voting.urls")),
    path("", include("gonghui.core.urls")),
    path("", include("gonghui.orgs.urls")),
    path("", include("gonghui.congress.urls")),
    path("", include("gonghui.proposals.urls")),
    path("", include("gonghui.notices.urls")),
    path("", include("gonghui.agreements.urls")),
]

handler500 = "gonghui.core.views.server_error"
