import os
from dataclasses import dataclass


@dataclass
class Job:
    name: str
    command: str


job = Job("nightly", input())  # SOURCE p116
os.system(job.command)  # SINK command-injection p116
os.system("echo " + job.name)

other = Job(name=input(), command="ls")
os.system(other.command)
