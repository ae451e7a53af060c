"""The project's URLs plus one view that fails, for the error-logging test."""

from django.urls import path

from learninggroup.urls import urlpatterns as project_urlpatterns


def boom(request):
    raise RuntimeError("secret detail that must not reach the page")


urlpatterns = [path("boom/", boom), *project_urlpatterns]
