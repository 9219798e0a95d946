"""Keras work in worker processes, so the web process never blocks and a crash costs one worker.

Each worker is a process of its own (``multiprocessing``'s spawn) with a socket to the web process, and the event
loop drives that socket: a task is pickled and written to it, the answer read when the loop sees the socket
readable, with no thread in between. A task that overruns its time is cut off (its worker killed, 504) and its
worker replaced; a worker that dies is replaced (503); a full queue answers 503 with Retry-After instead of waiting
for ever. Each worker is replaced after its own number of tasks (staggered), so they are never all restarting at
once. Each worker keeps the models it built (``app.engine``), so a task for a model goes to a worker that has it
when one of them is free (affinity), to any free worker otherwise, and waits in line when none is. The web
process never imports TensorFlow: the workers import ``app.engine`` themselves.

Until this module drove the sockets itself, each worker was a single-worker ``pebble`` pool, whose tasks cross
threads both ways (submit → its scheduler thread → pipe → worker → its result thread → ``call_soon_threadsafe``):
a ping cost the web process 0.15–0.25 ms of CPU back to back and 0.58–0.60 ms after a 20 ms pause, the threads'
wake-ups; over the socket 0.03–0.10 ms and 0.24–0.29 ms (same run, pause included). pebble cannot keep the
processes while the loop carries the tasks: its pool owns its pipes and reads them in its own threads.
"""

import asyncio
import gc
import itertools
import logging
import multiprocessing
import os
import pickle
import select
import signal
import socket
import struct
from collections import OrderedDict, deque
from collections.abc import Callable
from functools import partial

from . import messages
from .config import Settings
from .errors import Busy, TimedOut, WorkerLost

log = logging.getLogger("layerlab.workers")

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")  # inherited by the workers: TensorFlow's start-up chatter off


WORKER_NICENESS = 5
"""Workers run at a lower CPU priority than the web process: when the cores are busy, the web process, which
answers ``/healthz``, the page's files and every cached answer in a millisecond or two, gets a core before a Keras
build does (``bench/load.py``'s /healthz p99); the work done is the same. 5, not more: a worker still gets a
quarter of what a process at the default priority gets, so on a machine crowded by other programs its tasks are
slowed, not starved into their timeout."""

SPAWN = multiprocessing.get_context("spawn")
LENGTH = struct.Struct("!Q")
"""Every message on a worker's socket: its length, then that many bytes of pickle."""
INBOX = 65_536
"""Bytes read from a worker's socket at a time: a small answer in one read, a big one in a buffer of its size."""
RESPAWN_DELAY = 1.0
"""Seconds before a worker that died before it was warm is started again (not in a tight loop)."""


def _serve(sock: socket.socket, keep: tuple[int, int]) -> None:
    """A worker process: warm up, say so (its pid), then answer each task it reads until its socket closes; while no
    task waits, trace the calls whose eager calls have paid for it (``engine.compile_due``), so a request waits
    for a trace only when it arrives during one."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl+C stops the server, which then stops its workers
    _start_worker(keep)
    from . import engine

    _send(sock, pickle.dumps(os.getpid()))
    while (task := _receive(sock)) is not None:
        _send(sock, pickle.dumps(engine.run(pickle.loads(task)), pickle.HIGHEST_PROTOCOL))
        while not select.select([sock], [], [], 0)[0] and engine.compile_due():  # a trace made while no task waits
            pass
    os._exit(0)  # retired or the server stopping: nothing to tidy that the process's end does not


def _start_worker(keep: tuple[int, int]) -> None:
    os.nice(WORKER_NICENESS)
    from . import engine

    engine.keep(*keep)
    engine.warm_up()
    # Keras and TensorFlow set aside, and the young collected less often (each build makes thousands of
    # objects): ~12 % less CPU per new model
    set_aside_imports()
    gc.set_threshold(50_000, 20, 100)


def _send(sock: socket.socket, data: bytes) -> None:
    sock.sendall(LENGTH.pack(len(data)) + data)


def _receive(sock: socket.socket) -> bytearray | None:
    """The next message, or None when the web process has closed the socket."""
    header = _exactly(sock, LENGTH.size)
    return None if header is None else _exactly(sock, LENGTH.unpack(header)[0])


def _exactly(sock: socket.socket, size: int) -> bytearray | None:
    data = bytearray(size)
    view, got = memoryview(data), 0
    while got < size:
        n = sock.recv_into(view[got:])
        if not n:
            return None
        got += n
    return data


def set_aside_imports() -> None:
    """What a process has imported is objects the garbage collector would otherwise walk again at every full
    collection: set them aside for good. Called once a process has imported what it runs: the workers after
    warming up, the web process when it starts."""
    gc.freeze()


class Worker:
    """One worker process and the web process's end of its socket, read and written by the event loop. It runs one
    task at a time (the pool gives it one only when it is free, and a replacement only once it is warm); a task
    given while it warms up is written once it is warm, and its time counts from then. Started when made."""

    def __init__(self, pool: "WorkerPool", index: int, max_tasks: int):
        self.pool = pool
        self.index = index
        self.max_tasks = max_tasks
        self.was_warm = False
        """Whether any of its processes has warmed up yet."""
        self._on_warm: list[Callable[[], None]] = []
        self._task: asyncio.Future | None = None
        self._unsent: bytes | None = None
        self._timer: asyncio.TimerHandle | None = None
        self.spawn()

    def spawn(self) -> None:
        if self.pool.closed:
            return
        ours, theirs = socket.socketpair()
        self.process = SPAWN.Process(target=_serve, args=(theirs, self.pool.keep), daemon=True)
        self.process.start()
        theirs.close()
        ours.setblocking(False)
        self._sock = ours
        self.pid: int | None = None
        """The process's id once it is warm."""
        self._attached = self._writing = False
        self._out = memoryview(b"")
        self._inbox, self._got, self._done = bytearray(INBOX), 0, 0
        for homes in self.pool._homes.values():  # a new process has built none of the models its forerunner had
            homes.discard(self.index)
        if self.pool.attached:
            self.attach()

    def attach(self) -> None:
        """Have the loop read the socket (and reap the process when it ends)."""
        if not self._attached and self._sock.fileno() >= 0:
            self._attached = True
            self.pool.loop.add_reader(self._sock, self._readable)
            self.pool.reap_when_ended(self.process)

    def submit(self, task: dict) -> asyncio.Future:
        assert self._task is None, "a worker runs one task at a time"
        data = pickle.dumps(task, pickle.HIGHEST_PROTOCOL)
        self._task = self.pool.loop.create_future()
        if self.pid is None:
            self._unsent = data
        else:
            self._write(data)
        return self._task

    def _write(self, data: bytes) -> None:
        self._timer = self.pool.loop.call_later(self.pool.settings.timeout_seconds, self._overran)
        self._out = memoryview(LENGTH.pack(len(data)) + data)
        self._writable()

    def _writable(self) -> None:
        try:
            sent = self._sock.send(self._out)
        except BlockingIOError:
            sent = 0
        except OSError:  # the worker is gone: its end of the socket is read as such
            sent = len(self._out)
        self._out = self._out[sent:]
        if bool(self._out) != self._writing:  # the rest written when the worker has read some
            self._writing = bool(self._out)
            if self._writing:
                self.pool.loop.add_writer(self._sock, self._writable)
            else:
                self.pool.loop.remove_writer(self._sock)

    def _readable(self) -> None:
        try:
            n = self._sock.recv_into(memoryview(self._inbox)[self._got :])
        except BlockingIOError:
            return
        except OSError:
            n = 0
        if not n:
            self._lost()
            return
        self._got += n
        while self._got >= LENGTH.size:
            end = LENGTH.size + LENGTH.unpack_from(self._inbox)[0]
            if end > len(self._inbox):
                self._inbox += bytes(end - len(self._inbox))  # a big answer: room for all of it
            if self._got < end:
                return
            message = pickle.loads(memoryview(self._inbox)[LENGTH.size : end])
            rest = self._inbox[end : self._got]
            if len(self._inbox) > INBOX:
                self._inbox = bytearray(INBOX)
            self._inbox[: len(rest)], self._got = rest, len(rest)
            self._received(message)

    def _received(self, message) -> None:
        if self.pid is None:  # the first message: warm
            self.pid, self.was_warm = message, True
            self.pool.warmed()
            if self._unsent is not None:
                data, self._unsent = self._unsent, None
                self._write(data)
            waiting, self._on_warm = self._on_warm, []
            for callback in waiting:
                callback()
            return
        task, self._task = self._task, None
        assert task is not None, "an answer comes only for a task"
        self._done += 1
        if self._done == self.max_tasks:
            self._retire()
            self.spawn()
        else:
            self._stop_timer()
        task.set_result(message)

    def _overran(self) -> None:
        self.process.kill()
        self._retire()
        self.spawn()
        self._fail(messages.refusal(TimedOut, "work.timeout", seconds=float(self.pool.settings.timeout_seconds)))

    def _lost(self) -> None:
        """The socket's end: the worker died (the pool stops reading a worker before it stops it)."""
        warm = self.pid is not None
        self.pid = None  # not warm: the pool gives it no task until its replacement is (``replacing``)
        self._retire()
        if self._task is not None:
            log.warning("worker %s died during a task", self.process.pid)
        elif not warm:
            log.error("worker %s died while warming up", self.process.pid)
        self._fail(messages.refusal(WorkerLost, "work.lost"))
        self.pool.replacing(self.index)
        if warm:
            self.spawn()
        else:
            self.pool.loop.call_later(RESPAWN_DELAY, self.spawn)

    def when_warm(self, callback: Callable[[], None]) -> None:
        """Call back now if the worker is warm, else once its process (a replacement) is."""
        if self.pid is None:
            self._on_warm.append(callback)
        else:
            callback()

    def _fail(self, error: Exception) -> None:
        task, self._task, self._unsent = self._task, None, None
        if task is not None:
            task.set_exception(error)

    def _stop_timer(self) -> None:
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None

    def _retire(self) -> None:
        """Let go of the process: its socket closed, it ends (``_serve``) or has been killed, and is reaped."""
        self._stop_timer()
        if self._attached:
            self.pool.loop.remove_reader(self._sock)
            if self._writing:
                self.pool.loop.remove_writer(self._sock)
        self._sock.close()
        self._attached = self._writing = False

    def stop(self) -> None:
        self._retire()
        if self.process.is_alive():
            self.process.terminate()


class WorkerPool:
    def __init__(self, settings: Settings):
        self.settings = settings
        self.pending = 0
        self.keep = (settings.worker_models, settings.worker_model_bytes)
        self.closed = False
        self._loop: asyncio.AbstractEventLoop | None = None
        self._workers: list[Worker] = []
        self._watched: set[multiprocessing.process.BaseProcess] = set()
        self._warm = asyncio.Event()
        self._idle: list[int] = list(range(settings.workers))
        self._waiting: deque[Waiter] = deque()
        self._homes: OrderedDict[str, set[int]] = OrderedDict()
        """The workers that have run each model (by key): they have it built (unless they have let it go since)."""

    def start(self) -> None:
        """Start the workers now: importing Keras takes seconds. The loop reads them once it is running."""
        if not self._workers:
            self._workers = [
                Worker(self, k, staggered(self.settings.worker_max_tasks, k)) for k in range(self.settings.workers)
            ]

    @property
    def attached(self) -> bool:
        return self._loop is not None

    @property
    def loop(self) -> asyncio.AbstractEventLoop:
        """The loop that reads and writes the workers' sockets: the first to run a task or wait for the workers."""
        assert self._loop is not None, "no task has been run yet"
        return self._loop

    def _attach(self) -> None:
        if self._loop is None:
            self.start()
            self._loop = asyncio.get_running_loop()
            for worker in self._workers:
                worker.attach()

    def replacing(self, worker: int) -> None:
        """A worker with nothing to do died: it takes no task until its replacement is warm."""
        if worker in self._idle:
            self._idle.remove(worker)
            self._workers[worker].when_warm(partial(self._release, worker))

    def warmed(self) -> None:
        if all(worker.was_warm for worker in self._workers):
            self._warm.set()

    def reap_when_ended(self, process: multiprocessing.process.BaseProcess) -> None:
        """Join a worker process once it has ended, so no exited one lingers (a zombie)."""
        self._watched.add(process)

        def ended() -> None:
            self.loop.remove_reader(process.sentinel)
            process.join()
            self._watched.discard(process)

        self.loop.add_reader(process.sentinel, ended)

    async def wait_warm(self) -> None:
        """Wait until every worker has imported Keras and built its first model."""
        self._attach()
        await self._warm.wait()

    async def run(self, task: dict, key: str | None = None) -> dict:
        """Run one task in a worker (the one that has model ``key``, if it is free); raise the error a client
        should see when that fails."""
        if self.pending >= self.settings.max_queue + self.settings.workers:
            waiting = sum(not waiter.future.done() for waiter in self._waiting)
            raise messages.refusal(Busy, "work.busy", workers=self.settings.workers, waiting=waiting)
        self._attach()
        self.pending += 1
        try:
            worker = await self._free_worker(key)
            done = self._workers[worker].submit(task)
            # the worker is free again when its task ends (a replacement: once it is warm), whether or not anyone
            # still waits for the answer
            done.add_done_callback(lambda _: self._workers[worker].when_warm(partial(self._release, worker)))
            # shield: a client that goes away must not cancel the task, which would kill its worker
            result = await asyncio.shield(done)
        finally:
            self.pending -= 1
        return answer(result)

    async def _free_worker(self, key: str | None) -> int:
        """A worker with nothing to do (one that has the model, if one of them has), or wait in line for one."""
        if self._idle and not self._waiting:
            homes = self._homes.get(key, ()) if key is not None else ()
            worker = next((w for w in self._idle if w in homes), self._idle[0])
            self._idle.remove(worker)
        else:
            waiter = Waiter(asyncio.get_running_loop().create_future(), key)
            self._waiting.append(waiter)
            try:
                worker = await waiter.future
            except asyncio.CancelledError:
                if waiter.future.done() and not waiter.future.cancelled():
                    self._release(waiter.future.result())  # handed a worker, but gone before it could use it
                raise
        if key is not None:
            self._homes.setdefault(key, set()).add(worker)
            self._homes.move_to_end(key)
            while len(self._homes) > HOMES:
                self._homes.popitem(last=False)
        return worker

    def _release(self, worker: int) -> None:
        """A worker is free: to the first in line whose model it has (or that no worker has yet), among the first
        ``LOOK_AHEAD`` still waiting, else to the first in line; back to the idle ones when nobody waits. Each waiter
        is passed over at most ``PASSES`` times: the workers that have its model are busy, and will soon be free."""
        while self._waiting and self._waiting[0].future.done():
            self._waiting.popleft()
        if not self._waiting:
            self._idle.append(worker)
            return
        chosen = 0
        if self._waiting[0].passed < PASSES:
            for k, waiter in enumerate(itertools.islice(self._waiting, LOOK_AHEAD)):
                homes = self._homes.get(waiter.key) if waiter.key is not None else None
                if not waiter.future.done() and (not homes or worker in homes):
                    chosen = k
                    break
            for waiter in itertools.islice(self._waiting, chosen):
                waiter.passed += 1
        waiter = self._waiting[chosen]
        del self._waiting[chosen]
        waiter.future.set_result(worker)

    def close(self) -> None:
        """Stop every worker (in the loop's thread, or before the loop has read them)."""
        self.closed = True
        for worker in self._workers:
            worker.stop()
        for process in self._watched:
            self.loop.remove_reader(process.sentinel)
        for process in {worker.process for worker in self._workers} | self._watched:
            process.join(timeout=10)
            if process.is_alive():
                process.kill()
                process.join()


HOMES = 8192
"""Models whose workers the pool remembers (oldest forgotten first)."""
LOOK_AHEAD = 8
"""How far down the line a free worker looks for a task whose model it has."""
PASSES = 2
"""How many times a waiting task may be passed over for one whose model the free worker has. A model built again
elsewhere costs that worker what building it did (10-30 ms of CPU for a lesson step's, an LSTM's eager call more), while
a wait of one more task costs no CPU. With 1, 581 of 3,380 tasks (120 students, 2 workers) were passed over once and
then sent to the worker without their model."""


class Waiter:
    """A task waiting in line for a worker: its future (the worker it is given), its model's key."""

    __slots__ = ("future", "key", "passed")

    def __init__(self, future: "asyncio.Future[int]", key: str | None):
        self.future = future
        self.key = key
        self.passed = 0


def answer(result: dict) -> dict:
    """A worker's result, or, when Keras refused the model, the error a client should see."""
    if "error" in result:
        raise messages.invalid("work.keras_refused", error=result["error"])
    return result


def staggered(max_tasks: int, k: int) -> int:
    """Worker k's task limit: 0 (never), or a little more than the one before it, so that workers given
    the same share of the work are still not replaced at the same moment."""
    return max_tasks + max_tasks * 37 * k // 100


_early: WorkerPool | None = None


def start_early(settings: Settings) -> None:
    """Start the workers before the web application is even imported, so both warm up at once (``python -m app``)."""
    global _early
    _early = WorkerPool(settings)
    _early.start()


def pool_for(settings: Settings) -> WorkerPool:
    """The pool started early, if any, else a new one."""
    global _early
    pool, _early = _early or WorkerPool(settings), None
    return pool
