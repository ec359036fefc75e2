"""The API's URLs, mounted at /api/ by readingroom/urls.py: names are ``api:<name>``."""

from .views import api

app_name = "api"
urlpatterns = list(api.urls[0])
