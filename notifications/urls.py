from django.urls import path

from . import views

urlpatterns = [
    path("cohorts/<int:pk>/deliveries/failed/", views.failed_list, name="deliveries_failed"),
    path("cohorts/<int:pk>/deliveries/<int:delivery_pk>/resend/", views.delivery_resend, name="delivery_resend"),
]
