# Layer Lab for a classroom: one `docker run`, CPU-only TensorFlow, non-root, works with --read-only.
#
#   docker build -t layer-lab .
#   docker run -d --name layer-lab -p 8000:8000 --read-only --tmpfs /tmp layer-lab
#
# Configured only by environment variables (LAYERLAB_*, see app/config.py and the README).
# Plain Dockerfile syntax (no BuildKit features): builds with the classic builder; no registry needed beyond the base image.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PIP_ROOT_USER_ACTION=ignore \
    HOME=/tmp \
    KERAS_HOME=/tmp/.keras \
    MPLCONFIGDIR=/tmp/matplotlib \
    XDG_CACHE_HOME=/tmp/.cache \
    TF_CPP_MIN_LOG_LEVEL=3 \
    KERAS_BACKEND=tensorflow \
    LAYERLAB_HOST=0.0.0.0 \
    LAYERLAB_PORT=8000

WORKDIR /srv/layer-lab

# 1. Dependencies only, read from pyproject.toml at the exact versions in requirements.lock: this (slow,
#    ~1.25 GB) layer is rebuilt only when one of the two changes, never for a code change. setuptools>=68 is
#    the build backend the offline editable install below needs (Debian's is older). Then drop what only
#    compiles against TensorFlow and never runs: its C++ headers (~290 MB) and libclang (~60 MB, a build-time
#    dependency of TensorFlow that nothing imports at run time).
COPY pyproject.toml requirements.lock ./
RUN python -c "import tomllib; print('\n'.join(tomllib.load(open('pyproject.toml', 'rb'))['project']['dependencies']))" \
        > /tmp/requirements.txt \
 && pip install --no-cache-dir -c requirements.lock -r /tmp/requirements.txt "setuptools>=68" \
 && pip uninstall -y -q libclang \
 && rm -rf "$(python -c "import importlib.util as u; print(u.find_spec('tensorflow').submodule_search_locations[0])")/include" \
 && python -c "import tensorflow, keras; print('tensorflow', tensorflow.__version__, 'keras', keras.__version__)" \
 && rm -rf /tmp/* /root/.cache

# 2. The source (seconds): the package itself, no dependencies, no network. Editable, because the app
#    serves static/ from beside app/. Byte-compiled here since the running container cannot write.
COPY README.md ./
COPY app ./app
COPY static ./static
COPY templates ./templates
RUN pip install --no-cache-dir --no-deps --no-build-isolation -e . \
 && python -m compileall -q app \
 && useradd --system --uid 10001 --gid 0 --home-dir /tmp --no-create-home --shell /usr/sbin/nologin layerlab \
 && rm -rf /tmp/* /root/.cache

USER 10001
EXPOSE 8000

# Healthy once the workers are warm and the lesson examples are cached (the first start takes ~10-30 s).
HEALTHCHECK --interval=15s --timeout=5s --start-period=120s --retries=3 \
    CMD ["python", "-c", "import os, urllib.request; urllib.request.urlopen('http://127.0.0.1:%s/readyz' % os.environ.get('LAYERLAB_PORT', '8000'), timeout=4)"]

# `python -m app` starts the Keras workers before the web app, so both warm up at once, and listens on
# LAYERLAB_HOST:LAYERLAB_PORT. Exec form: it is PID 1 and gets docker stop's SIGTERM (then stops the workers).
CMD ["python", "-m", "app"]
