from django.urls import path, re_path

from dashboards import homes, views

app_name = "dashboards"
urlpatterns = [
    path("", homes.home, name="home"),
    path("portfolio/", views.executive_dashboard, name="executive"),
    path("portfolio/map/", views.cooperation_map, name="map"),
    re_path(r"^portfolio/export\.(?P<fmt>csv|xlsx)$", views.portfolio_export, name="export"),
]
