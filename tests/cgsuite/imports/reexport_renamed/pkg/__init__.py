from .impl import run as api
from .impl import helper as helper_alias
