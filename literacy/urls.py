from django.urls import path

from literacy import views

app_name = "literacy"

urlpatterns = [
    path("m/<str:token>.webp", views.media, name="media"),
]
