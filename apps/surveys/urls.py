"""Staff pages of a unit's surveys (``/survei/``, login required)."""

from django.urls import path

from .views import follow_ups

app_name = "surveys"
urlpatterns: list = [
    path("<int:pk>/tindak-lanjut/", follow_ups.FollowUpsView.as_view(), name="follow_ups"),
    path(
        "<int:pk>/tindak-lanjut/<int:follow_up_pk>/ubah/",
        follow_ups.FollowUpEditView.as_view(),
        name="follow_up_edit",
    ),
    path(
        "<int:pk>/tindak-lanjut/<int:follow_up_pk>/dikerjakan/",
        follow_ups.FollowUpProgressView.as_view(),
        name="follow_up_progress",
    ),
    path(
        "<int:pk>/tindak-lanjut/<int:follow_up_pk>/selesai/",
        follow_ups.FollowUpDoneView.as_view(),
        name="follow_up_done",
    ),
    path(
        "<int:pk>/tindak-lanjut/<int:follow_up_pk>/bukti/",
        follow_ups.FollowUpEvidenceView.as_view(),
        name="follow_up_evidence",
    ),
]
