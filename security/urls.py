from django.urls import path

from security import views

app_name = "security"
urlpatterns = [
    path("", views.my_security_log, name="mine"),
    path("<int:pk>/", views.security_log, name="log"),
]
