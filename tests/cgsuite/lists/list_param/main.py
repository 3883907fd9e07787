def job_a():
    pass


def job_b():
    pass


def run_all(jobs):
    for j in jobs:
        j()


run_all([job_a, job_b])
