import factory

factory.get()()
