from django.urls import path

from . import views

app_name = "workplan"
urlpatterns = [
    path("siklus/<int:cycle_pk>/", views.PlanView.as_view(), name="plan"),
    path("siklus/<int:cycle_pk>/mulai/", views.PlanStartView.as_view(), name="start"),
    path("siklus/<int:cycle_pk>/revisi-baru/", views.PlanReviseView.as_view(), name="revise"),
    path("siklus/<int:cycle_pk>/linimasa/", views.TimelineView.as_view(), name="timeline"),
    path("siklus/<int:cycle_pk>/pengingat/", views.NudgeView.as_view(), name="nudge"),
    path("revisi/<int:revision_pk>/butir/", views.ItemAddView.as_view(), name="item_add"),
    path(
        "revisi/<int:revision_pk>/setujui/<str:area>/",
        views.ApproveView.as_view(),
        name="approve",
    ),
    path("revisi/<int:revision_pk>/sahkan/", views.RatifyView.as_view(), name="ratify"),
    path("revisi/<int:revision_pk>/ekspor/", views.ExportView.as_view(), name="export"),
    path(
        "revisi/<int:revision_pk>/rencana-kerja.pdf", views.PlanPdfView.as_view(), name="plan_pdf"
    ),
    path("revisi/<int:revision_pk>/impor/", views.ImportView.as_view(), name="import"),
    path(
        "revisi/<int:revision_pk>/impor/simpan/",
        views.ImportConfirmView.as_view(),
        name="import_confirm",
    ),
    path("butir/<int:pk>/ubah/", views.ItemEditView.as_view(), name="item_edit"),
    path("butir/<int:pk>/hapus/", views.ItemDeleteView.as_view(), name="item_delete"),
    path("butir/<int:pk>/pulihkan/", views.ItemRestoreView.as_view(), name="item_restore"),
    path("butir/<int:pk>/tugas/", views.TaskCreateView.as_view(), name="task_create"),
    path("tugas/<int:pk>/", views.TaskDetailView.as_view(), name="task"),
    path("tugas/<int:pk>/status/", views.TaskStatusView.as_view(), name="task_status"),
    path("tugas/<int:pk>/komentar/", views.TaskCommentView.as_view(), name="task_comment"),
    path("tugas/<int:pk>/lampiran/", views.TaskAttachView.as_view(), name="task_attach"),
    path("tugas-saya/", views.MyTasksView.as_view(), name="my_tasks"),
    path("terlambat/", views.OverdueView.as_view(), name="overdue"),
]
