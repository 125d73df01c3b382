from django.urls import path

from lessons import views

app_name = "lessons"
urlpatterns = [
    path("lessons/", views.library, name="library"),
    path("partnerships/<int:pk>/lessons/", views.partnership_lessons, name="partnership"),
    path("partnerships/<int:pk>/lessons/new/", views.record, name="record"),
]
