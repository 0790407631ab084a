from django.urls import path

from . import export_views, views

app_name = "dashboard"

urlpatterns = [
    path("", views.DashboardView.as_view(), name="index"),
    path("unduh.xlsx", export_views.DashboardXlsxView.as_view(), name="xlsx"),
    path("pdf/", export_views.DashboardExportsView.as_view(), name="exports"),
    path("pdf/buat/", export_views.DashboardPdfRequestView.as_view(), name="pdf_request"),
    path("pdf/<int:pk>/", export_views.DashboardPdfView.as_view(), name="pdf"),
]
