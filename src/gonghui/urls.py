from django.urls import include, path

from .api import api

urlpatterns = [
    path("", include("gonghui.core.urls")),
    path("", include("gonghui.orgs.urls")),
    path("", include("gonghui.voting.urls")),
    path("", include("gonghui.congress.urls")),
    path("", include("gonghui.proposals.urls")),
    path("", include("gonghui.notices.urls")),
    path("", include("gonghui.agreements.urls")),
    path("api/v1/", api.urls),
]

handler500 = "gonghui.core.views.server_error"
