from django.urls import path

from . import views

app_name = "reports"
urlpatterns = [
    path("", views.ReportListView.as_view(), name="index"),
    path("siklus/<int:cycle_pk>/", views.CycleReportsView.as_view(), name="cycle"),
    path("<int:pk>/", views.ReportDetailView.as_view(), name="detail"),
    path("agen/", views.MyAgentView.as_view(), name="my_agent"),
    path("agen/<int:agent_pk>/", views.AgentRecordView.as_view(), name="agent_record"),
    path(
        "agen/rencana-aksi/<int:item_pk>/bulan/<int:month>/",
        views.AgentRealisationView.as_view(),
        name="agent_realisation",
    ),
    path(
        "agen/rencana-aksi/<int:item_pk>/perubahan/",
        views.AgentChangeView.as_view(),
        name="agent_change",
    ),
    path("<int:pk>/teks-agen/", views.AgentTextsView.as_view(), name="agent_texts"),
    path("pengaturan-agen/", views.AgentSettingsView.as_view(), name="agent_settings"),
    path("<int:pk>/ubah/", views.ReportUpdateView.as_view(), name="update"),
    path("<int:pk>/catatan/", views.ReportNotesView.as_view(), name="notes"),
    path("<int:pk>/ajukan/", views.ReportSubmitView.as_view(), name="submit"),
    path("<int:pk>/kembalikan/", views.ReportReturnView.as_view(), name="return"),
    path("<int:pk>/setujui/", views.ReportApproveView.as_view(), name="approve"),
    path("<int:pk>/koreksi/", views.ReportCorrectView.as_view(), name="correct"),
    path("<int:pk>/pdf/", views.ReportPdfView.as_view(), name="pdf"),
    path("<int:pk>/docx/", views.ReportDocxView.as_view(), name="docx"),
    path("<int:pk>/pindaian/", views.ReportScanView.as_view(), name="scan"),
    path("<int:pk>/rekomendasi/", views.RecommendationAddView.as_view(), name="recommendation_add"),
    path(
        "<int:pk>/tindak-lanjut/<int:recommendation_pk>/",
        views.FollowUpView.as_view(),
        name="follow_up",
    ),
    path(
        "rekomendasi/<int:pk>/ubah/",
        views.RecommendationEditView.as_view(),
        name="recommendation_edit",
    ),
    path(
        "rekomendasi/<int:pk>/hapus/",
        views.RecommendationDeleteView.as_view(),
        name="recommendation_delete",
    ),
]
