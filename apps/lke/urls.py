from django.urls import path

from . import views

app_name = "lke"
urlpatterns = [
    path("", views.TemplateListView.as_view(), name="templates"),
    path("<slug:code>/", views.TemplateDetailView.as_view(), name="template"),
    path("<slug:code>/status/", views.TemplateStatusView.as_view(), name="template_status"),
]
