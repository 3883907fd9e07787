from p161site import urls

print(urls.urlpatterns)
