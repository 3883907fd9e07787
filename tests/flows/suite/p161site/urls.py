from django.urls import path, re_path

from . import views

urlpatterns = [
    path("files/<str:filename>", views.download),
    re_path(r"^ping/(?P<host>[^/]+)$", views.ping),
    path("status/<int:code>", views.status),
]
