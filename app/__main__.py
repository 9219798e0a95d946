"""``python -m app``: start the Keras workers first, then the web server, so that both warm up at once.

Importing TensorFlow takes seconds in each worker; starting them before the web application is imported
brings the time to ``/readyz`` close to that of a bare ``import tensorflow``.
"""

from . import workers
from .config import get_settings

# An idle connection stays open this long (uvicorn's default is 5 s): longer than a learner's pause between
# two requests and than nginx's keep-alive to its replicas (60 s), so a request is never sent on a connection
# the server is closing at that moment (the client would see it dropped without an answer).
KEEP_ALIVE_SECONDS = 75


def main() -> None:
    settings = get_settings()
    workers.start_early(settings)
    import uvicorn

    uvicorn.run(
        "app.main:app",
        host=settings.host,
        port=settings.port,
        access_log=settings.access_log,
        timeout_keep_alive=KEEP_ALIVE_SECONDS,
    )


if __name__ == "__main__":
    main()
