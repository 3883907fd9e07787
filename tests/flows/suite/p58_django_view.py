from django.db import connection
from django.http import HttpResponse


def search(request):
    q = request.GET.get("q", "")  # SOURCE p58
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM items WHERE name LIKE '%" + q + "%'")  # SINK sql-injection p58
        rows = cursor.fetchall()
    return HttpResponse(str(rows))
