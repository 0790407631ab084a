from django.urls import path

from . import views

app_name = "tenants"
urlpatterns = [path("ganti/", views.switch_tenant, name="switch")]
