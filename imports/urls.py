from django.urls import path

from imports import views

app_name = "imports"

urlpatterns = [
    path("", views.import_new, name="new"),
    path("templates/<slug:kind>.<slug:extension>", views.import_template, name="template"),
    path("<uuid:pk>/", views.import_preview_page, name="preview"),
    path("<uuid:pk>/progress/", views.import_progress, name="progress"),
    path("<uuid:pk>/cancel/", views.import_cancel, name="discard"),
]
