class Secret:
    def __hidden(self):
        return 1

    def reveal(self):
        return self.__hidden()


Secret().reveal()
