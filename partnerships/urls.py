from django.urls import path

from . import charter_views, views

app_name = "partnerships"
urlpatterns = [
    path("", views.partnership_list, name="list"),
    path("new/<slug:step>/", views.partnership_create_step, name="create"),
    path("<int:pk>/", views.partnership_detail, name="detail"),
    path("<int:pk>/edit/", views.partnership_edit, name="edit"),
    path("<int:pk>/ministries/", views.participations_edit, name="participations"),
    path("<int:pk>/history/", views.partnership_history, name="history"),
    path("<int:pk>/charter/", charter_views.charter, name="charter"),
    path("<int:pk>/charter/edit/", charter_views.charter_edit, name="charter_edit"),
    path("<int:pk>/charter/new-version/", charter_views.charter_new_version, name="charter_new_version"),
    path("<int:pk>/charter/send/", charter_views.charter_send, name="charter_send"),
    path("<int:pk>/charter/sign/", charter_views.charter_sign_view, name="charter_sign"),
    path("<int:pk>/charter/compare/", charter_views.charter_compare, name="charter_compare"),
    path("<int:pk>/charter/v<int:number>/", charter_views.charter, name="charter_version"),
    path("<int:pk>/charter/v<int:number>/print/", charter_views.charter_print, name="charter_print"),
    path("<int:pk>/charter/v<int:number>/pdf/", charter_views.charter_pdf, name="charter_pdf"),
    path("<int:pk>/<slug:tab>/", views.partnership_upcoming_tab, name="tab"),
]
