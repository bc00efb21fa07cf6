"""Fleet scans: many repositories through an executor people already run, one JSON line each.

`sources.py` turns the command line and lists of sources into normalised `Source`s (and
picks a shard); `clone.py` is the trusted step that fetches clone URLs into a cache folder;
`worker.py` scans one source and gives its result line (the same function in a process pool
and on Dask); `results.py` reads, repairs and appends the results file that makes a run
resumable; `executors.py` wraps `concurrent.futures` and Dask distributed behind one small
interface; `driver.py` feeds the sources through one of them with timeouts and retries;
`summary.py` joins result files into the fleet report that `formats/` renders.
"""
