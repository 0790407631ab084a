"""The public's pages (``/s/``): no account, answered on a phone."""

from django.urls import path

from .views import publication

app_name = "surveys_public"
urlpatterns: list = [
    path("hasil/<int:pk>/", publication.PublicResultsView.as_view(), name="results"),
    path(
        "hasil/<int:pk>/laporan.pdf",
        publication.PublicReportPdfView.as_view(),
        name="report_pdf",
    ),
]
