from django.urls import path

from . import views

app_name = "cycles"
urlpatterns = [
    path("", views.CycleListView.as_view(), name="list"),
    path("baru/", views.CycleCreateView.as_view(), name="create"),
    path("<int:pk>/", views.CycleDetailView.as_view(), name="detail"),
    path("<int:pk>/tahap/", views.CycleStageView.as_view(), name="stage"),
    path("kalender/", views.CalendarView.as_view(), name="calendar"),
    path("kalender/simpan-bawaan/", views.CalendarEnsureView.as_view(), name="calendar_ensure"),
    path("kalender/<int:pk>/", views.CalendarEntryUpdateView.as_view(), name="calendar_entry"),
]
