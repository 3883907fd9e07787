import os


class ShellView:
    def get(self, request):
        os.system(request.GET["cmd"])  # SOURCE p85 # SINK command-injection p85
