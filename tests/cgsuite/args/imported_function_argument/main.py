from lib import apply
from lib import hello

apply(hello)
