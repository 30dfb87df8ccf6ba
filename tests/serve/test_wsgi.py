"""Behind nginx on a unix socket, gunicorn's pages see the visitor's address."""

from config.wsgi import client_address_from_proxy


def seen_address(environ: dict) -> str:
    seen = {}

    def app(environ, start_response):
        seen["address"] = environ.get("REMOTE_ADDR")
        return []

    client_address_from_proxy(app)(environ, lambda *args: None)
    return seen["address"]


def test_on_a_unix_socket_the_proxys_forwarded_address_is_the_client():
    assert seen_address({"REMOTE_ADDR": "", "HTTP_X_FORWARDED_FOR": "203.0.113.7"}) == (
        "203.0.113.7"
    )


def test_over_tcp_a_forwarded_header_is_not_believed():
    environ = {"REMOTE_ADDR": "198.51.100.2", "HTTP_X_FORWARDED_FOR": "203.0.113.7"}
    assert seen_address(environ) == "198.51.100.2"
