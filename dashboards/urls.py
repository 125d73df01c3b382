from django.urls import path, re_path

from . import views

app_name = "dashboards"
urlpatterns = [
    path("", views.executive_dashboard, name="executive"),
    path("map/", views.cooperation_map, name="map"),
    re_path(r"^export\.(?P<fmt>csv|xlsx)$", views.portfolio_export, name="export"),
]
