from django.urls import path

from . import views

urlpatterns = [
    path("mine/", views.portal_home, name="portal_home"),
    path("mine/card/", views.portal_card, name="portal_card"),
    path("join/", views.join_apply, name="join_apply"),
    path("join/status/<str:token>/", views.join_status, name="join_status"),
    path("join/applications/", views.join_list, name="join_list"),
    path("join/applications/<int:pk>/", views.join_detail, name="join_detail"),
    path("join/applications/<int:pk>/accept/", views.join_accept, name="join_accept"),
    path("join/applications/<int:pk>/decline/", views.join_decline, name="join_decline"),
]
