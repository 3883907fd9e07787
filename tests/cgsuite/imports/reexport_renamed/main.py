from pkg import api
import pkg

api()
pkg.helper_alias()
