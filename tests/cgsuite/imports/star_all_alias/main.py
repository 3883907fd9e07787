from lib import *

public()
renamed()
