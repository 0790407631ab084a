from django.contrib import admin
from django.urls import include, path
from django.views.i18n import set_language
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from apps.core.views import healthz
from apps.home.views import HomeProgressView, HomeView

urlpatterns = [
    path("", HomeView.as_view(), name="home"),
    path("beranda/kemajuan/", HomeProgressView.as_view(), name="home_progress"),
    path("healthz", healthz, name="healthz"),
    path("akun/", include("apps.accounts.auth_urls")),
    path("akun/dua-langkah/", include("apps.accounts.twofactor.urls")),
    path("instansi/", include("apps.tenants.urls")),
    path("unit/", include("apps.units.urls")),
    path("pengguna/", include("apps.accounts.urls")),
    path("audit/", include("apps.audit.urls")),
    path("lke/", include("apps.lke.urls")),
    path("siklus/", include("apps.cycles.urls")),
    path("bukti/", include("apps.evidence.urls")),
    path("identifikasi/", include("apps.identification.urls")),
    path("pencanangan/", include("apps.declaration.urls")),
    path("penilaian/", include("apps.assessment.urls")),
    path("tim/", include("apps.teams.urls")),
    path("rencana-kerja/", include("apps.workplan.urls")),
    path("laporan/", include("apps.reports.urls")),
    path("notifikasi/", include("apps.notifications.urls")),
    path("dasbor/", include("apps.dashboard.urls")),
    path("survei/", include("apps.surveys.urls")),
    path("s/", include("apps.surveys.public_urls")),
    path("bahasa/", set_language, name="set_language"),
    path("api/v1/", include("zi_portal.api_urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema"), name="api-docs"),
    path("admin/", admin.site.urls),
]

# Unmatched addresses under /api/ answer the API's JSON error body.
handler404 = "apps.core.api.page_not_found"

admin.site.site_header = "ZI Portal – operator platform"
admin.site.site_title = "ZI Portal"
