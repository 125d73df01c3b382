from django.urls import path

from overlaps import views

app_name = "overlaps"
urlpatterns = [
    path("duplicates/", views.overview, name="list"),
    path("partnerships/<int:pk>/duplicates/", views.partnership_duplicates, name="partnership"),
    path("partnerships/<int:pk>/duplicates/<int:other>/", views.mark, name="mark"),
]
