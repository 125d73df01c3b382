from django.urls import path

from relations import views

app_name = "relations"
urlpatterns = [
    path("<int:pk>/relations/", views.relations, name="relations"),
    path("<int:pk>/relations/survey/open/", views.survey_open, name="survey_open"),
    path("<int:pk>/relations/survey/<int:survey_pk>/", views.survey_answer, name="survey_answer"),
]
