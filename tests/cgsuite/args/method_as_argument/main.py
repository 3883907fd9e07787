class Job:
    def execute(self):
        pass


def schedule(task):
    task()


schedule(Job().execute)
