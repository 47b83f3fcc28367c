from django.urls import path

from . import views

urlpatterns = [
    path("activities/", views.activity_list, name="activity_list"),
    path("activities/new/", views.activity_create, name="activity_create"),
    path("activities/stats/", views.activity_stats, name="activity_stats"),
    path("activities/stats/export.xlsx", views.activity_stats_export, name="activity_stats_export"),
    path("activities/<int:pk>/", views.activity_detail, name="activity_detail"),
    path("activities/<int:pk>/signup/", views.activity_signup, name="activity_signup"),
    path("activities/<int:pk>/cancel/", views.activity_cancel, name="activity_cancel"),
    path("activities/<int:pk>/enrol/", views.activity_enrol, name="activity_enrol"),
    path("activities/<int:pk>/attend/", views.activity_attend, name="activity_attend"),
    path("activities/<int:pk>/scan/", views.activity_scan, name="activity_scan"),
    path("activities/<int:pk>/qr/", views.activity_qr, name="activity_qr"),
    path("activities/<int:pk>/qr/toggle/", views.activity_checkin_toggle, name="activity_checkin_toggle"),
    path("activities/<int:pk>/checkin/", views.activity_checkin, name="activity_checkin"),
]
