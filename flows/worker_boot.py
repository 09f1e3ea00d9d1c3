"""Imported once by the extraction pool's forkserver: the transforms are loaded and warmed before any worker forks."""
from flows.workers import warm_up

warm_up()
