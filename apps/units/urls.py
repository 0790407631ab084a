from django.urls import path

from . import views

app_name = "units"
urlpatterns = [
    path("", views.UnitTreeView.as_view(), name="tree"),
    path("baru/", views.UnitCreateView.as_view(), name="create"),
    path("<int:pk>/", views.UnitDetailView.as_view(), name="detail"),
    path("<int:pk>/ubah/", views.UnitUpdateView.as_view(), name="update"),
    path("<int:pk>/pindah/", views.UnitMoveView.as_view(), name="move"),
    path("pilih/", views.UnitPickView.as_view(), name="pick"),
    path("ekspor/", views.UnitExportView.as_view(), name="export"),
    path("impor/", views.UnitImportView.as_view(), name="import"),
    path("impor/konfirmasi/", views.UnitImportConfirmView.as_view(), name="import_confirm"),
    path("impor/templat/", views.UnitImportTemplateView.as_view(), name="import_template"),
]
