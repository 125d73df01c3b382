from django.urls import path

from meetings import views

app_name = "meetings"
urlpatterns = [
    path("<int:pk>/meetings/", views.meetings_tab, name="meetings"),
    path("<int:pk>/meetings/new/", views.meeting_edit, name="meeting_new"),
    path("<int:pk>/meetings/<int:meeting_pk>/", views.meeting_detail, name="meeting"),
    path("<int:pk>/meetings/<int:meeting_pk>/edit/", views.meeting_edit, name="meeting_edit"),
    path("<int:pk>/meetings/<int:meeting_pk>/decide/", views.decision_new, name="meeting_decision_new"),
    path("<int:pk>/meetings/<int:meeting_pk>/actions/new/", views.action_item_new, name="meeting_action_new"),
    path("<int:pk>/decisions/new/", views.decision_new, name="decision_new"),
    path("<int:pk>/decisions/<int:decision_pk>/verdict/", views.decision_verdict, name="decision_verdict"),
    path("<int:pk>/decisions/<int:decision_pk>/vote/", views.decision_vote, name="decision_vote"),
    path("<int:pk>/actions/new/", views.action_item_new, name="action_new"),
    path("<int:pk>/actions/<int:item_pk>/status/", views.action_item_status, name="action_status"),
    path("<int:pk>/conflicts/new/", views.conflict_new, name="conflict_new"),
    path("<int:pk>/conflicts/<int:conflict_pk>/", views.conflict_detail, name="conflict"),
    path("<int:pk>/conflicts/<int:conflict_pk>/edit/", views.conflict_edit, name="conflict_edit"),
    path("<int:pk>/conflicts/<int:conflict_pk>/decide/", views.decision_new, name="conflict_decide"),
    path("<int:pk>/conflicts/<int:conflict_pk>/escalate/", views.conflict_escalate, name="conflict_escalate"),
    path("<int:pk>/conflicts/<int:conflict_pk>/withdraw/", views.conflict_withdraw, name="conflict_withdraw"),
]
