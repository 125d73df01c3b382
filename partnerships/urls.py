from django.urls import path

from partnerships import views

app_name = "partnerships"
urlpatterns = [
    path("", views.partnership_list, name="list"),
    path("new/existing/", views.partnership_record_existing, name="record_existing"),
    path("new/<slug:step>/", views.partnership_create_step, name="create"),
    path("<int:pk>/", views.partnership_detail, name="detail"),
    path("<int:pk>/edit/", views.partnership_edit, name="edit"),
    path("<int:pk>/ministries/", views.participations_edit, name="participations"),
    path("<int:pk>/structure/", views.structure_edit, name="structure"),
    path("<int:pk>/proposals/<int:proposal_pk>/", views.proposal_detail, name="proposal"),
    path("<int:pk>/proposals/<int:proposal_pk>/answer/", views.proposal_answer, name="proposal_answer"),
    path("<int:pk>/proposals/<int:proposal_pk>/withdraw/", views.proposal_withdraw, name="proposal_withdraw"),
    path(
        "<int:pk>/ministries/<int:participation_pk>/withdraw/",
        views.participation_withdraw_view,
        name="participation_withdraw",
    ),
    path("<int:pk>/history/", views.partnership_history, name="history"),
    path("<int:pk>/stakeholders/<int:participation_pk>/contacts/new/", views.engagement_add, name="engagement_add"),
    path("<int:pk>/support-access/", views.support_access, name="support_access"),
    path("<int:pk>/teams/", views.team_list, name="teams"),
    path("<int:pk>/teams/new/", views.team_edit, name="team_new"),
    path("<int:pk>/teams/<int:team_pk>/edit/", views.team_edit, name="team_edit"),
    path("<int:pk>/reuse/", views.partnership_reuse, name="reuse"),
    path("<int:pk>/pilot/decision/", views.pilot_decision, name="pilot_decision"),
]
