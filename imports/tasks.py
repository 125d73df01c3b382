"""A large import is saved by a worker, so the page can show its progress instead of waiting."""

from celery import shared_task

from imports import services


@shared_task(acks_late=True, reject_on_worker_lost=True)
def run_import(run_id):
    return services.import_run(run_id=run_id)
