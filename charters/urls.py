from django.urls import path

from charters import views

app_name = "charters"
urlpatterns = [
    path("<int:pk>/charter/", views.charter, name="charter"),
    path("<int:pk>/charter/edit/", views.charter_edit, name="charter_edit"),
    path("<int:pk>/charter/new-version/", views.charter_new_version, name="charter_new_version"),
    path("<int:pk>/charter/send/", views.charter_send, name="charter_send"),
    path("<int:pk>/charter/sign/", views.charter_sign_view, name="charter_sign"),
    path("<int:pk>/charter/compare/", views.charter_compare, name="charter_compare"),
    path("<int:pk>/charter/v<int:number>/", views.charter, name="charter_version"),
    path("<int:pk>/charter/v<int:number>/print/", views.charter_print, name="charter_print"),
    path("<int:pk>/charter/v<int:number>/pdf/", views.charter_pdf, name="charter_pdf"),
]
