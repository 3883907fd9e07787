class Util:
    @staticmethod
    def clean(text):
        return text.strip()

    def run(self, text):
        return self.clean(text)


u = Util()
u.clean(" a ")
u.run(" b ")
