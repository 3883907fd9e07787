class Animal:
    @property
    def sound(self):
        return "..."

    def speak(self):
        return self.sound


class Dog(Animal):
    @property
    def sound(self):
        return "woof"


Dog().speak()
