"""Staff pages of a unit's surveys (``/survei/``, login required)."""

from django.urls import path

from .views import follow_ups, invitations, publication, results, staff

app_name = "surveys"
urlpatterns: list = [
    path("", staff.SurveyListView.as_view(), name="list"),
    path("baru/", staff.SurveyCreateView.as_view(), name="create"),
    path("<int:pk>/", staff.SurveyDetailView.as_view(), name="detail"),
    path("<int:pk>/ubah/", staff.SurveyEditView.as_view(), name="edit"),
    path("<int:pk>/kuesioner/", staff.ItemsView.as_view(), name="items"),
    path("<int:pk>/layanan/", staff.ServicesView.as_view(), name="services"),
    path("<int:pk>/kode-qr/", staff.LinksView.as_view(), name="links"),
    path("<int:pk>/kode-qr/<int:link_pk>/poster.pdf", staff.PosterView.as_view(), name="poster"),
    path("<int:pk>/buka/", staff.SurveyOpenView.as_view(), name="open"),
    path("<int:pk>/tutup/", staff.SurveyCloseView.as_view(), name="close"),
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
    path("<int:pk>/undangan/", invitations.InvitationsView.as_view(), name="invitations"),
    path("<int:pk>/hasil/", results.ResultsView.as_view(), name="results"),
    path("<int:pk>/hasil.xlsx", results.ResultsXlsxView.as_view(), name="results_xlsx"),
    path("<int:pk>/laporan.pdf", results.ReportPdfView.as_view(), name="report_pdf"),
    path("<int:pk>/saran/", publication.SuggestionsView.as_view(), name="suggestions"),
    path("<int:pk>/publikasi/", publication.PublishView.as_view(), name="publish"),
]
