class Widget:
    def __init__(self, on_click=None, **rest):
        self.on_click = on_click

    def click(self):
        return self.on_click()


def clicked():
    return "clicked"


def build(**kw):
    return Widget(**kw)


build(on_click=clicked).click()
