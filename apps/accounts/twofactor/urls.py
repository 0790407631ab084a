from django.urls import path

from . import views

app_name = "twofactor"
urlpatterns = [
    path("", views.StatusView.as_view(), name="status"),
    path("aktifkan/", views.EnrolView.as_view(), name="enrol"),
    path("verifikasi/", views.VerifyView.as_view(), name="verify"),
    path("kode-pemulihan/", views.RecoveryCodesView.as_view(), name="codes"),
    path(
        "kode-pemulihan/unduh/",
        views.RecoveryCodesDownloadView.as_view(),
        name="codes_download",
    ),
    path("kode-pemulihan/baru/", views.RegenerateCodesView.as_view(), name="codes_regenerate"),
    path("nonaktifkan/", views.DisableView.as_view(), name="disable"),
    path("reset/<int:pk>/", views.ResetView.as_view(), name="reset"),
    path("instansi/", views.TenantPolicyView.as_view(), name="tenant_policy"),
]
