from django.urls import path

from ministries import people_views, views

app_name = "ministries"
urlpatterns = [
    path("", views.cluster_list, name="clusters"),
    path("new/", views.ministry_form, name="new"),
    path("<int:pk>/", views.ministry_detail, name="detail"),
    path("<int:pk>/edit/", views.ministry_form, name="edit"),
    path("<int:pk>/sign-in/", views.sign_in_settings, name="sign_in_settings"),
    path("<int:pk>/people/", views.ministry_people, name="people"),
    path("<int:pk>/people/<int:membership_pk>/edit/", views.person_edit, name="person_edit"),
    path("<int:pk>/people/invite/", people_views.invite, name="invite"),
    path("<int:pk>/people/<int:user_pk>/", people_views.person, name="person"),
    path("<int:pk>/people/<int:user_pk>/deactivate/", people_views.person_deactivate, name="person_deactivate"),
    path("<int:pk>/roles/<int:membership_pk>/", people_views.membership_edit, name="membership_edit"),
    path("<int:pk>/roles/<int:membership_pk>/remove/", people_views.membership_remove, name="membership_remove"),
    path("<int:pk>/invitations/", people_views.invitations, name="invitations"),
    path(
        "<int:pk>/invitations/<int:invitation_pk>/<slug:action>/",
        people_views.invitation_action,
        name="invitation_action",
    ),
    path("<int:pk>/units/new/", people_views.unit_form, name="unit_new"),
    path("<int:pk>/units/<int:unit_pk>/", people_views.unit_form, name="unit_edit"),
    path("governments/", people_views.jurisdictions, name="jurisdictions"),
    path("governments/new/", people_views.jurisdiction_form, name="jurisdiction_new"),
    path("governments/<int:jurisdiction_pk>/", people_views.jurisdiction_form, name="jurisdiction_edit"),
    path("regions/", people_views.regions, name="regions"),
    path("regions/new/", people_views.region_form, name="region_new"),
    path("regions/<int:region_pk>/", people_views.region_form, name="region_edit"),
    path("join/<str:token>/", people_views.invitation_accept, name="invitation_accept"),
    path("sites/", views.joint_site_list, name="sites"),
    path("sites/new/", views.joint_site_edit, name="site_new"),
    path("sites/<int:pk>/edit/", views.joint_site_edit, name="site_edit"),
]
