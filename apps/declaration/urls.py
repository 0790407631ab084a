from django.urls import path

from . import views

app_name = "declaration"
urlpatterns = [
    path("pakta-saya/", views.MyPactView.as_view(), name="my_pact"),
    path("siklus/<int:cycle_pk>/", views.DeclarationView.as_view(), name="cycle"),
    path("siklus/<int:cycle_pk>/pindaian/", views.DeclarationScanView.as_view(), name="scan"),
    path("siklus/<int:cycle_pk>/piagam/", views.CharterView.as_view(), name="charter"),
    path(
        "siklus/<int:cycle_pk>/piagam.pdf",
        views.CharterView.as_view(),
        {"as_pdf": True},
        name="charter_pdf",
    ),
    path("unit/<int:unit_pk>/pegawai/", views.RosterView.as_view(), name="roster"),
    path(
        "unit/<int:unit_pk>/pegawai/tambah/", views.EmployeeAddView.as_view(), name="employee_add"
    ),
    path("unit/<int:unit_pk>/pegawai/impor/", views.RosterImportView.as_view(), name="import"),
    path(
        "unit/<int:unit_pk>/pegawai/impor/simpan/",
        views.RosterImportConfirmView.as_view(),
        name="import_confirm",
    ),
    path("pegawai/templat.xlsx", views.RosterTemplateView.as_view(), name="import_template"),
    path("pegawai/<int:pk>/", views.EmployeeView.as_view(), name="employee"),
    path("penempatan/<int:pk>/keluar/", views.PlacementEndView.as_view(), name="placement_end"),
    path("penempatan/<int:pk>/pakta/", views.PactView.as_view(), name="pact"),
    path("penempatan/<int:pk>/pakta/tandatangani/", views.PactSignView.as_view(), name="pact_sign"),
    path("penempatan/<int:pk>/pakta/pindaian/", views.PactScanView.as_view(), name="pact_scan"),
    path("penempatan/<int:pk>/pakta.pdf", views.PactPdfView.as_view(), name="pact_pdf"),
]
