from django.urls import path

from . import views

urlpatterns = [
    path("proposals/", views.proposal_list, name="proposal_list"),
    path("proposals/new/", views.proposal_create, name="proposal_create"),
    path("proposals/<int:pk>/", views.proposal_detail, name="proposal_detail"),
    path("proposals/<int:pk>/cosign/", views.proposal_cosign, name="proposal_cosign"),
    path("proposals/<int:pk>/accept/", views.proposal_accept, name="proposal_accept"),
    path("proposals/<int:pk>/convert/", views.proposal_convert, name="proposal_convert"),
    path("proposals/<int:pk>/assign/", views.proposal_assign, name="proposal_assign"),
    path("proposals/<int:pk>/answer/", views.proposal_answer, name="proposal_answer"),
    path("proposals/<int:pk>/rate/", views.proposal_rate, name="proposal_rate"),
    path("proposals/stats/<int:session_pk>/", views.proposal_stats, name="proposal_stats"),
    path(
        "proposals/stats/<int:session_pk>/export.xlsx",
        views.proposal_stats_export,
        name="proposal_stats_export",
    ),
]
