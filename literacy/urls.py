from django.urls import path

from literacy import views, views_lessons, views_library

app_name = "literacy"

urlpatterns = [
    path("m/<str:token>.webp", views.media, name="media"),
    path("m/<str:token>.mp3", views.media, name="media_audio"),
    path("library/", views_library.library, name="library"),
    path("library/credits/", views_library.credits, name="credits"),
    path("library/<str:public_id>/", views_library.example_detail, name="example_detail"),
]

urlpatterns += [
    path("learn/", views_lessons.course, name="lesson_list"),
    path("learn/glossary/", views_lessons.glossary, name="glossary"),
    path("learn/be-the-discriminator/", views_lessons.judge, name="judge"),
    path("learn/<slug:slug>/", views_lessons.lesson_detail, name="lesson_detail"),
    path("learn/<slug:slug>/check/<slug:check_id>/", views_lessons.lesson_check, name="lesson_check"),
]
