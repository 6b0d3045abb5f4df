from django.urls import path

from learners import views

app_name = "learners"

# The paths predate this app and stay as learners and bookmarks know them.
urlpatterns = [
    path("accounts/signup/", views.signup, name="signup"),
    path("accounts/dashboard/", views.dashboard, name="dashboard"),
    path("accounts/progress/", views.progress, name="progress"),
    path("accounts/my-data.json", views.download_data, name="download_data"),
    path("classes/join/", views.join, name="join"),
]
