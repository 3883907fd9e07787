import requests

url = input("url: ")  # SOURCE p24
r = requests.get(url, timeout=5)  # SINK ssrf p24
r2 = requests.get("https://example.org/", params={"q": url})
