import os

from django.http import FileResponse, HttpResponse


def download(request, filename):  # SOURCE p161
    return FileResponse(open(os.path.join("/srv/files", filename), "rb"))  # SINK path-injection p161


def ping(request, host):  # SOURCE p161b
    os.system("ping -c 1 " + host)  # SINK command-injection p161b
    return HttpResponse("ok")


def status(request, code):
    os.system("echo status")
    return HttpResponse(str(code))
