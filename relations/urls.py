from django.urls import path

from relations import views

app_name = "relations"
urlpatterns = [
    path("partnerships/<int:pk>/relations/", views.relations, name="relations"),
    path("partnerships/<int:pk>/relations/survey/open/", views.survey_open, name="survey_open"),
    path("partnerships/<int:pk>/relations/survey/<int:survey_pk>/", views.survey_answer, name="survey_answer"),
    path("clusters/<int:pk>/relations/", views.cluster_relations, name="cluster"),
    path("clusters/<int:pk>/relations/survey/open/", views.cluster_survey_open, name="cluster_survey_open"),
    path(
        "clusters/<int:pk>/relations/survey/<int:survey_pk>/",
        views.cluster_survey_answer,
        name="cluster_survey_answer",
    ),
]
