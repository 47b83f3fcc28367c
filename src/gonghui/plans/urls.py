from django.urls import path

from . import views

urlpatterns = [
    path("plans/", views.plan_list, name="plan_list"),
    path("plans/new/", views.plan_create, name="plan_create"),
    path("plans/import/", views.plan_import, name="plan_import"),
    path("plans/import/review/", views.plan_import_review, name="plan_import_review"),
    path("plans/<int:pk>/", views.plan_detail, name="plan_detail"),
    path("plans/<int:pk>/plan.docx", views.plan_export, name="plan_export"),
    path("plans/<int:pk>/summary.docx", views.plan_summary, name="plan_summary"),
    path("plans/<int:pk>/items/add/", views.plan_item_add, name="plan_item_add"),
    path("plans/<int:pk>/adopt/", views.plan_adopt, name="plan_adopt"),
    path("plans/<int:pk>/start/", views.plan_start, name="plan_start"),
    path("plans/<int:pk>/close/", views.plan_close, name="plan_close"),
    path("plans/<int:pk>/revise/", views.plan_new_version, name="plan_new_version"),
    path("plans/<int:pk>/versions/<int:number>/", views.plan_version, name="plan_version"),
    path("plans/items/<int:pk>/", views.plan_item_edit, name="plan_item_edit"),
    path("plans/items/<int:pk>/note/", views.plan_note_add, name="plan_note_add"),
    path("plans/items/<int:pk>/cascade/", views.plan_item_cascade, name="plan_item_cascade"),
    path("plans/items/<int:pk>/board/", views.plan_board, name="plan_board"),
    path("plans/occurrences/<int:pk>/tick/", views.plan_occurrence_tick, name="plan_occurrence_tick"),
    path("plans/milestones/<int:pk>/done/", views.plan_milestone_done, name="plan_milestone_done"),
]
