"""Prints every file opened, read, written, created or renamed into one folder, as seen by inotify(7).

Usage: watch_folder.py FOLDER. Prints "ready" once the watch is in place, then one line per event on a file
of the folder ("OPEN f0001", "CREATE,OPEN .f0001.manifest.json.tmp", ...), whoever made it and by whatever path
(a symlink to the folder included: inotify watches the inode). Events on the folder itself (a listing) are
not printed. Stops when its standard input closes, after printing the events still queued.
"""
import ctypes
import os
import select
import struct
import sys

MASKS = {
    0x00000001: "ACCESS",
    0x00000002: "MODIFY",
    0x00000008: "CLOSE_WRITE",
    0x00000020: "OPEN",
    0x00000080: "MOVED_TO",
    0x00000100: "CREATE",
}
EVENT = struct.Struct("iIII")


def main():
    libc = ctypes.CDLL("libc.so.6", use_errno=True)
    fd = libc.inotify_init1(os.O_NONBLOCK | os.O_CLOEXEC)
    if fd < 0:
        sys.exit("inotify_init1: " + os.strerror(ctypes.get_errno()))
    mask = 0
    for bit in MASKS:
        mask |= bit
    if libc.inotify_add_watch(fd, os.fsencode(sys.argv[1]), mask) < 0:
        sys.exit("inotify_add_watch: " + os.strerror(ctypes.get_errno()))
    print("ready", flush=True)
    stdin = sys.stdin.fileno()
    while True:
        ready, _, _ = select.select([fd, stdin], [], [])
        drain(fd)
        if stdin in ready and not os.read(stdin, 4096):
            drain(fd)
            return


def drain(fd):
    while True:
        try:
            data = os.read(fd, 65536)
        except BlockingIOError:
            return
        offset = 0
        while offset < len(data):
            _, mask, _, length = EVENT.unpack_from(data, offset)
            name = data[offset + EVENT.size:offset + EVENT.size + length].rstrip(b"\0")
            offset += EVENT.size + length
            if name:
                kinds = [label for bit, label in MASKS.items() if mask & bit]
                print(",".join(kinds), os.fsdecode(name), flush=True)


if __name__ == "__main__":
    main()
