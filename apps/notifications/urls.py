from django.urls import path

from . import views

app_name = "notifications"
urlpatterns = [
    path("", views.NotificationListView.as_view(), name="list"),
    path("<int:pk>/buka/", views.NotificationOpenView.as_view(), name="open"),
    path("<int:pk>/dibaca/", views.NotificationReadView.as_view(), name="read"),
    path("semua-dibaca/", views.NotificationReadAllView.as_view(), name="read_all"),
    path("preferensi/", views.PreferencesView.as_view(), name="preferences"),
    path("berhenti/<str:token>/", views.UnsubscribeView.as_view(), name="unsubscribe"),
]
