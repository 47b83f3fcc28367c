from django.urls import path

from . import views

urlpatterns = [
    path("polls/", views.poll_list, name="poll_list"),
    path("polls/new/", views.poll_create, name="poll_create"),
    path("polls/question-row/", views.poll_question_row, name="poll_question_row"),
    path("polls/<int:pk>/", views.poll_detail, name="poll_detail"),
    path("polls/<int:pk>/edit/", views.poll_edit, name="poll_edit"),
    path("polls/<int:pk>/electorate/", views.poll_electorate, name="poll_electorate"),
    path("polls/<int:pk>/tellers/", views.poll_tellers, name="poll_tellers"),
    path("polls/<int:pk>/open/", views.poll_open, name="poll_open"),
    path("polls/<int:pk>/close/", views.poll_close, name="poll_close"),
    path("polls/<int:pk>/turnout/", views.poll_turnout, name="poll_turnout"),
    path("polls/<int:pk>/tally/", views.poll_tally, name="poll_tally"),
    path("polls/<int:pk>/tally/paper-issue/", views.poll_paper_issue, name="poll_paper_issue"),
    path(
        "polls/<int:pk>/tally/paper/<int:count_pk>/confirm/",
        views.paper_count_confirm,
        name="paper_count_confirm",
    ),
    path("polls/<int:pk>/tally/confirm/", views.poll_confirm, name="poll_confirm"),
    path("polls/<int:pk>/result/", views.poll_result, name="poll_result"),
    path("polls/<int:pk>/report.docx", views.poll_report, name="poll_report"),
    path("polls/<int:pk>/vote/", views.poll_vote, name="poll_vote"),
    path("polls/<int:pk>/receipt/", views.receipt_check, name="receipt_check"),
    path("my-polls/", views.my_polls, name="my_polls"),
]
