"""``python -m app``: start the Keras workers first, then the web server, so that both warm up at once.

Importing TensorFlow takes seconds in each worker; starting them before the web application is imported
brings the time to ``/readyz`` close to that of a bare ``import tensorflow``.
"""

from . import workers
from .config import get_settings


def main() -> None:
    settings = get_settings()
    workers.start_early(settings)
    import uvicorn

    uvicorn.run("app.main:app", host=settings.host, port=settings.port, access_log=settings.access_log)


if __name__ == "__main__":
    main()
