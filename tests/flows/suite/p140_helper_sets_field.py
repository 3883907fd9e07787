import os


class Settings:
    def __init__(self):
        self.editor = "vi"
        self.pager = "less"


def configure(settings):
    settings.editor = os.environ.get("EDITOR", "vi")  # SOURCE p140


def open_editor(settings, path):
    os.system(settings.editor + " " + path)  # SINK command-injection p140


s = Settings()
configure(s)
os.system(s.editor + " notes.txt")  # SINK command-injection p140
os.system(s.pager + " notes.txt")
open_editor(s, "todo.txt")
