from django.urls import path

from . import views

urlpatterns = [
    path("congress/", views.term_list, name="congress_term_list"),
    path("congress/terms/new/", views.term_create, name="congress_term_create"),
    path("congress/terms/<int:pk>/", views.term_detail, name="congress_term_detail"),
    path(
        "congress/terms/<int:pk>/representatives/new/",
        views.representative_add,
        name="congress_representative_add",
    ),
    path(
        "congress/terms/<int:pk>/representatives/import/",
        views.representative_import,
        name="congress_representative_import",
    ),
    path(
        "congress/terms/<int:pk>/representatives.xlsx",
        views.representative_export,
        name="congress_representative_export",
    ),
    path("congress/terms/<int:pk>/sessions/new/", views.session_create, name="congress_session_create"),
    path("congress/terms/<int:pk>/committees/new/", views.committee_create, name="congress_committee_create"),
    path(
        "congress/representatives/<int:pk>/leave/",
        views.representative_leave,
        name="congress_representative_leave",
    ),
    path("congress/sessions/<int:pk>/", views.session_detail, name="congress_session_detail"),
    path("congress/sessions/<int:pk>/open/", views.session_open, name="congress_session_open"),
    path("congress/sessions/<int:pk>/close/", views.session_close, name="congress_session_close"),
    path("congress/sessions/<int:pk>/agenda/", views.agenda_add, name="congress_agenda_add"),
    path("congress/sessions/<int:pk>/checkin/", views.checkin_desk, name="congress_checkin_desk"),
    path(
        "congress/sessions/<int:pk>/checkin/<int:representative_pk>/",
        views.checkin_manual,
        name="congress_checkin_manual",
    ),
    path("congress/sessions/<int:pk>/quorum/", views.session_quorum, name="congress_session_quorum"),
    path("congress/sessions/<int:pk>/codes/", views.codes_issue, name="congress_codes_issue"),
    path(
        "congress/sessions/<int:pk>/attendance.xlsx",
        views.attendance_export,
        name="congress_attendance_export",
    ),
    path(
        "congress/sessions/<int:pk>/evaluation/new/",
        views.evaluation_create,
        name="congress_evaluation_create",
    ),
    path("congress/agenda/<int:pk>/vote/", views.agenda_vote_setup, name="congress_agenda_vote_setup"),
    path("congress/votes/<int:pk>/open/", views.vote_open, name="congress_vote_open"),
    path("congress/votes/<int:pk>/close/", views.vote_close, name="congress_vote_close"),
    path("congress/committees/<int:pk>/", views.committee_detail, name="congress_committee_detail"),
    path(
        "congress/committees/<int:pk>/members/",
        views.committee_member_add,
        name="congress_committee_member_add",
    ),
    path(
        "congress/committees/<int:pk>/records/",
        views.committee_record_add,
        name="congress_committee_record_add",
    ),
    path("congress/evaluations/<int:pk>/", views.evaluation_result, name="congress_evaluation_result"),
    # Signing in with a voting code, for anonymous representatives. The QR on the printed card opens the second
    # form (code prefilled, a confirm button); both are the same page, and a GET never checks or uses the code.
    path("c/", views.checkin_code, name="checkin_code"),
    path("c/<str:code>/", views.checkin_code, name="checkin_code"),
]
