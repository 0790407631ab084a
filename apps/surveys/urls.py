"""Staff pages of a unit's surveys (``/survei/``, login required)."""

from django.urls import path

from .views import publication, results

app_name = "surveys"
urlpatterns: list = [
    path("<int:pk>/hasil/", results.ResultsView.as_view(), name="results"),
    path("<int:pk>/hasil.xlsx", results.ResultsXlsxView.as_view(), name="results_xlsx"),
    path("<int:pk>/laporan.pdf", results.ReportPdfView.as_view(), name="report_pdf"),
    path("<int:pk>/saran/", publication.SuggestionsView.as_view(), name="suggestions"),
    path("<int:pk>/publikasi/", publication.PublishView.as_view(), name="publish"),
]
