from django.urls import path

from competences import views

app_name = "competences"
urlpatterns = [
    path("competence/", views.mine, name="mine"),
    path("competence/sharing/", views.sharing, name="sharing"),
    path("competence/organisations/<int:pk>/", views.organisation, name="organisation"),
    path("partnerships/<int:pk>/competence/", views.team, name="team"),
]
