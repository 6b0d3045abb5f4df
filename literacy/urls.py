from django.urls import path

from literacy import views, views_library

app_name = "literacy"

urlpatterns = [
    path("m/<str:token>.webp", views.media, name="media"),
    path("library/", views_library.library, name="library"),
    path("library/credits/", views_library.credits, name="credits"),
    path("library/<str:public_id>/", views_library.example_detail, name="example_detail"),
]
