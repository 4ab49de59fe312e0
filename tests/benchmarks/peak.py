"""Peak memory of the running process, for the benchmark children."""

from __future__ import annotations

import resource


def peak_mib(pid: int | str = "self") -> float:
    """A process's peak resident memory (this one's by default). ``ru_maxrss``
    would do, but Linux keeps it across ``exec``: a child of a big parent
    reports the parent's peak. VmHWM belongs to the process's own memory map."""
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
