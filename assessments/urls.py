from django.urls import path

from assessments import health_views, review_views, views

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
    path("<int:pk>/gate/waive/", views.gate_waive, name="gate_waive"),
    path("<int:pk>/gate/waive/withdraw/", views.gate_waiver_withdraw, name="gate_waiver_withdraw"),
    path("<int:pk>/gate/decide/", views.gate_decide, name="gate_decide"),
    path("<int:pk>/gate/position/", views.gate_position, name="gate_position"),
    path("<int:pk>/gate/past/", views.gate_record_past, name="gate_record_past"),
    # Health checks, the expectations register, reviews and evaluations (health_views, review_views).
    path("<int:pk>/health/", health_views.health, name="health"),
    path("<int:pk>/health/open/", health_views.health_open, name="health_open"),
    path("<int:pk>/health/<int:check_pk>/answer/", health_views.health_answer, name="health_answer"),
    path("<int:pk>/reviews/", review_views.reviews, name="reviews"),
    path("<int:pk>/reviews/new/", review_views.review_add, name="review_add"),
    path("<int:pk>/reviews/<int:review_pk>/", review_views.review_detail, name="review_detail"),
    path("<int:pk>/evaluations/new/", review_views.evaluation_add, name="evaluation_add"),
    path("<int:pk>/evaluations/<int:evaluation_pk>/", review_views.evaluation_detail, name="evaluation_detail"),
    path("<int:pk>/expectations/new/", review_views.expectation_add, name="expectation_add"),
    path(
        "<int:pk>/expectations/<int:expectation_pk>/withdraw/",
        review_views.expectation_withdraw,
        name="expectation_withdraw",
    ),
    path("<int:pk>/evaluators/new/", review_views.evaluator_assign, name="evaluator_assign"),
    path("<int:pk>/evaluators/<int:assignment_pk>/remove/", review_views.evaluator_remove, name="evaluator_remove"),
]
