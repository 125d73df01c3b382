from django.urls import path

from ministries import views

app_name = "ministries"
urlpatterns = [
    path("", views.cluster_list, name="clusters"),
    path("<int:pk>/", views.ministry_detail, name="detail"),
    path("<int:pk>/people/", views.ministry_people, name="people"),
    path("<int:pk>/people/<int:membership_pk>/edit/", views.person_edit, name="person_edit"),
]
