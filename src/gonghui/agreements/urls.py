from django.urls import path

from . import views

urlpatterns = [
    path("agreements/", views.agreement_list, name="agreement_list"),
    path("agreements/export/", views.agreement_export, name="agreement_export"),
    path("agreements/new/", views.agreement_create, name="agreement_create"),
    path("agreements/stats/", views.agreement_stats, name="agreement_stats"),
    path("agreements/stats/export.xlsx", views.agreement_stats_export, name="agreement_stats_export"),
    path("agreements/targets/", views.agreement_target_list, name="agreement_target_list"),
    path("agreements/kinds/", views.kind_list, name="agreement_kind_list"),
    path("agreements/employers/", views.employer_link_list, name="employer_link_list"),
    path("agreements/<int:pk>/", views.agreement_detail, name="agreement_detail"),
    path("agreements/<int:pk>/edit/", views.agreement_edit, name="agreement_edit"),
    path("agreements/<int:pk>/act/<str:action>/", views.agreement_act, name="agreement_act"),
    path("agreements/<int:pk>/negotiators/new/", views.negotiator_add, name="negotiator_add"),
    path("agreements/negotiators/<int:pk>/leave/", views.negotiator_leave, name="negotiator_leave"),
    path("agreements/<int:pk>/meetings/new/", views.meeting_add, name="meeting_add"),
    path("agreements/<int:pk>/checks/new/", views.check_add, name="check_add"),
    path("agreements/<int:pk>/drafts/new/", views.draft_create, name="draft_create"),
    path("agreements/<int:pk>/drafts/<int:number>/", views.draft_detail, name="draft_detail"),
    path("agreements/<int:pk>/drafts/<int:number>/diff/", views.draft_diff, name="draft_diff"),
    path("agreements/clauses/<int:pk>/comment/", views.comment_add, name="clause_comment_add"),
    path("agreements/<int:pk>/points/new/", views.point_add, name="point_add"),
    path("agreements/<int:pk>/agreement.docx", views.agreement_docx, name="agreement_docx"),
    path("agreements/<int:pk>/filing-form.docx", views.filing_form_docx, name="filing_form_docx"),
]
