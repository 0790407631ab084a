from django.urls import path

from . import views

app_name = "identification"
urlpatterns = [
    path("", views.IdentificationListView.as_view(), name="list"),
    path("siklus/<int:cycle_pk>/", views.IdentificationDetailView.as_view(), name="detail"),
    path("siklus/<int:cycle_pk>/buka/", views.OpenView.as_view(), name="open"),
    path("siklus/<int:cycle_pk>/informasi/", views.UnitInfoView.as_view(), name="info"),
    path("siklus/<int:cycle_pk>/ajukan/", views.SubmitView.as_view(), name="submit"),
    path("siklus/<int:cycle_pk>/keputusan/", views.DecideView.as_view(), name="decide"),
    path(
        "siklus/<int:cycle_pk>/pengguna-layanan/",
        views.ServiceUsersView.as_view(),
        name="service_users",
    ),
    path(
        "siklus/<int:cycle_pk>/pengguna-layanan/<int:pk>/hapus/",
        views.ServiceUserRemoveView.as_view(),
        name="service_user_remove",
    ),
    path(
        "siklus/<int:cycle_pk>/pengguna-layanan/impor/",
        views.ImportView.as_view(),
        name="import",
    ),
    path(
        "siklus/<int:cycle_pk>/pengguna-layanan/impor/simpan/",
        views.ImportConfirmView.as_view(),
        name="import_confirm",
    ),
    path(
        "siklus/<int:cycle_pk>/pengguna-layanan/templat.xlsx",
        views.ImportTemplateView.as_view(),
        name="import_template",
    ),
    path("siklus/<int:cycle_pk>/laporan/", views.ReportView.as_view(), name="report"),
    path("siklus/<int:cycle_pk>/laporan.pdf", views.ReportPdfView.as_view(), name="report_pdf"),
]
