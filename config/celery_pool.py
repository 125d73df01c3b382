"""The prefork pool of Interlock's workers: Celery's own, except that a killed pool process does not stop the node.

Celery stops a worker node for good ("Unrecoverable error: WorkerLostError('Could not start worker processes')")
when one of its pool processes has exited by the time the node is ready. That guards against a process that
cannot start at all (an import error: it exits with an error code, and would be restarted forever). A process
killed by a signal in those first seconds (the out-of-memory killer, an operator's kill -9, a node restarted
while busy) is no such thing: like any pool process that dies later, it is replaced, and the node stays up.
"""

from celery.concurrency import asynpool, prefork


class AsynPool(asynpool.AsynPool):
    def did_start_ok(self):
        # billiard: `not self._join_exited_workers()`, the exit codes of the processes that ended.
        # A negative code is the signal that killed it; the pool's regular upkeep starts a new one.
        return all(code is not None and code < 0 for code in self._join_exited_workers())


class TaskPool(prefork.TaskPool):
    Pool = AsynPool
