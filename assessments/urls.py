from django.urls import path

from . import views

app_name = "assessments"
urlpatterns = [
    path("<int:pk>/points/", views.points, name="points"),
    path("<int:pk>/points/<int:number>/edit/", views.point_edit, name="point_edit"),
    path("<int:pk>/points/<int:number>/card/", views.point_card, name="point_card"),
    path("<int:pk>/points/<int:number>/position/", views.point_position, name="point_position"),
    path("<int:pk>/points/<int:number>/evidence/", views.evidence_add, name="evidence_add"),
    path("<int:pk>/evidence/<int:evidence_pk>/", views.evidence_file, name="evidence_file"),
    path("<int:pk>/evidence/<int:evidence_pk>/remove/", views.evidence_remove, name="evidence_remove"),
    path("<int:pk>/points/worth-it/", views.worksheet_value, name="worksheet_value"),
    path("<int:pk>/points/who-takes-part/", views.worksheet_partners, name="worksheet_partners"),
    path("<int:pk>/points/conflicts/", views.worksheet_conflict, name="worksheet_conflict"),
    path("<int:pk>/gate/", views.gate, name="gate"),
    path("<int:pk>/gate/request/", views.gate_request, name="gate_request"),
    path("<int:pk>/gate/withdraw/", views.gate_withdraw, name="gate_withdraw"),
    path("<int:pk>/gate/decide/", views.gate_decide, name="gate_decide"),
]
