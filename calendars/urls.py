from django.urls import path

from calendars import views

app_name = "calendars"

urlpatterns = [
    path("calendar/", views.calendar_page, name="calendar"),
    path("calendar/new-address/", views.calendar_renew, name="renew"),
    path("calendar/<str:token>.ics", views.person_feed, name="person_feed"),
    path("calendar/<str:token>/partnerships/<int:pk>.ics", views.partnership_feed, name="partnership_feed"),
    path("partnerships/<int:pk>/calendar/", views.partnership_calendar, name="partnership_calendar"),
]
