import os

from django.http import HttpResponse


def sleep_view(request):
    n = int(request.POST["n"])
    os.system("sleep %d" % n)
    return HttpResponse("ok")
