from django.urls import path

from ministries import views

app_name = "ministries"
urlpatterns = [
    path("", views.cluster_list, name="clusters"),
    path("<int:pk>/", views.ministry_detail, name="detail"),
    path("<int:pk>/people/", views.ministry_people, name="people"),
    path("sites/", views.joint_site_list, name="sites"),
    path("sites/new/", views.joint_site_edit, name="site_new"),
    path("sites/<int:pk>/edit/", views.joint_site_edit, name="site_edit"),
]
