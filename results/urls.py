from django.urls import path

from results import offline_views, views

app_name = "results"
urlpatterns = [
    path("progress/new/", views.progress_new, name="progress_new"),
    path("progress/new/choices/", views.progress_targets, name="progress_targets"),
    path("progress/mine/", views.progress_mine, name="progress_mine"),
    # Field staff offline: what the phone keeps, and where it sends what was logged without a signal.
    path("progress/offline/", offline_views.offline_pages, name="offline_pages"),
    path("progress/send/", offline_views.progress_send, name="progress_send"),
    path("<int:pk>/results/<int:indicator_pk>/send/", offline_views.measurement_send, name="measurement_send"),
    path("<int:pk>/progress/", views.progress_tab, name="progress"),
    path("<int:pk>/progress/<int:log_pk>/edit/", views.progress_edit, name="progress_edit"),
    path("<int:pk>/files/<int:attachment_pk>/", views.attachment_download, name="attachment"),
    path("<int:pk>/milestones/new/", views.milestone_edit, name="milestone_new"),
    path("<int:pk>/milestones/<int:milestone_pk>/edit/", views.milestone_edit, name="milestone_edit"),
    path("<int:pk>/milestones/<int:milestone_pk>/done/", views.milestone_done, name="milestone_done"),
    path("<int:pk>/milestones/<int:milestone_pk>/reopen/", views.milestone_reopen, name="milestone_reopen"),
    path("<int:pk>/results/", views.results, name="results"),
    path("<int:pk>/results/new/", views.indicator_edit, name="indicator_new"),
    path("<int:pk>/results/<int:indicator_pk>/", views.indicator_detail, name="indicator"),
    path("<int:pk>/results/<int:indicator_pk>/edit/", views.indicator_edit, name="indicator_edit"),
    path("<int:pk>/results/<int:indicator_pk>/report/", views.measurement_new, name="measurement_new"),
    path("<int:pk>/measurements/<int:measurement_pk>/edit/", views.measurement_edit, name="measurement_edit"),
    path(
        "<int:pk>/measurements/<int:measurement_pk>/submit/",
        views.measurement_submit,
        name="measurement_submit",
    ),
    path(
        "<int:pk>/measurements/<int:measurement_pk>/review/",
        views.measurement_review,
        name="measurement_review",
    ),
    path("<int:pk>/periods/<int:period_pk>/lock/", views.period_lock, name="period_lock"),
]
