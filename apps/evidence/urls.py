from django.urls import path

from . import views

app_name = "evidence"
urlpatterns = [
    path("antrian/", views.QueueView.as_view(), name="queue"),
    path("antrian/verifikasi/", views.BulkVerifyView.as_view(), name="bulk_verify"),
    path("kelengkapan/", views.CompletenessView.as_view(), name="completeness"),
    path("pengaturan/", views.VerificationLevelsView.as_view(), name="levels"),
    path("siklus/<int:cycle_pk>/", views.CycleEvidenceView.as_view(), name="cycle"),
    path(
        "siklus/<int:cycle_pk>/<str:code>/", views.QuestionEvidenceView.as_view(), name="question"
    ),
    path("siklus/<int:cycle_pk>/<str:code>/unggah/", views.UploadView.as_view(), name="upload"),
    path(
        "siklus/<int:cycle_pk>/<str:code>/ajukan-semua/",
        views.SubmitAllView.as_view(),
        name="submit_all",
    ),
    path("<int:pk>/revisi/", views.RevisionView.as_view(), name="revise"),
    path("<int:pk>/komentar/", views.CommentView.as_view(), name="comment"),
    path("<int:pk>/<str:action>/", views.ItemActionView.as_view(), name="action"),
    path("berkas/<int:pk>/", views.DownloadView.as_view(), name="download"),
]
