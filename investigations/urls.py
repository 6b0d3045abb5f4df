from django.urls import path

from investigations import views

app_name = "investigations"

urlpatterns = [
    path("", views.case_list, name="case_list"),
    path("check-a-file/", views.check_file, name="check_file"),
    path("check-a-file/report", views.check_file_submit, name="check_file_submit"),
    path("attempt/<slug:public_id>/<slug:token>/post", views.item_image, name="item_image"),
    path("<slug:key>/", views.case_detail, name="case_detail"),
    path("<slug:key>/image", views.case_image, name="case_image"),
    path("<slug:key>/answer", views.case_answer, name="case_answer"),
]
