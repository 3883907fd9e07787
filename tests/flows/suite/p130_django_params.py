from django.db import connection
from django.http import JsonResponse


def rename(request, user_id):
    name = request.POST.get("name")  # SOURCE p130
    with connection.cursor() as cur:
        cur.execute("UPDATE users SET name = %s WHERE id = %s", [name, user_id])
        cur.execute("SELECT * FROM users WHERE name = '%s'" % name)  # SINK sql-injection p130
        rows = cur.fetchall()
    return JsonResponse({"rows": rows})
