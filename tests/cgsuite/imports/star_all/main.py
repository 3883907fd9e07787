from lib import *

public()
